/* Wrong: forgets the absolute value, so a clockwise polygon has a negative
 * area. */
#include <stdio.h>

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
    printf("%.1f\n", twice / 2.0);
    return 0;
}
