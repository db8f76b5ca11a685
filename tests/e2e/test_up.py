"""End to end: `verdict up` as a user runs it. Private Redis and PostgreSQL
under a data dir of the test's own, every role, the page's URL printed; a
submission judged through `verdict submit`; Ctrl-C stops everything it
started; a second start finds the data kept."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


data = tempfile.mkdtemp(prefix="verdict-up-", dir="/tmp")
os.chmod(data, 0o755)
ports = {name: free_port() for name in ("api", "gw", "redis", "db")}
ARGS = ["up", "--data-dir", data, "--port", str(ports["api"]), "--gateway-port", str(ports["gw"]),
        "--redis-port", str(ports["redis"]), "--db-port", str(ports["db"]), "--slots", "1"]
SOLUTION = os.path.join(h.SRC, "problems", "a-plus-b", "submissions", "accepted", "accepted.c")


def processes_using(path):
    """Pids whose command line names path (what `up` started keeps its data there)."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if path.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def start():
    p = h.Proc(ARGS)
    p.wait_log(r"verdict is up", timeout=120)
    return p


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{ports['api']}{path}", timeout=10) as r:
        return r.status, json.loads(r.read())


def test_up_runs_everything_and_prints_the_urls():
    global up
    up = start()
    assert f"http://127.0.0.1:{ports['api']}/" in up.log
    assert f"ws://127.0.0.1:{ports['gw']}/ws" in up.log
    st, health = get("/healthz")
    assert st == 200 and health["status"] == "ok" and health["problems"] >= 12, health
    st, problems = get("/api/problems")
    assert any(p["id"] == "a-plus-b" for p in problems)


def test_a_submission_is_judged_live():
    r = subprocess.run([h.BIN, "submit", "--api", f"http://127.0.0.1:{ports['api']}",
                        "--gateway", f"ws://127.0.0.1:{ports['gw']}/ws", "--problem", "a-plus-b",
                        "--lang", "c", "--user", "up-test", SOLUTION],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "AC" in r.stdout, (r.stdout, r.stderr)


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def test_regress_a_role_killed_is_started_again():
    """`up` aborted (uv__finish_close assertion) when it restarted a role that
    had died: it reused the process handle it had just closed."""
    workers = [p for p in processes_using(data) if b"worker" in cmdline(p)[1:2]]
    assert len(workers) == 1, workers
    os.kill(workers[0], signal.SIGKILL)
    up.wait_log(r"worker exited \(status 0, signal 9\)", timeout=30)
    deadline = time.time() + 30
    while not [p for p in processes_using(data) if b"worker" in cmdline(p)[1:2]]:
        assert up.p.poll() is None, up.drain()
        assert time.time() < deadline, up.drain()
        time.sleep(0.1)
    time.sleep(1)
    assert up.p.poll() is None, up.drain()
    test_a_submission_is_judged_live()


def test_ctrl_c_stops_everything_it_started():
    assert processes_using(data), "nothing runs under the data dir?"
    rc = up.stop(signal.SIGINT, timeout=60)
    assert rc == 0, up.log
    assert "stopped" in up.log
    deadline = time.time() + 10
    while processes_using(data):
        assert time.time() < deadline, f"left running: {processes_using(data)}"
        time.sleep(0.1)


def test_data_is_kept_between_runs():
    again = start()
    try:
        st, subs = get("/api/users/up-test/submissions")
        assert st == 200 and subs and subs[0]["verdict"] == "AC", subs
        assert "creating a PostgreSQL cluster" not in again.log
    finally:
        assert again.stop(signal.SIGINT, timeout=60) == 0, again.log


def test_regress_a_failed_start_exits_2_and_leaves_nothing_running():
    """When the servers could not all be started (here Redis's pid file cannot
    be written), `up` said why, then aborted on a uv_close assertion: Redis's
    exit was reported to it as a failure although services_start had failed,
    and it closed its ready timer a second time."""
    bad = tempfile.mkdtemp(prefix="verdict-up-bad-", dir="/tmp")
    os.chmod(bad, 0o755)
    os.mkdir(os.path.join(bad, "redis.pid"))
    try:
        args = ["up", "--data-dir", bad, "--port", str(free_port()), "--gateway-port",
                str(free_port()), "--redis-port", str(free_port()), "--db-port", str(free_port())]
        r = subprocess.run([h.BIN, *args], capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, (r.returncode, r.stderr)
        assert "verdict up: cannot start Redis or PostgreSQL" in r.stderr, r.stderr
        assert "Assertion" not in r.stderr, r.stderr
        deadline = time.time() + 10
        while processes_using(bad):
            assert time.time() < deadline, f"left running: {processes_using(bad)}"
            time.sleep(0.1)
    finally:
        shutil.rmtree(bad, ignore_errors=True)


def test_bad_slots_exit_2_with_one_line_before_starting_anything():
    """--slots is declared with its bounds: a value out of them is refused up
    front, not found out by a worker that then fails three times."""
    bad = tempfile.mkdtemp(prefix="verdict-up-slots-", dir="/tmp")
    try:
        for value in ("0", "257", "many"):
            ports = [str(free_port()) for _ in range(4)]
            r = subprocess.run([h.BIN, "up", "--data-dir", bad, "--port", ports[0],
                                "--gateway-port", ports[1], "--redis-port", ports[2],
                                "--db-port", ports[3], "--slots", value],
                               capture_output=True, text=True, timeout=20)
            assert r.returncode == 2, (value, r.returncode, r.stderr)
            assert r.stderr.count("\n") == 1 and "--slots" in r.stderr, r.stderr
        assert os.listdir(bad) == [], os.listdir(bad)
    finally:
        shutil.rmtree(bad, ignore_errors=True)


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
if "up" in globals() and up.p.poll() is None:
    up.stop(signal.SIGINT, timeout=60)
shutil.rmtree(data, ignore_errors=True)
sys.exit(rc)
