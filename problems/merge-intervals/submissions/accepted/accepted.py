import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    vals = list(map(int, data[1:1 + 2 * n]))
    iv = sorted(zip(vals[0::2], vals[1::2]))
    out = []
    cl, cr = iv[0]
    for l, r in iv[1:]:
        if l <= cr:
            if r > cr:
                cr = r
        else:
            out.append((cl, cr))
            cl, cr = l, r
    out.append((cl, cr))
    sys.stdout.write('%d\n%s\n' % (len(out), '\n'.join('%d %d' % p for p in out)))


main()
