/* Shoelace formula in 64-bit integers: twice the area is exact. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long x0, y0, px, py, twice = 0;
    if (scanf("%lld %lld", &x0, &y0) != 2) return 1;
    px = x0;
    py = y0;
    for (int i = 1; i < n; i++) {
        long long x, y;
        if (scanf("%lld %lld", &x, &y) != 2) return 1;
        twice += px * y - x * py;
        px = x;
        py = y;
    }
    twice += px * y0 - x0 * py;
    if (twice < 0) twice = -twice;
    printf("%lld.%d\n", twice / 2, twice % 2 ? 5 : 0);
    return 0;
}
