#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

A function problem: reverseString(s: string) -> string. Inputs are built here,
one JSON line per argument; expected outputs come from solve().
Run: python3 gen.py
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__/ among the problem directories
sys.path.insert(0, os.path.dirname(HERE))
import genlib  # noqa: E402  (problems/genlib.py)


def solve(s):
    return s[::-1]


def write(kind, cases):
    # The stdin/stdout form's lines, without their newline: the argument.
    genlib.write_function(HERE, kind, [[c[:-1]] for c in cases], solve)


PRINTABLE = ''.join(chr(c) for c in range(32, 127))


def main():
    rng = random.Random(1003)
    samples = ['hello, world\n']
    tests = [
        'a\n',
        'ab\n',
        'racecar\n',
        'x y\n',
        '  leading spaces\n',
        'trailing spaces   \n',
        ' \n',                                    # a single space
        '     \n',                                # only spaces
        '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\n',
        'Never odd or even\n',
        ''.join(rng.choice(PRINTABLE) for _ in range(1000)) + '\n',
        ''.join(rng.choice('ab ') for _ in range(100000)) + '\n',
        ' ' + ''.join(rng.choice(PRINTABLE) for _ in range(99998)) + ' \n',
        'héllo wörld\n',                          # 2-byte UTF-8
        '日本語テキスト\n',                        # 3-byte UTF-8
        'a😀b🎉c\n',                               # 4-byte: surrogate pairs in UTF-16
        '"quoted" \\ back\tslash\n',            # JSON escapes
        ''.join(rng.choice('aé日😀 ') for _ in range(50000)) + '\n',
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
