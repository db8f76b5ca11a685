import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    w = m + 2                      # a water border on every side: no bounds checks
    g = bytearray(w * (n + 2))
    table = bytes.maketrans(b'#.', b'\x01\x00')
    for i in range(n):
        start = (i + 1) * w + 1
        g[start:start + m] = data[2 + i].translate(table)
    islands = 0
    s = g.find(1)
    while s != -1:
        islands += 1
        g[s] = 0
        stack = [s]
        pop, push = stack.pop, stack.append
        while stack:
            c = pop()
            for d in (c - w, c + w, c - 1, c + 1):
                if g[d]:
                    g[d] = 0
                    push(d)
        s = g.find(1, s)
    print(islands)


main()
