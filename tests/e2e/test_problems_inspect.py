"""verdict problems inspect PATH on the committed Kattis packages
(tests/packages): the summary of each version, and each broken package
refused with "path: rule" and exit 1. With VERDICT_PROBLEMTOOLS_EXAMPLES set to
a checkout's examples/, the real problemtools packages are read too (skipped
otherwise: CI has no network)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, SRC  # noqa: E402

PKGS = os.path.join(SRC, "tests", "packages")


def inspect(path):
    return subprocess.run([BIN, "problems", "inspect", path], capture_output=True, text=True,
                          timeout=60)


def expect_ok(name, *lines):
    r = inspect(os.path.join(PKGS, name))
    assert r.returncode == 0, (name, r.stderr)
    for line in lines:
        assert line in r.stdout, (name, line, r.stdout)
    return r.stdout


def expect_broken(name, message):
    r = inspect(os.path.join(PKGS, "broken", name))
    assert r.returncode == 1, (name, r.stdout)
    assert r.stderr.strip() == "verdict problems: " + message, (name, r.stderr)


def main():
    expect_ok("legacyscore", "id: legacyscore", "version: legacy", "type: scoring",
              "memory 256 MiB (given)", "secret/g1: 3 tests, aggregation min",
              "secret/g1/nested: 1 test", "format (unsupported: .ctd)", "check (cpp)",
              "Solver.java java (class Solver)", "wrong_answer: 1: wa.cc cpp",
              "warning: problem.yaml: frobnicate: unknown key (ignored)")
    expect_ok("legacyflags", "output validators: cmp (python)")
    expect_ok("draft2023", "version: 2023-07-draft", "type: pass-fail interactive",
              "sample: 2 tests", "output validators: output_validator (cpp)",
              "rejected: 1: lazy.py python")
    expect_ok("modern2025", "version: 2025-09", "limits: time 1.5 s",
              "secret/a_small: 1 test, aggregation min, max score 30",
              "secret/b_large/big: 1 test (directory)", "expectation: wrong_answer/off.py")
    expect_broken("noans", "data/secret/03.in: no matching .ans")
    expect_broken("badversion", "problem.yaml: problem_format_version '2024-01': not supported "
                  "(legacy, 2023-07-draft and 2025-09 are)")
    expect_broken("badmemory", "problem.yaml: limits.memory: not a positive integer")
    r = inspect(os.path.join(PKGS, "missing"))
    assert r.returncode == 1 and "No such file or directory" in r.stderr, r.stderr
    examples = os.environ.get("VERDICT_PROBLEMTOOLS_EXAMPLES")
    if examples and os.path.isdir(examples):
        for name in ("hello", "different", "guess", "oddecho"):
            r = inspect(os.path.join(examples, name))
            assert r.returncode == 0, (name, r.stderr)
        print("problemtools examples: read")
    else:
        print("problemtools examples: skipped (VERDICT_PROBLEMTOOLS_EXAMPLES not set)")
    print("test_problems_inspect: ok")


if __name__ == "__main__":
    main()
