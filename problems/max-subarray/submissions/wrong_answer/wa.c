/* Wrong: starts the best at 0, i.e. allows the empty subarray, so an
 * all-negative array answers 0. */
#include <stdio.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        if (scanf("%lld", &x) != 1) return 1;
        cur += x;
        if (cur < 0) cur = 0;
        if (cur > best) best = cur;
    }
    printf("%lld\n", best);
    return 0;
}
