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
    return '%d %d\n%s' % (n, len(edges), ''.join('%d %d %d\n' % e for e in edges))


def random_graph(rng, n, m, wmax):
    return [(rng.randint(1, n), rng.randint(1, n), rng.randint(1, wmax)) for _ in range(m)]


def main():
    rng = random.Random(1010)
    B = 10**9
    samples = [case(5, [(1, 2, 4), (1, 3, 1), (3, 2, 2), (2, 4, 5), (3, 4, 10)])]
    tests = [
        case(1, []),                                            # one town, no road
        case(3, []),                                            # nobody reachable
        case(2, [(1, 1, 5), (2, 2, 7)]),                        # self loops only
        case(3, [(1, 2, 10), (1, 2, 3), (2, 1, 7), (2, 3, 1)]), # parallel roads
        case(4, [(1, 2, B), (2, 3, B), (3, 4, B)]),             # 3e9: past 32 bits
        case(6, [(1, 2, 1), (2, 3, 1), (4, 5, 1), (5, 6, 1)]),  # two components
        case(5, [(1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (1, 5, 5)]),
        case(50, random_graph(rng, 50, 120, 100)),
        case(2000, random_graph(rng, 2000, 6000, B)),
    ]
    # A long path with huge weights (distances ~1e14) plus noisy shortcuts.
    n = 30000
    perm = list(range(2, n + 1))
    rng.shuffle(perm)
    chain = [1] + perm
    edges = [(chain[i], chain[i + 1], rng.randint(B // 2, B)) for i in range(n - 1)]
    for _ in range(10000):
        i = rng.randrange(n - 1)
        j = min(n - 1, i + rng.randint(2, 50))
        edges.append((chain[i], chain[j], rng.randint(B // 2, B) * (j - i)))
    rng.shuffle(edges)
    tests.append(case(n, edges))
    # Many towns, three quarters of them unreachable: O(n^2) Dijkstra is hopeless here.
    n = 200000
    reach = list(range(1, n + 1, 4))
    edges = []
    for i in range(1, len(reach)):
        edges.append((reach[rng.randrange(i)], reach[i], rng.randint(1, 1000)))
    for _ in range(10000):
        edges.append((rng.choice(reach), rng.choice(reach), rng.randint(1, 1000)))
    rng.shuffle(edges)
    tests.append(case(n, edges))
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
