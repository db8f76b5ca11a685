/* Wrong: the pair counter is 32 bits and wraps when there are more than
 * 2^32 pairs (all values equal). The algorithm itself is the fast one. */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *x, const void *y) {
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

int main(void) {
    int n;
    long long t;
    if (scanf("%d %lld", &n, &t) != 2) return 1;
    long long *a = malloc(sizeof *a * (size_t)n);
    if (!a) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld", &a[i]) != 1) return 1;
    qsort(a, (size_t)n, sizeof *a, cmp);
    unsigned int pairs = 0;
    int i = 0, j = n - 1;
    while (i < j) {
        long long s = a[i] + a[j];
        if (s < t) {
            i++;
        } else if (s > t) {
            j--;
        } else if (a[i] == a[j]) {
            unsigned int k = (unsigned int)(j - i + 1);
            pairs += k * (k - 1) / 2;
            break;
        } else {
            unsigned int ci = 1, cj = 1;
            while (i + 1 < j && a[i + 1] == a[i]) { i++; ci++; }
            while (j - 1 > i && a[j - 1] == a[j]) { j--; cj++; }
            pairs += ci * cj;
            i++;
            j--;
        }
    }
    printf("%u\n", pairs);
    free(a);
    return 0;
}
