"""End to end: a scoring problem's result as users see it. GET
/api/submissions/{id} on a real api with auth on serves score, maxScore,
partial and the validator's teamMessage to the owner, and judgeMessage (in
the row and its history) to the admin token alone; `verdict submit` prints a
scored result ("AC 40/100 (partial)") and its feedback, from a result event
published as the worker publishes it."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 4
ADMIN = "scores-admin-token"
SECRET = "scores-secret"
ANN = f"ann{os.getpid()}"
BOB = f"bob{os.getpid()}"
db = h.fresh_db("scores")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--auth-secret", SECRET])
gw, gw_port = h.start_gateway(RDB, ["--auth-secret", SECRET, "--admin-token", ADMIN])


def token(user):
    return h.user_token(SECRET, user, int(time.time()) + 600)


def get(sid, bearer):
    st, _, body = h.http(port, "GET", f"/api/submissions/{sid}",
                         headers={"Authorization": f"Bearer {bearer}"})
    return st, json.loads(body)


def finished_row(verdict, score, max_score, team, judge):
    """A judged submission of ANN's, as the worker's finish leaves it."""
    def lit(v):
        return "NULL" if v is None else "'" + str(v).replace("'", "''") + "'"
    return h.psql(db, "INSERT INTO submissions (user_id, problem_id, language, code, status, "
                      "verdict, time_ms, memory_kb, tests, message, finished_at, score, "
                      "max_score, team_message, judge_message) VALUES "
                      f"('{ANN}', 'a-plus-b', 'python', 'print(1)', 'done', '{verdict}', 5, "
                      f"900, '[]', '', now(), {lit(score)}, {lit(max_score)}, {lit(team)}, "
                      f"{lit(judge)}) RETURNING public_id")


def test_owner_sees_the_score_and_feedback_the_admin_the_judge_message():
    sid = finished_row("AC", 40, 100, "subtask 2: too slow for n = 10^6", "expected 7, got 8")
    st, doc = get(sid, token(ANN))
    assert st == 200, doc
    assert doc["verdict"] == "AC" and doc["score"] == 40 and doc["maxScore"] == 100, doc
    assert doc["partial"] is True, doc
    assert doc["teamMessage"] == "subtask 2: too slow for n = 10^6", doc
    assert "judgeMessage" not in doc, doc
    st, doc = get(sid, ADMIN)
    assert st == 200 and doc["judgeMessage"] == "expected 7, got 8", doc
    st, _, body = h.http(port, "GET", f"/api/users/{ANN}/submissions?limit=1",
                         headers={"Authorization": f"Bearer {token(ANN)}"})
    row = json.loads(body)[0]
    assert row["id"] == sid and row["partial"] is True and "teamMessage" not in row, row
    st, _ = get(sid, token(BOB))
    assert st == 404, "another user's submission does not exist for them"


def test_history_entries_carry_scores():
    sid = finished_row("AC", 100, 100, None, "now all fine")
    h.psql(db, "INSERT INTO verdict_history (submission_id, rejudge_id, verdict, score, "
               "max_score, team_message, judge_message, judged_at) SELECT id, 3, 'WA', 12.5, "
               f"100, 'group 1 failed', 'line 3', now() FROM submissions WHERE public_id = '{sid}'")
    st, doc = get(sid, token(ANN))
    assert st == 200 and doc["partial"] is False and doc["teamMessage"] is None, doc
    old = doc["history"][0]
    assert old["score"] == 12.5 and old["maxScore"] == 100 and old["partial"] is True, old
    assert old["teamMessage"] == "group 1 failed" and "judgeMessage" not in old, old
    st, doc = get(sid, ADMIN)
    assert doc["history"][0]["judgeMessage"] == "line 3", doc
    assert doc["judgeMessage"] == "now all fine", doc


def test_pass_fail_and_unbounded():
    sid = finished_row("WA", None, None, None, None)
    st, doc = get(sid, token(ANN))
    assert doc["score"] is None and doc["maxScore"] is None and doc["partial"] is False, doc
    sid = finished_row("AC", 1234.5, None, None, None)
    st, doc = get(sid, token(ANN))
    assert doc["score"] == 1234.5 and doc["maxScore"] is None and doc["partial"] is False, doc
    st, _, body = h.http(port, "GET", f"/api/users/{ANN}/submissions?limit=1",
                         headers={"Authorization": f"Bearer {token(ANN)}"})
    assert st == 200 and json.loads(body)[0]["score"] == 1234.5, body
    assert json.loads(body)[0]["partial"] is False, body


def submit_with_result(user, result):
    """Runs `verdict submit` and, once it posted, publishes result (with the
    submission's id) as the worker does; returns (exit code, stdout)."""
    tmp = tempfile.mkdtemp(prefix="verdict-scores-")
    path = os.path.join(tmp, "sol.py")
    with open(path, "w") as f:
        f.write("print(1)\n")
    p = subprocess.Popen([h.BIN, "submit", "--api", f"http://127.0.0.1:{port}",
                          "--gateway", f"ws://127.0.0.1:{gw_port}/ws", "--problem", "a-plus-b",
                          "--lang", "python", "--user", user, "--token", token(user),
                          "--timeout-s", "60", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.match(r"submission ([0-9a-f]{32}) queued", line)
    assert m, (line, p.stderr.read() if p.poll() is not None else "")
    ev = {"type": "result", "submissionId": m.group(1), "userId": user,
          "problemId": "a-plus-b", "language": "python", "timeMs": 3, "memoryKb": 2048,
          "testsPassed": 1, "testsTotal": 2, "tests": [], "message": ""}
    ev.update(result)
    h.redis_cli(RDB, "PUBLISH", "problem_done", json.dumps(ev))
    out, err = p.communicate(timeout=30)
    return p.returncode, out, err


def test_submit_prints_the_score():
    rc, out, err = submit_with_result(ANN, {"status": "AC", "score": 40, "maxScore": 100,
                                            "partial": True, "feedback": "almost: n = 10^6"})
    lines = out.strip().splitlines()
    assert rc == 0, (rc, out, err)
    assert any(l.startswith("AC 40/100 (partial)") for l in lines), out
    assert "almost: n = 10^6" in lines, out
    rc, out, err = submit_with_result(ANN, {"status": "AC", "score": 12.25, "maxScore": None,
                                            "partial": False})
    assert rc == 0 and any(re.match(r"AC 12\.25  \d+ ms", l) for l in out.splitlines()), out
    rc, out, err = submit_with_result(ANN, {"status": "WA"})
    assert rc == 1 and any(re.match(r"WA  \d+ ms", l) for l in out.splitlines()), out


try:
    rc = h.Suite().run([
        test_owner_sees_the_score_and_feedback_the_admin_the_judge_message,
        test_history_entries_carry_scores,
        test_pass_fail_and_unbounded,
        test_submit_prints_the_score,
    ])
finally:
    gw.stop()
    api.stop()
    h.drop_db(db)
sys.exit(rc)
