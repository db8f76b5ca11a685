"""End to end: the request lanes between api and workers (README "Request
lanes": checker builds, input checks, package settles). Nothing polls: an
idle worker looks at the lanes once a second (the safety net), a request
wakes it at once, and the api reads an answer once, when the worker
announces it. A worker drops unanswered the requests whose api gave up
(their deadline passed). A settle that fails for the worker's own reasons
(its child cannot work) is a 503, not a 400 blaming the package; a request
Redis refuses at once is a 503 too. A worker that stops while a take is in
flight answers the request it gets as its own failure (its api does not wait
for the deadline), and exits even when the take brought a stale one."""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 1
PKG = os.path.join(h.SRC, "tests", "packages", "validated")
ADMIN = "lanes-admin"
AUTH = {"Authorization": "Bearer " + ADMIN, "Content-Type": "application/zip"}
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
LISTS = ("checker:compile", "input:check", "{settle}:requests")
db = h.fresh_db("lanes")
h.redis_cli(RDB, "FLUSHDB")
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--worker-wait-ms", "20000"])
worker = None
CHECKED = []  # processes whose logs are checked for sanitizer reports


def package_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for base, _, files in os.walk(PKG):
            for f in sorted(files):
                z.write(os.path.join(base, f), os.path.relpath(os.path.join(base, f), PKG))
    return out.getvalue()


def put_zip(pid):
    st, _, body = h.http(port, "PUT", "/api/problems/" + pid, package_zip(), AUTH, timeout=120)
    return st, json.loads(body)


def row(pid):
    return h.psql(db, f"SELECT coalesce((SELECT version::text FROM problems WHERE id = '{pid}'), "
                      f"'none')")


class Monitor:
    """redis-cli MONITOR of the test's Redis: the commands sent meanwhile."""

    def __init__(self):
        u = urllib.parse.urlparse(h.REDIS)
        # Line-buffered: what it printed is read before it is stopped.
        self.p = subprocess.Popen(["stdbuf", "-oL", "redis-cli", "-h", u.hostname, "-p",
                                   str(u.port), "MONITOR"], stdout=subprocess.PIPE, text=True)
        assert self.p.stdout.readline().strip() == "OK"

    def stop(self):
        """The commands seen until now: read up to a marker sent last."""
        marker = f"lanes-monitor-end-{time.time()}"
        h.redis_cli(RDB, "ECHO", marker)
        lines = []
        deadline = time.time() + 10
        while time.time() < deadline:
            line = self.p.stdout.readline()
            if not line or marker in line:
                break
            lines.append(line)
        self.p.terminate()
        self.p.communicate(timeout=10)
        # The clients' commands (not those a script sent: "[db lua]").
        return [line for line in lines if f"[{RDB} " in line and " lua]" not in line]


def test_a_settle_whose_child_cannot_work_is_a_503_and_nothing_written():
    # The settle child cannot make its temporary directory: the worker's
    # fault, not the package's.
    work_dir = tempfile.mkdtemp(prefix="verdict-worker-")
    broken = h.Proc(["worker", "--db", db, "--redis", h.redis_url(RDB), "--slots", "1",
                     "--work-dir", work_dir], env={"TMPDIR": "/nonexistent-verdict-tmp"})
    try:
        broken.wait_log(r"lease taken", timeout=30)
        st, doc = put_zip("lanes-broken")
        assert st == 503, (st, doc)
        assert doc["error"] == "a worker could not settle the package; nothing written", doc
        assert row("lanes-broken") == "none"
        api.wait_log(r"package settle failed: .*cannot create a temporary directory")
    finally:
        broken.stop()
        CHECKED.append(broken)


def test_requests_past_their_deadline_are_dropped_unanswered():
    past = int(time.time() * 1000) - 1000
    h.redis_cli(RDB, "LPUSH", "checker:compile",
                json.dumps({"token": "dead01", "deadline": past, "source": "int main(){}"}))
    h.redis_cli(RDB, "LPUSH", "input:check", json.dumps(
        {"token": "dead02", "deadline": past, "problem": "validated", "input": "1 1\n"}))
    h.redis_cli(RDB, "SET", "{settle}:zip:dead03", "PK")
    h.redis_cli(RDB, "LPUSH", "{settle}:requests", json.dumps({"token": "dead03",
                                                               "deadline": past}))
    for kind in ("checker", "input", "settle"):
        h.redis_cli(RDB, "PUBLISH", "lanes:requested", kind)
    worker.wait_log(r"settle request dropped")
    worker.wait_log(r"checker request dropped")
    worker.wait_log(r"input request dropped")
    for key in LISTS:
        assert h.redis_cli(RDB, "LLEN", key) == "0", key
    for key in ("checker:result:dead01", "input:result:dead02", "settle:result:dead03",
                "{settle}:zip:dead03"):
        assert h.redis_cli(RDB, "EXISTS", key) == "0", key


def test_an_idle_worker_and_api_do_not_poll():
    time.sleep(0.5)  # the worker's start-up takes are over
    mon = Monitor()
    time.sleep(3)
    lines = mon.stop()
    takes = [line for line in lines if any(f'"{k}"' in line for k in LISTS)]
    reads = [line for line in lines if ":result:" in line]
    # Three takers, each looking once a second: about 9 in 3 s (the old
    # timers: 50 ms and 2 x 200 ms, about 90).
    assert len(takes) <= 12, takes
    assert reads == [], reads
    print(f"  idle: {len(takes)} lane takes in 3 s, {len(lines)} commands in all")


def test_a_request_is_taken_at_once_and_its_answer_read_once():
    st, _, _ = h.http(port, "GET", "/api/problems/validated")
    assert st == 200
    times = []
    for i in range(5):
        mon = Monitor()
        t0 = time.time()
        st, _, body = h.http(port, "POST", "/api/runs",
                             {"userId": "lanes-u", "problemId": "validated", "language": "python",
                              "code": SUM, "input": f"{i} 1\n"}, timeout=30)
        took = time.time() - t0
        lines = mon.stop()
        assert st == 202, body
        times.append(took * 1000)
        reads = [line for line in lines if '"input:result:' in line and '"GET"' in line]
        # Woken by the worker's announcement: one read (a second only when
        # the 1 s safety read fell in between).
        assert 1 <= len(reads) <= 1 + int(took), reads
    times.sort()
    print(f"  POST /api/runs with 2 validators: median {times[2]:.0f} ms, max {times[-1]:.0f} ms")


def test_a_request_redis_refuses_at_once_is_a_503_and_the_api_lives_on():
    # Redis is unreachable: a checker build's and a settle's request are
    # refused before anything starts, reported by return value and answered
    # 503 by their route. A run never gets to its input check's lane: its
    # route refuses it first, for the queue.
    dead = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis",
                   "redis://127.0.0.1:1/0", "--admin-token", ADMIN])
    dport = int(dead.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
    dead.wait_log(r"problems available")
    try:
        doc = {"title": "C", "difficulty": "easy", "statement": "# C\n\nx\n", "timeLimitMs": 1000,
               "memoryLimitMb": 64, "outputLimitKb": 64, "checker": "custom",
               "checkerSource": "int main(void){return 0;}\n",
               "samples": [{"input": "1\n", "output": "1\n"}],
               "tests": [{"input": "2\n", "output": "2\n"}]}
        st, _, body = h.http(dport, "PUT", "/api/problems/lanes-custom", doc,
                             {"Authorization": "Bearer " + ADMIN})
        assert st == 503 and b"the checker cannot be compiled" in body, (st, body)
        st, _, body = h.http(dport, "PUT", "/api/problems/lanes-zip", package_zip(), AUTH)
        assert st == 503 and b"the package cannot be settled" in body, (st, body)
        st, _, body = h.http(dport, "POST", "/api/runs",
                             {"userId": "lanes-u", "problemId": "validated", "language": "python",
                              "code": SUM, "input": "1 1\n"})
        assert st == 503 and json.loads(body) == {
            "error": "queue unavailable (Redis is down), try again"}, (st, body)
        st, _, _ = h.http(dport, "GET", "/api/problems/validated")
        assert st == 200
        assert row("lanes-custom") == "none" and row("lanes-zip") == "none"
    finally:
        assert dead.stop() == 0, dead.log
        CHECKED.append(dead)


def test_an_answer_whose_announcement_was_lost_is_read_by_the_safety_net():
    # No worker: the test takes the request and stores the answer itself,
    # without announcing it (as if the api's subscriber was reconnecting):
    # only the waiter's own read, once a second, can find it.
    import threading
    h.redis_cli(RDB, "DEL", "input:check")
    out = {}

    def post():
        out["r"] = h.http(port, "POST", "/api/runs",
                          {"userId": "lanes-u", "problemId": "validated", "language": "python",
                           "code": SUM, "input": "2 2\n"}, timeout=30)

    t = threading.Thread(target=post)
    t.start()
    deadline = time.time() + 10
    while h.redis_cli(RDB, "LLEN", "input:check") == "0":
        assert time.time() < deadline, "no request"
        time.sleep(0.01)
    token = json.loads(h.redis_cli(RDB, "RPOP", "input:check"))["token"]
    mon = Monitor()
    t0 = time.time()
    h.redis_cli(RDB, "SET", "input:result:" + token, "0\n", "EX", "60")
    t.join(10)  # a generous bound: the safety net reads once a second
    took = time.time() - t0
    lines = mon.stop()
    assert not t.is_alive() and out["r"][0] == 202, out
    # Read after it was stored (the waiter's GET), though never announced.
    stored = next(i for i, line in enumerate(lines) if '"SET" "input:result:' in line)
    reads = [line for line in lines[stored:] if f'"GET" "input:result:{token}"' in line]
    assert len(reads) >= 1, lines
    assert not any("lanes:answered" in line for line in lines), lines
    print(f"  an unannounced answer read after {took * 1000:.0f} ms")


def test_a_request_whose_wake_up_was_lost_is_taken_within_a_second():
    past = int(time.time() * 1000) - 1000
    h.redis_cli(RDB, "LPUSH", "checker:compile",
                json.dumps({"token": "quiet01", "deadline": past, "source": "x"}))
    t0 = time.time()
    deadline = t0 + 3
    while h.redis_cli(RDB, "LLEN", "checker:compile") != "0":
        assert time.time() < deadline, "not taken"
        time.sleep(0.02)
    print(f"  an unannounced request taken after {(time.time() - t0) * 1000:.0f} ms")


def stop_during_a_take(lane, request):
    """Starts a worker and stops it while its take of request waits in Redis:
    CLIENT PAUSE WRITE holds every write (the take's script, a PUBLISH too),
    so the worker's next take, on its one-second safety net, is held until
    the pause ends, and answered after the SIGTERM. Returns the worker once
    it has exited, and its exit status."""
    u = urllib.parse.urlparse(h.REDIS)
    cli = ["redis-cli", "-h", u.hostname, "-p", str(u.port), "-n", str(RDB)]
    # No PostgreSQL: the worker takes no job, so no fetch in flight calls it
    # back as it stops; the take's answer is the last thing it waits for.
    w = h.Proc(["worker", "--db", "postgresql://postgres@127.0.0.1:1/none", "--redis",
                h.redis_url(RDB), "--slots", "1", "--work-dir",
                tempfile.mkdtemp(prefix="verdict-worker-")])
    w.wait_log(r"lease taken", timeout=30)
    try:
        text = json.dumps(request, separators=(",", ":"))
        # One transaction: no take comes between the push and the pause.
        subprocess.run(cli, input=f"MULTI\nLPUSH {lane} '{text}'\n"
                       "CLIENT PAUSE 2500 WRITE\nEXEC\n", text=True, check=True,
                       capture_output=True)
        # The safety net looks every second: a take is sent (and held) by
        # then. Were it not, the request would be taken by no one and the
        # assertions on the answer fail: this cannot pass by chance.
        time.sleep(1.4)
        rc = w.stop(timeout=15)
    finally:
        h.redis_cli(RDB, "CLIENT", "UNPAUSE")
        w.stop()
        CHECKED.append(w)
    return w, rc


def test_a_request_taken_as_the_worker_stops_is_answered_at_once():
    later = int(time.time() * 1000) + 60000
    w, rc = stop_during_a_take("checker:compile",
                               {"token": "stop01", "deadline": later, "source": "int main(){}"})
    assert rc == 0, w.log
    assert "checker request stop01 refused: the worker is stopping" in w.log, w.log
    # Answered as this worker's failure (the api says 503 at once), not
    # left for its api to wait until the deadline.
    assert h.redis_cli(RDB, "GET", "checker:result:stop01") == "2\nthe worker is stopping"


def test_a_worker_stopping_after_dropping_a_stale_request_exits():
    past = int(time.time() * 1000) - 1000
    # On the settles' lane: its taker looks last of the three (the others'
    # empty takes, answered before, cannot wake the stopping worker).
    w, rc = stop_during_a_take("{settle}:requests", {"token": "stop02", "deadline": past})
    assert rc == 0, w.log
    assert "settle request dropped" in w.log, w.log
    assert h.redis_cli(RDB, "EXISTS", "settle:result:stop02") == "0"


def import_validated():
    tmp = tempfile.mkdtemp(prefix="verdict-lanes-")
    shutil.copytree(PKG, os.path.join(tmp, "validated"))
    r = subprocess.run([h.BIN, "problems", "import", tmp, "--db", db], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import_validated()
    worker = h.start_worker(db, RDB, slots=1)
    rc = h.Suite().run([
        test_requests_past_their_deadline_are_dropped_unanswered,
        test_an_idle_worker_and_api_do_not_poll,
        test_a_request_is_taken_at_once_and_its_answer_read_once,
        test_a_request_whose_wake_up_was_lost_is_taken_within_a_second,
    ])
    worker.stop()
    rc |= h.Suite().run([
        test_an_answer_whose_announcement_was_lost_is_read_by_the_safety_net,
        test_a_request_taken_as_the_worker_stops_is_answered_at_once,
        test_a_worker_stopping_after_dropping_a_stale_request_exits,
        test_a_settle_whose_child_cannot_work_is_a_503_and_nothing_written,
        test_a_request_redis_refuses_at_once_is_a_503_and_the_api_lives_on,
    ])
    api.stop()
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        for proc in [api, worker] + CHECKED:
            if bad in proc.log:
                print(proc.log)
                rc = 1
    h.drop_db(db)
    sys.exit(rc)
