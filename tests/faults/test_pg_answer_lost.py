"""Fault: PostgreSQL commits a worker's verdict but its answer never comes
back (the link dies after the statement went out). The worker gives its
connection up after the query deadline (15 s), keeps the verdict and stores
it again on a new connection; the row is done by then. The worker must know
that finish for its own (sql/015: the claim's name on the row) and announce
it, once: a verdict stored but never announced is one its user never sees.

A TCP proxy between the worker and PostgreSQL lets everything through but,
on the first connection that sends a job_finish, stops passing PostgreSQL's
answers from that moment (the statement still runs and commits)."""
import os
import re
import socket
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402

# The Bind message of the prepared job_finish: 'B', its length, the unnamed
# portal's empty name, the statement's name (the Parse that prepared it has
# no empty string before the name).
BIND_FINISH = re.compile(rb"B[\s\S]{4}\x00job_finish\x00")


def shut(*socks):
    """Ends both directions of each socket (the other pump sees its end)."""
    for x in socks:
        try:
            x.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def pump(src, dst, passes):
    """Copies src to dst until either ends; passes(bytes seen, with the end
    of the previous read so that a message cut in two is seen whole) says
    whether a read goes through or is swallowed."""
    tail = b""
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            break
        seen = tail + data
        tail = seen[-32:]
        if passes(seen):
            try:
                dst.sendall(data)
            except OSError:
                break
    shut(src, dst)


class Proxy:
    """Passes 127.0.0.1:port to the PostgreSQL at target, until the first
    job_finish: from then on that connection's answers are swallowed."""

    def __init__(self, target):
        self.target = target
        self.armed = True
        self.swallowed = threading.Event()
        self.lock = threading.Lock()
        self.srv = socket.socket()
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(64)
        self.port = self.srv.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            s = socket.create_connection(self.target)
            conn = {"mute": False}
            threading.Thread(target=pump, args=(c, s, lambda d: self._watch(d, conn)),
                             daemon=True).start()
            threading.Thread(target=pump, args=(s, c, lambda d: not conn["mute"]),
                             daemon=True).start()

    def _watch(self, seen, conn):
        """The worker's bytes to PostgreSQL all pass; the first job_finish
        mutes its connection's answers, before it reaches PostgreSQL, so
        that no answer slips by."""
        with self.lock:
            if self.armed and BIND_FINISH.search(seen):
                self.armed = False
                conn["mute"] = True
                self.swallowed.set()
        return True

    def close(self):
        self.srv.close()


def via(url, port):
    """url with its host and port replaced by 127.0.0.1:port."""
    u = urllib.parse.urlsplit(url)
    netloc = (u.netloc.rsplit("@", 1)[0] + "@" if "@" in u.netloc else "") + f"127.0.0.1:{port}"
    return urllib.parse.urlunsplit(u._replace(netloc=netloc))


def fault(c):
    u = urllib.parse.urlsplit(c.stack.db)
    proxy = Proxy((u.hostname, u.port or 5432))
    try:
        work_dir = tempfile.mkdtemp(prefix="verdict-faults-worker-")
        w = f.h.Proc(["worker", "--db", via(c.stack.db, proxy.port), "--redis", c.stack.redis,
                      "--slots", "2", "--work-dir", work_dir])
        w.work_dir = work_dir
        c.stack.workers.append(w)  # stopped, and its work dir removed, with the stack
        f.wait_until(proxy.swallowed.is_set, 30, "the worker to send a verdict")
        # Its query deadline passes; it stores the kept verdict again.
        f.wait_until(lambda: "storing the kept verdict" in w.drain(), 30,
                     "the worker to store its kept verdict again")
    finally:
        proxy.close()


f.run("fault_pg_answer_lost", fault, workers=0, before=8, after=4, check_timeout=30)
