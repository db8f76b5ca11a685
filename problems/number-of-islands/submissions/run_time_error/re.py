# Crashes: a recursive flood fill. Python's default recursion limit (1000) is
# exceeded on the first large island: RecursionError, non-zero exit status.
import sys


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    g = [list(row) for row in data[2:2 + n]]

    def fill(i, j):
        if i < 0 or i >= n or j < 0 or j >= m or g[i][j] != '#':
            return
        g[i][j] = '.'
        fill(i - 1, j)
        fill(i + 1, j)
        fill(i, j - 1)
        fill(i, j + 1)

    islands = 0
    for i in range(n):
        for j in range(m):
            if g[i][j] == '#':
                islands += 1
                fill(i, j)
    print(islands)


main()
