"""Fault (issue 15): a worker host cut off mid-burst. Its cable is pulled at
the switch while it judges, for 10 s, then plugged back. Its lease (6 s)
expires, another worker's reaper puts its jobs back and they are judged
there; the cut worker, meanwhile, gives up on its Redis connections (5 s
command deadline). When the host comes back, its worker reconnects, renews
its lease, stores nothing twice, announces nothing twice and takes jobs
again. Every accepted submission: one correct verdict in PostgreSQL, seen
exactly once on each of its user's two gateway connections.

And what the cut showed: a command the worker gave up on (reported failed,
its connection closed) must never run later. A plain close() leaves what
the kernel still holds to send on an orphaned socket that keeps
retransmitting, so once the link was back Redis ran the lease, reaper and
take commands of connections the worker had dropped: a take would move a
job into the processing list of a worker that never hears of it (lease
alive again: no reaper takes it back; stuck until the 15-minute sweep), and
an announcement given up on and sent again once would go out a second time.
Redis's MONITOR, from before the plug, must show no command from the cut
worker's old connections."""
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import hosts  # noqa: E402

f = hosts.f


def redis_ports(site, hst):
    """Local ports of hst's TCP connections to the Redis host."""
    out = hst.run(["ss", "-tnH", "state", "established", "dst",
                   f"{site.redis_host.addr}:{hosts.REDIS_PORT}"],
                  capture_output=True, text=True, check=True).stdout
    return {int(line.split()[2].rsplit(":", 1)[1]) for line in out.splitlines() if line.strip()}


class Monitor:
    """Every command Redis runs, with the client's address (MONITOR)."""

    def __init__(self, site):
        self.p = subprocess.Popen(["redis-cli", "-h", site.redis_host.addr, "-p",
                                   str(hosts.REDIS_PORT), "MONITOR"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines = []
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()
        f.wait_until(lambda: self.lines, 5, "MONITOR to answer")  # its first line: OK

    def _read(self):
        for line in self.p.stdout:
            self.lines.append(line.rstrip("\n"))

    def from_(self, addr, ports):
        rx = re.compile(r"^\S+ \[\d+ " + re.escape(addr) + r":(\d+)\] (.*)$")
        return [m.group(0)[:200] for m in map(rx.match, list(self.lines))
                if m and int(m.group(1)) in ports]

    def stop(self):
        self.p.terminate()
        self.p.wait(5)


def case(site):
    users = site.users(4)
    burst = site.burst(users)
    cut, cut_host = site.workers[0], site.worker_hosts[0]
    burst.submit(12)
    cut.wait_log(r"slot \d+: (cached|submission)", timeout=20)  # it has jobs in hand
    old = redis_ports(site, cut_host)
    cut_host.cut()
    t_cut = time.time()
    burst.submit(6)  # while it is away: the others take them
    others = site.workers[1:]
    f.wait_until(lambda: any("reaper: " in w.drain() for w in others), 15,
                 "a reaper to take the cut worker's jobs back")
    cut.wait_log(r"Redis unavailable", timeout=10)  # it gave its connections up
    mon = Monitor(site)
    time.sleep(max(0.0, 10 - (time.time() - t_cut)))
    # The connections it closed (a connection with nothing pending may live
    # through the cut, and is used again once the link is back).
    given_up = old - redis_ports(site, cut_host)
    assert given_up, (old, "no connection given up: the cut was too short?")
    cut_host.plug()
    t_plug = time.time()
    stored_before = site.stored_by(cut)
    burst.submit(8)
    n = burst.check(site.db, timeout=45)
    # An orphaned socket's next retransmission comes within a few seconds
    # of the plug (exponential backoff from the cut: 12.6 s after it at most).
    time.sleep(max(0.0, 5 - (time.time() - t_plug)))
    mon.stop()
    late = mon.from_(cut_host.addr, given_up)
    assert not late, "commands of connections the cut worker had given up on ran later:\n" + \
        "\n".join(late)
    per_worker = [len(site.stored_by(w)) for w in site.workers]
    print(f"{n} verdicts; stored per worker host: {per_worker}; the cut one stored "
          f"{len(site.stored_by(cut) - stored_before)} after it came back")
    assert sum(per_worker) == n, per_worker
    for u in users:
        u.close()


hosts.run("hosts_worker_cut", case)
