"""End to end: input validators kept with the problem (issues 12 and 13;
README "Runs"). `verdict problems import` stores a package's
input_validators/ (with the arguments data/secret gives them) in the
problem's plan, GET /api/problems/{id} names them, export writes them back;
POST /api/runs has a worker check the input first (400 naming the validator
and why; 202 when valid; 503 when no worker answers in time), and a run job
that reaches a worker with a bad input (queued before the problem had its
validators) ends BAD_INPUT. PUT /api/problems/{id} of a package zip is
settled by a worker (`verdict problems settle` as a child): a bad .in
refuses it (400, nothing changed), a missing time limit is computed, and no
worker is a 503. The package is tests/packages/validated: a C validator
taking "--max 100" and a Python one. tests/packages/groupflags gives its
groups different arguments: each .in is checked with its own group's at
import and settle, a run's input is valid under any group's, and the
export keeps each group's."""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 12
PKG = os.path.join(h.SRC, "tests", "packages", "validated")
db = h.fresh_db("inputval")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-inputval-")
ADMIN = "inputval-admin"
AUTH = {"Authorization": "Bearer " + ADMIN, "Content-Type": "application/zip"}
api, port = h.start_api(db, RDB, ["--worker-wait-ms", "1500", "--admin-token", ADMIN])
worker = None
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def verdict(*args):
    return subprocess.run([h.BIN, *args, "--db", db], capture_output=True, text=True, timeout=120)


def import_copy(name, keep_validators=True):
    """Imports a copy of the package as problem name."""
    dst = os.path.join(tmp, "in-" + name, name)
    shutil.rmtree(os.path.dirname(dst), ignore_errors=True)
    shutil.copytree(PKG, dst)
    if not keep_validators:
        shutil.rmtree(os.path.join(dst, "input_validators"))
    r = verdict("problems", "import", os.path.dirname(dst))
    assert r.returncode == 0, r.stderr
    return r


def post_run(problem, stdin, user="iv-alice"):
    t0 = time.time()
    st, _, data = h.http(port, "POST", "/api/runs", {"userId": user, "problemId": problem,
                                                    "language": "python", "code": SUM,
                                                    "input": stdin}, timeout=30)
    return st, json.loads(data), time.time() - t0


def wait_run(rid, timeout=60):
    deadline = time.time() + timeout
    while True:
        st, _, data = h.http(port, "GET", f"/api/runs/{rid}")
        assert st == 200, (st, data)
        doc = json.loads(data)
        if doc["status"] not in ("queued", "running"):
            return doc
        assert time.time() < deadline, doc
        time.sleep(0.05)


def test_import_keeps_the_validators_and_get_names_them():
    import_copy("validated")
    rows = json.loads(h.psql(db, "SELECT judging->'inputValidators' FROM problems WHERE id = "
                                 "'validated'"))
    assert [v["path"] for v in rows] == ["input_validators/oneline.py",
                                         "input_validators/range.c"], rows
    rng = rows[1]
    assert rng["dir"] is False and rng["language"] == "c" and rng["args"] == ["--max", "100"]
    assert rng["files"][0]["name"] == "range.c" and "--max" in rng["files"][0]["text"], rng
    assert rng["cpuMs"] == 60000 and rng["memoryMb"] == 2048, rng
    assert rows[0]["args"] == [] and rows[0]["language"] == "python", rows[0]
    st, _, data = h.http(port, "GET", "/api/problems/validated")
    doc = json.loads(data)
    assert st == 200 and doc["inputValidators"] == [v["path"] for v in rows], doc
    assert "range.c" not in json.dumps({k: v for k, v in doc.items() if k != "inputValidators"})
    # A problem without validators names none.
    import_copy("plain", keep_validators=False)
    st, _, data = h.http(port, "GET", "/api/problems/plain")
    assert st == 200 and json.loads(data)["inputValidators"] is None, data


def test_export_writes_them_back_and_they_go_round():
    out = os.path.join(tmp, "export")
    os.makedirs(out)
    r = verdict("problems", "export", "validated", out)
    assert r.returncode == 0, r.stderr
    top = os.path.join(out, "validated")
    for f in ("range.c", "oneline.py"):
        with open(os.path.join(top, "input_validators", f)) as a, \
                open(os.path.join(PKG, "input_validators", f)) as b:
            assert a.read() == b.read(), f
    with open(os.path.join(top, "data", "secret", "test_group.yaml")) as f:
        text = f.read()
    assert text == 'input_validator_args:\n  "range": ["--max", "100"]\n', text
    before = h.psql(db, "SELECT judging->'inputValidators' FROM problems WHERE id = 'validated'")
    shutil.move(top, os.path.join(out, "again"))
    r = verdict("problems", "import", os.path.join(out, "again"))
    assert r.returncode == 0, r.stderr
    after = h.psql(db, "SELECT judging->'inputValidators' FROM problems WHERE id = 'again'")
    assert json.loads(before) == json.loads(after)


def test_no_worker_is_a_503_and_nothing_queued():
    st, doc, took = post_run("validated", "1 2\n")
    assert st == 503 and "no worker checked the input" in doc["error"], doc
    assert 1.4 < took < 10, took
    assert h.redis_cli(RDB, "KEYS", "run:*") == "", "a run was queued"


def package_zip(extra=None, drop=()):
    """The package as a zip, with extra {name: text} files and without drop."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for base, _, files in os.walk(PKG):
            for f in sorted(files):
                rel = os.path.relpath(os.path.join(base, f), PKG)
                if rel not in drop:
                    z.write(os.path.join(base, f), rel)
        for name, text in (extra or {}).items():
            z.writestr(name, text)
    return out.getvalue()


def put_zip(pid, data, p=None):
    t0 = time.time()
    st, _, body = h.http(p or port, "PUT", "/api/problems/" + pid, data, AUTH, timeout=120)
    return st, json.loads(body), time.time() - t0


def row(pid):
    return h.psql(db, f"SELECT coalesce((SELECT version || ':' || content_hash FROM problems "
                      f"WHERE id = '{pid}'), 'none')")


def test_no_worker_to_settle_a_put_is_a_503_and_nothing_written():
    short, short_port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--settle-wait-ms", "1000"])
    try:
        st, doc, took = put_zip("put-val", package_zip(), short_port)
        assert st == 503 and "no worker settled the package in time" in doc["error"], doc
        assert 0.9 < took < 10, took
        assert row("put-val") == "none"
    finally:
        short.stop()


def test_an_api_stopped_while_waiting_for_a_worker_answers_503_and_exits_cleanly():
    # No worker yet: a PUT waits for a settle and a run for its input check;
    # the api is stopped meanwhile. It used to poll its freed Redis
    # connection on its way out and crash.
    import threading
    waiting, wport = h.start_api(db, RDB, ["--admin-token", ADMIN, "--settle-wait-ms", "60000",
                                           "--worker-wait-ms", "60000"])
    got = {}
    h.redis_cli(RDB, "DEL", "{settle}:requests", "input:check")

    def put():
        try:
            got["put"] = put_zip("put-stop", package_zip(), wport)
        except Exception as e:  # noqa: BLE001 (the connection's end is the answer)
            got["put"] = (0, {"error": repr(e)}, 0)

    def run():
        try:
            st, _, body = h.http(wport, "POST", "/api/runs",
                                 {"userId": "iv-stop", "problemId": "validated",
                                  "language": "python", "code": "print(1)", "input": "1 2\n"},
                                 timeout=60)
            got["run"] = (st, json.loads(body))
        except Exception as e:  # noqa: BLE001
            got["run"] = (0, {"error": repr(e)})

    threads = [threading.Thread(target=put), threading.Thread(target=run)]
    for t in threads:
        t.start()
    deadline = time.time() + 10
    while time.time() < deadline and (h.redis_cli(RDB, "LLEN", "{settle}:requests") == "0"
                                      or h.redis_cli(RDB, "LLEN", "input:check") == "0"):
        time.sleep(0.05)
    rc = waiting.stop()
    for t in threads:
        t.join(20)
    assert rc == 0, waiting.log[-3000:]
    # A stopping api closes its connections: the request ends unanswered or
    # with the 503 it was given on the way out, never with a write.
    for what in ("put", "run"):
        st, doc = got[what][0], got[what][1]
        assert (st == 503 and "stopping" in doc["error"]) or (
            st == 0 and "Disconnected" in doc["error"]), (what, got[what])
    assert row("put-stop") == "none"
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        assert bad not in waiting.log, waiting.log[-3000:]
    h.redis_cli(RDB, "DEL", "{settle}:requests", "input:check")


def test_an_old_job_with_a_bad_input_ends_bad_input():
    # Queued while the problem had no validators (no worker yet), then the
    # problem gains them: the worker's re-check refuses the input.
    import_copy("later", keep_validators=False)
    st, doc, _ = post_run("later", "500 1\n")
    assert st == 202, doc
    import_copy("later")
    global worker
    worker = h.start_worker(db, RDB, slots=1)
    res = wait_run(doc["id"])
    assert res["status"] == "BAD_INPUT", res
    assert res["message"] == ("input rejected by input validator input_validators/range.c: "
                              "not accepted (exit code 43): a number out of range [0, 100]"), res
    assert res["stdout"] == "" and res["exitCode"] == 0, res


def test_a_bad_input_is_a_400_that_says_why():
    st, doc, took = post_run("validated", "101 2\n")
    assert st == 400, doc
    assert doc["error"] == ("input rejected by input validator input_validators/range.c: "
                            "not accepted (exit code 43): a number out of range [0, 100]"), doc
    st, doc, _ = post_run("validated", "1 2\n3 4\n")
    assert st == 400 and doc["error"] == (
        "input rejected by input validator input_validators/oneline.py: not accepted "
        "(exit code 43): the input must be exactly one line"), doc
    print(f"  a rejected input answered in {took * 1000:.0f} ms")


def test_a_valid_input_is_run_and_the_builds_are_kept():
    st, doc, took = post_run("validated", "40 2\n")
    assert st == 202 and doc["status"] == "queued", doc
    res = wait_run(doc["id"])
    assert res["status"] == "ok" and res["stdout"] == "42\n", res
    kept = os.path.join(worker.work_dir, "cache", "inputs")
    version = h.psql(db, "SELECT version FROM problems WHERE id = 'validated'")
    names = sorted(n for n in os.listdir(kept) if n.startswith("validated-"))
    assert names == [f"validated-{version}-1", f"validated-{version}-2"], names
    times = []
    for _ in range(5):
        st, doc, took = post_run("validated", "1 1\n")
        assert st == 202, doc
        times.append(took * 1000)
        wait_run(doc["id"])
    times.sort()
    print(f"  POST /api/runs with 2 kept validators: median {times[2]:.0f} ms, "
          f"max {times[-1]:.0f} ms")
    assert sorted(n for n in os.listdir(kept) if n.startswith("validated-")) == names


def test_put_zip_is_settled_by_a_worker():
    st, doc, took = put_zip("put-val", package_zip())
    assert st == 200, doc
    assert doc["changed"] is True and doc["timeLimitProvisional"] is False, doc
    assert doc["timeLimitNote"] is None and doc["warnings"] == [], doc
    assert doc["problem"]["inputValidators"] == ["input_validators/oneline.py",
                                                 "input_validators/range.c"], doc
    assert doc["problem"]["timeLimitMs"] == 1000, doc
    print(f"  PUT of the package zip settled (2 validators x 3 inputs) in {took * 1000:.0f} ms")
    before = row("put-val")
    bad = package_zip({"data/secret/3.in": "500 1\n", "data/secret/3.ans": "501\n"})
    st, doc, _ = put_zip("put-val", bad)
    assert st == 400, doc
    assert doc["error"] == ("data/secret/3.in: rejected by input validator "
                            "input_validators/range.c: not accepted (exit code 43): a number out "
                            "of range [0, 100]"), doc
    assert row("put-val") == before
    st, doc, _ = put_zip("put-new", bad)
    assert st == 400 and row("put-new") == "none", doc


def test_put_zip_without_a_time_limit_gets_one_computed():
    yaml = open(os.path.join(PKG, "problem.yaml")).read().split("limits:")[0]
    data = package_zip({"problem.yaml": yaml}, drop=("problem.yaml",))
    st, doc, took = put_zip("put-timed", data)
    assert st == 200, doc
    assert doc["timeLimitProvisional"] is False, doc
    assert "slowest accepted test" in doc["timeLimitNote"], doc
    assert doc["problem"]["timeLimitMs"] in range(1000, 10000, 1000), doc
    print(f"  PUT settled with its time limit computed in {took * 1000:.0f} ms")


GROUPS = os.path.join(h.SRC, "tests", "packages", "groupflags")
OUT_OF_LARGE = ("input rejected by input validator input_validators/bounds.c: not accepted "
                "(exit code 43): a number out of range [100, 1000]")


def groups_copy(name, extra=None):
    """A copy of tests/packages/groupflags as name, with extra {rel: text}."""
    dst = os.path.join(tmp, "groups-" + name, name)
    shutil.rmtree(os.path.dirname(dst), ignore_errors=True)
    shutil.copytree(GROUPS, dst)
    for rel, text in (extra or {}).items():
        with open(os.path.join(dst, rel), "w") as f:
            f.write(text)
    return dst


def test_each_input_is_validated_with_its_own_groups_arguments():
    # data/ says --max 10, secret/large --min 100 --max 1000: each group's
    # inputs pass only under their own group's arguments.
    r = verdict("problems", "import", os.path.dirname(groups_copy("groupflags")))
    assert r.returncode == 0, r.stderr
    for rel, text, rule in (("data/secret/small/3.in", "50 60\n", "[0, 10]"),
                            ("data/secret/large/2.in", "5 6\n", "[100, 1000]")):
        bad = groups_copy("groupbad", {rel: text, rel[:-3] + ".ans": "0\n"})
        r = verdict("problems", "import", os.path.dirname(bad))
        assert r.returncode != 0, (rel, r.stderr)
        assert (f"{rel}: rejected by input validator input_validators/bounds.c: not accepted "
                f"(exit code 43): a number out of range {rule}") in r.stderr, r.stderr
    # A worker settling the PUT of the zip checks them the same way.
    def zipped(root):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for base, _, files in os.walk(root):
                for f in sorted(files):
                    z.write(os.path.join(base, f), os.path.relpath(os.path.join(base, f), root))
        return out.getvalue()
    st, doc, _ = put_zip("put-groups", zipped(groups_copy("put-groups")))
    assert st == 200, doc
    bad = groups_copy("put-groups", {"data/secret/large/2.in": "5 6\n",
                                     "data/secret/large/2.ans": "11\n"})
    st, doc, _ = put_zip("put-groups", zipped(bad))
    assert st == 400 and doc["error"].startswith("data/secret/large/2.in: rejected by input "
                                                 "validator input_validators/bounds.c"), doc


def test_a_runs_input_is_valid_under_some_groups_arguments():
    for stdin, out in (("5 6\n", "11\n"), ("500 600\n", "1100\n")):
        st, doc, _ = post_run("groupflags", stdin)
        assert st == 202, (stdin, doc)
        res = wait_run(doc["id"])
        assert res["status"] == "ok" and res["stdout"] == out, res
    st, doc, _ = post_run("groupflags", "50 60\n")
    assert st == 400, doc
    assert doc["error"] == (OUT_OF_LARGE + "; the arguments of the problem's other test groups "
                            "(1) reject it too"), doc


def test_export_keeps_each_groups_arguments():
    out = os.path.join(tmp, "groups-export")
    os.makedirs(out)
    r = verdict("problems", "export", "groupflags", out)
    assert r.returncode == 0, r.stderr
    top = os.path.join(out, "groupflags")
    with open(os.path.join(top, "data", "secret", "test_group.yaml")) as f:
        assert f.read() == ('input_validator_args:\n  "bounds": ["--min", "100", "--max", '
                            '"1000"]\n')
    with open(os.path.join(top, "data", "secret", "small", "1.yaml")) as f:
        assert f.read() == 'input_validator_args:\n  "bounds": ["--max", "10"]\n'
    assert not os.path.exists(os.path.join(top, "data", "secret", "large", "1.yaml"))
    before = h.psql(db, "SELECT judging->'inputValidators' FROM problems WHERE id = 'groupflags'")
    shutil.move(top, os.path.join(out, "groupsagain"))
    r = verdict("problems", "import", os.path.join(out, "groupsagain"))
    assert r.returncode == 0, r.stderr
    after = h.psql(db, "SELECT judging->'inputValidators' FROM problems WHERE id = 'groupsagain'")
    assert json.loads(before) == json.loads(after)


def test_problems_without_validators_are_not_checked():
    st, doc, _ = post_run("plain", "500 1\n")
    assert st == 202, doc
    res = wait_run(doc["id"])
    assert res["status"] == "ok" and res["stdout"] == "501\n", res
    assert " for plain:" not in worker.drain(), "checked"


if __name__ == "__main__":
    rc = h.Suite().run([
        test_import_keeps_the_validators_and_get_names_them,
        test_export_writes_them_back_and_they_go_round,
        test_no_worker_is_a_503_and_nothing_queued,
        test_no_worker_to_settle_a_put_is_a_503_and_nothing_written,
        test_an_api_stopped_while_waiting_for_a_worker_answers_503_and_exits_cleanly,
        test_an_old_job_with_a_bad_input_ends_bad_input,
        test_a_bad_input_is_a_400_that_says_why,
        test_a_valid_input_is_run_and_the_builds_are_kept,
        test_put_zip_is_settled_by_a_worker,
        test_put_zip_without_a_time_limit_gets_one_computed,
        test_each_input_is_validated_with_its_own_groups_arguments,
        test_a_runs_input_is_valid_under_some_groups_arguments,
        test_export_keeps_each_groups_arguments,
        test_problems_without_validators_are_not_checked,
    ])
    if worker:
        worker.stop()
    api.stop()
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        for proc in [api] + ([worker] if worker else []):
            if bad in proc.log:
                print(proc.log)
                rc = 1
    shutil.rmtree(tmp, ignore_errors=True)
    h.drop_db(db)
    sys.exit(rc)
