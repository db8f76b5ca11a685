/* Wrong: seeds the start with one path without looking at it, so a blocked
 * start still yields paths. */
#include <stdio.h>

#define MOD 1000000007LL

static char row[1005];
static long long ways[1005];

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    ways[0] = 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%1004s", row) != 1) return 1;
        for (int j = 0; j < m; j++) {
            if (i == 0 && j == 0) continue;
            if (row[j] == '#') ways[j] = 0;
            else if (j > 0) ways[j] = (ways[j] + ways[j - 1]) % MOD;
        }
    }
    printf("%lld\n", ways[m - 1]);
    return 0;
}
