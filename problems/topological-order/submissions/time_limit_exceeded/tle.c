/* Correct but O(n^2): each round rescans all tasks for one whose requirements
 * are all met. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    int *head = malloc(sizeof(int) * (size_t)(n + 1)), *indeg = calloc((size_t)n + 1, sizeof(int));
    int *next = malloc(sizeof(int) * (size_t)(m + 1)), *to = malloc(sizeof(int) * (size_t)(m + 1));
    int *order = malloc(sizeof(int) * (size_t)(n + 1));
    char *done = calloc((size_t)n + 1, 1);
    if (!head || !indeg || !next || !to || !order || !done) return 1;
    for (int i = 1; i <= n; i++) head[i] = -1;
    for (int i = 0; i < m; i++) {
        int u, v;
        if (scanf("%d %d", &u, &v) != 2) return 1;
        to[i] = v;
        next[i] = head[u];
        head[u] = i;
        indeg[v]++;
    }
    int k = 0;
    for (;;) {
        int u = 0;
        for (int i = 1; i <= n; i++)
            if (!done[i] && indeg[i] == 0) { u = i; break; }
        if (!u) break;
        done[u] = 1;
        order[k++] = u;
        for (int e = head[u]; e != -1; e = next[e]) indeg[to[e]]--;
    }
    if (k < n) {
        puts("-1");
        return 0;
    }
    for (int i = 0; i < n; i++) printf("%d%c", order[i], i + 1 < n ? ' ' : '\n');
    return 0;
}
