/* Correct but O(n^2): the textbook Dijkstra that scans every vertex to find the
 * closest unfinished one. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    int *head = malloc(sizeof *head * (size_t)(n + 1));
    int *next = malloc(sizeof *next * (size_t)(2 * m + 1));
    int *to = malloc(sizeof *to * (size_t)(2 * m + 1));
    long long *w = malloc(sizeof *w * (size_t)(2 * m + 1));
    long long *dist = malloc(sizeof *dist * (size_t)(n + 1));
    char *done = calloc((size_t)n + 1, 1);
    if (!head || !next || !to || !w || !dist || !done) return 1;
    for (int i = 1; i <= n; i++) { head[i] = -1; dist[i] = -1; }
    int e = 0;
    for (int i = 0; i < m; i++) {
        int u, v;
        long long c;
        if (scanf("%d %d %lld", &u, &v, &c) != 3) return 1;
        to[e] = v; w[e] = c; next[e] = head[u]; head[u] = e++;
        to[e] = u; w[e] = c; next[e] = head[v]; head[v] = e++;
    }
    dist[1] = 0;
    for (;;) {
        int u = -1;
        for (int i = 1; i <= n; i++)
            if (!done[i] && dist[i] != -1 && (u == -1 || dist[i] < dist[u])) u = i;
        if (u == -1) break;
        done[u] = 1;
        for (int k = head[u]; k != -1; k = next[k])
            if (dist[to[k]] == -1 || dist[u] + w[k] < dist[to[k]]) dist[to[k]] = dist[u] + w[k];
    }
    for (int i = 1; i <= n; i++) printf("%lld\n", dist[i]);
    return 0;
}
