/* Crashes: marks covered points in a difference array sized for coordinates up
 * to 10^6 (doubled, so that [1,2] and [3,4] stay apart). Coordinates reach 10^9,
 * and the write lands gigabytes past the array: SIGSEGV. */
#include <stdio.h>

#define MAXC 1000000
static int diff[2 * MAXC + 3];

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    int hi = 0;
    for (int i = 0; i < n; i++) {
        int l, r;
        if (scanf("%d %d", &l, &r) != 2) return 1;
        diff[2 * l]++;
        diff[2 * r + 1]--;
        if (2 * r + 1 > hi) hi = 2 * r + 1;
    }
    int k = 0, cover = 0;
    static int outl[MAXC + 1], outr[MAXC + 1];
    for (int x = 0; x <= hi; x++) {
        int before = cover;
        cover += diff[x];
        if (before == 0 && cover > 0) outl[k] = x / 2;
        if (before > 0 && cover == 0) outr[k++] = (x - 1) / 2;
    }
    printf("%d\n", k);
    for (int i = 0; i < k; i++) printf("%d %d\n", outl[i], outr[i]);
    return 0;
}
