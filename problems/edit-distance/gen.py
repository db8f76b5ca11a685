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


def word(rng, n, alphabet='abcdefghijklmnopqrstuvwxyz'):
    return ''.join(rng.choice(alphabet) for _ in range(n))


def mutate(rng, s, k):
    s = list(s)
    for _ in range(k):
        op = rng.randrange(3)
        i = rng.randrange(len(s) + 1)
        if op == 0 or not s:
            s.insert(i, rng.choice('abcdefghijklmnopqrstuvwxyz'))
        elif op == 1:
            del s[min(i, len(s) - 1)]
        else:
            s[min(i, len(s) - 1)] = rng.choice('abcdefghijklmnopqrstuvwxyz')
    return (''.join(s) or 'a')[:2000]


def main():
    rng = random.Random(1013)
    samples = ['kitten\nsitting\n']
    tests = [
        'a\na\n',                       # equal: 0
        'a\nb\n',
        'a\nba\n',                      # one insertion in front
        'abc\nxyzabc\n',                # prefix insertions
        'abcdef\nabc\n',                # deletions at the end
        'intention\nexecution\n',
        'horse\nros\n',
        'aaaa\naaaaaaaaaaaaa\n',
        '%s\n%s\n' % (word(rng, 12, 'ab'), word(rng, 14, 'ab')),
        '%s\n%s\n' % ('z' * 2000, 'y'),                 # 2000
    ]
    base = word(rng, 1900)
    tests.append('%s\n%s\n' % (base, mutate(rng, base, 150)))
    tests.append('%s\n%s\n' % (word(rng, 2000, 'abc'), word(rng, 1999, 'abc')))
    tests.append('%s\n%s\n' % (word(rng, 2000), word(rng, 2000)))
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
