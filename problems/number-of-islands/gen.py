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
    return [''.join('#' if rng.random() < p else '.' for _ in range(m)) for _ in range(n)]


def snake(n, m):
    """One island shaped as a serpentine path: depth-first search goes n*m/2 deep."""
    rows = []
    for i in range(n):
        if i % 2 == 0:
            rows.append('#' * m)
        elif i % 4 == 1:
            rows.append('.' * (m - 1) + '#')
        else:
            rows.append('#' + '.' * (m - 1))
    return rows


def main():
    rng = random.Random(1011)
    samples = [case(['##..#', '#...#', '..#..', '.#.##'])]
    tests = [
        case(['.']),
        case(['#']),
        case(['#.#.#']),                                   # one row
        case(['#', '#', '.', '#']),                        # one column
        case(['#.', '.#']),                                # diagonal: two islands
        case(['#.#', '.#.', '#.#']),                       # five
        case(['....', '....']),                            # no land
        case(['#' * 100] * 100),                           # one 10^4-cell island
        case(snake(61, 80)),
        case(rand_grid(rng, 50, 70, 0.45)),
        case([''.join('#' if (i + j) % 2 == 0 else '.' for j in range(500))
              for i in range(500)]),                       # checkerboard: 125000
        case(rand_grid(rng, 1000, 1000, 0.6)),
        case(snake(1000, 1000)),                           # 500k-deep DFS
        case(['#' * 1000] * 600),
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
