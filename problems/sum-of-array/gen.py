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
    rng = random.Random(1002)
    B = 10**9
    samples = [case([1, 2, 3, 4, -5])]
    tests = [
        case([0]),
        case([-7]),
        case([B]),
        case([B, B, B]),                                  # 3e9: past 32 bits
        case([-B, -B, -B]),
        case([B, -B] * 500),                              # sums to 0
        case([rng.randint(-B, B) for _ in range(1000)]),
        case([-B] * 3000),                                # -3e12
        case([rng.randint(-100, 100) for _ in range(200000)]),
        case([B] * 50000),                                # 5e13
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
