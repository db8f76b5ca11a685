/* Wrong: off by one at the left end. It counts elements > l instead of >= l
 * (upper bound where the lower bound is needed), missing values equal to l. */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *x, const void *y) {
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

static int upper(const int *a, int n, long long v) { /* elements <= v */
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] <= v) lo = mid + 1; else hi = mid;
    }
    return lo;
}

int main(void) {
    int n, q;
    if (scanf("%d %d", &n, &q) != 2) return 1;
    int *a = malloc(sizeof *a * (size_t)n);
    if (!a) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    qsort(a, (size_t)n, sizeof *a, cmp);
    while (q--) {
        long long l, r;
        if (scanf("%lld %lld", &l, &r) != 2) return 1;
        printf("%d\n", upper(a, n, r) - upper(a, n, l));
    }
    free(a);
    return 0;
}
