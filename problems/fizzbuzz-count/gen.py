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


def case(ns):
    return '%d\n%s\n' % (len(ns), '\n'.join(map(str, ns)))


def main():
    rng = random.Random(1004)
    E = 10**18
    samples = [case([1, 10, 15])]
    tests = [
        case([1]),
        case(list(range(1, 101))),                       # every small n
        case([14, 15, 16, 29, 30, 31, 44, 45, 46]),      # around multiples of 15
        case([rng.randint(1, 10**6) for _ in range(1000)]),
        case([3 * 10**9, 2**31 - 1, 2**31, 2**32 + 7]),  # beyond 32 bits
        case([E]),                                       # the largest n
        case([E, E - 1, E - 2, 999999999999999990]),
        case([rng.randint(1, E) for _ in range(30000)]),
        case([rng.randint(1, 100) for _ in range(70000)]),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
