"""End-to-end tests of feedback on a submission and "beats X%" (issue 13),
with the real api, worker and sandbox: which test failed and how far it got
in the result event and GET /api/submissions/{id}; a failed sample's input,
expected and actual output (capped, marked when cut); a failed hidden test
shows none of its data; a compile error names the user's file, not the box's
path; beats X% exact on a small set seeded in the database; the bucketed
counts through a rejudge's cases (sql/012's triggers); the stats route."""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 3
P = "fb-sum"
HIDDEN_IN = "7531 8642\n"  # a hidden test's input: must never be shown
db = h.fresh_db("feedback")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-feedback-")


def write_problem():
    d = os.path.join(tmp, "problems", P)
    os.makedirs(os.path.join(d, "samples"))
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write("# Feedback sum\n\nPrint a + b.\n")
    with open(os.path.join(d, "problem.json"), "w") as f:
        json.dump({"title": "Feedback sum", "difficulty": "easy", "timeLimitMs": 2000,
                   "memoryLimitMb": 256, "outputLimitKb": 64, "checker": "tokens"}, f)
    samples = [("1 2\n", "3\n"), ("2 2\n", "4\n")]
    hidden = [(HIDDEN_IN, "16173\n"), ("5 7\n", "12\n"), ("100 200\n", "300\n")]
    for sub, tests in (("samples", samples), ("tests", hidden)):
        for i, (inp, out) in enumerate(tests, 1):
            with open(os.path.join(d, sub, f"{i:02d}.in"), "w") as f:
                f.write(inp)
            with open(os.path.join(d, sub, f"{i:02d}.out"), "w") as f:
                f.write(out)
    h.import_problems(db, os.path.join(tmp, "problems"))


write_problem()
api, port = h.start_api(db, RDB)
events = h.Events(RDB)
worker = h.start_worker(db, RDB, slots=2)

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


def submit(user, code, language="python"):
    st, _, data = h.http(port, "POST", "/api/submissions",
                         {"userId": user, "problemId": P, "language": language, "code": code})
    assert st == 202, (st, data)
    return json.loads(data)["id"]


def judged(user, code, language="python"):
    """The result event and the GET of a submission once judged."""
    sid = submit(user, code, language)
    ev = events.wait_results(1, timeout=120, pred=lambda e: e["submissionId"] == sid)[0]
    st, _, data = h.http(port, "GET", f"/api/submissions/{sid}")
    assert st == 200, (st, data)
    return ev, json.loads(data), data.decode() + json.dumps(ev)


def test_wrong_answer_on_a_sample_shows_its_data():
    ev, sub, _ = judged("fb-wa-sample", "print(0)\n")
    for r in (ev, sub):
        assert r["failedTest"] == 1 and r["passed"] == 0 and r["total"] == 5, r
        assert r["summary"] == "Wrong Answer on test 1 of 5 (passed 0/5)", r["summary"]
        c = r["failedCase"]
        assert c == {"test": 1, "input": "1 2\n", "inputCut": False, "expected": "3\n",
                     "expectedCut": False, "output": "0\n", "outputCut": False}, c


def test_second_sample_fails_after_the_first_passed():
    ev, sub, _ = judged("fb-wa-sample2", "a, b = map(int, input().split())\nprint(3)\n")
    for r in (ev, sub):
        assert r["failedTest"] == 2 and r["passed"] == 1, r
        assert r["summary"] == "Wrong Answer on test 2 of 5 (passed 1/5)"
        assert r["failedCase"]["input"] == "2 2\n" and r["failedCase"]["output"] == "3\n"


def test_long_output_is_cut_and_marked():
    ev, sub, _ = judged("fb-cut", "print('x' * 10000)\n")
    for r in (ev, sub):
        c = r["failedCase"]
        assert c["outputCut"] is True and not c["inputCut"] and not c["expectedCut"], c
        assert len(c["output"]) == 4096 and set(c["output"]) == {"x"}, len(c["output"])


def test_wrong_answer_on_a_hidden_test_shows_nothing_of_it():
    # Right on the samples, wrong on the first hidden test.
    code = "a, b = map(int, input().split())\nprint(a + b if a < 5 else -1)\n"
    ev, sub, text = judged("fb-wa-hidden", code)
    for r in (ev, sub):
        assert r["status" if r is ev else "verdict"] == "WA", r
        assert r["failedTest"] == 3 and r["passed"] == 2, r
        assert r["summary"] == "Wrong Answer on test 3 of 5 (passed 2/5)"
        assert r.get("failedCase") is None, r
    # Neither its input nor its expected output anywhere in what the user gets.
    assert "7531" not in text and "16173" not in text and "8642" not in text, text


def test_runtime_error_on_a_sample_shows_its_data():
    ev, sub, _ = judged("fb-re", "import sys\nprint(5)\nsys.exit(3)\n")
    for r in (ev, sub):
        assert r["failedTest"] == 1, r
        assert r["summary"] == "Runtime Error on test 1 of 5 (passed 0/5)"
        assert r["failedCase"]["output"] == "5\n"


def test_compile_error_names_the_users_file():
    # node --check writes the box's absolute path: /box/main.js:2.
    ev, sub, _ = judged("fb-ce", "let a = 1;\nlet x = ;\n", language="javascript")
    for r in (ev, sub):
        out = r["compileOutput"]
        assert "/box/" not in out and "main.js:2" in out, out
        assert r["failedTest"] is None and r["summary"] == "Compilation Error", r


def counts():
    """accepted, and the runtime and memory histograms' totals, for python."""
    st, _, data = h.http(port, "GET", f"/api/problems/{P}/stats?language=python")
    assert st == 200, (st, data)
    s = json.loads(data)
    return (s["accepted"], sum(b["count"] for b in s["runtime"]["buckets"]),
            sum(b["count"] for b in s["memory"]["buckets"]))


def seed(time_ms, memory_kb, verdict="AC"):
    return h.psql(db, "INSERT INTO submissions (user_id, problem_id, language, code, status, "
                      f"verdict, time_ms, memory_kb) VALUES ('seed', '{P}', 'python', 'x', "
                      f"'done', '{verdict}', {time_ms}, {memory_kb}) RETURNING id")


def test_beats_exact_on_a_small_set():
    h.psql(db, f"DELETE FROM submissions WHERE problem_id = '{P}' AND verdict = 'AC'")
    assert counts() == (0, 0, 0)
    # Three far slower and hungrier than any real run, one faster and lighter.
    for _ in range(3):
        seed(60000, 100000000)
    seed(0, 0)
    seed(1, 1, verdict="WA")  # not accepted: never counted
    assert counts() == (4, 4, 4)
    ev, sub, _ = judged("fb-ac", GOOD)
    assert ev["status"] == "AC" and sub["verdict"] == "AC"
    assert ev["failedTest"] is None and ev["summary"] == "Accepted (passed 5/5)", ev
    # Strictly slower: 3 of the 5 accepted (itself included).
    assert ev["runtimeBeats"] == 60 and ev["memoryBeats"] == 60, ev
    assert sub["runtimeBeats"] == 60 and sub["memoryBeats"] == 60, sub
    assert counts() == (5, 5, 5)
    # A wrong answer carries no beats.
    st, _, data = h.http(port, "GET", f"/api/submissions/{submit_and_wait_wa()}")
    assert json.loads(data)["runtimeBeats"] is None


def submit_and_wait_wa():
    ev, sub, _ = judged("fb-wa-beats", "print(0)\n")
    return sub["id"]


def test_counts_follow_rejudges_once_per_submission():
    """The cases a rejudge's single UPDATE (worker_stmts.c rejudge_finish)
    brings, applied to one row: the counts say what the rows say."""
    h.psql(db, f"DELETE FROM submissions WHERE problem_id = '{P}'")
    a = seed(10, 1000)
    b = seed(20, 2000)
    assert counts() == (2, 2, 2)

    def beats(t):
        return float(h.psql(db, f"SELECT accepted_beats('{P}', 'python', 't', {t})"))

    assert beats(10) == 50
    h.psql(db, f"UPDATE submissions SET verdict = 'WA' WHERE id = {b}")  # AC -> WA
    assert counts() == (1, 1, 1) and beats(10) == 0
    h.psql(db, f"UPDATE submissions SET verdict = 'AC' WHERE id = {b}")  # WA -> AC
    assert counts() == (2, 2, 2) and beats(10) == 50
    # AC again with new figures: moved, not added.
    h.psql(db, f"UPDATE submissions SET time_ms = 5, memory_kb = 500 WHERE id = {b}")
    assert counts() == (2, 2, 2) and beats(5) == 50 and beats(10) == 0
    # The same result again (a rejudge that changes nothing): nothing moves.
    h.psql(db, f"UPDATE submissions SET verdict = 'AC', time_ms = 5 WHERE id = {b}")
    assert counts() == (2, 2, 2)
    # Values in different 1024-blocks, and the exact rows within one.
    c = seed(5000, 3000)
    assert beats(5) == round(200 / 3, 2) and beats(4999) == round(100 / 3, 2)
    h.psql(db, f"DELETE FROM submissions WHERE id IN ({a}, {c})")
    assert counts() == (1, 1, 1)
    rows = int(h.psql(db, f"SELECT count(*) FROM accepted_stats WHERE problem_id = '{P}' "
                          "AND count <= 0"))
    assert rows == 0, rows


def test_stats_route_shape_and_errors():
    h.psql(db, f"DELETE FROM submissions WHERE problem_id = '{P}'")
    for t, m in ((3, 1000), (3, 1000), (7, 1030), (200, 5000)):
        seed(t, m)
    st, _, data = h.http(port, "GET", f"/api/problems/{P}/stats?language=py")
    assert st == 200, (st, data)
    s = json.loads(data)
    assert s["accepted"] == 4 and s["language"] == "python" and s["problemId"] == P
    rt = s["runtime"]
    assert rt["width"] == 8, rt  # 3..200 in at most 50 buckets
    assert rt["buckets"][0] == {"from": 0, "to": 8, "count": 3}, rt["buckets"][0]
    assert rt["buckets"][-1] == {"from": 200, "to": 208, "count": 1}, rt["buckets"][-1]
    assert all(b["to"] - b["from"] == 8 for b in rt["buckets"])
    assert sum(b["count"] for b in s["memory"]["buckets"]) == 4
    st, _, data = h.http(port, "GET", f"/api/problems/{P}/stats?language=cobol")
    assert st == 400, (st, data)
    st, _, data = h.http(port, "GET", f"/api/problems/{P}/stats")
    assert st == 400, (st, data)
    st, _, data = h.http(port, "GET", "/api/problems/no-such-problem/stats?language=c")
    assert st == 404, (st, data)
    st, _, data = h.http(port, "GET", f"/api/problems/{P}/stats?language=c%2B%2B")
    assert st == 200 and json.loads(data)["accepted"] == 0, (st, data)


failed = 0
for name, fn in list(globals().items()):
    if name.startswith("test_") and callable(fn):
        try:
            fn()
            print(f"ok   {name}")
        except Exception as e:  # noqa: BLE001
            failed += 1
            print(f"FAIL {name}: {e!r}")
rc = worker.stop()
api.stop()
events.close()
if failed or rc != 0:
    print(worker.log[-4000:])
    print(api.log[-2000:])
h.drop_db(db)
shutil.rmtree(tmp, ignore_errors=True)
print(f"{failed} failed")
sys.exit(1 if failed or rc != 0 else 0)
