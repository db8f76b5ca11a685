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


import math


def case(pts):
    return '%d\n%s\n' % (len(pts), '\n'.join('%d %d' % p for p in pts))


def star(rng, n, rmax):
    """A star-shaped (hence simple) polygon around the origin, counter-clockwise."""
    pts = set()
    while len(pts) < n:
        a = rng.random() * 2 * math.pi
        r = rng.uniform(rmax * 0.2, rmax)
        pts.add((round(r * math.cos(a)), round(r * math.sin(a))))
    pts.discard((0, 0))
    return sorted(pts, key=lambda p: (math.atan2(p[1], p[0]), p[0] * p[0] + p[1] * p[1]))


def main():
    rng = random.Random(1015)
    M = 10**6
    samples = [case([(0, 0), (4, 0), (4, 3), (1, 3)])]
    tests = [
        case([(0, 0), (1, 0), (0, 1)]),                    # 0.5
        case([(0, 0), (0, 1), (1, 0)]),                    # clockwise: still 0.5
        case([(0, 0), (0, 3), (4, 3), (4, 0)]),            # clockwise rectangle
        case([(-M, -M), (M, -M), (M, M), (-M, M)]),        # 4e12: 64-bit
        case([(M, M), (M, -M), (-M, -M), (-M, M)]),        # same, clockwise
        case([(0, 0), (10, 0), (10, 10), (5, 1), (0, 10)]),  # concave
        case([(-3, -3), (-1, -3), (-1, -1), (-3, -1)]),    # all negative
        case([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 1)][:5]),
        case(star(rng, 50, 100)),
        case(star(rng, 1000, M)[::-1]),                    # clockwise
        case(star(rng, 100000, M)),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
