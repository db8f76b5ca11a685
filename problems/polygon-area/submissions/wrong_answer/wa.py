# Wrong: integer division drops the half: 0.5 becomes 0.
import sys

data = sys.stdin.read().split()
n = int(data[0])
p = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
twice = sum(p[i][0] * p[(i + 1) % n][1] - p[(i + 1) % n][0] * p[i][1] for i in range(n))
print(abs(twice) // 2)
