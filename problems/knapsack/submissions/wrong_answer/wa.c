/* Wrong: capacities go upwards, so dp[c - w] may already include the same item:
 * this solves the unbounded knapsack (items reusable). */
#include <stdio.h>

static long long dp[100001];

int main(void) {
    int n, W;
    if (scanf("%d %d", &n, &W) != 2) return 1;
    for (int i = 0; i < n; i++) {
        int w;
        long long v;
        if (scanf("%d %lld", &w, &v) != 2) return 1;
        for (int c = w; c <= W; c++)
            if (dp[c - w] + v > dp[c]) dp[c] = dp[c - w] + v;
    }
    printf("%lld\n", dp[W]);
    return 0;
}
