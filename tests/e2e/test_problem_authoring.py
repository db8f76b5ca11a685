"""End to end: problem authoring over the api (issue 11): PATCH, PUT (JSON
and zip) and DELETE of /api/problems/{id}, each bad input answered with a
precise 4xx, and a failed write changing nothing (checked in PostgreSQL)."""
import io
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ADMIN = "authoring-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN}
RDB = 11
db = h.fresh_db("authoring")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--max-upload-kb", "256"])


def call(method, path, body=None, headers=None):
    hd = dict(AUTH)
    hd.update(headers or {})
    st, _, data = h.http(port, method, path, body, hd)
    try:
        return st, json.loads(data) if data else None
    except ValueError:
        return st, data


def problem_doc(title="Echo", tests=None, checker="tokens", source=None):
    d = {"title": title, "difficulty": "easy", "statement": f"# {title}\n\nPrint the input.\n",
         "timeLimitMs": 1000, "memoryLimitMb": 64, "outputLimitKb": 64, "checker": checker,
         "samples": [{"input": "1\n", "output": "1\n"}],
         "tests": tests if tests is not None else [{"input": "2\n", "output": "2\n"}]}
    if source is not None:
        d["checkerSource"] = source
    return d


def row(pid):
    return h.psql(db, f"SELECT version || '|' || title || '|' || time_limit_ms || '|' || "
                      f"(SELECT count(*) FROM tests WHERE problem_id = '{pid}') FROM problems "
                      f"WHERE id = '{pid}'")


def test_put_creates_then_same_content_keeps_the_version():
    st, r = call("PUT", "/api/problems/echo-api", problem_doc())
    assert st == 200, r
    assert r["changed"] is True and r["problem"]["title"] == "Echo", r
    v = r["version"]
    st, r = call("PUT", "/api/problems/echo-api", problem_doc())
    assert st == 200 and r["changed"] is False and r["version"] == v, r
    st, r = call("PUT", "/api/problems/echo-api", problem_doc(title="Echo 2"))
    assert st == 200 and r["changed"] is True and r["version"] == v + 1, r
    st, _, data = h.http(port, "GET", "/api/problems/echo-api")
    got = json.loads(data)
    assert st == 200 and got["title"] == "Echo 2" and got["version"] == v + 1, got
    assert got["testCount"] == 2 and "tests" not in got, got


def test_patch_changes_a_subset_and_moves_the_version():
    st, r = call("PATCH", "/api/problems/echo-api", {"timeLimitMs": 2500, "title": "Patched"})
    assert st == 200, r
    v = r["version"]
    assert r["problem"]["timeLimitMs"] == 2500 and r["problem"]["title"] == "Patched", r
    assert row("echo-api") == f"{v}|Patched|2500|2", row("echo-api")
    st, r = call("PATCH", "/api/problems/echo-api", {"timeLimitMs": 2500})
    assert st == 200 and r["changed"] is False and r["version"] == v, r
    st, _, data = h.http(port, "GET", "/api/problems/echo-api")
    assert json.loads(data)["version"] == v


def test_bad_inputs_get_precise_400s_and_change_nothing():
    before = row("echo-api")
    cases = [
        ("PATCH", {"timeLimitMs": 0}, "timeLimitMs"),
        ("PATCH", {"timeLimitMs": 60001}, "timeLimitMs"),
        ("PATCH", {"memoryLimitMb": 1.5}, "memoryLimitMb"),
        ("PATCH", {"outputLimitKb": "64"}, "outputLimitKb"),
        ("PATCH", {"difficulty": "impossible"}, "difficulty"),
        ("PATCH", {"checker": "float:2"}, "checker"),
        ("PATCH", {"checker": "regex"}, "checker"),
        ("PATCH", {"title": ""}, "title"),
        ("PATCH", {"title": "x" * 201}, "title"),
        ("PATCH", {"statement": "no heading"}, "statement"),
        ("PATCH", {"tests": []}, "unknown field 'tests'"),
        ("PATCH", {}, "nothing to change"),
        ("PATCH", {"checker": "custom"}, "checker source"),
        ("PUT", problem_doc(tests=[]), "'tests'"),
        ("PUT", {**problem_doc(), "tests": [{"input": "1"}]}, "tests[0]"),
        ("PUT", problem_doc(checker="custom"), "custom checker"),
        ("PUT", {**problem_doc(), "memoryLimitMb": 5000}, "memoryLimitMb"),
        ("PUT", {**problem_doc(), "statement": 3}, "statement"),
    ]
    for method, body, word in cases:
        st, r = call(method, "/api/problems/echo-api", body)
        assert st == 400 and word in r["error"], (method, body, st, r)
    st, r = call("PATCH", "/api/problems/echo-api", "{not json")
    assert st == 400 and "JSON object" in r["error"], r
    st, r = call("PUT", "/api/problems/echo-api", "x", {"Content-Type": "text/plain"})
    assert st == 415, r
    st, r = call("PUT", "/api/problems/Bad_Id", problem_doc())
    assert st == 400 and "problem ids" in r["error"], r
    st, r = call("PATCH", "/api/problems/no-such-problem", {"title": "x"})
    assert st == 404, r
    st, r = call("DELETE", "/api/problems/no-such-problem")
    assert st == 404, r
    assert row("echo-api") == before, (row("echo-api"), before)


def test_admin_token_is_required():
    st, _, _ = h.http(port, "PATCH", "/api/problems/echo-api", {"title": "x"})
    assert st == 401
    st, _, _ = h.http(port, "PUT", "/api/problems/echo-api", problem_doc(),
                      {"Authorization": "Bearer wrong"})
    assert st == 401
    st, _, _ = h.http(port, "DELETE", "/api/problems/echo-api")
    assert st == 401


def make_zip(files, top=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr((top + "/" if top else "") + name, data)
    return b.getvalue()


def zip_files(title="Zipped", checker="tokens"):
    meta = {"title": title, "difficulty": "medium", "timeLimitMs": 1500, "memoryLimitMb": 128,
            "outputLimitKb": 64, "checker": checker}
    return {"statement.md": f"# {title}\n\nSum.\n", "problem.json": json.dumps(meta),
            "samples/01.in": "1 2\n", "samples/01.out": "3\n",
            "tests/01.in": "2 2\n", "tests/01.out": "4\n",
            "tests/02.in": "5 5\n", "tests/02.out": "10\n"}


def put_zip(pid, data):
    return call("PUT", f"/api/problems/{pid}", data, {"Content-Type": "application/zip"})


def test_put_zip_in_the_import_layout():
    st, r = put_zip("zip-sum", make_zip(zip_files(), top="zip-sum"))
    assert st == 200 and r["problem"]["title"] == "Zipped", r
    assert r["problem"]["testCount"] == 3 and r["problem"]["difficulty"] == "medium", r
    st, r = put_zip("zip-root", make_zip(zip_files(title="At root")))
    assert st == 200 and r["problem"]["title"] == "At root", r


def test_broken_zips_change_nothing():
    before = row("zip-sum")
    broken = dict(zip_files(title="Broken"))
    del broken["tests/02.out"]
    st, r = put_zip("zip-sum", make_zip(broken))
    assert st == 400 and "tests/02.out" in r["error"], r
    custom = dict(zip_files(title="Custom"), **{"problem.json": json.dumps(
        {"title": "Custom", "difficulty": "easy", "timeLimitMs": 1000, "memoryLimitMb": 64,
         "outputLimitKb": 64, "checker": "custom"})})
    st, r = put_zip("zip-sum", make_zip(custom))
    assert st == 400 and "checker.c" in r["error"], r
    st, r = put_zip("zip-sum", b"PK\x03\x04 not really a zip")
    assert st == 400 and "zip" in r["error"], r
    st, r = put_zip("zip-sum", make_zip({"readme.txt": "hi"}))
    assert st == 400 and "statement.md" in r["error"], r
    # A bomb: 300 MiB of zeros compress to a few hundred KB, under the upload
    # limit; it stops at the per-file limit while being read.
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in zip_files().items():
            if name != "tests/01.in":
                z.writestr(name, data)
        with z.open("tests/01.in", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(70):
                f.write(chunk)
    data = b.getvalue()
    assert len(data) < 256 * 1024, len(data)
    st, r = put_zip("zip-sum", data)
    assert st == 400 and ("larger than" in r["error"] or "UTF-8" in r["error"]), r
    assert row("zip-sum") == before


GOOD_CHECKER = "#include <stdio.h>\nint main(int argc, char **argv) { (void)argv; return argc == 4 ? 0 : 1; }\n"
BROKEN_CHECKER = "int main( { return nothing }\n"


def custom_zip(title, checker_c):
    files = dict(zip_files(title=title))
    files["problem.json"] = json.dumps(
        {"title": title, "difficulty": "easy", "timeLimitMs": 1000, "memoryLimitMb": 64,
         "outputLimitKb": 64, "checker": "custom"})
    files["checker.c"] = checker_c
    return make_zip(files)


def test_custom_checkers_are_compiled_by_a_worker_before_the_write():
    worker = h.start_worker(db, RDB, slots=1)
    try:
        st, r = put_zip("custom-sum", custom_zip("Custom", GOOD_CHECKER))
        assert st == 200 and r["problem"]["checker"] == "custom", r
        before = row("custom-sum")
        st, r = put_zip("custom-sum", custom_zip("Broken", BROKEN_CHECKER))
        assert st == 400 and "does not compile" in r["error"], r
        assert "error" in r["error"][len("the custom checker does not compile"):], r
        assert row("custom-sum") == before, (row("custom-sum"), before)
        src = h.psql(db, "SELECT checker_source FROM problems WHERE id = 'custom-sum'")
        assert "argc == 4" in src, src
        # JSON too
        doc = problem_doc(title="Custom JSON", checker="custom", source=BROKEN_CHECKER)
        st, r = call("PUT", "/api/problems/custom-json", doc)
        assert st == 400 and "does not compile" in r["error"], r
        assert h.psql(db, "SELECT count(*) FROM problems WHERE id = 'custom-json'") == "0"
    finally:
        worker.stop()
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        assert bad not in worker.log, worker.log


def test_upload_over_the_limit_is_413():
    big = problem_doc(tests=[{"input": "x" * (300 * 1024), "output": "x"}])
    st, _ = call("PUT", "/api/problems/too-big", big)
    assert st == 413, st
    assert h.psql(db, "SELECT count(*) FROM problems WHERE id = 'too-big'") == "0"
    # The other routes keep their own, smaller limit.
    st, _, _ = h.http(port, "POST", "/api/submissions",
                      {"userId": "u", "problemId": "a-plus-b", "language": "python",
                       "code": "x" * (600 * 1024)})
    assert st == 413, st


def test_delete_hides_and_closes_but_keeps_history():
    st, r = call("PUT", "/api/problems/doomed", problem_doc(title="Doomed"))
    assert st == 200, r
    api.drain()
    st, _, data = h.http(port, "POST", "/api/submissions",
                         {"userId": "alice", "problemId": "doomed", "language": "python",
                          "code": "print(input())"})
    assert st == 202, data
    sid = json.loads(data)["id"]
    st, r = call("DELETE", "/api/problems/doomed")
    assert st == 200 and r["problem"] is None, r
    st, _, _ = h.http(port, "GET", "/api/problems/doomed")
    assert st == 404
    st, _, data = h.http(port, "GET", "/api/problems")
    assert "doomed" not in [p["id"] for p in json.loads(data)]
    st, _, data = h.http(port, "POST", "/api/submissions",
                         {"userId": "alice", "problemId": "doomed", "language": "python",
                          "code": "print(input())"})
    assert st == 404 and b"unknown problem" in data, (st, data)
    st, _, data = h.http(port, "GET", f"/api/submissions/{sid}")
    assert st == 200 and json.loads(data)["problemId"] == "doomed", data
    st, _, data = h.http(port, "GET", "/api/users/alice/submissions")
    assert sid in [s["id"] for s in json.loads(data)]
    st, r = call("DELETE", "/api/problems/doomed")
    assert st == 404, r
    # PUT brings it back, with a newer version.
    st, r = call("PUT", "/api/problems/doomed", problem_doc(title="Doomed"))
    assert st == 200 and r["changed"] is True, r
    st, _, _ = h.http(port, "GET", "/api/problems/doomed")
    assert st == 200


def test_delete_closes_the_problem_on_every_api_at_once():
    """Another api's list of problems is refreshed every few seconds: the
    delete must still close the problem there the moment it returns."""
    st, r = call("PUT", "/api/problems/gone-everywhere", problem_doc(title="Gone"))
    assert st == 200, r
    other, oport = h.start_api(db, RDB, ["--admin-token", ADMIN])
    try:
        sub = {"userId": "bob", "problemId": "gone-everywhere", "language": "python",
               "code": "print(input())"}
        st, _, data = h.http(oport, "POST", "/api/submissions", sub)
        assert st == 202, data
        st, r = call("DELETE", "/api/problems/gone-everywhere")
        assert st == 200, r
        st, _, data = h.http(oport, "POST", "/api/submissions", sub)
        assert st == 404 and b"unknown problem" in data, (st, data)
    finally:
        other.stop()


def test_cli_import_uses_the_same_rules():
    import tempfile
    d = tempfile.mkdtemp(prefix="verdict-authoring-")
    pdir = os.path.join(d, "cli-zip")
    for name, data in zip_files(title="From disk").items():
        os.makedirs(os.path.dirname(os.path.join(pdir, name)), exist_ok=True)
        with open(os.path.join(pdir, name), "w") as f:
            f.write(data)
    import subprocess
    r = subprocess.run([h.BIN, "problems", "import", pdir, "--db", db], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert row("cli-zip").split("|")[1:] == ["From disk", "1500", "3"], row("cli-zip")


suite = h.Suite()
try:
    rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
finally:
    api.stop()
for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
    if bad in api.log:
        print(api.log)
        rc = 1
h.drop_db(db)
sys.exit(rc)
