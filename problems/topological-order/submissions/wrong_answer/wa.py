# Wrong: assumes tasks may simply be done in numeric order.
n, m = map(int, input().split())
print(' '.join(str(i) for i in range(1, n + 1)))
