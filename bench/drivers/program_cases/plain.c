#include <stdio.h>

int main(void)
{
    int n, x;
    long long s = 0;
    if (scanf("%d", &n) != 1)
        return 1;
    for (int i = 0; i < n && scanf("%d", &x) == 1; i++)
        s += x;
    printf("%lld\n", s);
    return 0;
}
