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


def main():
    rng = random.Random(1001)
    L = 2 * 10**9
    samples = ['3 4\n']
    tests = [
        '0 0\n',
        '-5 3\n',
        '-7 -8\n',
        '2147483647 1\n',             # 32-bit overflow upward
        '-2147483648 -1\n',           # 32-bit overflow downward
        '%d %d\n' % (L, L),           # largest sum
        '%d %d\n' % (-L, -L),         # smallest sum
        '%d %d\n' % (L, -L),
    ]
    for _ in range(4):
        tests.append('%d %d\n' % (rng.randint(-L, L), rng.randint(-L, L)))
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
