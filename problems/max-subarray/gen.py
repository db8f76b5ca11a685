#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

A function problem: maxSubArray(nums: int[]) -> long. Inputs are built here,
one JSON line per argument; expected outputs come from solve() below.
Run: python3 gen.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__/ among the problem directories
sys.path.insert(0, os.path.dirname(HERE))
import genlib  # noqa: E402  (problems/genlib.py)


def solve(nums):
    best = cur = nums[0]
    for x in nums[1:]:
        cur = x if cur < 0 else cur + x
        best = max(best, cur)
    return best


def write(kind, cases):
    genlib.write_function(HERE, kind, cases, solve)


def case(a):
    return [a]


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
