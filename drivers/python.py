from typing import *; import sys, math, collections, heapq, bisect, itertools, functools, string, re; from collections import deque, defaultdict, Counter, OrderedDict; from functools import lru_cache, cache, reduce, cmp_to_key; from heapq import heappush, heappop, heapify; from bisect import bisect_left, bisect_right, insort; from math import inf  # noqa
# VERDICT-USER-CODE


# verdict's Python driver (issue 13; README.md "Function problems"): reads one
# JSON value per line of stdin, one line per parameter, calls the user's
# Solution method once and prints its return value as JSON after a marker line
# on stdout. The first line above is LeetCode's usual imports; the user's code
# goes where the VERDICT-USER-CODE line is; judge/driver.c appends the call.
def _verdict_main(call, params):
    import json
    import os

    where = ["-", 0]

    def fail(msg):
        sys.stderr.write("verdict driver: input line %d (%s): %s\n" % (where[1], where[0], msg))
        sys.stderr.flush()
        os._exit(97)

    def reject(token):
        fail("%s is not JSON" % token)

    limits = {"int": 2**31, "long": 2**63}

    def check(v, scalar, dims):
        if dims:
            if type(v) is not list:
                fail("expected an array, got %s" % type(v).__name__)
            if dims == 1 and scalar in limits and all(type(x) is int for x in v):
                lim = limits[scalar]
                if v and (min(v) < -lim or max(v) >= lim):
                    fail("a number is out of range of a%s %s" % ("n" if scalar == "int" else "", scalar))
                return v
            return [check(x, scalar, dims - 1) for x in v]
        if scalar in limits:
            if type(v) is not int:
                fail("expected a%s %s, got %r" % ("n" if scalar == "int" else "", scalar, v))
            if not -limits[scalar] <= v < limits[scalar]:
                fail("%d is out of range of a%s %s" % (v, "n" if scalar == "int" else "", scalar))
            return v
        if scalar == "double":
            if type(v) is int:
                try:
                    v = float(v)
                except OverflowError:
                    fail("%d is out of range of a double" % v)
            if type(v) is not float:
                fail("expected a double, got %r" % (v,))
            if math.isinf(v):
                fail("a number is out of range of a double")
            return v
        if scalar == "bool":
            if type(v) is not bool:
                fail("expected a bool, got %r" % (v,))
            return v
        if type(v) is not str:
            fail("expected a string, got %r" % (v,))
        if "\0" in v:
            fail("a string holds U+0000")
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            fail("a lone surrogate in a string")
        return v

    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as e:
        fail("the input is not UTF-8: %s" % e)
    lines = text.split("\n")
    while lines and not lines[-1].strip(" \t\r"):
        lines.pop()
    args = []
    for i, (name, scalar, dims) in enumerate(params):
        where[:] = [name, i + 1]
        if i >= len(lines):
            fail("missing: the input has %d lines" % len(lines))
        try:
            v = json.loads(lines[i], parse_constant=reject)
        except ValueError as e:
            fail("not JSON: %s" % e)
        args.append(check(v, scalar, dims))
    if len(lines) > len(params):
        where[:] = ["-", len(params) + 1]
        fail("more lines than parameters")

    def default(o):
        if isinstance(o, (set, frozenset, range)) or hasattr(o, "__iter__"):
            return list(o)
        raise TypeError("the function returned a %s, which is not JSON" % type(o).__name__)

    result = json.dumps(call(*args), ensure_ascii=False, separators=(",", ":"), default=default)
    # After whatever the user's code printed: the marker line, then the result.
    sys.stdout.flush()
    out = sys.__stdout__
    out.flush()
    out.buffer.write(b"\n\x1eVERDICT-RESULT\x1e\n" + result.encode("utf-8", "surrogatepass") + b"\n")
    out.buffer.flush()
