# Correct but O(n q) in Python.
import sys

data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
p = 2 + n
out = []
for _ in range(q):
    l, r = int(data[p]), int(data[p + 1])
    p += 2
    out.append(sum(1 for x in a if l <= x <= r))
print('\n'.join(map(str, out)))
