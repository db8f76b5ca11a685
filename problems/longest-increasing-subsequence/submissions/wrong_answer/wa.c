/* Wrong: uses the upper bound, which computes the longest NON-DECREASING
 * subsequence; equal values get counted. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    int *tail = malloc(sizeof *tail * (size_t)n);
    if (!tail) return 1;
    int len = 0;
    for (int i = 0; i < n; i++) {
        int x;
        if (scanf("%d", &x) != 1) return 1;
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (tail[mid] <= x) lo = mid + 1; else hi = mid;
        }
        tail[lo] = x;
        if (lo == len) len++;
    }
    printf("%d\n", len);
    free(tail);
    return 0;
}
