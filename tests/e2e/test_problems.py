"""End to end: `verdict migrate` and `verdict problems import/list` on a real
PostgreSQL. A broken problem is reported by path and changes nothing."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

db = h.fresh_db("problems")
tmp = tempfile.mkdtemp(prefix="verdict-problems-")


def verdict(*args):
    return subprocess.run([h.BIN, *args, "--db", db], capture_output=True, text=True, timeout=60)


def make_problem(root, pid, title="Echo", checker="tokens", broken=None):
    d = os.path.join(root, pid)
    os.makedirs(os.path.join(d, "samples"))
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write(f"# {title}\n\nPrint the input.\n")
    meta = ('{"title": "%s", "difficulty": "easy", "timeLimitMs": 1000, "memoryLimitMb": 64, '
            '"outputLimitKb": 64, "checker": "%s"}' % (title, checker))
    with open(os.path.join(d, "problem.json"), "w") as f:
        f.write(meta)
    for sub, n in (("samples", 1), ("tests", 2)):
        for i in range(1, n + 1):
            for ext in ("in", "out"):
                with open(os.path.join(d, sub, f"{i:02d}.{ext}"), "w") as f:
                    f.write(f"{i}\n")
    if broken == "missing-out":
        os.remove(os.path.join(d, "tests", "02.out"))
    elif broken == "bad-json":
        with open(os.path.join(d, "problem.json"), "w") as f:
            f.write('{"title": "x", "difficulty": "impossible"}')
    elif broken == "no-title":
        with open(os.path.join(d, "statement.md"), "w") as f:
            f.write("no heading\n")
    elif broken == "custom-without-checker":
        pass
    return d


def test_migrate_is_idempotent():
    r = verdict("migrate")
    assert r.returncode == 0 and "0 applied now" in r.stderr, r.stderr


def test_migrate_applies_a_migration_below_the_highest_applied():
    """Two branches each add a migration (005, 006): a database that got 006
    first must still get 005 (issue 11's authoring and rejudge landed so)."""
    url = h.fresh_db("migrate_gap")
    # 005 undone and unrecorded; 006 stays: 5 is missing below the highest.
    h.psql(url, "DELETE FROM schema_migrations WHERE version = 5; "
                "DROP TRIGGER problems_import_note ON problems; "
                "DROP FUNCTION problem_import_note, problem_put, problem_patch, problem_delete, "
                "problem_write_void, problem_write_begin, problem_json; DROP TABLE problem_writes; "
                "ALTER TABLE problems DROP COLUMN deleted_at")
    r = subprocess.run([h.BIN, "migrate", "--db", url], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and "1 applied now" in r.stderr, r.stderr
    assert h.psql(url, "SELECT count(*) FROM pg_proc WHERE proname = 'problem_put'") == "1"
    assert h.psql(url, "SELECT count(*) FROM schema_migrations WHERE version = 5") == "1"


def test_good_problems_import_and_broken_ones_are_reported_by_path():
    root = os.path.join(tmp, "set1")
    make_problem(root, "echo-one")
    make_problem(root, "echo-two", title="Echo Two")
    bad = {
        "broken-out": "missing-out",
        "broken-json": "bad-json",
        "broken-title": "no-title",
    }
    for pid, how in bad.items():
        make_problem(root, pid, broken=how)
    make_problem(root, "broken-custom", checker="custom")  # no checker.c
    r = verdict("problems", "import", root)
    assert r.returncode == 1, r.stderr
    assert "2 imported" in r.stderr and "4 failed" in r.stderr, r.stderr
    assert "broken-out/tests/02.out" in r.stderr, r.stderr
    assert "broken-json/problem.json" in r.stderr and "difficulty" in r.stderr, r.stderr
    assert "broken-title/statement.md" in r.stderr, r.stderr
    assert "broken-custom/checker.c" in r.stderr, r.stderr
    ids = h.psql(db, "SELECT string_agg(id, ',' ORDER BY id) FROM problems")
    assert ids == "echo-one,echo-two", ids
    assert h.psql(db, "SELECT count(*) FROM tests WHERE problem_id = 'echo-one'") == "3"
    assert h.psql(db, "SELECT count(*) FROM tests WHERE problem_id = 'echo-one' AND is_sample") == "1"


def test_reimport_keeps_the_version_and_a_change_bumps_it():
    root = os.path.join(tmp, "set1")
    r = verdict("problems", "import", os.path.join(root, "echo-one"))
    assert r.returncode == 0, r.stderr
    assert h.psql(db, "SELECT version FROM problems WHERE id = 'echo-one'") == "1"
    with open(os.path.join(root, "echo-one", "tests", "02.out"), "w") as f:
        f.write("changed\n")
    r = verdict("problems", "import", os.path.join(root, "echo-one"))
    assert r.returncode == 0, r.stderr
    assert h.psql(db, "SELECT version FROM problems WHERE id = 'echo-one'") == "2"
    assert h.psql(db, "SELECT output FROM tests WHERE problem_id = 'echo-one' AND ord = 3") == "changed"


def test_a_broken_update_leaves_the_old_problem_whole():
    root = os.path.join(tmp, "set1")
    os.remove(os.path.join(root, "echo-two", "tests", "01.out"))
    r = verdict("problems", "import", os.path.join(root, "echo-two"))
    assert r.returncode == 1 and "echo-two/tests/01.out" in r.stderr, r.stderr
    assert h.psql(db, "SELECT count(*) FROM tests WHERE problem_id = 'echo-two'") == "3"


def test_list_prints_the_catalog():
    r = verdict("problems", "list")
    assert r.returncode == 0
    lines = [l.split("\t") for l in r.stdout.splitlines()]
    assert ["echo-one", "Echo", "easy", "3", "2"] in lines, lines


def test_the_starter_set_imports_cleanly():
    r = verdict("problems", "import", os.path.join(h.SRC, "problems"))
    assert r.returncode == 0 and "0 failed" in r.stderr, r.stderr
    n = int(h.psql(db, "SELECT count(*) FROM problems WHERE id NOT LIKE 'echo-%'"))
    assert n >= 12, n


def test_unreachable_database_is_one_line():
    r = subprocess.run([h.BIN, "problems", "list", "--db", "postgresql://postgres@127.0.0.1:1/x"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "cannot connect" in r.stderr


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
shutil.rmtree(tmp)
h.drop_db(db)
sys.exit(rc)
