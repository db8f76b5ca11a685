"""Shared by every problems/<id>/gen.py: writes a problem's samples/ or tests/
from the inputs its generator builds, with the expected outputs produced by
the problem's own submissions/accepted/accepted.py."""
import os
import subprocess
import sys


def write(here, kind, cases):
    """Replaces here/kind/ with NN.in (each case) and NN.out (accepted.py's answer)."""
    d = os.path.join(here, kind)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    ref = os.path.join(here, 'submissions', 'accepted', 'accepted.py')
    for i, text in enumerate(cases, 1):
        base = os.path.join(d, '%02d' % i)
        with open(base + '.in', 'w', newline='\n') as f:
            f.write(text)
        out = subprocess.run([sys.executable, ref], input=text.encode(),
                             stdout=subprocess.PIPE, check=True).stdout
        with open(base + '.out', 'wb') as f:
            f.write(out)


def write_function(here, kind, cases, solve):
    """A function problem's tests (README.md "Function problems"): replaces
    here/kind/ with NN.in (each case's arguments as JSON, one line each) and
    NN.out (solve(*args), the expected return value, as JSON)."""
    import json
    d = os.path.join(here, kind)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    for i, args in enumerate(cases, 1):
        base = os.path.join(d, '%02d' % i)
        with open(base + '.in', 'w', newline='\n', encoding='utf-8') as f:
            for a in args:
                f.write(json.dumps(a, separators=(',', ':'), ensure_ascii=False) + '\n')
        with open(base + '.out', 'w', newline='\n', encoding='utf-8') as f:
            f.write(json.dumps(solve(*args), separators=(',', ':'), ensure_ascii=False) + '\n')
