/* Sort once; each query is two binary searches: O((n + q) log n). */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *x, const void *y) {
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* number of elements < v */
static int lower(const int *a, int n, long long v) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < v) lo = mid + 1; else hi = mid;
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
        printf("%d\n", lower(a, n, r + 1) - lower(a, n, l));
    }
    free(a);
    return 0;
}
