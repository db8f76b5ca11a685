"""End to end: `verdict problems verify` of a 2025-09 package judges every
test of every example program and checks the spec's rules test by test: the
folders' defaults (wrong_answer: every test AC or WA, at least one WA), and
submissions/submissions.yaml's globs, per test group. A program whose first
failure fits its folder but whose later tests do not now fails, as Kattis's
own tools say; the import keeps submissions.yaml, so `verify ID` checks the
same from the catalog, and `export` writes it back. A program that is a
directory of files (legacyscore's accepted/multi: main.cpp and util.h) is
judged with its files beside its entry file, from the directory and from the
catalog, which keeps it a row per file. A rule's score under a test group
is the group's own aggregated score (a scoring package with two groups)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

TESTS = {  # name -> (input, answer)
    "sample/1": ("1 1", "2"),
    "secret/easy/1": ("2 3", "5"),
    "secret/easy/2": ("10 20", "30"),
    "secret/hard/1": ("5000 7000", "12000"),
}

# Each program as a function of a and b; "spin" is a loop past the limit.
PROGRAMS = {
    "accepted/ok.py": "print(a + b)",
    "wrong_answer/late.py": "print(a + b if a < 1000 else 0)",
    # WA on easy/1, then too slow on hard: its first failure is a WA, but
    # wrong_answer permits only AC and WA.
    "wrong_answer/mixed.py": "spin() if a > 1000 else print(a + b + (a == 2))",
    "time_limit_exceeded/slowhard.py": "spin() if a > 1000 else print(a + b)",
    # Slow on easy as well: breaks the yaml's secret/easy rule.
    "time_limit_exceeded/sloweasy.py": "spin() if a > 5 else print(a + b)",
    "rejected/crash.py": "print(a + b) if a < 1000 else exit(3)",
}

YAML = """\
time_limit_exceeded/*:
  sample:
    permitted: [AC]
  secret/easy:
    permitted: [AC]
  secret/hard:
    required: [TLE]
"rejected/{crash,other}.py":
  permitted: [AC, WA]
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def package(root):
    d = os.path.join(root, "addup")
    write(os.path.join(d, "problem.yaml"),
          "problem_format_version: 2025-09\nname: Add up\nuuid: 0b6f1c2a-1111-4000-8000-00000000a"
          "dd5\nlimits:\n  time_limit: 1\n")
    write(os.path.join(d, "statement", "problem.en.md"), "Add two numbers.\n")
    for name, (i, a) in TESTS.items():
        write(os.path.join(d, "data", name + ".in"), i + "\n")
        write(os.path.join(d, "data", name + ".ans"), a + "\n")
    head = ("def spin():\n    while True:\n        pass\n"
            "a, b = map(int, input().split())\n")
    for path, body in PROGRAMS.items():
        write(os.path.join(d, "submissions", path), head + body + "\n")
    write(os.path.join(d, "submissions", "submissions.yaml"), YAML)
    return d


# A scoring package: secret/g1 worth 30 and secret/g2 worth 70 (sum), for
# submissions.yaml's score of a group ("the aggregated score of a given test
# data group", 2025-09).
SCORED = {
    "partially_accepted/g1only.py": "print(a + b if a < 100 else 0)",
    "partially_accepted/g2only.py": "print(a + b if a >= 100 else 0)",
    "accepted/full.py": "print(a + b)",
}
SCORED_YAML = """\
partially_accepted/g1only.py:
  secret/g1:
    score: 30
  secret/g2:
    score: 0
accepted/full.py:
  secret/{g1,g2}:
    score: [30, 70]
  secret:
    score: 100
# g2only.py claims g1's points, which it does not get: verify must say so.
partially_accepted/g2only.py:
  secret/g1:
    score: 30
"""


def scored_package(root):
    d = os.path.join(root, "groupscore")
    write(os.path.join(d, "problem.yaml"),
          "problem_format_version: 2025-09\nname: Group score\ntype: scoring\n"
          "uuid: 0b6f1c2a-2222-4000-8000-0000000005c0\nlimits:\n  time_limit: 1\n")
    write(os.path.join(d, "statement", "problem.en.md"), "Add two numbers.\n")
    write(os.path.join(d, "data", "secret", "test_group.yaml"), "max_score: 100\n")
    write(os.path.join(d, "data", "secret", "g1", "test_group.yaml"), "max_score: 30\n")
    write(os.path.join(d, "data", "secret", "g2", "test_group.yaml"), "max_score: 70\n")
    for name, (i, a) in {"sample/1": ("1 1", "2"), "secret/g1/1": ("2 3", "5"),
                         "secret/g1/2": ("4 4", "8"), "secret/g2/1": ("100 1", "101")}.items():
        write(os.path.join(d, "data", name + ".in"), i + "\n")
        write(os.path.join(d, "data", name + ".ans"), a + "\n")
    for path, body in SCORED.items():
        write(os.path.join(d, "submissions", path),
              "a, b = map(int, input().split())\n" + body + "\n")
    write(os.path.join(d, "submissions", "submissions.yaml"), SCORED_YAML)
    return d


def rows(out):
    """program -> (verdict, result, line) from the table."""
    return {k: v[1:] for k, v in h.verify_rows(out).items()}


def main():
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        d = package(tmp)
        p = subprocess.run([h.BIN, "problems", "verify", d], capture_output=True, text=True,
                           timeout=300)
        print(p.stdout, p.stderr)
        got = rows(p.stdout)
        want = {
            "accepted/ok.py": ("AC", "ok"),
            "wrong_answer/late.py": ("WA", "ok"),
            "wrong_answer/mixed.py": ("WA", "FAIL"),
            "time_limit_exceeded/slowhard.py": ("TLE", "ok"),
            "time_limit_exceeded/sloweasy.py": ("TLE", "FAIL"),
            "rejected/crash.py": ("RE", "FAIL"),
        }
        for prog, (verdict, result) in want.items():
            g = got.get(prog, ("?", "?", ""))
            check(g[:2] == (verdict, result), f"{prog}: {verdict} {result} (got {g[:2]})")
        check("secret/hard/1 got TLE, permitted AC WA" in got["wrong_answer/mixed.py"][2],
              "mixed.py: the later TLE is named")
        check("secret/easy/2 got TLE, permitted AC" in
              got["time_limit_exceeded/sloweasy.py"][2], "sloweasy.py: the group rule is named")
        check("permitted AC WA" in got["rejected/crash.py"][2], "crash.py: the brace glob applies")
        check(p.returncode == 1, "verify fails while a rule is broken")

        # The catalog keeps submissions.yaml with the programs: verify ID agrees.
        db = h.fresh_db("verifyrules")
        imp = subprocess.run([h.BIN, "problems", "import", d, "--db", db], capture_output=True,
                             text=True, timeout=300)
        check(imp.returncode == 0, "the package imports: " + imp.stderr.strip())
        p2 = subprocess.run([h.BIN, "problems", "verify", "addup", "--db", db],
                            capture_output=True, text=True, timeout=300)
        got2 = rows(p2.stdout)
        check({k: v[:2] for k, v in got2.items()} == {k: v[:2] for k, v in got.items()},
              "verify ID: the same rows from the catalog")
        out = os.path.join(tmp, "out")
        e = subprocess.run([h.BIN, "problems", "export", "addup", out, "--db", db],
                           capture_output=True, text=True, timeout=60)
        exported = os.path.join(out, "addup", "submissions", "submissions.yaml")
        check(e.returncode == 0 and os.path.exists(exported)
              and open(exported).read() == YAML, "export writes submissions.yaml back")
        h.drop_db(db)

        # A broken submissions.yaml: a clear error, nothing judged.
        write(os.path.join(d, "submissions", "submissions.yaml"), "accepted:\n  permitted: [OK]\n")
        p3 = subprocess.run([h.BIN, "problems", "verify", d], capture_output=True, text=True,
                            timeout=120)
        check(p3.returncode == 1 and "submissions.yaml: line 2" in p3.stderr,
              "a bad submissions.yaml is named with its line: " + p3.stderr.strip())

    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([h.BIN, "problems", "verify", scored_package(tmp)],
                           capture_output=True, text=True, timeout=300)
        print(p.stdout, p.stderr)
        got = rows(p.stdout)
        for prog, result in (("partially_accepted/g1only.py", "ok"), ("accepted/full.py", "ok"),
                             ("partially_accepted/g2only.py", "FAIL")):
            g = got.get(prog, ("?", "?", ""))
            check(g[1] == result, f"group scores: {prog} {result} (got {g})")
        check("secret/g1: group secret/g1 scored 0, expected 30..30" in
              got.get("partially_accepted/g2only.py", ("", "", ""))[2],
              "g2only.py: the group and its score are named")
        check("not checked" not in p.stdout + p.stderr, "no rule is left unchecked")
        check(p.returncode == 1, "verify fails while a group's score is wrong")

    pkg = os.path.join(h.SRC, "tests", "packages", "legacyscore")
    p = subprocess.run([h.BIN, "problems", "verify", pkg], capture_output=True, text=True,
                       timeout=300)
    print(p.stdout, p.stderr)
    multi = rows(p.stdout).get("accepted/multi", ("?", "?", ""))
    check(p.returncode == 0 and multi[:2] == ("AC", "ok"),
          f"legacyscore: the directory program accepted/multi is judged: {multi[2]}")
    db = h.fresh_db("verifymulti")
    imp = subprocess.run([h.BIN, "problems", "import", pkg, "--db", db], capture_output=True,
                         text=True, timeout=300)
    files = h.psql(db, "SELECT string_agg(path, ' ' ORDER BY path) FROM problem_programs "
                       "WHERE path LIKE 'accepted/multi/%'")
    check(imp.returncode == 0 and files == "accepted/multi/main.cpp accepted/multi/util.h",
          f"the catalog keeps the directory program a row per file: {files}")
    p = subprocess.run([h.BIN, "problems", "verify", "legacyscore", "--db", db],
                       capture_output=True, text=True, timeout=300)
    multi = rows(p.stdout).get("accepted/multi", ("?", "?", ""))
    check(p.returncode == 0 and multi[:2] == ("AC", "ok"),
          "verify ID: accepted/multi put together again and judged")
    h.drop_db(db)

    print(f"{len(failures)} failed")
    return 1 if failures else 0


sys.exit(main())
