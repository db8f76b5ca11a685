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


def case(n, edges):
    return '%d %d\n%s' % (n, len(edges), ''.join('%d %d\n' % e for e in edges))


def random_dag(rng, n, m):
    """Edges go forward along a hidden random order, so there is no cycle."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    edges = []
    for _ in range(m):
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j:
            continue
        if i > j:
            i, j = j, i
        edges.append((order[i], order[j]))
    return edges


def main():
    rng = random.Random(1016)
    samples = [case(4, [(1, 2), (4, 2), (2, 3)])]
    tests = [
        case(1, []),                                     # one task
        case(5, []),                                     # no requirement: any order
        case(1, [(1, 1)]),                               # self loop: -1
        case(4, [(4, 3), (3, 2), (2, 1)]),               # only 4 3 2 1 works
        case(2, [(1, 2), (2, 1)]),                       # two-cycle: -1
        case(3, [(1, 2), (1, 2), (2, 3), (1, 3)]),       # repeated requirement
        case(6, [(1, 2), (2, 3), (3, 1), (4, 5)]),       # cycle in one component
        case(30, random_dag(rng, 30, 60)),
        case(2000, random_dag(rng, 2000, 5000)),
    ]
    # a DAG plus one back edge closing a long cycle: -1
    n = 50000
    edges = [(i, i + 1) for i in range(1, n)] + [(n, 1)]
    rng.shuffle(edges)
    tests.append(case(n, edges))
    # big: every edge goes forward along one hidden order, in which a long chain
    # of tasks runs against the numbering (larger numbers first)
    n = 150000
    order = list(range(1, n + 1))
    rng.shuffle(order)
    chain = sorted(rng.sample(range(1, n + 1), 40000), reverse=True)
    in_chain = set(chain)
    slots = [i for i, v in enumerate(order) if v in in_chain]
    for i, v in zip(slots, chain):
        order[i] = v
    edges = [(chain[i], chain[i + 1]) for i in range(len(chain) - 1)]
    for _ in range(10000):
        i, j = sorted(rng.sample(range(n), 2))
        edges.append((order[i], order[j]))
    rng.shuffle(edges)
    tests.append(case(n, edges))
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
