/* Correct but slow: checks every k up to n, hopeless for n = 10^18. */
#include <stdio.h>

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        long long n, c = 0;
        if (scanf("%lld", &n) != 1) return 1;
        for (long long k = 1; k <= n; k++)
            if (k % 3 == 0 || k % 5 == 0) c++;
        printf("%lld\n", c);
    }
    return 0;
}
