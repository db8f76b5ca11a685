static int cmpIv(const void* x, const void* y) {
    const int* a = *(const int* const*)x;
    const int* b = *(const int* const*)y;
    if (a[0] != b[0])
        return (a[0] > b[0]) - (a[0] < b[0]);
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/**
 * Return an array of arrays of size *returnSize.
 * The sizes of the arrays are returned as *returnColumnSizes array.
 * Note: Both returned array and *columnSizes array must be malloced, assume caller calls free().
 */
int** merge(int** intervals, int intervalsSize, int* intervalsColSize, int* returnSize, int** returnColumnSizes) {
    (void)intervalsColSize;
    qsort(intervals, (size_t)intervalsSize, sizeof(int*), cmpIv);
    int** out = malloc((size_t)intervalsSize * sizeof(int*));
    *returnColumnSizes = malloc((size_t)intervalsSize * sizeof(int));
    int k = 0;
    for (int i = 0; i < intervalsSize; i++) {
        if (k > 0 && intervals[i][0] <= out[k - 1][1]) {
            if (intervals[i][1] > out[k - 1][1])
                out[k - 1][1] = intervals[i][1];
            continue;
        }
        out[k] = malloc(2 * sizeof(int));
        out[k][0] = intervals[i][0];
        out[k][1] = intervals[i][1];
        (*returnColumnSizes)[k++] = 2;
    }
    *returnSize = k;
    return out;
}
