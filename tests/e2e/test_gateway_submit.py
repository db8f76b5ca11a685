"""End to end: `verdict submit` against the api, the gateway and the real
worker (an accepted and a wrong solution), and against a fake publisher
(the test PUBLISHes the result itself), plus its error exits."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 7
U = f"s{os.getpid()}"
db = h.fresh_db("gwsubmit")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, api_port = h.start_api(db, RDB)
gw, gw_port = h.start_gateway(RDB)
tmp = tempfile.mkdtemp(prefix="verdict-submit-")


def source(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def submit(user, path, lang="python", extra=None, wait=True):
    args = [h.BIN, "submit", "--api", f"http://127.0.0.1:{api_port}",
            "--gateway", f"ws://127.0.0.1:{gw_port}/ws", "--problem", "a-plus-b",
            "--lang", lang, "--user", user, "--timeout-s", "120"] + (extra or []) + [path]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not wait:
        return p
    out, err = p.communicate(timeout=180)
    return p.returncode, out, err


GOOD = source("good.py", "a, b = map(int, input().split())\nprint(a + b)\n")
BAD = source("bad.py", "a, b = map(int, input().split())\nprint(a - b)\n")


def test_fake_publisher_result_ends_the_wait():
    user = U + "-fake"
    p = submit(user, BAD, wait=False)
    line = p.stdout.readline()
    m = re.match(r"submission ([0-9a-f]{32}) queued", line)
    assert m, line
    sid = m.group(1)
    ev = {"type": "progress", "submissionId": sid, "userId": user, "stage": "test",
          "test": 1, "of": 2}
    h.redis_cli(RDB, "PUBLISH", "problem_done", json.dumps(ev))
    ev = {"type": "result", "submissionId": sid, "userId": user, "problemId": "a-plus-b",
          "status": "WA", "timeMs": 3, "memoryKb": 2048}
    h.redis_cli(RDB, "PUBLISH", "problem_done", json.dumps(ev))
    out, err = p.communicate(timeout=30)
    assert p.returncode == 1, (p.returncode, out, err)
    assert "test 1/2" in out and out.strip().splitlines()[-1].startswith("WA"), out


def test_real_worker_accepts_and_rejects():
    w = h.start_worker(db, RDB)
    try:
        rc, out, err = submit(U + "-real", GOOD)
        assert rc == 0 and "AC" in out, (rc, out, err, w.drain())
        # Feedback (issue 13): the summary and the beats of an accepted one.
        assert re.search(r"Accepted \(passed (\d+)/\1\)", out), out
        assert "runtime beats " in out and "memory beats " in out, out
        rc, out, err = submit(U + "-real", BAD)
        assert rc == 1 and "WA" in out, (rc, out, err)
        # The first sample fails: its data is shown.
        assert re.search(r"Wrong Answer on test 1 of \d+ \(passed 0/\d+\)", out), out
        assert "test 1:\ninput:\n" in out and "your output:\n" in out, out
    finally:
        w.stop()


def test_errors_exit_2():
    rc, _, err = submit(U + "-err", os.path.join(tmp, "missing.py"))
    assert rc == 2 and "cannot read" in err, err
    rc, _, err = submit(U + "-err", GOOD, lang="cobol")
    assert rc == 2 and "400" in err, err
    rc, _, err = submit(U + "-err", GOOD, extra=["--gateway", "ws://127.0.0.1:1/ws"])
    assert rc == 2 and "gateway" in err, err


try:
    rc = h.Suite().run([
        test_fake_publisher_result_ends_the_wait,
        test_real_worker_accepts_and_rejects,
        test_errors_exit_2,
    ])
finally:
    gw.stop()
    api.stop()
    h.drop_db(db)
sys.exit(rc)
