#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

A function problem: countPairs(nums: int[], target: long) -> long. Inputs are
built here, one JSON line per argument; expected outputs come from solve().
Run: python3 gen.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__/ among the problem directories
sys.path.insert(0, os.path.dirname(HERE))
import genlib  # noqa: E402  (problems/genlib.py)


def solve(nums, target):
    seen = {}
    pairs = 0
    for x in nums:
        pairs += seen.get(target - x, 0)
        seen[x] = seen.get(x, 0) + 1
    return pairs


def write(kind, cases):
    genlib.write_function(HERE, kind, cases, solve)


def case(t, a):
    return [a, t]


def main():
    rng = random.Random(1005)
    B = 10**9
    samples = [case(6, [1, 5, 3, 3, 7])]
    tests = [
        case(2, [1]),                                 # n = 1: no pair
        case(2, [1, 1]),
        case(0, [0, 0, 0, 0]),                        # 6 pairs of equal values
        case(-3, [-1, -2, 5, -8, 5, 2]),
        case(10, [1, 2, 3, 4]),                       # none
        case(2 * B, [B, B, B, -B]),                   # t - a beyond 32 bits
        case(-2 * B, [-B, -B, B, 0, -B]),
        case(0, [rng.randint(-50, 50) for _ in range(2000)]),
        case(rng.randint(-B, B), [rng.randint(-B, B) for _ in range(1000)]),
        case(7, [rng.randint(-1000, 1000) for _ in range(150000)]),
        case(10, [5] * 200000),                       # 19999900000 pairs
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
