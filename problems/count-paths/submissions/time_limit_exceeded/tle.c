/* Correct but exponential: walks every path recursively, no memoisation. */
#include <stdio.h>

#define MOD 1000000007LL

static char g[1000][1005];
static int n, m;

static long long paths(int i, int j) {
    if (i >= n || j >= m || g[i][j] == '#') return 0;
    if (i == n - 1 && j == m - 1) return 1;
    return (paths(i + 1, j) + paths(i, j + 1)) % MOD;
}

int main(void) {
    if (scanf("%d %d", &n, &m) != 2) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%1004s", g[i]) != 1) return 1;
    printf("%lld\n", paths(0, 0));
    return 0;
}
