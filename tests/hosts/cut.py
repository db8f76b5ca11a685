"""The worker-host cut (tests/hosts/test_worker_cut*.py): see test_worker_cut.py."""
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import hosts  # noqa: E402

f = hosts.f


def ports_to(hst, addr, port):
    """Local ports of hst's established TCP connections to addr:port."""
    out = hst.run(["ss", "-tnH", "state", "established", "dst", f"{addr}:{port}"],
                  capture_output=True, text=True, check=True).stdout
    return {int(line.split()[2].rsplit(":", 1)[1]) for line in out.splitlines() if line.strip()}


def redis_ports(site, hst):
    return ports_to(hst, site.redis_host.addr, hosts.REDIS_PORT)


def pg_ports(site, hst):
    return ports_to(hst, site.pg_host.addr, hosts.PG_PORT)


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


def case(site, seconds=10, pg_log=None):
    """The cut of site's first worker host for `seconds`; with pg_log (the
    PostgreSQL log, every statement with its client's address and port), the
    same check for PostgreSQL: no statement of a connection the worker gave
    up on runs after the link is back."""
    users = site.users(4)
    burst = site.burst(users)
    cut, cut_host = site.workers[0], site.worker_hosts[0]
    burst.submit(12)
    cut.wait_log(r"slot \d+: (cached|submission)", timeout=20)  # it has jobs in hand
    old = redis_ports(site, cut_host)
    old_pg = pg_ports(site, cut_host)
    cut_host.cut()
    t_cut = time.time()
    burst.submit(6)  # while it is away: the others take them
    others = site.workers[1:]
    f.wait_until(lambda: any("reaper: " in w.drain() for w in others), 15,
                 "a reaper to take the cut worker's jobs back")
    t_reaped = time.time() - t_cut
    cut.wait_log(r"Redis unavailable", timeout=10)  # it gave its connections up
    mon = Monitor(site)
    time.sleep(max(0.0, seconds - (time.time() - t_cut)))
    # The connections it closed (a connection with nothing pending may live
    # through the cut, and is used again once the link is back).
    given_up = old - redis_ports(site, cut_host)
    assert given_up, (old, "no connection given up: the cut was too short?")
    if pg_log:
        pg_given_up = old_pg - pg_ports(site, cut_host)
        assert pg_given_up, (old_pg, "no PostgreSQL connection given up: the cut was too short?")
        pg_from = os.path.getsize(pg_log)
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
    if pg_log:
        with open(pg_log, errors="replace") as log:
            log.seek(pg_from)
            rx = re.compile(re.escape(cut_host.addr) + r"\((\d+)\) LOG:  (?:statement|execute)")
            late = [line[:200] for line in log if (m := rx.search(line))
                    and int(m.group(1)) in pg_given_up]
        assert not late, "statements of connections the cut worker had given up on ran " \
            "later:\n" + "\n".join(late)
    # Back in the pool: it holds its lease again (the reaper had deleted it).
    wid = cut.wait_log(r"lease taken as (\S+);").group(1)
    f.wait_until(lambda: subprocess.run(
        ["redis-cli", "-h", site.redis_host.addr, "-p", str(hosts.REDIS_PORT), "EXISTS",
         f"lease:{wid}"], capture_output=True, text=True).stdout.strip() == "1", 10,
        "the cut worker to hold its lease again")
    per_worker = [len(site.stored_by(w)) for w in site.workers]
    print(f"{n} verdicts; stored per worker host: {per_worker}; its jobs reaped "
          f"{t_reaped:.1f} s after the cut; the cut one stored "
          f"{len(site.stored_by(cut) - stored_before)} after it came back")
    assert sum(per_worker) == n, per_worker
    for u in users:
        u.close()

