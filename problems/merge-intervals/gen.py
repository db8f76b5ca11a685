#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

A function problem: merge(intervals: int[][]) -> int[][], the merged intervals
in any order ("checker": "unordered"). Inputs are built here, one JSON line per
argument; expected outputs come from solve().
Run: python3 gen.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__/ among the problem directories
sys.path.insert(0, os.path.dirname(HERE))
import genlib  # noqa: E402  (problems/genlib.py)


def solve(intervals):
    iv = sorted(intervals)
    out = [list(iv[0])]
    for l, r in iv[1:]:
        if l <= out[-1][1]:
            out[-1][1] = max(out[-1][1], r)
        else:
            out.append([l, r])
    return out


def write(kind, cases):
    genlib.write_function(HERE, kind, cases, solve)


def case(iv):
    return [[list(p) for p in iv]]


def rand_iv(rng, hi, maxlen):
    l = rng.randint(0, hi)
    return (l, min(hi, l + rng.randint(0, maxlen)))


def main():
    rng = random.Random(1008)
    B = 10**9
    samples = [case([(8, 10), (1, 3), (2, 6), (15, 18), (6, 7)])]
    tests = [
        case([(5, 5)]),                                  # n = 1, a point
        case([(1, 3), (3, 5)]),                          # touching: merge
        case([(1, 2), (3, 4)]),                          # adjacent integers: apart
        case([(1, 10), (2, 3), (4, 5)]),                 # contained intervals
        case([(4, 6), (4, 6), (4, 6)]),                  # duplicates
        case([(7, 7), (7, 7), (6, 6), (8, 8)]),
        case([(rng.randint(0, 50),) * 2 for _ in range(100)]),
        case([rand_iv(rng, 1000, 20) for _ in range(500)]),
        case([(0, B), (5, 5), (B, B)]),                  # the full range
        case([rand_iv(rng, B, 10**7) for _ in range(1000)]),
        case([(2 * i, 2 * i + 1) for i in range(30000)][::-1]),    # no merges
        case([rand_iv(rng, 10**6, 30) for _ in range(100000)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
