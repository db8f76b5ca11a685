/* Wrong: the first row starts at 0 instead of j, as if any prefix of b could be
 * produced for free (forgets the insertions needed before a starts). */
#include <stdio.h>
#include <string.h>

static char a[2005], b[2005];
static int prev[2005], cur[2005];

int main(void) {
    if (scanf("%2004s %2004s", a, b) != 2) return 1;
    int n = (int)strlen(a), m = (int)strlen(b);
    for (int j = 0; j <= m; j++) prev[j] = 0;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++) {
            int best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
    }
    printf("%d\n", prev[m]);
    return 0;
}
