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


def case(a, qs):
    lines = ['%d %d' % (len(a), len(qs)), ' '.join(map(str, a))]
    lines += ['%d %d' % q for q in qs]
    return '\n'.join(lines) + '\n'


def rq(rng, lo, hi):
    x, y = rng.randint(lo, hi), rng.randint(lo, hi)
    return (min(x, y), max(x, y))


def main():
    rng = random.Random(1007)
    B = 10**9
    samples = [case([5, 1, 3, 3, 9, 7], [(3, 7), (4, 4), (-10, 0), (1, 9)])]
    tests = [
        case([0], [(0, 0), (1, 1), (-1, -1), (-1, 1)]),             # n = 1
        case([2, 2, 2, 2], [(2, 2), (1, 2), (2, 3), (3, 3), (1, 1)]),  # duplicates
        case([1, 3, 5, 7], [(3, 5), (4, 4), (2, 6), (0, 8), (7, 7), (1, 1)]),
        case([-B, B, 0, -B, B], [(-B, -B), (B, B), (-B, B), (-B + 1, B - 1)]),
        case([rng.randint(-20, 20) for _ in range(300)],
             [rq(rng, -25, 25) for _ in range(300)]),
        case([rng.randint(-B, B) for _ in range(1000)],
             [rq(rng, -B, B) for _ in range(1000)]),
        case([rng.randint(0, 99999) for _ in range(150000)],
             [rq(rng, 0, 99999) for _ in range(80000)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
