"""End-to-end tests of rejudges (issue 11): POST /api/problems/{id}/rejudge
with the real api, worker, sandbox and gateway. A problem whose tests get
stricter (its directory changed and imported again) flips an AC to WA, live
on the user's WebSocket, with the AC kept in the submission's history; the
filters, the 400s, 401 and 403; exactly once (a job pushed twice, a worker
killed mid-rejudge); and a live submission judged before a big rejudge ends."""
import json
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 10
ADMIN = "rj-admin-token"
P = "rj-sum"
db = h.fresh_db("rejudge")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-rejudge-")

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"
# Right for non-negative numbers only: the loose first tests take it.
SLOPPY = "a, b = map(int, input().split())\nprint(abs(a) + abs(b))\n"


def write_problem(tests):
    """Writes the problem's directory with these (input, output) hidden
    tests and imports it; returns the problem's version afterwards."""
    d = os.path.join(tmp, "problems", P)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "samples"))
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write("# Rejudge sum\n\nPrint a + b.\n")
    with open(os.path.join(d, "problem.json"), "w") as f:
        json.dump({"title": "Rejudge sum", "difficulty": "easy", "timeLimitMs": 2000,
                   "memoryLimitMb": 256, "outputLimitKb": 64, "checker": "tokens"}, f)
    with open(os.path.join(d, "samples", "01.in"), "w") as f:
        f.write("1 2\n")
    with open(os.path.join(d, "samples", "01.out"), "w") as f:
        f.write("3\n")
    for i, (inp, out) in enumerate(tests, 1):
        with open(os.path.join(d, "tests", f"{i:02d}.in"), "w") as f:
            f.write(inp)
        with open(os.path.join(d, "tests", f"{i:02d}.out"), "w") as f:
            f.write(out)
    h.import_problems(db, os.path.join(tmp, "problems"))
    return int(h.psql(db, f"SELECT version FROM problems WHERE id = '{P}'"))


LOOSE = [("5 7\n", "12\n"), ("100 200\n", "300\n")]
STRICT = LOOSE + [("-5 3\n", "-2\n")]

write_problem(LOOSE)
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN])
gw, gw_port = h.start_gateway(RDB)
AUTH = {"Authorization": f"Bearer {ADMIN}"}


def rejudge(body=None, problem=P, headers=None, on_port=None):
    st, _, data = h.http(on_port or port, "POST", f"/api/problems/{problem}/rejudge",
                         body if body is not None else "",
                         headers=AUTH if headers is None else headers)
    return st, json.loads(data) if data else None


def submit(user, code):
    st, _, data = h.http(port, "POST", "/api/submissions",
                         {"userId": user, "problemId": P, "language": "python", "code": code})
    assert st == 202, (st, data)
    return json.loads(data)["id"]


def get(sid):
    st, _, data = h.http(port, "GET", f"/api/submissions/{sid}")
    assert st == 200, (st, data)
    return json.loads(data)


def wait_done(sids, timeout=120):
    deadline = time.time() + timeout
    while True:
        subs = [get(s) for s in sids]
        if all(s["status"] == "done" and not s["rejudging"] for s in subs):
            return subs
        if time.time() > deadline:
            raise AssertionError(f"not done in {timeout}s: {subs}")
        time.sleep(0.2)


def results(ws, count, timeout=60):
    """The next count result events on ws (progress events skipped)."""
    got = []
    deadline = time.time() + timeout
    while len(got) < count:
        ev = ws.recv_json(max(0.1, deadline - time.time()))
        if ev.get("type") == "result":
            got.append(ev)
    return got


def pending():
    return int(h.psql(db, "SELECT count(*) FROM rejudge_pending"))


def test_bad_requests_change_nothing():
    before = h.psql(db, "SELECT count(*) FROM rejudges")
    cases = [
        ("[1]", "body must be a JSON object"),
        ("{\"verdicts\":", "body must be a JSON object"),
        ("null", "body must be a JSON object"),
        ({"verdicts": []}, "verdicts must be an array of 1 to 8 verdict codes"),
        ({"verdicts": "WA"}, "verdicts must be an array of 1 to 8 verdict codes"),
        ({"verdicts": ["WA", "XX"]}, "verdicts[1] is not a verdict code"),
        ({"verdicts": ["wa"]}, "verdicts[0] is not a verdict code"),
        ({"verdicts": [1]}, "verdicts[0] is not a verdict code"),
        ({"verdicts": ["AC"] * 9}, "verdicts must be an array of 1 to 8"),
        ({"since": "2024-01-01T00:00:00Z"}, "since must be a whole number of milliseconds"),
        ({"since": -1}, "since must be a whole number of milliseconds"),
        ({"since": 1.5}, "since must be a whole number of milliseconds"),
        ({"since": 1e300}, "since must be a whole number of milliseconds"),
        ({"verdict": ["WA"]}, "unknown field 'verdict'"),
    ]
    for body, msg in cases:
        st, doc = rejudge(body)
        assert st == 400 and msg in doc["error"], (body, st, doc)
    st, doc = rejudge({}, problem="no-such-problem")
    assert st == 404 and doc["error"] == "unknown problem", (st, doc)
    st, doc = rejudge({}, problem="Bad_Id")
    assert st == 404, (st, doc)
    st, _, _ = h.http(port, "GET", f"/api/problems/{P}/rejudge")
    assert st == 405, st
    # Without the admin token, or with another one: 401; on an api without
    # an admin token the admin routes are off: 403.
    st, doc = rejudge({}, headers={})
    assert st == 401 and "admin token required" in doc["error"], (st, doc)
    st, doc = rejudge({}, headers={"Authorization": "Bearer nope"})
    assert st == 401, (st, doc)
    other, other_port = h.start_api(db, RDB)
    try:
        st, doc = rejudge({}, on_port=other_port)
        assert st == 403 and "admin routes are off" in doc["error"], (st, doc)
    finally:
        assert other.stop() == 0, other.log
    assert h.psql(db, "SELECT count(*) FROM rejudges") == before
    assert pending() == 0


def test_stricter_tests_flip_ac_to_wa_live():
    user = "rj-alice"
    w = h.start_worker(db, RDB, slots=1)
    ws = None
    try:
        ws, _ = h.ws_identify(gw_port, user)
        sloppy, good = submit(user, SLOPPY), submit(user, GOOD)
        first = results(ws, 2)
        assert sorted(e["status"] for e in first) == ["AC", "AC"], first
        v1 = int(h.psql(db, f"SELECT version FROM problems WHERE id = '{P}'"))
        v2 = write_problem(STRICT)
        assert v2 == v1 + 1, (v1, v2)
        st, doc = rejudge()
        assert st == 202 and doc["queued"] == 2 and doc["problemId"] == P, (st, doc)
        rid = doc["id"]
        # Live: the changed verdict reaches the user's socket, saying what
        # it replaced; the unchanged one is not announced.
        ev = results(ws, 1)[0]
        assert ev["submissionId"] == sloppy and ev["status"] == "WA", ev
        assert ev["previousStatus"] == "AC" and ev["rejudge"] == rid, ev
        assert ev["seq"] > 0 and ev["testsTotal"] == 4, ev
        s_sloppy, s_good = wait_done([sloppy, good])
        assert ws.quiet(1.0), "an unchanged verdict was announced"
        assert s_sloppy["verdict"] == "WA" and len(s_sloppy["history"]) == 1, s_sloppy
        old = s_sloppy["history"][0]
        assert old["verdict"] == "AC" and old["rejudgeId"] == rid, old
        assert old["judgedAt"] and old["replacedAt"] and len(old["tests"]) == 3, old
        assert len(s_sloppy["tests"]) == 4, s_sloppy
        # The same verdict again: no history row, the figures refreshed.
        assert s_good["verdict"] == "AC" and s_good["history"] == [], s_good
        assert len(s_good["tests"]) == 4, s_good
        # The worker judged with the current version's tests.
        assert f"of {P} version {v1 + 1}" in w.drain(), w.log
        # Exactly once: the same job again finds its debt paid and is dropped.
        row = h.psql(db, f"SELECT id FROM submissions WHERE public_id = '{sloppy}'")
        h.push_job(RDB, {"submissionId": row, "rejudge": rid})
        w.wait_log(rf"rejudge {rid} of submission {row} is done already", timeout=30)
        assert ws.quiet(0.5), "a rejudge was announced twice"
        assert len(get(sloppy)["history"]) == 1, get(sloppy)
        # The user's list shows the new verdict.
        st, _, data = h.http(port, "GET", f"/api/users/{user}/submissions")
        listed = {s["id"]: s["verdict"] for s in json.loads(data)}
        assert listed[sloppy] == "WA" and listed[good] == "AC", listed
    finally:
        if ws:
            ws.close()
        assert w.stop() == 0, w.log


def test_filters():
    # From the test above: rj-alice's sloppy one is WA, the good one AC.
    total = int(h.psql(db, f"SELECT count(*) FROM submissions WHERE problem_id = '{P}'"))
    wa = int(h.psql(db, f"SELECT count(*) FROM submissions WHERE problem_id = '{P}' "
                        "AND verdict = 'WA'"))
    assert wa >= 1 and total > wa
    st, doc = rejudge({"verdicts": ["WA"]})
    assert st == 202 and doc["queued"] == wa, (st, doc)
    st, doc = rejudge({"verdicts": ["TLE", "MLE"]})
    assert st == 202 and doc["queued"] == 0, (st, doc)
    future = int(time.time() * 1000) + 3600_000
    st, doc = rejudge({"since": future})
    assert st == 202 and doc["queued"] == 0, (st, doc)
    st, doc = rejudge({"since": 0, "verdicts": ["AC", "WA"]})
    assert st == 202 and doc["queued"] == total, (st, doc)
    # since is the submission's creation time, at millisecond precision.
    newest = int(h.psql(db, "SELECT (extract(epoch FROM max(created_at)) * 1000)::bigint + 1 "
                            f"FROM submissions WHERE problem_id = '{P}'"))
    st, doc = rejudge({"since": newest})
    assert st == 202 and doc["queued"] == 0, (st, doc)
    # A newer rejudge took the older ones' debts over: one owed each.
    assert pending() == total
    # Judge them all (the verdicts do not change), so the next test starts
    # with nothing owed.
    w = h.start_worker(db, RDB, slots=1)
    try:
        deadline = time.time() + 120
        while pending() and time.time() < deadline:
            time.sleep(0.2)
        assert pending() == 0, w.drain()
        assert "done already or taken over" in w.drain(), w.log
    finally:
        assert w.stop() == 0, w.log


def test_redis_down_rejudges_nothing():
    # An api whose Redis is not there (nothing listens on that port): the
    # debts recorded in PostgreSQL are cancelled when the push fails.
    before = h.psql(db, "SELECT count(*) FROM rejudges")
    down = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis",
                   "redis://127.0.0.1:17698", "--admin-token", ADMIN])
    try:
        down_port = int(down.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        down.wait_log(r"problems available")
        st, doc = rejudge({}, on_port=down_port)
        assert st == 503 and "nothing was rejudged" in doc["error"], (st, doc)
        deadline = time.time() + 10
        while (pending() or h.psql(db, "SELECT count(*) FROM rejudges") != before) and \
                time.time() < deadline:
            time.sleep(0.1)
        assert pending() == 0
        assert h.psql(db, "SELECT count(*) FROM rejudges") == before
    finally:
        assert down.stop() == 0, down.log


def insert_done(user, n, code, verdict="AC"):
    h.psql(db, "INSERT INTO submissions (user_id, problem_id, language, code, status, verdict, "
               f"finished_at, tests) SELECT '{user}', '{P}', 'python', $${code}$$, 'done', "
               f"'{verdict}', now() - interval '1 hour', '[]' FROM generate_series(1, {n})")


def test_live_submission_runs_before_a_big_rejudge_ends():
    insert_done("rj-bulk", 40, GOOD)
    w = h.start_worker(db, RDB, slots=1)
    try:
        st, doc = rejudge({"since": 0})
        assert st == 202 and doc["queued"] >= 40, (st, doc)
        time.sleep(0.3)  # the worker is well into the rejudge
        live = submit("rj-live", GOOD)
        assert wait_done([live])[0]["verdict"] == "AC"
        left = pending()
        assert left > 0, "the rejudge ended before the live submission was judged"
        deadline = time.time() + 180
        while pending() and time.time() < deadline:
            time.sleep(0.3)
        assert pending() == 0
        # Behind the live one were at most the jobs the worker held when it
        # came (slots + 1) and the one spread with it: rejudged rows finished
        # after it was submitted and before it was judged (those finished
        # before it came are the rejudge's head start, however fast).
        before = int(h.psql(db, "SELECT count(*) FROM submissions r, submissions l WHERE "
                                f"l.public_id = '{live}' AND r.user_id = 'rj-bulk' AND "
                                "r.finished_at > l.created_at AND r.finished_at < l.finished_at"))
        assert before <= 4, before
    finally:
        assert w.stop() == 0, w.log


def test_worker_killed_mid_rejudge_judges_each_once():
    users = "rj-crash"
    insert_done(users, 8, SLOPPY)
    rows = h.psql(db, f"SELECT public_id FROM submissions WHERE user_id = '{users}'").split()
    ws, _ = h.ws_identify(gw_port, users)
    w = h.start_worker(db, RDB, slots=1)
    w2 = None
    try:
        st, doc = rejudge({"verdicts": ["AC"], "since": 0})
        assert st == 202 and doc["queued"] >= 8, (st, doc)
        rid = doc["id"]
        results(ws, 1)
        w.stop(signal.SIGKILL)
        w2 = h.start_worker(db, RDB, slots=1)
        got = results(ws, 7, timeout=120)
        seen = [e["submissionId"] for e in got] + []
        deadline = time.time() + 120
        while pending() and time.time() < deadline:
            time.sleep(0.2)
        assert pending() == 0
        assert ws.quiet(1.0)
        # Every one flipped exactly once: one history row and one event each
        # (the first event came before the kill).
        hist = h.psql(db, "SELECT count(*) FROM verdict_history h JOIN submissions s ON "
                          f"s.id = h.submission_id WHERE s.user_id = '{users}' AND "
                          f"h.rejudge_id = {rid}")
        assert int(hist) == 8, hist
        assert len(set(seen)) == 7 and set(seen) <= set(rows), seen
        assert all(e["status"] == "WA" and e["previousStatus"] == "AC" for e in got), got
    finally:
        ws.close()
        if w2:
            assert w2.stop() == 0, w2.log


try:
    rc = h.Suite().run([
        test_bad_requests_change_nothing,
        test_stricter_tests_flip_ac_to_wa_live,
        test_filters,
        test_redis_down_rejudges_nothing,
        test_live_submission_runs_before_a_big_rejudge_ends,
        test_worker_killed_mid_rejudge_judges_each_once,
    ])
    # Every request's memory was freed (ASan's leak check at exit).
    if api.stop() != 0:
        print(api.log)
        rc = 1
finally:
    gw.stop()
    api.stop()
    h.drop_db(db)
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(rc)
