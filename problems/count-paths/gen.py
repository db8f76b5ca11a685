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


def case(rows):
    return '%d %d\n%s\n' % (len(rows), len(rows[0]), '\n'.join(rows))


def rand_grid(rng, n, m, p):
    rows = [''.join('#' if rng.random() < p else '.' for _ in range(m)) for _ in range(n)]
    rows[0] = '.' + rows[0][1:]
    rows[-1] = rows[-1][:-1] + '.'
    return rows


def main():
    rng = random.Random(1014)
    samples = [case(['....', '.#..', '...#']), case(['...', '.#.', '...'])]
    tests = [
        case(['.']),                                  # 1 path
        case(['#']),                                  # start blocked
        case(['#.', '..']),                           # start blocked, n > 1
        case(['.' * 7]),                              # one row
        case(['.'] * 9),                              # one column
        case(['.#', '#.']),                           # walled off
        case(['.' * 5] * 5),                          # C(8,4) = 70
        case(['.' * 20] * 20),                        # C(38,19) > 2^32
        case(['.' * 40] * 40),                        # beyond 64 bits: mod needed
        case(rand_grid(rng, 30, 30, 0.2)),
        case(rand_grid(rng, 1000, 1000, 0.05)),
        case(['.' * 1000] * 1000),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
