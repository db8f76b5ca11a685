/* Wrong: also joins cells that touch only at a corner (8 directions). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    char *g = malloc((size_t)n * (size_t)m);
    int *stack = malloc(sizeof *stack * (size_t)n * (size_t)m);
    char *row = malloc((size_t)m + 2);
    if (!g || !stack || !row) return 1;
    char fmt[32];
    snprintf(fmt, sizeof fmt, "%%%ds", m);
    for (int i = 0; i < n; i++) {
        if (scanf(fmt, row) != 1) return 1;
        for (int j = 0; j < m; j++) g[i * m + j] = row[j] == '#';
    }
    int islands = 0;
    for (int s = 0; s < n * m; s++) {
        if (!g[s]) continue;
        islands++;
        int top = 0;
        stack[top++] = s;
        g[s] = 0;
        while (top > 0) {
            int c = stack[--top], i = c / m, j = c % m;
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++) {
                    int a = i + di, b = j + dj;
                    if (a < 0 || a >= n || b < 0 || b >= m || !g[a * m + b]) continue;
                    g[a * m + b] = 0;
                    stack[top++] = a * m + b;
                }
        }
    }
    printf("%d\n", islands);
    return 0;
}
