/* Wrong: 32-bit int overflows when |a + b| > 2^31 - 1. */
#include <stdio.h>

int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    int sum = (int)(a + b);
    printf("%d\n", sum);
    return 0;
}
