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


class Redis:
    """One Redis server with AOF (appendfsync always: a restart keeps every
    acknowledged job) that a test can kill, stop and start again."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="verdict-faults-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.p = None
        self.start()

    def start(self):
        self.p = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
             "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: redis_cli(self.port, "PING") == "PONG", 10, "redis to start")

    def kill(self, sig=signal.SIGKILL):
        self.p.send_signal(sig)
        self.p.wait(15)

    def stop(self):
        if self.p and self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


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
    it is sent. When its gateway goes away it reconnects to the next of
    ports, as the page does, with "since" its last seq: the gateway replays
    what it missed."""

    def __init__(self, port, name, ports=None, host="127.0.0.1"):
        self.name = name
        self.host = host
        self.ports = ports or [port]
        self.at = self.ports.index(port)
        self.seq = 0
        self.reconnects = 0
        self.ws, _ = h.ws_identify(port, name, host=host)
        self.results = []
        self.lock = threading.Lock()
        self.closed = False
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _reconnect(self):
        deadline = time.time() + 20
        while not self.closed and time.time() < deadline:
            self.at = (self.at + 1) % len(self.ports)
            try:
                self.ws, _ = h.ws_identify(self.ports[self.at], self.name, since=self.seq,
                                           host=self.host)
                self.reconnects += 1
                return True
            except OSError:
                time.sleep(0.2)
        return False

    def _read(self):
        while not self.closed:
            try:
                ev = self.ws.recv_json(timeout=1)
            except (socket.timeout, TimeoutError):
                continue
            except Exception:
                if self.closed or not self._reconnect():
                    return
                continue
            if ev.get("seq"):
                self.seq = max(self.seq, ev["seq"])
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
    """Submissions of known verdicts through the api, spread over users.
    api: a port on 127.0.0.1, or a list of (host, port) taken in turn."""

    def __init__(self, api, users):
        self.apis = api if isinstance(api, list) else [("127.0.0.1", api)]
        self.users = users
        self.sent = {}  # public id -> (user, expected verdict)
        self.refused = 0
        self.accepted_by = [0] * len(self.apis)

    def submit(self, n):
        for i in range(n):
            u = self.users[len(self.sent) % len(self.users)]
            want = "AC" if (len(self.sent) + self.refused) % 3 else "WA"
            host, port = self.apis[(len(self.sent) + self.refused) % len(self.apis)]
            body = {"userId": u.name, "problemId": "a-plus-b", "language": "python",
                    "code": AC if want == "AC" else WA}
            try:
                st, _, raw = h.http(port, "POST", "/api/submissions", body, timeout=5, host=host)
            except OSError:
                st, raw = 0, b""
            if st in (201, 202):
                self.sent[json.loads(raw)["id"]] = (u, want)
                self.accepted_by[self.apis.index((host, port))] += 1
            else:
                # Refused is allowed (503 while a store is gone); lost is not.
                assert st in (0, 503), (st, raw)
                self.refused += 1

    def submit_accepted(self, n, timeout=30):
        """Submits until n more are accepted (a store coming back)."""
        want = len(self.sent) + n
        deadline = time.time() + timeout
        while len(self.sent) < want:
            assert time.time() < deadline, f"only {len(self.sent)} of {want} accepted"
            before = len(self.sent)
            self.submit(1)
            if len(self.sent) == before:
                time.sleep(0.2)

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

    def __init__(self, name, redis, workers=2, slots=2, db=None, gateways=1):
        self.own_db = db is None
        self.db = db or h.fresh_db(name)
        if self.own_db:
            h.import_problems(self.db)
        self.redis = redis
        self.api = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", self.db,
                           "--redis", redis])
        self.api_port = int(self.api.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        self.dead = []  # workers a case replaced: their work dirs go too
        self.workers = [self.start_worker(slots) for _ in range(workers)]
        self.gws = [h.Proc(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis])
                    for _ in range(gateways)]
        self.gw_ports = [int(g.wait_log(r"listening on ws://[\d.]+:(\d+)").group(1))
                         for g in self.gws]
        self.gw, self.gw_port = self.gws[0], self.gw_ports[0]

    def start_worker(self, slots=2):
        work_dir = tempfile.mkdtemp(prefix="verdict-faults-worker-")
        p = h.Proc(["worker", "--db", self.db, "--redis", self.redis, "--slots", str(slots),
                    "--work-dir", work_dir])
        p.work_dir = work_dir
        p.wait_log(r"lease taken", timeout=30)
        return p

    def logs(self):
        return "\n".join(f"--- {p.args[1]}\n{p.drain()[-3000:]}"
                         for p in [self.api] + self.gws + self.workers)

    def stop(self):
        for p in [self.api] + self.gws + self.workers:
            p.stop()
        for w in self.workers + self.dead:
            shutil.rmtree(w.work_dir, ignore_errors=True)
        if self.own_db:
            h.drop_db(self.db)


PGBIN = "/usr/lib/postgresql/15/bin"


def as_postgres(args, **kw):
    """Runs a PostgreSQL tool as the postgres user (they refuse root)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else args


def to_postgres():
    if os.getuid() == 0:
        import pwd
        pw = pwd.getpwnam("postgres")
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)


class PgNode:
    """One postgres server of our own: its data dir, port and process."""

    def __init__(self, base, name, port, extra):
        self.dir = os.path.join(base, name)
        self.port = port
        self.extra = extra
        self.p = None
        self.log = os.path.join(base, f"{name}.log")

    def start(self):
        args = [f"{PGBIN}/postgres", "-D", self.dir, "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-c",
                f"unix_socket_directories={os.path.dirname(self.dir)}",
                "-c", "fsync=off", "-c", "wal_level=replica", "-c", "max_wal_senders=5",
                "-c", "hot_standby=on", "-c", "max_connections=200"] + self.extra
        with open(self.log, "a") as log:
            # The postmaster itself is our child (no runuser in between), so
            # that signals and its children are its own.
            self.p = subprocess.Popen(args, stdout=log, stderr=log, preexec_fn=to_postgres)
        wait_until(lambda: subprocess.run([f"{PGBIN}/pg_isready", "-h", "127.0.0.1", "-p",
                                           str(self.port)], capture_output=True).returncode == 0,
                   30, f"postgres on {self.port}")

    def kill(self, sig=signal.SIGKILL):
        """SIGKILL: the host dies, every process of the server at once (the
        postmaster alone would leave its backends holding their clients).
        Another signal goes to the postmaster, which ends its children."""
        if not self.p or self.p.poll() is not None:
            return
        pids = [self.p.pid]
        if sig == signal.SIGKILL:
            out = subprocess.run(["pgrep", "-P", str(self.p.pid)], capture_output=True, text=True)
            pids += [int(x) for x in out.stdout.split()]
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        self.p.wait(30)

    def sql(self, q, db="postgres"):
        return h.psql(f"postgresql://postgres@127.0.0.1:{self.port}/{db}", q)


class PgHA:
    """A primary and, with standby=True, a streaming standby made by
    pg_basebackup, synchronous (synchronous_standby_names on the primary):
    a commit the primary acknowledged is on the standby too."""

    def __init__(self, standby=True):
        self.base = tempfile.mkdtemp(prefix="verdict-faults-pg-")
        os.chmod(self.base, 0o755)
        if os.getuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        sync = ["-c", "synchronous_standby_names=*"] if standby else []
        self.primary = PgNode(self.base, "primary", free_port(), sync)
        subprocess.run(as_postgres([f"{PGBIN}/initdb", "-D", self.primary.dir, "-U", "postgres",
                                    "--auth=trust"]), check=True, capture_output=True)
        self.primary.start()
        self.nodes = [self.primary]
        self.standby = None
        if standby:
            self.standby = PgNode(self.base, "standby", free_port(), [])
            subprocess.run(as_postgres([f"{PGBIN}/pg_basebackup", "-h", "127.0.0.1", "-p",
                                        str(self.primary.port), "-U", "postgres", "-D",
                                        self.standby.dir, "-R", "-X", "stream"]),
                           check=True, capture_output=True)
            self.standby.start()
            self.nodes.append(self.standby)
            wait_until(lambda: self.primary.sql("SELECT sync_state FROM pg_stat_replication")
                       == "sync", 30, "the standby to stream synchronously")

    def url(self, db):
        hosts = ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)
        return (f"postgresql://postgres@{hosts}/{db}?target_session_attrs=read-write"
                "&connect_timeout=2")

    def create_db(self, name):
        self.primary.sql(f"CREATE DATABASE {name}")
        url = self.url(name)
        subprocess.run([h.BIN, "migrate", "--db", url], check=True, capture_output=True)
        h.import_problems(url)
        return url

    def promote(self):
        self.standby.sql("SELECT pg_promote()")
        wait_until(lambda: self.standby.sql("SELECT pg_is_in_recovery()") == "f", 20,
                   "the standby to be promoted")

    def stop(self):
        for n in self.nodes:
            n.kill(signal.SIGQUIT)
        shutil.rmtree(self.base, ignore_errors=True)


class Case:
    """What a fault sees: the engines, the roles, the users and the burst."""


def run(name, fault, redis="plain", pg="shared", gateways=1, workers=2, before=20, after=10,
        check_timeout=40):
    """One fault case: engines (redis: "plain" a Redis with AOF, "sentinel" a
    primary, a replica and three sentinels; pg: "shared" a database on the
    test services, "single" or "standby" a PostgreSQL of our own), the roles,
    four users (each on a gateway, the others as fallbacks), `before`
    submissions, fault(case), `after` more accepted, then the check."""
    c = Case()
    c.redis = RedisHA() if redis == "sentinel" else Redis()
    c.pg = PgHA(standby=pg == "standby") if pg != "shared" else None
    c.stack = None
    t0 = time.time()
    try:
        db = c.pg.create_db(f"{name}_{os.getpid()}") if c.pg else None
        c.stack = Stack(name, c.redis.url, workers=workers, db=db, gateways=gateways)
        ports = c.stack.gw_ports
        c.users = [User(ports[i % len(ports)], f"{name}-{os.getpid()}-{i}", ports)
                   for i in range(4)]
        c.burst = Burst(c.stack.api_port, c.users)
        c.burst.submit(before)
        fault(c)
        c.burst.submit_accepted(after)
        n = c.burst.check(c.stack.db, timeout=check_timeout)
        print(f"ok: {n} verdicts, {c.burst.refused} refused, "
              f"{sum(u.reconnects for u in c.users)} reconnects, {time.time() - t0:.1f} s")
        for u in c.users:
            u.close()
    except BaseException:
        if c.stack:
            print(c.stack.logs())
        raise
    finally:
        if c.stack:
            c.stack.stop()
        c.redis.stop()
        if c.pg:
            c.pg.stop()


def judging(stack, worker):
    """Waits until the worker has a submission in hand (a verdict logged or a
    test cached means it took jobs), for a kill mid-judge."""
    worker.wait_log(r"slot \d+: (cached|submission)", timeout=20)
