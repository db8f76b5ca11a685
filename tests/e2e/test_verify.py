"""End to end: `verdict problems verify DIR|ID` judges every program under a
problem's submissions/<folder>/ in a sandbox of its own and exits 0 only when
each got what its folder says. Starter problems (one with a custom checker)
pass; a copy with programs in the wrong folders fails on exactly those rows;
programs in a language verdict lacks are listed as skipped."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def verify(path):
    p = subprocess.run([h.BIN, "problems", "verify", path], capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def rows(out):
    """program -> (expected, verdict, result) from the table."""
    return {k: v[:3] for k, v in h.verify_rows(out).items()}


def main():
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    rc, out, err = verify(os.path.join(h.SRC, "problems", "a-plus-b"))
    print(out, err)
    check(rc == 0, "a-plus-b: every program as its folder says")
    check(rows(out).get("accepted/accepted.java", ("",) * 3)[1] == "AC", "java judged AC")
    rc, out, err = verify(os.path.join(h.SRC, "problems", "topological-order"))
    check(rc == 0, "topological-order (custom checker) verifies")

    # From the catalog: the import keeps each problem's example programs.
    db = h.fresh_db("verify")
    h.import_problems(db)
    p = subprocess.run([h.BIN, "problems", "verify", "a-plus-b", "--db", db],
                       capture_output=True, text=True, timeout=300)
    got = rows(p.stdout)
    check(p.returncode == 0 and len(got) == 8, "verify ID: the 8 stored programs as expected")
    h.psql(db, "UPDATE problem_programs SET folder = 'accepted' WHERE path LIKE 'wrong%'")
    p = subprocess.run([h.BIN, "problems", "verify", "a-plus-b", "--db", db],
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 1 and rows(p.stdout)["wrong_answer/wa.c"][2] == "FAIL",
          "verify ID: a program stored under the wrong folder fails")
    p = subprocess.run([h.BIN, "problems", "verify", "no-such", "--db", db],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 1 and "no problem no-such" in p.stderr, "verify ID: unknown id")
    h.drop_db(db)

    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "a-plus-b")
        shutil.copytree(os.path.join(h.SRC, "problems", "a-plus-b"), d)
        sub = os.path.join(d, "submissions")
        # The WA program filed as accepted, an AC one as a time-limit one.
        os.makedirs(os.path.join(sub, "time_limit_exceeded"))
        shutil.move(os.path.join(sub, "wrong_answer", "wa.c"), os.path.join(sub, "accepted"))
        shutil.copy(os.path.join(sub, "accepted", "accepted.py"),
                    os.path.join(sub, "time_limit_exceeded", "fast.py"))
        with open(os.path.join(sub, "accepted", "sol.kt"), "w") as f:
            f.write("fun main() {}\n")
        rc, out, err = verify(d)
        print(out, err)
        got = rows(out)
        check(rc == 1, "a wrong folder fails the run")
        check(got.get("accepted/wa.c") == ("accepted", "WA", "FAIL"), "wa.c in accepted/ FAILs")
        check(got.get("time_limit_exceeded/fast.py") == ("time_limit_exceeded", "AC", "FAIL"),
              "an AC program in time_limit_exceeded/ FAILs")
        check(got.get("accepted/sol.kt", ("", "", ""))[2] == "skipped", "Kotlin is skipped")
        check(got.get("accepted/accepted.c") == ("accepted", "AC", "ok"), "the others pass")

        shutil.rmtree(sub)
        rc, out, err = verify(d)
        check(rc == 1 and "submissions" in err, "no submissions/: a clear error")
        rc, out, err = verify(os.path.join(tmp, "nope"))
        check(rc == 1 and "nope" in err, "a missing directory: a clear error")

    print(f"{len(failures)} failed")
    return 1 if failures else 0


sys.exit(main())
