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


def case(a):
    return '%d\n%s\n' % (len(a), ' '.join(map(str, a)))


def main():
    rng = random.Random(1009)
    B = 10**9
    samples = [case([10, 9, 2, 5, 3, 7, 101, 18])]
    tests = [
        case([42]),                                        # n = 1
        case([7, 7, 7, 7, 7]),                             # all equal: 1
        case([1, 2, 2, 3, 3, 4]),                          # duplicates: 4, not 6
        case([5, 4, 3, 2, 1]),                             # decreasing
        case([1, 2, 3, 4, 5, 6, 7, 8]),
        case([-B, B, -B, B, 0]),
        case([3, 1, 2, 1, 2, 3, 0, 4]),
        case([rng.randint(1, 10) for _ in range(100)]),
        case([rng.randint(-B, B) for _ in range(3000)]),
        case(list(range(1, 50001))),                       # answer 50000
        case([rng.randint(0, 10**5) for _ in range(200000)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
