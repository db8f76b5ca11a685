/* Wrong: merges only strictly overlapping intervals (l < r), so intervals that
 * touch at an end point, like [1, 3] and [3, 5], stay apart. */
#include <stdio.h>
#include <stdlib.h>

typedef struct { long long l, r; } Iv;

static int cmp(const void *x, const void *y) {
    const Iv *a = x, *b = y;
    if (a->l != b->l) return (a->l > b->l) - (a->l < b->l);
    return (a->r > b->r) - (a->r < b->r);
}

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    Iv *v = malloc(sizeof *v * (size_t)n);
    if (!v) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld %lld", &v[i].l, &v[i].r) != 2) return 1;
    qsort(v, (size_t)n, sizeof *v, cmp);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k > 0 && v[i].l < v[k - 1].r) {
            if (v[i].r > v[k - 1].r) v[k - 1].r = v[i].r;
        } else {
            v[k++] = v[i];
        }
    }
    printf("%d\n", k);
    for (int i = 0; i < k; i++) printf("%lld %lld\n", v[i].l, v[i].r);
    free(v);
    return 0;
}
