import sys
from bisect import bisect_left, bisect_right


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    a = sorted(map(int, data[2:2 + n]))
    vals = list(map(int, data[2 + n:2 + n + 2 * q]))
    out = [bisect_right(a, vals[i + 1]) - bisect_left(a, vals[i]) for i in range(0, 2 * q, 2)]
    sys.stdout.write('\n'.join(map(str, out)) + '\n')


main()
