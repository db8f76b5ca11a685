/* Correct but O(n q): scans the whole array for every query. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, q;
    if (scanf("%d %d", &n, &q) != 2) return 1;
    int *a = malloc(sizeof *a * (size_t)n);
    if (!a) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    while (q--) {
        int l, r, c = 0;
        if (scanf("%d %d", &l, &r) != 2) return 1;
        for (int i = 0; i < n; i++)
            if (l <= a[i] && a[i] <= r) c++;
        printf("%d\n", c);
    }
    free(a);
    return 0;
}
