/* Correct but O(n^2): every start, every end. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long *a = malloc(sizeof *a * (size_t)n);
    if (!a) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld", &a[i]) != 1) return 1;
    long long best = a[0];
    for (int l = 0; l < n; l++) {
        long long s = 0;
        for (int r = l; r < n; r++) {
            s += a[r];
            if (s > best) best = s;
        }
    }
    printf("%lld\n", best);
    free(a);
    return 0;
}
