"""Shared helpers for the end-to-end tests: they drive the built `verdict`
binary against the private Redis and PostgreSQL that scripts/test.sh starts
(VERDICT_TEST_REDIS, VERDICT_TEST_DB), each test on its own database and its
own Redis database number, and stop only the processes they started."""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

BIN = os.environ.get("VERDICT_BIN", "build/verdict")
SRC = os.environ.get("VERDICT_SOURCE_DIR", os.getcwd())
REDIS = os.environ.get("VERDICT_TEST_REDIS", "redis://127.0.0.1:17379")
DB = os.environ.get("VERDICT_TEST_DB", "postgresql://postgres@127.0.0.1:17432/verdict")


def db_admin_url():
    return DB.rsplit("/", 1)[0] + "/postgres"


def psql(url, sql):
    out = subprocess.run(["psql", url, "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def fresh_db(name):
    """Creates an empty database for one test file, migrated, with the
    starter problems when asked; returns its URL."""
    dbname = f"verdict_{name}_{os.getpid()}"
    admin = db_admin_url()
    psql(admin, f"DROP DATABASE IF EXISTS {dbname}")
    psql(admin, f"CREATE DATABASE {dbname}")
    url = DB.rsplit("/", 1)[0] + "/" + dbname
    subprocess.run([BIN, "migrate", "--db", url], check=True, capture_output=True)
    return url


def drop_db(url):
    dbname = url.rsplit("/", 1)[1]
    psql(db_admin_url(), f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def import_problems(url, path=None):
    subprocess.run([BIN, "problems", "import", path or os.path.join(SRC, "problems"), "--db", url],
                   check=False, capture_output=True)


def redis_url(dbnum):
    return REDIS.rstrip("/") + f"/{dbnum}"


def redis_cli(dbnum, *args):
    u = urllib.parse.urlparse(REDIS)
    out = subprocess.run(["redis-cli", "-h", u.hostname, "-p", str(u.port), "-n", str(dbnum),
                          *args], capture_output=True, text=True, check=True)
    return out.stdout.strip()


class Proc:
    """A verdict role started as a child; its stderr is collected so a test
    can wait for a log line instead of sleeping."""

    def __init__(self, args, env=None):
        self.args = [BIN] + args
        e = dict(os.environ)
        e.update(env or {})
        self.p = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        self.log = ""

    def wait_log(self, pattern, timeout=15):
        deadline = time.time() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.log)
            if m:
                return m
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; log:\n{self.log}")
            r, _, _ = select.select([self.p.stderr], [], [], left)
            if r:
                chunk = os.read(self.p.stderr.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"process exited ({self.p.wait()}); log:\n{self.log}")
                self.log += chunk.decode(errors="replace")

    def drain(self):
        while True:
            r, _, _ = select.select([self.p.stderr], [], [], 0)
            if not r:
                return self.log
            chunk = os.read(self.p.stderr.fileno(), 65536)
            if not chunk:
                return self.log
            self.log += chunk.decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        rest = self.p.stderr.read()
        self.log += rest.decode(errors="replace")
        return rc


def start_api(db, rdb, extra=None):
    p = Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis", redis_url(rdb)]
             + (extra or []))
    port = int(p.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
    p.wait_log(r"problems available")
    return p, port


def http(port, method, path, body=None, headers=None, timeout=10, host="127.0.0.1"):
    """One request on a new connection; returns (status, headers, body bytes)."""
    import http.client
    c = http.client.HTTPConnection(host, port, timeout=timeout)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def raw(port, data, timeout=10, read_until_close=True):
    """Writes raw bytes and returns everything read until close or timeout."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if not read_until_close:
                break
    except socket.timeout:
        pass
    s.close()
    return out


class Suite:
    """Minimal runner: each test_* function runs, failures are reported and
    make the process exit non-zero."""

    def __init__(self):
        self.failed = []
        self.passed = 0

    def run(self, tests):
        for t in tests:
            try:
                t()
                self.passed += 1
                print(f"ok   {t.__name__}")
            except Exception as e:  # noqa: BLE001 - report every failure
                self.failed.append(t.__name__)
                print(f"FAIL {t.__name__}: {type(e).__name__}: {e}")
        print(f"{self.passed} passed, {len(self.failed)} failed")
        sys.stdout.flush()
        return 1 if self.failed else 0


# --- the judge worker (issue 4) ---------------------------------------------

def start_worker(db, rdb, slots=2, work_dir=None, extra=None, wait=True):
    """Starts `verdict worker` on the test's database and Redis database
    number; returns the Proc once it holds its lease (ready to take jobs)."""
    import tempfile
    work_dir = work_dir or tempfile.mkdtemp(prefix="verdict-worker-")
    p = Proc(["worker", "--db", db, "--redis", redis_url(rdb), "--slots", str(slots),
              "--work-dir", work_dir] + (extra or []))
    p.work_dir = work_dir
    if wait:
        p.wait_log(r"lease taken", timeout=30)
    return p


def push_job(rdb, job):
    """LPUSHes a job (a dict is encoded as JSON; str/bytes go as they are)."""
    if isinstance(job, dict):
        job = json.dumps(job)
    if isinstance(job, str):
        job = job.encode()
    u = urllib.parse.urlparse(REDIS)
    subprocess.run(["redis-cli", "-h", u.hostname, "-p", str(u.port), "-n", str(rdb), "-x",
                    "LPUSH", "problems"], input=job, capture_output=True, check=True)


class Events:
    """A SUBSCRIBE to problem_done on its own socket, speaking RESP, so a test
    can count exactly the events a submission got."""

    def __init__(self, rdb, channel="problem_done"):
        u = urllib.parse.urlparse(REDIS)
        self.s = socket.create_connection((u.hostname, u.port), timeout=10)
        self.buf = b""
        self.events = []
        cmd = [b"SELECT", str(rdb).encode()]
        self._send(cmd)
        self._read_reply()
        self._send([b"SUBSCRIBE", channel.encode()])
        self._read_reply()

    def _send(self, args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)

    def _fill(self, timeout):
        r, _, _ = select.select([self.s], [], [], timeout)
        if not r:
            return False
        chunk = self.s.recv(1 << 20)
        if not chunk:
            raise AssertionError("redis closed the subscription")
        self.buf += chunk
        return True

    def _line(self, deadline):
        while b"\r\n" not in self.buf:
            if not self._fill(max(0, deadline - time.time())):
                return None
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read_reply(self, deadline=None):
        deadline = deadline or time.time() + 10
        line = self._line(deadline)
        if line is None:
            return None
        t, rest = line[:1], line[1:]
        if t == b"*":
            return [self._read_reply(deadline + 10) for _ in range(int(rest))]
        if t == b"$":
            n = int(rest)
            while len(self.buf) < n + 2:
                self._fill(10)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if t == b":":
            return int(rest)
        return rest

    def poll(self, timeout):
        """Reads events for up to timeout seconds (returns early on one)."""
        msg = self._read_reply(time.time() + timeout)
        if isinstance(msg, list) and len(msg) == 3 and msg[0] == b"message":
            self.events.append(json.loads(msg[2]))
            return True
        return False

    def results(self, sid=None):
        return [e for e in self.events
                if e.get("type") == "result" and (sid is None or e.get("submissionId") == sid)]

    def wait_results(self, count, timeout=60, pred=None):
        """Waits until count result events (matching pred) arrived."""
        deadline = time.time() + timeout
        while True:
            got = [e for e in self.results() if pred is None or pred(e)]
            if len(got) >= count:
                return got
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"{len(got)} of {count} results after {timeout}s")
            self.poll(left)

    def close(self):
        self.s.close()


# --- the gateway (issue 5) ---------------------------------------------------

def start_gateway(rdb, extra=None):
    """Starts `verdict gateway` on a free port; returns (Proc, port)."""
    p = Proc(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis_url(rdb)]
             + (extra or []))
    port = int(p.wait_log(r"listening on ws://[\d.]+:(\d+)").group(1))
    return p, port


class WS:
    """A minimal RFC 6455 client on a blocking socket: enough to drive the
    gateway byte by byte, including frames a browser would never send."""

    def __init__(self, port, path="/ws", host="127.0.0.1", timeout=10, src=None, rcvbuf=None,
                 origin=None):
        import base64
        self.s = socket.socket()
        if rcvbuf:  # before connect, so the window the server sees stays small
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if src:
            self.s.bind((src, 0))
        self.s.settimeout(timeout)
        self.s.connect((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                        "Sec-WebSocket-Version: 13\r\n"
                        + (f"Origin: {origin}\r\n" if origin else "") + "\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ")[1])
        if self.status != 101:
            raise ConnectionError(f"handshake answered {self.status}")

    def send_frame(self, opcode, payload, fin=True, mask=True):
        if isinstance(payload, str):
            payload = payload.encode()
        n = len(payload)
        h = bytes([(0x80 if fin else 0) | opcode])
        mbit = 0x80 if mask else 0
        if n < 126:
            h += bytes([mbit | n])
        elif n < 65536:
            h += bytes([mbit | 126]) + n.to_bytes(2, "big")
        else:
            h += bytes([mbit | 127]) + n.to_bytes(8, "big")
        if mask:
            k = os.urandom(4)
            payload = bytes(b ^ k[i % 4] for i, b in enumerate(payload))
            h += k
        self.s.sendall(h + payload)

    def send_json(self, doc):
        self.send_frame(1, json.dumps(doc))

    def _need(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no frame in time")
            self.s.settimeout(left)
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk

    def recv_frame(self, timeout=5):
        """(opcode, payload bytes) of the next frame; pings are answered."""
        deadline = time.time() + timeout
        while True:
            self._need(2, deadline)
            op, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
            off = 2
            if n == 126:
                self._need(4, deadline)
                n, off = int.from_bytes(self.buf[2:4], "big"), 4
            elif n == 127:
                self._need(10, deadline)
                n, off = int.from_bytes(self.buf[2:10], "big"), 10
            self._need(off + n, deadline)
            payload, self.buf = self.buf[off:off + n], self.buf[off + n:]
            if op == 9:
                self.send_frame(10, payload)
                continue
            return op, payload

    def recv_json(self, timeout=5):
        """The next text message as a dict; raises on close."""
        op, p = self.recv_frame(timeout)
        if op == 8:
            code = int.from_bytes(p[:2], "big") if len(p) >= 2 else 1005
            raise ConnectionError(f"closed {code} {p[2:].decode(errors='replace')}")
        assert op == 1, op
        return json.loads(p)

    def expect_close(self, timeout=5):
        """(code, reason) of the server's close frame, skipping messages."""
        while True:
            op, p = self.recv_frame(timeout)
            if op == 8:
                return (int.from_bytes(p[:2], "big") if len(p) >= 2 else 1005,
                        p[2:].decode(errors="replace"))

    def quiet(self, timeout=0.3):
        """True when no message arrives within timeout."""
        try:
            self.recv_frame(timeout)
            return False
        except TimeoutError:
            return True

    def close(self):
        try:
            self.send_frame(8, (1000).to_bytes(2, "big"))
        except OSError:
            pass
        self.s.close()


def user_token(secret, user, expiry):
    """A v1 user token, signed here as net/token.c signs it (any service that
    shares the secret can mint and check them)."""
    import base64
    import hashlib
    import hmac
    enc = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
    head = f"v1.{enc}.{expiry}"
    mac = hmac.new(secret.encode(), head.encode(), hashlib.sha256).digest()
    return head + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def user_token_v0(secret, user, expiry):
    """The gateway's token before issue 10: <expiry>.<hex HMAC(user \\n expiry)>."""
    import hashlib
    import hmac
    mac = hmac.new(secret.encode(), f"{user}\n{expiry}".encode(), hashlib.sha256).hexdigest()
    return f"{expiry}.{mac}"


def ws_identify(port, user, since=None, token=None, timeout=10, host="127.0.0.1"):
    """Connects, identifies and waits for ready; returns (WS, ready dict)."""
    ws = WS(port, timeout=timeout, host=host)
    hello = {"userId": user}
    if since is not None:
        hello["since"] = since
    if token is not None:
        hello["token"] = token
    ws.send_json(hello)
    ready = ws.recv_json(timeout)
    assert ready["type"] == "ready" and ready["userId"] == user, ready
    return ws, ready


def verify_rows(out):
    """`verdict problems verify`'s table: program -> (expected, verdict, result,
    line), the result "ok", "FAIL" or "skipped". Lines before the header (the
    time limit's inference) and the summary after the rows are left out."""
    got = {}
    lines = out.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("program ")), len(lines))
    for line in lines[start + 1:-1]:
        parts = line.split()
        result = next(p for p in parts if p.rstrip(":") in ("ok", "FAIL", "skipped"))
        got[parts[0]] = (parts[1], parts[2], result.rstrip(":"), line)
    return got
