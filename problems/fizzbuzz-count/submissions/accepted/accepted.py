import sys

data = sys.stdin.buffer.read().split()
t = int(data[0])
out = []
for tok in data[1:1 + t]:
    n = int(tok)
    out.append(n // 3 + n // 5 - n // 15)
sys.stdout.write('\n'.join(map(str, out)) + '\n')
