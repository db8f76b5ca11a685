#include <stdio.h>

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n;
        if (scanf("%lld", &n) != 1) return 1;
        /* inclusion-exclusion: multiples of 3, plus of 5, minus of 15 */
        printf("%lld\n", n / 3 + n / 5 - n / 15);
    }
    return 0;
}
