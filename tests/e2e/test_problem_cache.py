"""End to end: the problem cache is never stale (issue 11). 8 readers on two
apis hammer a problem while a writer PATCHes it 60 times, through both apis;
after each write returns, no read that starts later sees an older version.
Checked again with Redis restarted mid-way (its AOF brings old entries back),
with a writer killed between its commit and its Redis step, and for a herd of
500 readers on a just-dropped key (one PostgreSQL read per api at most)."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ADMIN = "cache-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN, "Content-Type": "application/json"}
PID = "a-plus-b"
db = h.fresh_db("pcache")
h.import_problems(db)
rdir = tempfile.mkdtemp(prefix="verdict-pcache-redis-")


def free_port():
    """A free port in 17540-17599 (this project's tests' range)."""
    for p in range(17540, 17600):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue
        finally:
            s.close()
    raise AssertionError("no free port in 17540-17599")


RPORT = free_port()
RURL = f"redis://127.0.0.1:{RPORT}"


def start_redis(aof=True):
    p = subprocess.Popen(["redis-server", "--port", str(RPORT), "--bind", "127.0.0.1",
                          "--dir", rdir, "--appendonly", "yes" if aof else "no",
                          "--appendfsync", "always", "--save", ""], stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", RPORT), timeout=1).close()
            return p
        except OSError:
            time.sleep(0.05)
    raise AssertionError("redis-server did not start")


def rcli(*args):
    return subprocess.run(["redis-cli", "-p", str(RPORT), *args], capture_output=True,
                          text=True, check=True).stdout.strip()


def start_api(env=None):
    p = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis", RURL,
                "--admin-token", ADMIN], env=env)
    port = int(p.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
    p.wait_log(r"problem cache: Redis in use")
    return p, port


def wait_count(p, text, n, timeout=15):
    """Waits until text appears n times in p's log."""
    deadline = time.time() + timeout
    while p.drain().count(text) < n:
        assert time.time() < deadline, f"{text!r} not {n} times in:\n{p.log}"
        time.sleep(0.05)


def metrics(port):
    _, _, body = h.http(port, "GET", "/metrics")
    out = {}
    for line in body.decode().splitlines():
        m = re.match(r"verdict_problem_cache_(\w+)_total (\d+)", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def patch(port, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("PATCH", f"/api/problems/{PID}", json.dumps(body), AUTH)
    r = c.getresponse()
    data = r.read()
    c.close()
    # 202: committed while this api could not reach Redis; visible on every
    # api once published (README), so only a 200 sets a floor for readers
    assert r.status in (200, 202), (r.status, data)
    doc = json.loads(data)
    assert doc["published"] == (r.status == 200), doc
    return doc["version"] if r.status == 200 else -doc["version"]


class Readers:
    """n threads per port, each on its own keep-alive connection, recording
    (start, end, version) of every read; errors are kept, not raised."""

    def __init__(self, ports, n):
        self.stop = False
        self.reads = []
        self.errors = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(p,), daemon=True)
                        for p in ports for _ in range(n)]
        for t in self.threads:
            t.start()

    def run(self, port):
        c = None
        while not self.stop:
            t0 = time.monotonic()
            try:
                if c is None:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request("GET", f"/api/problems/{PID}")
                r = c.getresponse()
                body = r.read()
                if r.status != 200:
                    # 503 while both stores are unreachable is allowed; a
                    # stale answer never is
                    with self.lock:
                        self.errors.append(r.status)
                    continue
                v = json.loads(body)["version"]
                with self.lock:
                    self.reads.append((t0, time.monotonic(), v))
            except (OSError, http.client.HTTPException):
                c = None
                time.sleep(0.01)

    def finish(self):
        self.stop = True
        for t in self.threads:
            t.join(20)


def check_never_stale(writes, reads):
    """writes: (returned_at, version). A read that started after a write
    returned must see that version or a newer one."""
    writes = sorted(writes)
    bad = []
    for t0, _, v in reads:
        floor = 0
        for done, wv in writes:
            if done < t0:
                floor = max(floor, wv)
            else:
                break
        if v < floor:
            bad.append((t0, v, floor))
    assert not bad, f"{len(bad)} stale reads, first: {bad[:3]}"


redis = start_redis()
a, aport = start_api()
b, bport = start_api()


def test_sixty_patches_with_a_redis_restart_midway():
    global redis
    readers = Readers([aport, bport], 4)
    writes = []
    unpublished = []
    time.sleep(0.3)
    for i in range(60):
        port = aport if i % 2 == 0 else bport
        v = patch(port, {"title": f"A + B ({i})"})
        if v > 0:
            writes.append((time.monotonic(), v))
        else:
            unpublished.append(-v)
        if i == 30:
            redis.send_signal(signal.SIGTERM)
            redis.wait(10)
            time.sleep(0.3)  # writes below commit with Redis down
        if i == 35:
            redis = start_redis()  # its AOF holds the entry of before the stop
        time.sleep(0.02)
    for p in (a, b):  # the apis reconnect, and reconcile before using Redis
        wait_count(p, "problem cache: Redis in use", 2)
    last = patch(aport, {"title": "A + B"})
    writes.append((time.monotonic(), last))
    time.sleep(0.5)
    readers.finish()
    assert len(readers.reads) > 300, len(readers.reads)
    assert unpublished, "no write was made while Redis was down"
    check_never_stale(writes, readers.reads)
    # after the restart, Redis is used again with the newest version
    got = rcli("HGET", "problem:{%s}" % PID, "v")
    assert got == str(last), (got, last, rcli("HKEYS", "problem:{%s}" % PID))
    ma, mb = metrics(aport), metrics(bport)
    assert ma["hits"] + mb["hits"] > 0 and ma["stale_refusals"] + mb["stale_refusals"] > 0, (ma, mb)


def test_a_writer_killed_between_commit_and_redis():
    c, cport = start_api({"VERDICT_TEST_WRITE_PAUSE_MS": "60000"})
    before = patch(aport, {"memoryLimitMb": 256})
    box = {}
    t = threading.Thread(target=lambda: box.update(v=patch(cport, {"memoryLimitMb": 300})),
                         daemon=True)
    t.start()
    m = c.wait_log(r"version (\d+) committed; pausing")
    committed = int(m.group(1))
    assert committed == before + 1
    c.stop(signal.SIGKILL)
    # the marker sends every reader to PostgreSQL: the committed version at once
    for port in (aport, bport):
        st, _, body = h.http(port, "GET", f"/api/problems/{PID}")
        assert st == 200 and json.loads(body)["version"] == committed, body
    # after the lease, a reader settles the marker and Redis serves it again
    time.sleep(6.5)
    for port in (aport, bport):
        h.http(port, "GET", f"/api/problems/{PID}")
    deadline = time.time() + 5
    while "w:" in rcli("HKEYS", "problem:{%s}" % PID):
        assert time.time() < deadline, rcli("HKEYS", "problem:{%s}" % PID)
        h.http(aport, "GET", f"/api/problems/{PID}")
        time.sleep(0.2)
    assert metrics(aport)["repairs"] + metrics(bport)["repairs"] >= 1
    hits = metrics(aport)["hits"]
    st, _, body = h.http(aport, "GET", f"/api/problems/{PID}")
    assert json.loads(body)["version"] == committed and metrics(aport)["hits"] == hits + 1


def test_a_write_killed_before_commit_leaves_nothing_behind():
    """A marker whose write never committed: the reader voids its token, so
    that write can never commit later, and serves what PostgreSQL has."""
    v = json.loads(h.http(aport, "GET", f"/api/problems/{PID}")[2])["version"]
    old = int(time.time()) - 60
    rcli("HSET", "problem:{%s}" % PID, "w:deadbeefdeadbeefdeadbeefdeadbeef", str(old))
    st, _, body = h.http(bport, "GET", f"/api/problems/{PID}")
    assert st == 200 and json.loads(body)["version"] == v
    got = h.psql(db, "SELECT committed FROM problem_writes WHERE token = "
                     "'deadbeefdeadbeefdeadbeefdeadbeef'")
    assert got == "f", got
    assert "w:" not in rcli("HKEYS", "problem:{%s}" % PID), rcli("HKEYS", "problem:{%s}" % PID)


def test_a_voided_write_can_never_commit():
    """The arbitration a repairing reader relies on: once a reader took a
    write's token as not committed, that write's statement fails whole."""
    tok = "cafebabecafebabecafebabecafebabe"
    before = h.psql(db, f"SELECT version || title FROM problems WHERE id = '{PID}'")
    assert h.psql(db, f"SELECT problem_write_void('{tok}', '{PID}')") == "f"
    try:
        h.psql(db, f"SELECT * FROM problem_patch('{tok}', '{PID}', 'Late', NULL, NULL, NULL, "
                   "NULL, NULL, NULL)")
        raise AssertionError("a voided write committed")
    except subprocess.CalledProcessError:
        pass
    after = h.psql(db, f"SELECT version || title FROM problems WHERE id = '{PID}'")
    assert after == before, (before, after)
    # and a committed write stays committed: voiding it later says so
    tok2 = "feedfacefeedfacefeedfacefeedface"
    h.psql(db, f"SELECT * FROM problem_patch('{tok2}', '{PID}', 'On time', NULL, NULL, NULL, "
               "NULL, NULL, NULL)")
    assert h.psql(db, f"SELECT problem_write_void('{tok2}', '{PID}')") == "t"


def herd(port, n):
    """n connections send one GET each at once; returns their statuses."""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=20) for _ in range(n)]
    req = (f"GET /api/problems/{PID} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode()
    for s in socks:
        s.sendall(req)
    out = []
    for s in socks:
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        out.append(int(data.split(b" ")[1]))
        s.close()
    return out


def test_herd_on_a_dropped_key_reads_postgresql_once_per_api():
    # The reconcile fills the entries of unpublished writes (a killed writer's,
    # above) within a second: once none is left, nothing but the herd fills.
    deadline = time.time() + 15
    while h.psql(db, "SELECT count(*) FROM problem_writes WHERE committed AND NOT published") \
            != "0":
        assert time.time() < deadline, "writes left unpublished"
        time.sleep(0.1)
    h.http(aport, "GET", f"/api/problems/{PID}")
    before = {aport: metrics(aport), bport: metrics(bport)}
    rcli("DEL", "problem:{%s}" % PID)
    results = {}
    ts = [threading.Thread(target=lambda p=p: results.update({p: herd(p, 250)}))
          for p in (aport, bport)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    for p in (aport, bport):
        assert results[p] == [200] * 250, results[p][:5]
    reads = {p: metrics(p)["fallthroughs"] - before[p]["fallthroughs"] for p in (aport, bport)}
    assert all(r <= 1 for r in reads.values()), reads
    assert sum(reads.values()) >= 1, reads


def version_at(port):
    st, _, body = h.http(port, "GET", f"/api/problems/{PID}")
    assert st == 200, (st, body)
    return json.loads(body)["version"]


def test_a_fill_read_before_a_flush_does_not_bring_the_old_version_back():
    """A reader's PostgreSQL read that began before a write which returned, and
    that fills after a FLUSHALL took the write's entry away, must not put the
    old version back (the entry's generation went with the flush)."""
    key = "problem:{%s}" % PID
    c, cport = start_api(env={"VERDICT_TEST_READ_PAUSE_MS": "1500"})
    try:
        rcli("DEL", key)
        res = {}
        t = threading.Thread(target=lambda: res.update(v=version_at(cport)))
        t.start()
        c.wait_log(r"test hook: a reader of a-plus-b pauses")
        newer = patch(aport, {"title": "A + B (before the flush)"})
        assert newer > 0
        rcli("FLUSHALL")
        t.join(20)
        assert res["v"] < newer, res  # its read began before the write
        time.sleep(0.3)  # its fill, if any, is in Redis by now
        assert rcli("HGET", key, "v") in ("", str(newer)), rcli("HGETALL", key)
        for port in (aport, bport, cport):
            assert version_at(port) >= newer
    finally:
        c.stop()


def test_a_redis_back_from_an_old_snapshot_is_moved_up_before_use():
    """Redis restarted from a snapshot older than writes that returned and were
    published (an RDB of an hour ago, an AOF fsynced a second ago): each api
    moves every entry up to PostgreSQL's version before it trusts Redis again."""
    global redis
    old = patch(aport, {"title": "A + B (in the snapshot)"})
    rcli("SAVE")
    newer = patch(bport, {"title": "A + B (after the snapshot)"})
    assert newer > old > 0
    ups = {p: p.drain().count("problem cache: Redis in use") for p in (a, b)}
    redis.send_signal(signal.SIGTERM)
    redis.wait(10)
    subprocess.run(["rm", "-rf", os.path.join(rdir, "appendonlydir")], check=True)
    redis = start_redis(aof=False)  # it loads the snapshot: the entry is at `old`
    for p in (a, b):
        wait_count(p, "problem cache: Redis in use", ups[p] + 1)
    for port in (aport, bport):
        assert version_at(port) == newer
    assert rcli("HGET", "problem:{%s}" % PID, "v") == str(newer)


suite = h.Suite()
try:
    rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
finally:
    for p in (a, b):
        p.stop()
    redis.send_signal(signal.SIGTERM)
    redis.wait(10)
for p in (a, b):
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        if bad in p.log:
            print(p.log)
            rc = 1
h.drop_db(db)
sys.exit(rc)
