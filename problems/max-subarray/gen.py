#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

Inputs are built here; expected outputs come from solutions/accepted.py.
Run: python3 gen.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write(kind, cases):
    d = os.path.join(HERE, kind)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    ref = os.path.join(HERE, 'solutions', 'accepted.py')
    for i, text in enumerate(cases, 1):
        base = os.path.join(d, '%02d' % i)
        with open(base + '.in', 'w', newline='\n') as f:
            f.write(text)
        out = subprocess.run([sys.executable, ref], input=text.encode(),
                             stdout=subprocess.PIPE, check=True).stdout
        with open(base + '.out', 'wb') as f:
            f.write(out)


def case(a):
    return '%d\n%s\n' % (len(a), ' '.join(map(str, a)))


def main():
    rng = random.Random(1006)
    B = 10**9
    samples = [case([-2, 1, -3, 4, -1, 2, 1, -5]), case([-3, -1, -2])]
    tests = [
        case([5]),
        case([-5]),                                       # n = 1, negative
        case([-8, -3, -6, -2, -5, -4]),                   # all negative
        case([0, 0, 0]),
        case([-B] * 10),
        case([3, -1, 3, -10, 4]),
        case([B] * 5000),                                 # 5e12: 64-bit sum
        case([rng.randint(-B, B) for _ in range(2000)]),
        case([rng.randint(-B, -1) for _ in range(1000)]),
        case([rng.randint(-10000, 9000) for _ in range(200000)]),
        case([rng.choice([-1, 1]) * rng.randint(1, 99) for _ in range(200000)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
