"""End to end: hidden tests a problem marks visible (issue 13: "For a failed
sample test (and any test the problem marks `visible`)"; README "Feedback on
a submission"). problem.json's "visibleTests" (hidden test numbers, 1-based)
is imported and served by GET; a submission failing a visible hidden test
gets its failedCase (input, expected, output) through the real worker and
sandbox, one failing another hidden test none; PATCH changes the list (and
the version: the worker judges with the new one), refuses a number past the
hidden tests; PUT JSON carries it; export writes a visible test as a test
with full_feedback, and that package imports with the same visibleTests."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 14
P = "vis-sum"
ADMIN = "visible-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN}
db = h.fresh_db("visible")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-visible-")
HIDDEN = [("5 7\n", "12\n"), ("40 2\n", "42\n"), ("9753 1\n", "9754\n")]


def write_problem():
    d = os.path.join(tmp, "problems", P)
    os.makedirs(os.path.join(d, "samples"))
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write("# Visible sum\n\nPrint a + b.\n")
    with open(os.path.join(d, "problem.json"), "w") as f:
        json.dump({"title": "Visible sum", "difficulty": "easy", "timeLimitMs": 2000,
                   "memoryLimitMb": 256, "outputLimitKb": 64, "checker": "tokens",
                   "visibleTests": [2]}, f)
    for sub, tests in (("samples", [("1 2\n", "3\n")]), ("tests", HIDDEN)):
        for i, (inp, out) in enumerate(tests, 1):
            with open(os.path.join(d, sub, f"{i:02d}.in"), "w") as f:
                f.write(inp)
            with open(os.path.join(d, sub, f"{i:02d}.out"), "w") as f:
                f.write(out)
    r = subprocess.run([h.BIN, "problems", "import", os.path.join(tmp, "problems"), "--db", db],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


write_problem()
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN])
events = h.Events(RDB)
worker = h.start_worker(db, RDB, slots=2)


def problem(pid=P):
    st, _, data = h.http(port, "GET", f"/api/problems/{pid}")
    assert st == 200, (st, data)
    return json.loads(data)


def judged(user, code, pid=P):
    st, _, data = h.http(port, "POST", "/api/submissions",
                         {"userId": user, "problemId": pid, "language": "python", "code": code})
    assert st == 202, (st, data)
    sid = json.loads(data)["id"]
    ev = events.wait_results(1, timeout=120, pred=lambda e: e["submissionId"] == sid)[0]
    st, _, data = h.http(port, "GET", f"/api/submissions/{sid}")
    assert st == 200, (st, data)
    return ev, json.loads(data), data.decode() + json.dumps(ev)


def wrong_on(a):
    """Right but on the test whose first number is a."""
    return f"a, b = map(int, input().split())\nprint(a + b if a != {a} else 0)\n"


def patch(body):
    st, _, data = h.http(port, "PATCH", f"/api/problems/{P}", body, AUTH)
    return st, json.loads(data)


def test_get_serves_visible_tests():
    assert problem()["visibleTests"] == [2]


def test_a_failed_visible_hidden_test_shows_its_data():
    ev, sub, _ = judged("vis-1", wrong_on(40))
    for r in (ev, sub):
        assert r["failedTest"] == 3 and r["passed"] == 2, r
        assert r["failedCase"] == {"test": 3, "input": "40 2\n", "inputCut": False,
                                   "expected": "42\n", "expectedCut": False, "output": "0\n",
                                   "outputCut": False}, r["failedCase"]


def test_another_hidden_test_shows_nothing():
    ev, sub, text = judged("vis-2", wrong_on(9753))
    for r in (ev, sub):
        assert r["failedTest"] == 4 and r.get("failedCase") is None, r
    assert '"9753 1\\n"' not in text and '"9754\\n"' not in text, text


def test_patch_changes_them_and_the_worker_follows():
    before = problem()["version"]
    st, r = patch({"visibleTests": [3, 1, 3]})
    assert st == 200 and r["changed"] is True and r["version"] == before + 1, r
    assert r["problem"]["visibleTests"] == [1, 3], r
    st, r2 = patch({"visibleTests": [1, 3]})
    assert st == 200 and r2["changed"] is False and r2["version"] == r["version"], r2
    ev, sub, _ = judged("vis-3", wrong_on(9753))
    assert sub["failedCase"]["input"] == "9753 1\n", sub
    ev, sub, text = judged("vis-4", wrong_on(40))
    assert sub["failedTest"] == 3 and sub.get("failedCase") is None, sub
    assert '"40 2\\n"' not in text and '"42\\n"' not in text, text
    st, r = patch({"visibleTests": [4]})
    assert st == 400 and "the problem has 3 hidden tests" in r["error"], r
    st, r = patch({"visibleTests": "2"})
    assert st == 400 and "'visibleTests' must be an array" in r["error"], r
    st, r = patch({"visibleTests": [], "title": "Visible sum 2"})
    assert st == 200 and r["changed"] and r["problem"]["visibleTests"] == [], r
    assert r["problem"]["title"] == "Visible sum 2", r


def test_put_json_carries_them():
    doc = {"title": "Put", "difficulty": "easy", "statement": "# Put\n\nSum.\n",
           "timeLimitMs": 1000, "memoryLimitMb": 64, "outputLimitKb": 64, "checker": "tokens",
           "samples": [{"input": "1 1\n", "output": "2\n"}],
           "tests": [{"input": a, "output": b} for a, b in HIDDEN], "visibleTests": [3]}
    hd = dict(AUTH)
    st, _, data = h.http(port, "PUT", "/api/problems/vis-put", doc, hd)
    r = json.loads(data)
    assert st == 200 and r["problem"]["visibleTests"] == [3], r
    doc["visibleTests"] = [7]
    st, _, data = h.http(port, "PUT", "/api/problems/vis-put", doc, hd)
    assert st == 400 and b"no hidden test 7 (there are 3)" in data, data


def test_export_and_import_keep_them():
    st, r = patch({"visibleTests": [2]})
    assert st == 200, r
    out = os.path.join(tmp, "export")
    os.makedirs(out)
    r = subprocess.run([h.BIN, "problems", "export", P, out, "--db", db], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    secret = os.path.join(out, P, "data", "secret")
    assert open(os.path.join(secret, "002.yaml")).read() == "full_feedback: true\n"
    assert not os.path.exists(os.path.join(secret, "001.yaml"))
    again = os.path.join(tmp, "vis-again")
    shutil.copytree(os.path.join(out, P), again)
    r = subprocess.run([h.BIN, "problems", "import", again, "--db", db], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert problem("vis-again")["visibleTests"] == [2]
    ev, sub, _ = judged("vis-5", wrong_on(40), pid="vis-again")
    assert sub["failedCase"]["expected"] == "42\n", sub
    # A package's visible tests are its full_feedback ones: not PATCHed.
    st, _, data = h.http(port, "PATCH", "/api/problems/vis-again", {"visibleTests": [1]}, AUTH)
    assert st == 400 and b"change them in the package" in data, (st, data)
    assert problem("vis-again")["visibleTests"] == [2]


suite = h.Suite()
try:
    rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
finally:
    worker.stop()
    api.stop()
    events.close()
for proc in (api, worker):
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        if bad in proc.log:
            print(proc.log)
            rc = 1
h.drop_db(db)
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(rc)
