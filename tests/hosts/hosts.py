"""A verdict site on simulated hosts (netns.py): a Redis host and a
PostgreSQL host of its own, two api, two gateway and three worker hosts, and
the "client" host the test runs in, each on its own address of 10.77.0.0/24
and nothing routed out. Users connect to both gateways; submissions go
through both apis in turn (faults.Burst). Stops only what it started and
deletes its namespaces, also when a case fails."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "faults"))
import faults as f  # noqa: E402
import netns  # noqa: E402

h = netns.h
PGBIN = f.PGBIN
# Each host has a network of its own, so these ports cannot meet the
# machine's services; they are the hosts brief's range all the same.
REDIS_PORT, PG_PORT, API_PORT, GW_PORT = 17311, 17321, 17331, 17341


class Both:
    """One user connected to both gateways (a faults.User on each). seen()
    is what each connection saw when they agree, so faults.Burst.check's
    "seen exactly once" holds only when both saw the verdict exactly once:
    the larger count when one saw it twice, the smaller while one has not yet."""

    def __init__(self, name, gws):
        self.name = name
        self.conns = [f.User(port, name, [port], host=addr) for addr, port in gws]

    def seen(self, sid):
        counts = [c.seen(sid) for c in self.conns]
        return max(counts) if max(counts) > 1 else min(counts)

    def close(self):
        for c in self.conns:
            c.close()


class Site:
    def __init__(self, name, workers=3, slots=1, pg_statements=False):
        self.name = name
        self.pg_statements = pg_statements
        self.procs = []
        self.dirs = []
        self.net = netns.Net()
        try:
            self._hosts(workers)
            self.net.enter(self.client)  # the test's sockets, psql and migrate
            self._engines()
            self._roles(slots)
        except BaseException:
            print(self.logs())
            self.stop()
            raise

    def _hosts(self, workers):
        n = self.net
        self.client = n.host("client", 2)
        self.redis_host = n.host("redis", 11)
        self.pg_host = n.host("pg", 21)
        self.api_hosts = [n.host(f"api{i}", 31 + i) for i in range(2)]
        self.gw_hosts = [n.host(f"gw{i}", 41 + i) for i in range(2)]
        self.worker_hosts = [n.host(f"worker{i}", 51 + i) for i in range(workers)]

    def _tmp(self, what):
        d = tempfile.mkdtemp(prefix=f"verdict-hosts-{what}-")
        self.dirs.append(d)
        return d

    def _engines(self):
        rd = self._tmp("redis")
        self.redis = self.redis_host.popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", self.redis_host.addr, "--dir",
             rd, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
             "--protected-mode", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(self.redis)
        self.redis_url = f"redis://{self.redis_host.addr}:{REDIS_PORT}"
        f.wait_until(lambda: subprocess.run(
            ["redis-cli", "-h", self.redis_host.addr, "-p", str(REDIS_PORT), "PING"],
            capture_output=True, text=True).stdout.strip() == "PONG", 10, "redis")
        self._postgres()
        self.db = f"postgresql://postgres@{self.pg_host.addr}:{PG_PORT}/verdict"
        h.psql(self.db.rsplit("/", 1)[0] + "/postgres", "CREATE DATABASE verdict")
        subprocess.run([h.BIN, "migrate", "--db", self.db], check=True, capture_output=True)
        h.import_problems(self.db)

    def _postgres(self):
        base = self._tmp("pg")
        os.chmod(base, 0o755)
        shutil.chown(base, "postgres", "postgres")
        data = os.path.join(base, "data")
        subprocess.run(f.as_postgres([f"{PGBIN}/initdb", "-D", data, "-U", "postgres",
                                      "--auth=trust"]), check=True, capture_output=True)
        with open(os.path.join(data, "pg_hba.conf"), "a") as hba:
            hba.write(f"host all all {netns.SUBNET}.0/24 trust\n")
        self.pg_log_path = os.path.join(base, "log")
        self.pg_log = open(self.pg_log_path, "a")
        # Every statement with its client's address and port, for a case
        # that checks which connection ran what.
        logging = ["-c", "log_statement=all", "-c", "log_line_prefix=%r "] \
            if self.pg_statements else []
        self.pg = self.pg_host.popen(
            [f"{PGBIN}/postgres", "-D", data, "-p", str(PG_PORT), "-c",
             f"listen_addresses={self.pg_host.addr}", "-c", f"unix_socket_directories={base}",
             "-c", "fsync=off", "-c", "max_connections=200"] + logging, user="postgres",
            stdout=self.pg_log, stderr=self.pg_log)
        f.wait_until(lambda: subprocess.run(
            [f"{PGBIN}/pg_isready", "-h", self.pg_host.addr, "-p", str(PG_PORT)],
            capture_output=True).returncode == 0, 30, "postgres")

    def _roles(self, slots):
        common = ["--redis", self.redis_url]
        self.apis = []
        for hst in self.api_hosts:
            p = netns.HostProc(hst, ["api", "--host", hst.addr, "--port", str(API_PORT), "--db",
                                     self.db] + common)
            self.procs.append(p)
            self.apis.append(p)
        self.gws = []
        for hst in self.gw_hosts:
            p = netns.HostProc(hst, ["gateway", "--host", hst.addr, "--port", str(GW_PORT)]
                               + common)
            self.procs.append(p)
            self.gws.append(p)
        self.workers = []
        for hst in self.worker_hosts:
            p = netns.HostProc(hst, ["worker", "--db", self.db, "--slots", str(slots),
                                     "--work-dir", self._tmp("worker")] + common)
            self.procs.append(p)
            self.workers.append(p)
        for p in self.apis:
            p.wait_log(r"problems available", timeout=30)
        for p in self.gws:
            p.wait_log(r"listening on ws://", timeout=30)
        for p in self.workers:
            p.wait_log(r"lease taken", timeout=30)
        self.api_addrs = [(hst.addr, API_PORT) for hst in self.api_hosts]
        self.gw_addrs = [(hst.addr, GW_PORT) for hst in self.gw_hosts]

    def users(self, n):
        return [Both(f"{self.name}-{os.getpid()}-{i}", self.gw_addrs) for i in range(n)]

    def burst(self, users):
        return f.Burst(self.api_addrs, users)

    def stored_by(self, worker):
        """Submissions whose verdict this worker stored (and announced)."""
        import re
        return set(re.findall(r"slot \d+: submission (\S+) \(", worker.drain()))

    def logs(self):
        out = []
        for p in self.procs:
            if isinstance(p, netns.HostProc):
                out.append(f"--- {p.host.name}: {p.args[1]}\n{p.drain()[-4000:]}")
        return "\n".join(out)

    def stop(self):
        for p in reversed(self.procs):
            if isinstance(p, netns.HostProc):
                p.stop()
            elif p.poll() is None:
                p.send_signal(signal.SIGQUIT if p is getattr(self, "pg", None) else
                              signal.SIGTERM)
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []
        if getattr(self, "pg_log", None):
            self.pg_log.close()
        self.net.close()
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs = []


def run(name, case, workers=3, pg_statements=False):
    """Builds the site, runs case(site), and always tears it down."""
    t0 = time.time()
    site = Site(name, workers=workers, pg_statements=pg_statements)
    try:
        case(site)
        print(f"ok: {name} in {time.time() - t0:.1f} s")
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.stop()
