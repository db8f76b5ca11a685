/* Crashes: marks covered points in a difference array sized for coordinates up
 * to 10^6 (doubled, so that [1,2] and [3,4] stay apart). Coordinates reach 10^9,
 * and the write lands gigabytes past the array: SIGSEGV. */
#define MAXC 1000000
static int diff[2 * MAXC + 3];

int** merge(int** intervals, int intervalsSize, int* intervalsColSize, int* returnSize, int** returnColumnSizes) {
    (void)intervalsColSize;
    int hi = 0;
    for (int i = 0; i < intervalsSize; i++) {
        diff[2 * intervals[i][0]]++;
        diff[2 * intervals[i][1] + 1]--;
        if (2 * intervals[i][1] + 1 > hi)
            hi = 2 * intervals[i][1] + 1;
    }
    int** out = malloc((size_t)intervalsSize * sizeof(int*));
    *returnColumnSizes = malloc((size_t)intervalsSize * sizeof(int));
    int k = 0, cover = 0;
    for (int x = 0; x <= hi; x++) {
        int before = cover;
        cover += diff[x];
        if (before == 0 && cover > 0) {
            out[k] = malloc(2 * sizeof(int));
            out[k][0] = x / 2;
        }
        if (before > 0 && cover == 0) {
            out[k][1] = (x - 1) / 2;
            (*returnColumnSizes)[k++] = 2;
        }
    }
    *returnSize = k;
    return out;
}
