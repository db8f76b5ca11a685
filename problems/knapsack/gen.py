#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

Inputs are built here; expected outputs come from submissions/accepted/accepted.py.
Run: python3 gen.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__/ among the problem directories
sys.path.insert(0, os.path.dirname(HERE))
import genlib  # noqa: E402  (problems/genlib.py)


def write(kind, cases):
    genlib.write(HERE, kind, cases)


def case(W, items):
    return '%d %d\n%s\n' % (len(items), W, '\n'.join('%d %d' % it for it in items))


def main():
    rng = random.Random(1012)
    B = 10**9
    samples = [case(7, [(1, 1), (3, 4), (4, 5), (5, 7)])]
    tests = [
        case(1, [(1, 5)]),                         # n = 1, fits
        case(1, [(2, 5)]),                         # n = 1, does not fit: 0
        case(10, [(4, 10), (7, 11)]),              # 11; taking (4, 10) twice is wrong
        case(5, [(5, 10), (1, 3), (1, 3), (1, 3), (1, 3), (1, 3)]),
        case(100000, [(100000, B)] * 3),
        case(10, [(2, 3)] * 20),
        case(50, [(rng.randint(1, 30), rng.randint(1, 100)) for _ in range(18)]),
        case(1000, [(rng.randint(1, 300), rng.randint(1, B)) for _ in range(20)]),
        case(100000, [(rng.randint(1, 100000), rng.randint(1, B)) for _ in range(100)]),
        case(100000, [(rng.randint(900, 1100), B - rng.randint(0, 1000))
                      for _ in range(100)]),       # ~90 items fit: 9e10
        case(100000, [(rng.randint(1, 2000), rng.randint(1, 10**6)) for _ in range(100)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
