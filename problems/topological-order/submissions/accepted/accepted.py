import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    indeg = [0] * (n + 1)
    vals = list(map(int, data[2:2 + 2 * m]))
    for i in range(0, 2 * m, 2):
        u, v = vals[i], vals[i + 1]
        adj[u].append(v)
        indeg[v] += 1
    order = [i for i in range(1, n + 1) if indeg[i] == 0]
    for u in order:                     # the list grows while we walk it: a queue
        for v in adj[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                order.append(v)
    if len(order) < n:
        print(-1)
    else:
        print(' '.join(map(str, order)))


main()
