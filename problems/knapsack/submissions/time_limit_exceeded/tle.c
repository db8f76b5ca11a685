/* Correct but exponential: tries every subset (with weight pruning). */
#include <stdio.h>

static int n, W, w[100];
static long long v[100], best;

static void go(int i, long long weight, long long value) {
    if (value > best) best = value;
    if (i == n) return;
    if (weight + w[i] <= W) go(i + 1, weight + w[i], value + v[i]);
    go(i + 1, weight, value);
}

int main(void) {
    if (scanf("%d %d", &n, &W) != 2) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d %lld", &w[i], &v[i]) != 2) return 1;
    go(0, 0, 0);
    printf("%lld\n", best);
    return 0;
}
