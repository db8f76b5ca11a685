#!/usr/bin/env python3
"""Regenerates samples/ and tests/ of this problem deterministically.

Inputs are built here; expected outputs come from solutions/accepted.py.
Run: python3 gen.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write(kind, cases):
    d = os.path.join(HERE, kind)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    ref = os.path.join(HERE, 'solutions', 'accepted.py')
    for i, text in enumerate(cases, 1):
        base = os.path.join(d, '%02d' % i)
        with open(base + '.in', 'w', newline='\n') as f:
            f.write(text)
        out = subprocess.run([sys.executable, ref], input=text.encode(),
                             stdout=subprocess.PIPE, check=True).stdout
        with open(base + '.out', 'wb') as f:
            f.write(out)


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
    ]
    write('samples', samples)
    write('tests', tests)


if __name__ == '__main__':
    main()
