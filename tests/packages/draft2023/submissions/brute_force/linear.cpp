// Tries every number in turn, checking each the slow way: right, but far too
// slow for a large secret (never a wrong answer).
#include <cstdio>

int main()
{
    long long n;
    if (scanf("%lld", &n) != 1)
        return 1;
    for (long long g = 1; g <= n; g++) {
        volatile long long w = 0;
        for (long long k = 0; k < 300000000; k++)
            w += k;
        printf("%lld\n", g);
        fflush(stdout);
        char r[16];
        if (scanf("%15s", r) != 1 || r[0] == 'c')
            return 0;
    }
}
