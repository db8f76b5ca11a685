"""End to end: `verdict services start|stop`, the private Redis and PostgreSQL
that scripts/services.sh (and so scripts/test.sh and the benches) start. The
two lines it prints work; a second start on a running directory, a port
already taken and an initdb that is refused each fail with the cause and leave
nothing running; stop stops only what start started, and may be repeated."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def services(*args, timeout=120):
    return subprocess.run([h.BIN, "services", *args], capture_output=True, text=True,
                          timeout=timeout)


def start(d, rport, pport):
    return services("start", d, "--redis-port", str(rport), "--db-port", str(pport))


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def pids_in(d):
    """Processes whose working directory or command line is under d."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if cwd.startswith(d) or d.encode() in cmd:
            pids.append(int(pid))
    return pids


def gone(d, timeout=10):
    deadline = time.time() + timeout
    while pids_in(d):
        if time.time() > deadline:
            return False
        time.sleep(0.1)
    return True


root = tempfile.mkdtemp(prefix="verdict-services-", dir="/tmp")
os.chmod(root, 0o755)
data = os.path.join(root, "svc")
RPORT, PPORT = free_port(), free_port()


def test_start_prints_the_two_urls_and_both_answer():
    r = start(data, RPORT, PPORT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines == [f"VERDICT_TEST_REDIS=redis://127.0.0.1:{RPORT}",
                     f"VERDICT_TEST_DB=postgresql://postgres@127.0.0.1:{PPORT}/verdict"], lines
    db = lines[1].split("=", 1)[1]
    assert h.psql(db, "SELECT current_database()") == "verdict"
    h.psql(db, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)")
    assert subprocess.run(["redis-cli", "-p", str(RPORT), "ping"], capture_output=True,
                          text=True).stdout.strip() == "PONG"
    with open(os.path.join(data, "redis.pid")) as f:
        assert int(f.read()) in pids_in(data)


def test_a_second_start_on_a_running_dir_is_refused():
    r = start(data, free_port(), free_port())
    assert r.returncode == 1
    assert "redis already runs in" in r.stderr and "services stop" in r.stderr, r.stderr
    assert listening(RPORT) and listening(PPORT)


def test_stop_stops_what_start_started_and_may_be_repeated():
    r = services("stop", data)
    assert r.returncode == 0, r.stderr
    assert gone(data), pids_in(data)
    assert not listening(RPORT) and not listening(PPORT)
    assert not os.path.exists(os.path.join(data, "redis.pid"))
    r = services("stop", data)
    assert r.returncode == 0, r.stderr


def test_a_restart_keeps_the_data():
    r = start(data, RPORT, PPORT)
    assert r.returncode == 0, r.stderr
    try:
        db = r.stdout.splitlines()[1].split("=", 1)[1]
        assert h.psql(db, "SELECT x FROM kept") == "42"
    finally:
        assert services("stop", data).returncode == 0


def test_a_taken_port_fails_with_the_cause_and_leaves_nothing():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        d = os.path.join(root, "taken-redis")
        r = start(d, taken.getsockname()[1], free_port())
        assert r.returncode == 1
        assert "redis exited with status 1 while starting" in r.stderr, r.stderr
        assert "Address already in use" in r.stderr, r.stderr
        assert gone(d), pids_in(d)
        d = os.path.join(root, "taken-db")
        r = start(d, free_port(), taken.getsockname()[1])
        assert r.returncode == 1
        assert "postgres exited with status 1 while starting" in r.stderr, r.stderr
        assert "could not bind" in r.stderr, r.stderr
        assert gone(d), pids_in(d)
    finally:
        taken.close()


def test_a_refused_initdb_fails_with_the_cause():
    if os.getuid() != 0:
        return  # only root hands the cluster to the 'postgres' user
    closed = os.path.join(root, "closed")
    os.mkdir(closed, 0o700)
    d = os.path.join(closed, "svc")
    r = start(d, free_port(), free_port())
    assert r.returncode == 1
    assert "initdb exited with status 1 while starting" in r.stderr, r.stderr
    assert "Permission denied" in r.stderr, r.stderr
    assert gone(d), pids_in(d)


def test_stop_leaves_a_stranger_named_by_a_stale_pid_file_alone():
    d = os.path.join(root, "stale")
    os.makedirs(os.path.join(d, "redis"))
    stranger = subprocess.Popen(["sleep", "60"])
    try:
        with open(os.path.join(d, "redis.pid"), "w") as f:
            f.write(f"{stranger.pid}\n")
        r = services("stop", d)
        assert r.returncode == 0, r.stderr
        time.sleep(0.2)
        assert stranger.poll() is None, "stop killed a process it did not start"
    finally:
        stranger.kill()
        stranger.wait()


def test_a_path_too_long_for_the_sockets_is_refused_up_front():
    d = os.path.join(root, "x" * 100)
    r = start(d, free_port(), free_port())
    assert r.returncode == 1
    assert "path too long" in r.stderr, r.stderr


def test_a_wrong_verb_exits_2_with_one_line():
    for args in (["frob", data], ["start"], []):
        r = services(*args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("verdict services: "), r.stderr


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
services("stop", data)
shutil.rmtree(root, ignore_errors=True)
sys.exit(rc)
