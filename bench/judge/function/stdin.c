#include <stdio.h>
int main(void)
{
    long long n, x, s = 0;
    if (scanf("%lld", &n) != 1)
        return 1;
    for (long long i = 0; i < n && scanf("%lld", &x) == 1; i++)
        s += x;
    printf("%lld\n", s);
    return 0;
}
