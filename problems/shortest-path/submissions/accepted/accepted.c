/* Dijkstra with a binary heap of (distance, vertex), lazy deletion. */
#include <stdio.h>
#include <stdlib.h>

typedef struct { long long d; int v; } Item;

static Item *heap;
static int hn;

static void push(long long d, int v) {
    int i = hn++;
    heap[i].d = d;
    heap[i].v = v;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (heap[p].d <= heap[i].d) break;
        Item t = heap[p]; heap[p] = heap[i]; heap[i] = t;
        i = p;
    }
}

static Item pop(void) {
    Item top = heap[0];
    heap[0] = heap[--hn];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, s = i;
        if (l < hn && heap[l].d < heap[s].d) s = l;
        if (r < hn && heap[r].d < heap[s].d) s = r;
        if (s == i) break;
        Item t = heap[s]; heap[s] = heap[i]; heap[i] = t;
        i = s;
    }
    return top;
}

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    int *head = malloc(sizeof *head * (size_t)(n + 1));
    int *next = malloc(sizeof *next * (size_t)(2 * m + 1));
    int *to = malloc(sizeof *to * (size_t)(2 * m + 1));
    long long *w = malloc(sizeof *w * (size_t)(2 * m + 1));
    long long *dist = malloc(sizeof *dist * (size_t)(n + 1));
    heap = malloc(sizeof *heap * (size_t)(2 * m + 2));
    if (!head || !next || !to || !w || !dist || !heap) return 1;
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
    push(0, 1);
    while (hn > 0) {
        Item it = pop();
        if (it.d != dist[it.v]) continue;
        for (int k = head[it.v]; k != -1; k = next[k]) {
            long long nd = it.d + w[k];
            if (dist[to[k]] == -1 || nd < dist[to[k]]) {
                dist[to[k]] = nd;
                push(nd, to[k]);
            }
        }
    }
    for (int i = 1; i <= n; i++) printf("%lld\n", dist[i]);
    return 0;
}
