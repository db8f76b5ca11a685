"""End to end: `verdict problems export ID DIR` writes a catalog problem as a
Kattis 2025-09 package that the package reader takes without an error: the
limits, the statement without its title line, samples and secret tests in
order, the default validator's flags for a built-in checker, and a custom
checker as an output validator that answers 42/43 (compiled and run here). An
existing target and an unknown problem are clear errors. Every starter
problem goes round: export, import of the package, verify of its example
programs; a function problem is refused (the Kattis format has none)."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def run(*args):
    p = subprocess.run([h.BIN, "problems", *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    db = h.fresh_db("export")
    h.import_problems(db)
    with tempfile.TemporaryDirectory() as tmp:
        rc, out, err = run("export", "a-plus-b", tmp, "--db", db)
        check(rc == 0, f"a-plus-b exported ({err.strip()})")
        pkg = os.path.join(tmp, "a-plus-b")
        rc, out, err = run("inspect", pkg)
        check(rc == 0 and "version: 2025-09" in out, "the reader takes it")
        check("time 1 s" in out and "memory 256 MiB" in out, "limits kept")
        yaml = open(os.path.join(pkg, "problem.yaml")).read()
        check('name: "A + B"' in yaml and 'keywords: ["easy"]' in yaml, "name and difficulty")
        st = open(os.path.join(pkg, "statement", "problem.en.md")).read()
        src = open(os.path.join(h.SRC, "problems", "a-plus-b", "statement.md")).read()
        check(not st.startswith("# ") and st.strip() in src, "statement without its title")
        tests = sorted(os.listdir(os.path.join(pkg, "data", "secret")))
        n = len([t for t in tests if t.endswith(".in")])
        want = len([t for t in os.listdir(os.path.join(h.SRC, "problems", "a-plus-b", "tests"))
                    if t.endswith(".in")])
        check(n == want, f"{n} secret tests")
        first = open(os.path.join(h.SRC, "problems", "a-plus-b", "samples", "01.in")).read()
        check(open(os.path.join(pkg, "data", "sample", "001.in")).read() == first,
              "sample 001 is samples/01")
        subs = sorted(os.path.relpath(os.path.join(dp, f), os.path.join(pkg, "submissions"))
                      for dp, _, fs in os.walk(os.path.join(pkg, "submissions")) for f in fs)
        src_subs = os.path.join(h.SRC, "problems", "a-plus-b", "submissions")
        want_subs = sorted(os.path.relpath(os.path.join(dp, f), src_subs)
                           for dp, _, fs in os.walk(src_subs) for f in fs)
        check(subs == want_subs, f"example programs exported: {subs}")
        check(open(os.path.join(pkg, "submissions", "wrong_answer", "wa.c")).read()
              == open(os.path.join(src_subs, "wrong_answer", "wa.c")).read(), "byte for byte")
        tg = open(os.path.join(pkg, "data", "secret", "test_group.yaml")).read()
        check('output_validator_args: ["case_sensitive"]' in tg, "tokens: case_sensitive")

        rc, out, err = run("export", "a-plus-b", tmp, "--db", db)
        check(rc == 1 and "exists" in err, "an existing target is refused")
        rc, out, err = run("export", "no-such", tmp, "--db", db)
        check(rc == 1 and "no problem no-such" in err, "an unknown problem is refused")
        check(not os.path.exists(os.path.join(tmp, "no-such")), "nothing written for it")
        check([f for f in os.listdir(tmp) if f.startswith(".")] == [], "no temporary left")

        rc, out, err = run("export", "topological-order", tmp, "--db", db)
        check(rc == 0, "a custom checker problem exported")
        pkg = os.path.join(tmp, "topological-order")
        exe = os.path.join(tmp, "validate")
        cc = subprocess.run(["gcc", "-O2", "-o", exe, os.path.join(pkg, "output_validator",
                                                                  "validate.c"), "-lm"],
                            capture_output=True, text=True)
        check(cc.returncode == 0, f"its validator compiles {cc.stderr[:300]}")
        inp = os.path.join(pkg, "data", "sample", "001.in")
        ans = os.path.join(pkg, "data", "sample", "001.ans")
        for out_text, code in ((open(ans).read(), 42), ("garbage\n", 43)):
            fb = tempfile.mkdtemp(dir=tmp)
            r = subprocess.run([exe, inp, ans, fb], input=out_text, capture_output=True,
                               text=True)
            check(r.returncode == code, f"validator exits {code} (got {r.returncode})")
    # Every starter problem: export -> import (as a package) -> verify.
    back = h.fresh_db("export_back")
    with tempfile.TemporaryDirectory() as tmp:
        ids = [d for d in sorted(os.listdir(os.path.join(h.SRC, "problems")))
               if os.path.isdir(os.path.join(h.SRC, "problems", d))]
        # A function problem has no Kattis form: refused, nothing written.
        funcs = [d for d in ids if "function" in json.load(
            open(os.path.join(h.SRC, "problems", d, "problem.json")))]
        check(len(funcs) >= 4, f"the starter set has function problems ({funcs})")
        for pid in funcs:
            rc, out, err = run("export", pid, tmp, "--db", db)
            check(rc == 1 and "is a function problem" in err and "nothing written" in err
                  and not os.path.exists(os.path.join(tmp, pid)),
                  f"{pid}: a function problem is not exported ({err.strip()})")
        check(os.listdir(tmp) == [], "no directory left behind by a refused export")
        ids = [d for d in ids if d not in funcs]
        for pid in ids:
            rc, out, err = run("export", pid, tmp, "--db", db)
            check(rc == 0, f"{pid} exported {err.strip()}")
        rc, out, err = run("import", tmp, "--db", back)
        check(rc == 0 and f"{len(ids)} imported" in err, f"all imported back {err[-500:]}")
        for pid in ids:
            a = h.psql(db, f"SELECT title, difficulty, time_limit_ms, memory_limit_mb, "
                           f"(SELECT count(*) FROM tests WHERE problem_id = '{pid}') FROM problems "
                           f"WHERE id = '{pid}'")
            b = h.psql(back, f"SELECT title, difficulty, time_limit_ms, memory_limit_mb, "
                             f"(SELECT count(*) FROM tests WHERE problem_id = '{pid}') FROM "
                             f"problems WHERE id = '{pid}'")
            check(a == b, f"{pid}: the same problem back ({a} / {b})")
            p = subprocess.run([h.BIN, "problems", "verify", pid, "--db", back, "--slots", "2"],
                               capture_output=True, text=True, timeout=600)
            check(p.returncode == 0, f"{pid}: verify after the round trip "
                                     f"{p.stdout[-400:] if p.returncode else ''}{p.stderr[-300:]}")
    h.drop_db(back)

    # Packaged problems: groups, scores, validators, interaction, per-test
    # flags and arguments written back as 2025-09, proved by their programs.
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("modern2025", "legacyscore", "draft2023", "flags2025", "legacyflags"):
            subprocess.run([h.BIN, "problems", "import", os.path.join(h.SRC, "tests/packages", name),
                            "--db", db], capture_output=True, text=True, timeout=300)
            rc, out, err = run("export", name, tmp, "--db", db)
            check(rc == 0, f"{name} exported {err.strip()[-300:]}")
            p = subprocess.run([h.BIN, "problems", "verify", os.path.join(tmp, name)],
                               capture_output=True, text=True, timeout=300)
            check(p.returncode == 0, f"{name}: the exported package verifies "
                                     f"{p.stdout[-600:] if p.returncode else ''}{p.stderr[-300:]}")
    h.drop_db(db)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


sys.exit(main())
