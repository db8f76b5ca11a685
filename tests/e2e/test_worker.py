"""End-to-end tests of `verdict worker` (issue 4): jobs pushed on the real
Redis queue, rows in the real PostgreSQL, runs in the real sandbox. Covers
the tutorial's job, the api's job, malformed jobs, exactly-once results,
crash recovery (kill -9 mid-judge), poison jobs, the sweep, and SIGTERM."""
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 11
db = h.fresh_db("worker")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")

APLUSB_C = open(os.path.join(h.SRC, "problems/a-plus-b/submissions/accepted/accepted.c")).read()
APLUSB_PY = open(os.path.join(h.SRC, "problems/a-plus-b/submissions/accepted/accepted.py")).read()
# Sleeps, then answers wrong: long enough to be killed mid-judge, short enough
# for the wall-clock limit of a-plus-b (1 s CPU: 3 s wall).
SLEEPER_C = "#include <stdio.h>\n#include <unistd.h>\nint main(void){sleep(2);puts(\"0\");return 0;}\n"

events = h.Events(RDB)
worker = h.start_worker(db, RDB, slots=2)


def row(sid):
    out = h.psql(db, "SELECT row_to_json(s)::text FROM (SELECT id, user_id, problem_id, language, "
                     "status, verdict, time_ms, memory_kb, tests, message, compile_output, attempts "
                     f"FROM submissions WHERE id::text = '{sid}' OR public_id = '{sid}') s")
    return json.loads(out) if out else None


def pub(sid):
    """The public id of row sid: what events name a submission by (issue 10)."""
    return h.psql(db, f"SELECT public_id FROM submissions WHERE id = {int(sid)}")


def insert_row(user, problem, language, code, **cols):
    """A row as the api makes it; returns its id."""
    extra_cols = "".join(f", {k}" for k in cols)
    extra_vals = "".join(f", {v}" for v in cols.values())
    code_lit = "'" + code.replace("'", "''") + "'"
    return h.psql(db, f"INSERT INTO submissions (user_id, problem_id, language, code{extra_cols}) "
                      f"VALUES ('{user}', '{problem}', '{language}', {code_lit}{extra_vals}) "
                      "RETURNING id")


def wait_result(sid, timeout=60):
    p = pub(sid)
    return events.wait_results(1, timeout, lambda e: e["submissionId"] == p)[0]


def test_tutorial_job_gets_a_row_and_a_verdict():
    h.push_job(RDB, {"problemId": "a-plus-b", "code": APLUSB_PY, "language": "python"})
    ev = events.wait_results(1, 30, lambda e: e.get("problemId") == "a-plus-b"
                             and e.get("language") == "python" and e["userId"] == "anonymous")[0]
    assert ev["status"] == "AC", ev
    r = row(ev["submissionId"])
    assert r["status"] == "done" and r["verdict"] == "AC" and r["user_id"] == "anonymous", r
    assert len(r["tests"]) == 13 and r["tests"][0]["sample"] is True, r
    assert ev["testsPassed"] == 13 and ev["testsTotal"] == 13, ev


def test_api_job_is_judged_once_even_when_pushed_twice():
    sid = insert_row("alice", "a-plus-b", "c", APLUSB_C)
    job = {"submissionId": sid, "userId": "alice", "problemId": "a-plus-b", "language": "c",
           "code": APLUSB_C}
    h.push_job(RDB, job)
    ev = wait_result(sid)
    assert ev["status"] == "AC" and ev["userId"] == "alice", ev
    # A duplicate after the verdict (a requeue, a second push by a sweep).
    h.push_job(RDB, job)
    worker.wait_log(rf"submission {sid} is done already", timeout=20)
    events.poll(0.5)
    assert len(events.results(pub(sid))) == 1, events.results(pub(sid))
    assert row(sid)["attempts"] == 1


def test_progress_events_are_throttled():
    sid = insert_row("carol", "a-plus-b", "c", APLUSB_C)
    h.push_job(RDB, {"submissionId": sid})
    wait_result(sid)
    p = pub(sid)
    progress = [e for e in events.events
                if e.get("type") == "progress" and e["submissionId"] == p]
    assert progress and progress[0]["stage"] == "compiling", progress
    # 13 fast tests: far fewer events than tests.
    assert len(progress) <= 5, progress


def test_malformed_jobs_are_recorded_and_do_not_block_the_queue():
    n0 = len(events.results())
    h.push_job(RDB, "this is not json")
    h.push_job(RDB, "[1, 2, 3]")
    h.push_job(RDB, {"problemId": "a-plus-b", "language": "c"})  # no code
    h.push_job(RDB, {"problemId": "no-such-problem", "language": "c", "code": APLUSB_C})
    h.push_job(RDB, {"problemId": "a-plus-b", "language": "cobol", "code": "DISPLAY 1."})
    h.push_job(RDB, {"problemId": "a-plus-b", "language": "c", "code": "int main(){}\u0000"})
    h.push_job(RDB, {"problemId": "a-plus-b", "language": "c", "code": "x" * (300 << 10)})
    h.push_job(RDB, b"{\"problemId\":\"a-plus-b\",\"language\":\"c\",\"code\":\"\xff\xfe\"}")
    h.push_job(RDB, "{" + " " * (5 << 20) + "}")  # over the job size limit
    h.push_job(RDB, {"submissionId": "12abc"})
    h.push_job(RDB, {"problemId": "a-plus-b", "language": "c", "code": APLUSB_C, "userId": "dave"})
    got = events.wait_results(n0 + 11, 60)[n0:]
    last = [e for e in got if e["userId"] == "dave"]
    assert last and last[0]["status"] == "AC", got
    bad = [e for e in got if e["userId"] != "dave"]
    assert len(bad) == 10, bad
    by_msg = {e["message"]: e["status"] for e in bad}
    expect = {
        "malformed job: not a JSON object": "IE",
        "malformed job: 'code' must be a string": "IE",
        "unknown problem 'no-such-problem'": "IE",
        "unknown language 'cobol'": "CE",
        "code must not contain NUL bytes": "CE",
        "malformed job: not valid UTF-8": "IE",
        "malformed job: bad submissionId": "IE",
    }
    for msg, status in expect.items():
        assert by_msg.get(msg) == status, (msg, by_msg)
    assert any(m.startswith("code of 307200 bytes") for m in by_msg), by_msg
    assert any(m.startswith("job of ") for m in by_msg), by_msg
    for e in bad:
        r = row(e["submissionId"])
        assert r["status"] == "done" and r["verdict"] == e["status"] and r["message"], r
    assert h.redis_cli(RDB, "LLEN", "problems") == "0"
    assert worker.p.poll() is None, "the worker died"


def test_compile_error_carries_the_message():
    sid = insert_row("erin", "a-plus-b", "c", "int main(void) { return missing; }")
    h.push_job(RDB, {"submissionId": sid})
    ev = wait_result(sid)
    assert ev["status"] == "CE", ev
    assert "missing" in ev["compileOutput"] and "undeclared" in ev["compileOutput"], ev
    assert "missing" in row(sid)["compile_output"]


def test_poison_job_ends_as_ie_after_bounded_attempts():
    sid = insert_row("mallory", "a-plus-b", "c", APLUSB_C, status="'running'", attempts="3")
    h.push_job(RDB, {"submissionId": sid})
    ev = wait_result(sid)
    assert ev["status"] == "IE" and "3 times" in ev["message"], ev
    assert row(sid)["attempts"] == 4


def test_kill_9_mid_judge_the_verdict_still_arrives_once():
    global worker
    sid = insert_row("frank", "a-plus-b", "c", SLEEPER_C)
    h.push_job(RDB, {"submissionId": sid})
    p = pub(sid)  # once: each call is a psql process
    # Wait until the program is running (its progress event), then kill -9.
    deadline = time.time() + 20
    while not any(e.get("type") == "progress" and e["submissionId"] == p
                  and e.get("stage") == "running" for e in events.events):
        assert time.time() < deadline, "the submission never started running"
        events.poll(0.2)
    worker.p.kill()
    worker.p.wait()
    n = h.redis_cli(RDB, "LLEN", f"processing:{worker_id(worker)}")
    assert n == "1", f"{n} jobs in the killed worker's list"
    t0 = time.time()
    worker = h.start_worker(db, RDB, slots=2)
    ev = wait_result(sid, timeout=40)
    took = time.time() - t0
    assert ev["status"] == "WA", ev
    assert took < 20, f"recovered in {took:.1f}s"
    events.poll(3)  # nothing else may follow
    assert len(events.results(pub(sid))) == 1, events.results(pub(sid))
    assert row(sid)["attempts"] == 2, row(sid)
    log = worker.drain()
    assert "dead workers back on the queue" in log, log


def worker_id(p):
    return p.wait_log(r"lease taken as (\S+);").group(1)


def test_sweep_requeues_rows_the_queue_lost():
    # Running with its lease expired and on no list at all: Redis lost it.
    sid = insert_row("grace", "a-plus-b", "python", APLUSB_PY, status="'running'",
                     attempts="1", lease_until="now() - interval '1 minute'")
    # The sweep runs 3-4 s after start, then every 30 s: a fresh worker sees it.
    global worker
    assert worker.stop() == 0, worker.log
    worker = h.start_worker(db, RDB, slots=2)
    ev = wait_result(sid, timeout=30)
    assert ev["status"] == "AC", ev
    assert row(sid)["attempts"] == 2


def test_sigterm_hands_back_the_job_in_hand_and_exits_cleanly():
    global worker
    sid = insert_row("heidi", "a-plus-b", "c", SLEEPER_C)
    worker.stop()
    worker = h.start_worker(db, RDB, slots=1, extra=["--grace-ms", "300"])
    h.push_job(RDB, {"submissionId": sid})
    worker.wait_log(r"slot 0: ", timeout=20)
    time.sleep(0.5)
    rc = worker.stop(signal.SIGTERM)
    assert rc == 0, worker.log
    assert "handed back the job of submission " + sid in worker.log, worker.log
    assert "handles left open" not in worker.log
    r = row(sid)
    assert r["status"] == "queued" and r["attempts"] == 0, r
    assert h.redis_cli(RDB, "LLEN", "problems") == "1"
    # The next worker judges it.
    worker = h.start_worker(db, RDB, slots=2)
    ev = wait_result(sid, timeout=30)
    assert ev["status"] == "WA" and len(events.results(pub(sid))) == 1, ev


def test_refuses_to_start_without_root():
    if os.geteuid() != 0:
        return
    import subprocess
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", h.BIN,
                        "worker", "--db", db, "--redis", h.redis_url(RDB)],
                       capture_output=True, text=True)
    assert p.returncode != 0 and "must run as root" in p.stderr, p


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
wrc = worker.stop()
if wrc != 0:
    print(worker.log)
    rc = 1
events.close()
h.drop_db(db)
sys.exit(rc)
