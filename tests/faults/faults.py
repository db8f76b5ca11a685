"""Shared helpers of the fault suite (tests/faults, ctest label "faults"):
engines of our own on free local ports (a Redis primary, its replica and
three sentinels), a burst of submissions of known verdicts with WebSocket
users connected, and the check every case ends with: each accepted
submission has exactly one correct verdict in PostgreSQL, and each connected
user saw it exactly once. Stops only what it started."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
import harness as h  # noqa: E402,F401

# Known verdicts, cheap to judge (no compile step).
AC = "print(sum(map(int, input().split())))"
WA = "print(0)"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(pred, timeout, what):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def redis_cli(port, *args):
    out = subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True,
                         timeout=5)
    return out.stdout.strip()


class RedisHA:
    """A primary, one replica and three sentinels (quorum 2, down after
    1 s), each its own redis-server process in a private directory."""

    def __init__(self, name="m", sentinels=3):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="verdict-faults-redis-")
        self.procs = {}
        self.primary = free_port()
        self.replica = free_port()
        self.sentinels = [free_port() for _ in range(sentinels)]
        self._server(self.primary, [])
        self._server(self.replica, ["--replicaof", "127.0.0.1", str(self.primary)])
        wait_until(lambda: "master_link_status:up" in redis_cli(self.replica, "INFO",
                                                                "replication"),
                   15, "the replica to sync")
        for port in self.sentinels:
            conf = os.path.join(self.dir, f"sentinel-{port}.conf")
            with open(conf, "w") as f:
                f.write(f"port {port}\nbind 127.0.0.1\ndir {self.dir}\n"
                        f"sentinel monitor {name} 127.0.0.1 {self.primary} 2\n"
                        f"sentinel down-after-milliseconds {name} 1000\n"
                        f"sentinel failover-timeout {name} 5000\n")
            self.procs[port] = subprocess.Popen(["redis-server", conf, "--sentinel"],
                                                stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL)
        # Every sentinel knows the others before a failover can be agreed on.
        wait_until(lambda: all(self._sentinel_peers(p) >= sentinels - 1
                               for p in self.sentinels), 20, "the sentinels to find each other")
        self.url = "sentinel://" + ",".join(f"127.0.0.1:{p}" for p in self.sentinels) + "/" + name

    def _server(self, port, extra):
        d = os.path.join(self.dir, str(port))
        os.makedirs(d)
        self.procs[port] = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", d,
             "--save", "", "--appendonly", "no", "--protected-mode", "no"] + extra,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: redis_cli(port, "PING") == "PONG", 10, f"redis on {port}")

    def _sentinel_peers(self, port):
        out = redis_cli(port, "SENTINEL", "master", self.name).split("\n")
        for k, v in zip(out[::2], out[1::2]):
            if k == "num-other-sentinels":
                return int(v)
        return 0

    def primary_port(self):
        out = redis_cli(self.sentinels[0], "SENTINEL", "get-master-addr-by-name", self.name)
        return int(out.split("\n")[1])

    def kill(self, port):
        self.procs[port].send_signal(signal.SIGKILL)
        self.procs[port].wait()

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class User:
    """One WebSocket user on a gateway; a thread collects every result event
    it is sent."""

    def __init__(self, port, name):
        self.name = name
        self.ws, _ = h.ws_identify(port, name)
        self.results = []
        self.lock = threading.Lock()
        self.closed = False
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        while not self.closed:
            try:
                ev = self.ws.recv_json(timeout=1)
            except (socket.timeout, TimeoutError):
                continue
            except Exception:  # closed: the test decides whether that is a failure
                return
            if ev.get("type") == "result":
                with self.lock:
                    self.results.append(ev)

    def seen(self, sid):
        with self.lock:
            return sum(1 for e in self.results if e.get("submissionId") == sid)

    def close(self):
        self.closed = True
        self.t.join(3)
        self.ws.close()


class Burst:
    """Submissions of known verdicts through the api, spread over users."""

    def __init__(self, api_port, users):
        self.api_port = api_port
        self.users = users
        self.sent = {}  # public id -> (user, expected verdict)
        self.refused = 0

    def submit(self, n):
        for i in range(n):
            u = self.users[len(self.sent) % len(self.users)]
            want = "AC" if (len(self.sent) + self.refused) % 3 else "WA"
            body = {"userId": u.name, "problemId": "a-plus-b", "language": "python",
                    "code": AC if want == "AC" else WA}
            try:
                st, _, raw = h.http(self.api_port, "POST", "/api/submissions", body, timeout=5)
            except OSError:
                st, raw = 0, b""
            if st in (201, 202):
                self.sent[json.loads(raw)["id"]] = (u, want)
            else:
                # Refused is allowed (503 while a store is gone); lost is not.
                assert st in (0, 503), (st, raw)
                self.refused += 1

    def check(self, db, timeout=40):
        """Every accepted submission: one correct verdict in PostgreSQL, seen
        once by its user."""
        ids = ",".join(f"'{s}'" for s in self.sent)

        def done():
            out = h.psql(db, f"SELECT public_id, status, verdict FROM submissions "
                             f"WHERE public_id IN ({ids})")
            rows = [r.split("|") for r in out.split("\n") if r]
            return rows if sum(1 for r in rows if r[1] == "done") == len(self.sent) else None

        rows = wait_until(done, timeout, f"{len(self.sent)} verdicts in PostgreSQL")
        for pid, _, verdict in rows:
            assert verdict == self.sent[pid][1], (pid, verdict, self.sent[pid][1])
        for pid, (u, _) in self.sent.items():
            wait_until(lambda: u.seen(pid) >= 1, 15, f"user {u.name} to see {pid}")
        time.sleep(1)  # a second announcement would come within this
        for pid, (u, _) in self.sent.items():
            assert u.seen(pid) == 1, (pid, u.name, u.seen(pid))
        return len(self.sent)


class Stack:
    """One api, workers and a gateway on a fresh database and the given
    Redis URL; stop() ends them (and the test's database)."""

    def __init__(self, name, redis, workers=2, slots=2):
        self.db = h.fresh_db(name)
        h.import_problems(self.db)
        self.redis = redis
        self.api = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", self.db,
                           "--redis", redis])
        self.api_port = int(self.api.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        self.workers = [self.start_worker(slots) for _ in range(workers)]
        self.gw = h.Proc(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis])
        self.gw_port = int(self.gw.wait_log(r"listening on ws://[\d.]+:(\d+)").group(1))

    def start_worker(self, slots=2):
        work_dir = tempfile.mkdtemp(prefix="verdict-faults-worker-")
        p = h.Proc(["worker", "--db", self.db, "--redis", self.redis, "--slots", str(slots),
                    "--work-dir", work_dir])
        p.wait_log(r"lease taken", timeout=30)
        return p

    def logs(self):
        return "\n".join(f"--- {p.args[1]}\n{p.drain()[-3000:]}"
                         for p in [self.api, self.gw] + self.workers)

    def stop(self):
        for p in [self.api, self.gw] + self.workers:
            p.stop()
        h.drop_db(self.db)
