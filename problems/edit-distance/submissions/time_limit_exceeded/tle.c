/* Correct but exponential: plain recursion without memoisation. */
#include <stdio.h>
#include <string.h>

static char a[2005], b[2005];

static int dist(const char *x, const char *y) {
    if (!*x) return (int)strlen(y);
    if (!*y) return (int)strlen(x);
    if (*x == *y) return dist(x + 1, y + 1);
    int r = dist(x + 1, y + 1), d = dist(x + 1, y), i = dist(x, y + 1);
    int best = r < d ? r : d;
    return 1 + (best < i ? best : i);
}

int main(void) {
    if (scanf("%2004s %2004s", a, b) != 2) return 1;
    printf("%d\n", dist(a, b));
    return 0;
}
