"""A verdict site on simulated hosts (netns.py): Redis and PostgreSQL hosts
of its own, two api, two gateway and three worker hosts, and the "client"
host the test runs in, each on its own address of 10.77.0.0/24 and nothing
routed out. One Redis and one PostgreSQL host, or with ha=True three Redis
hosts (a primary, two replicas, a sentinel on each: the roles take
--redis sentinel://...) and two PostgreSQL hosts (a synchronous standby: a
two-host --db URL with target_session_attrs=read-write). Users connect to
both gateways; submissions go through both apis in turn (faults.Burst).
Stops only what it started and deletes its namespaces, also when a case
fails."""
import atexit
import os
import re
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
REDIS_PORT, SENTINEL_PORT, PG_PORT, API_PORT, GW_PORT = 17311, 17312, 17321, 17331, 17341


def rcli(addr, port, *args):
    return subprocess.run(["redis-cli", "-h", addr, "-p", str(port), *args],
                          capture_output=True, text=True, timeout=5).stdout.strip()


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
    """The hosts, the engines and the roles, up and ready: apis with their
    problems, gateways listening, workers holding their leases. The test's
    thread is in the client host from here on."""

    def __init__(self, name, workers=3, slots=1, pg_statements=False, ha=False):
        self.name = name
        self.ha = ha
        self.pg_statements = pg_statements
        self.procs = []
        self.dirs = []
        self.net = netns.Net()
        atexit.register(self.stop)  # before Net's own (last in, first out)
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
        k = 3 if self.ha else 1
        self.redis_hosts = [n.host(f"redis{i}", 11 + i) for i in range(k)]
        self.pg_hosts = [n.host(f"pg{i}", 21 + i) for i in range(2 if self.ha else 1)]
        self.redis_host, self.pg_host = self.redis_hosts[0], self.pg_hosts[0]  # the primaries
        self.api_hosts = [n.host(f"api{i}", 31 + i) for i in range(2)]
        self.gw_hosts = [n.host(f"gw{i}", 41 + i) for i in range(2)]
        self.worker_hosts = [n.host(f"worker{i}", 51 + i) for i in range(workers)]

    def _tmp(self, what):
        d = tempfile.mkdtemp(prefix=f"verdict-hosts-{what}-")
        self.dirs.append(d)
        return d

    def _daemon(self, hst, args, **kw):
        p = hst.popen(args, **kw)
        self.procs.append(p)
        return p

    def _redis(self, hst, extra):
        self._daemon(hst, ["redis-server", "--port", str(REDIS_PORT), "--bind", hst.addr, "--dir",
                           self._tmp("redis"), "--save", "", "--appendonly", "yes",
                           "--appendfsync", "always", "--protected-mode", "no"] + extra,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        f.wait_until(lambda: rcli(hst.addr, REDIS_PORT, "PING") == "PONG", 10, "redis")

    def _engines(self):
        primary = self.redis_host.addr
        self._redis(self.redis_host, [])
        self.redis_url = f"redis://{primary}:{REDIS_PORT}"
        if self.ha:
            self._sentinels(primary)
        self._postgres()
        hosts = ",".join(f"{hst.addr}:{PG_PORT}" for hst in self.pg_hosts)
        self.db = f"postgresql://postgres@{hosts}/verdict"
        if self.ha:
            self.db += "?target_session_attrs=read-write&connect_timeout=2"
        h.psql(f"postgresql://postgres@{self.pg_host.addr}:{PG_PORT}/postgres",
               "CREATE DATABASE verdict")
        subprocess.run([h.BIN, "migrate", "--db", self.db], check=True, capture_output=True)
        h.import_problems(self.db)

    def _sentinels(self, primary):
        """A replica on each other Redis host and a sentinel on every one
        (quorum 2, down after 1 s), as issue 15's "Redis beyond one node"."""
        for hst in self.redis_hosts[1:]:
            self._redis(hst, ["--replicaof", primary, str(REDIS_PORT)])
            f.wait_until(lambda: "master_link_status:up" in rcli(hst.addr, REDIS_PORT, "INFO",
                                                                 "replication"),
                         15, "a replica to sync")
        for hst in self.redis_hosts:
            conf = os.path.join(self._tmp("sentinel"), "sentinel.conf")
            with open(conf, "w") as c:
                c.write(f"port {SENTINEL_PORT}\nbind {hst.addr}\nprotected-mode no\n"
                        f"sentinel monitor m {primary} {REDIS_PORT} 2\n"
                        "sentinel down-after-milliseconds m 1000\n"
                        "sentinel failover-timeout m 5000\n")
            self._daemon(hst, ["redis-server", conf, "--sentinel"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)

        def peers(hst):
            out = rcli(hst.addr, SENTINEL_PORT, "SENTINEL", "master", "m").split("\n")
            return dict(zip(out[::2], out[1::2])).get("num-other-sentinels", "0")

        f.wait_until(lambda: all(peers(hst) == str(len(self.redis_hosts) - 1)
                                 for hst in self.redis_hosts), 20, "the sentinels to meet")
        self.redis_url = "sentinel://" + ",".join(f"{hst.addr}:{SENTINEL_PORT}"
                                                  for hst in self.redis_hosts) + "/m"

    def _postgres(self):
        base = self._tmp("pg")
        os.chmod(base, 0o755)
        shutil.chown(base, "postgres", "postgres")
        data = os.path.join(base, "pg0")
        subprocess.run(f.as_postgres([f"{PGBIN}/initdb", "-D", data, "-U", "postgres",
                                      "--auth=trust"]), check=True, capture_output=True)
        with open(os.path.join(data, "pg_hba.conf"), "a") as hba:
            hba.write(f"host all all {netns.SUBNET}.0/24 trust\n"
                      f"host replication all {netns.SUBNET}.0/24 trust\n")
        self.pg_log_path = os.path.join(base, "log")
        self.pg_log = open(self.pg_log_path, "a")
        # Every statement with its client's address and port, for a case
        # that checks which connection ran what.
        extra = ["-c", "log_statement=all", "-c", "log_line_prefix=%r "] \
            if self.pg_statements else []
        if self.ha:  # a commit is acknowledged once the standby has it
            extra += ["-c", "synchronous_standby_names=*"]
        self._pg_start(self.pg_host, data, base, extra)
        if self.ha:
            standby = os.path.join(base, "pg1")
            subprocess.run(f.as_postgres([f"{PGBIN}/pg_basebackup", "-h", self.pg_host.addr,
                                          "-p", str(PG_PORT), "-U", "postgres", "-D", standby,
                                          "-R", "-X", "stream"]), check=True, capture_output=True)
            self._pg_start(self.pg_hosts[1], standby, base, [])
            f.wait_until(lambda: h.psql(f"postgresql://postgres@{self.pg_host.addr}:{PG_PORT}/"
                                        "postgres", "SELECT sync_state FROM pg_stat_replication")
                         == "sync", 30, "the standby to stream synchronously")

    def _pg_start(self, hst, data, base, extra):
        sock = os.path.join(base, f"sock-{hst.name}")
        os.makedirs(sock)
        shutil.chown(sock, "postgres", "postgres")
        p = self._daemon(hst, [f"{PGBIN}/postgres", "-D", data, "-p", str(PG_PORT), "-c",
                               f"listen_addresses={hst.addr}", "-c",
                               f"unix_socket_directories={sock}", "-c", "fsync=off", "-c",
                               "max_connections=200", "-c", "wal_level=replica", "-c",
                               "hot_standby=on"] + extra,
                         user="postgres", stdout=self.pg_log, stderr=self.pg_log)
        p.postgres = True  # stopped with SIGQUIT
        f.wait_until(lambda: subprocess.run(
            [f"{PGBIN}/pg_isready", "-h", hst.addr, "-p", str(PG_PORT)],
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
                p.send_signal(signal.SIGQUIT if getattr(p, "postgres", False) else
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


def run(name, case, workers=3, pg_statements=False, ha=False):
    """Builds the site (ha: three Redis hosts under Sentinel, two PostgreSQL
    hosts with a synchronous standby), runs case(site), and always tears it
    down."""
    t0 = time.time()
    # ctest's timeout and Ctrl-C end the case through its finally: the
    # namespaces and processes go with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    site = Site(name, workers=workers, pg_statements=pg_statements, ha=ha)
    print(f"site up in {time.time() - t0:.1f} s")
    try:
        case(site)
        print(f"ok: {name} in {time.time() - t0:.1f} s")
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.stop()
