/* Kahn's algorithm: repeatedly output a task with no unmet requirement. If
 * fewer than n tasks come out, the rest sit on a cycle. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    int *head = malloc(sizeof(int) * (size_t)(n + 1)), *indeg = calloc((size_t)n + 1, sizeof(int));
    int *next = malloc(sizeof(int) * (size_t)(m + 1)), *to = malloc(sizeof(int) * (size_t)(m + 1));
    int *queue = malloc(sizeof(int) * (size_t)(n + 1));
    if (!head || !indeg || !next || !to || !queue) return 1;
    for (int i = 1; i <= n; i++) head[i] = -1;
    for (int i = 0; i < m; i++) {
        int u, v;
        if (scanf("%d %d", &u, &v) != 2) return 1;
        to[i] = v;
        next[i] = head[u];
        head[u] = i;
        indeg[v]++;
    }
    int qh = 0, qt = 0;
    for (int i = 1; i <= n; i++)
        if (indeg[i] == 0) queue[qt++] = i;
    while (qh < qt) {
        int u = queue[qh++];
        for (int e = head[u]; e != -1; e = next[e])
            if (--indeg[to[e]] == 0) queue[qt++] = to[e];
    }
    if (qt < n) {
        puts("-1");
        return 0;
    }
    for (int i = 0; i < n; i++) printf("%d%c", queue[i], i + 1 < n ? ' ' : '\n');
    return 0;
}
