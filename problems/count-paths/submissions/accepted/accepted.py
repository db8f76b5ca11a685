import sys

MOD = 10**9 + 7


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    ways = [0] * m
    for i in range(n):
        row = data[2 + i]
        left = 0
        for j in range(m):
            if row[j] == 35:                      # '#'
                left = 0
            elif i == 0 and j == 0:
                left = 1
            else:
                left = (ways[j] + left) % MOD
            ways[j] = left
    print(ways[m - 1])


main()
