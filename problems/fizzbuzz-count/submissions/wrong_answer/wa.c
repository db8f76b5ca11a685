/* Wrong: counts multiples of 15 twice (no inclusion-exclusion). */
#include <stdio.h>

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n;
        if (scanf("%lld", &n) != 1) return 1;
        printf("%lld\n", n / 3 + n / 5);
    }
    return 0;
}
