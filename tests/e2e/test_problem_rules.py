"""End to end: scripts/check-problems.py keeps its own copy of the problem id
and checker name rules (it runs without a build); `verdict problems import`
applies the C ones. Both must give every problem and checker row of the shared
edge-case table (tests/integration/contract_cases.tsv) its verdict."""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "check_problems", os.path.join(h.SRC, "scripts", "check-problems.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

db = h.fresh_db("problem_rules")
tmp = tempfile.mkdtemp(prefix="verdict-problem-rules-")


def rows(kind):
    with open(os.path.join(h.SRC, "tests", "integration", "contract_cases.tsv"),
              encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            k, verdict, raw = line.split("\t")
            if k == kind:
                yield n, verdict == "ok", raw, json.loads(raw)


def make_problem(d, checker_raw):
    os.makedirs(os.path.join(d, "samples"))
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write("# Echo\n\nPrint the input.\n")
    with open(os.path.join(d, "problem.json"), "w") as f:
        f.write('{"title": "Echo", "difficulty": "easy", "timeLimitMs": 1000, '
                '"memoryLimitMb": 64, "outputLimitKb": 64, "checker": %s}' % checker_raw)
    with open(os.path.join(d, "checker.c"), "w") as f:
        f.write("int main(void) { return 0; }\n")
    for sub in ("samples", "tests"):
        for ext in ("in", "out"):
            with open(os.path.join(d, sub, "01." + ext), "w") as f:
                f.write("1\n")


def imported(root):
    """The directories under root that `verdict problems import` took."""
    r = subprocess.run([h.BIN, "problems", "import", root, "--db", db], capture_output=True,
                       text=True, timeout=120)
    assert "imported" in r.stderr, r.stderr
    skipped = [l for l in r.stderr.splitlines() if l.startswith("verdict problems: skipped ")]
    return {d for d in os.listdir(root)
            if not any(l.startswith("verdict problems: skipped %s/%s/" % (root, d))
                       or l.startswith("verdict problems: skipped %s/%s:" % (root, d))
                       for l in skipped)}, r.stderr


def test_problem_ids():
    root = os.path.join(tmp, "ids")
    os.makedirs(root)
    cases = []
    for n, ok, raw, pid in rows("problem"):
        assert check.problem_id_ok(pid) == ok, ("check-problems.py", n, raw)
        # A directory name holds no '/' and no NUL; "" and ".." name no new one.
        if "/" in pid or "\0" in pid or "\\u0000" in raw or pid in ("", ".."):
            continue
        make_problem(os.path.join(root, pid), '"tokens"')
        cases.append((n, ok, raw, pid))
    took, log = imported(root)
    for n, ok, raw, pid in cases:
        assert (pid in took) == ok, ("verdict problems import", n, raw, log)


def test_checker_names():
    root = os.path.join(tmp, "checkers")
    os.makedirs(root)
    cases = []
    for i, (n, ok, raw, name) in enumerate(rows("checker")):
        assert check.checker_ok(name) == ok, ("check-problems.py", n, raw)
        make_problem(os.path.join(root, "checker-%d" % i), raw)
        cases.append((n, ok, raw, "checker-%d" % i))
    took, log = imported(root)
    for n, ok, raw, d in cases:
        assert (d in took) == ok, ("verdict problems import", n, raw, log)
    assert check.checker_eps("float:1e-6") == 1e-6


def test_kattis_checker_cases():
    """The Kattis default output validator gives each line of the table the C
    checker is held to (tests/unit/judge/kattis_cases.tsv) its verdict."""
    path = os.path.join(h.SRC, "tests", "unit", "judge", "kattis_cases.tsv")
    count = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            verdict, spec, exp, out = line.split("\t")
            flags = check.kattis_flags(spec)
            assert flags is not None, (n, spec)
            ok, detail = check.kattis_compare(flags, json.loads(exp).encode(),
                                              json.loads(out).encode())
            assert ok == (verdict == "AC"), (n, spec, exp, out, detail)
            count += 1
    assert count > 30


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
shutil.rmtree(tmp)
h.drop_db(db)
sys.exit(rc)
