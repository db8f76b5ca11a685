"""Hosts simulated on one machine (issue 15): each host is a network
namespace with one veth link to a "switch" namespace holding a bridge, and
its own address on a private /24. Nothing is routed out: a host reaches the
other hosts' addresses and nothing else, and the machine's own networking is
untouched (no link, bridge or route is added to the root namespace).

    net = Net()                        # the switch
    redis = net.host("redis", 11)      # 10.77.0.11
    p = redis.popen(["redis-server", ...])

Every namespace is named vdh<pid>-<name>; Net.close() (also run at exit and
by the cases' finally) deletes them, which takes their links and the bridge
with them. Processes run in a host through `nsenter --net=` (not `ip netns
exec`, which remounts /sys in a new mount namespace and so would hide the
cgroup tree the worker's sandbox needs); the test itself enters the "client"
host (Net.enter), so its sockets, psql and `verdict migrate` go over the
simulated network too."""
import atexit
import ctypes
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
import harness as h  # noqa: E402

SUBNET = "10.77.0"
CLONE_NEWNET = 0x40000000


def ip(*args):
    out = subprocess.run(["ip", *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


class Host:
    """One namespace on the switch: name, address, and its link (eth0 here,
    h<n> on the switch's side)."""

    def __init__(self, net, name, n):
        self.net = net
        self.name = name
        self.n = n
        self.ns = f"{net.prefix}{name}"
        self.addr = f"{SUBNET}.{n}"
        self.port_name = f"h{n}"  # the switch's end of the link
        ip("netns", "add", self.ns)
        net.namespaces.append(self.ns)
        ip("-n", self.ns, "link", "set", "lo", "up")
        # Both ends are made in their namespaces: never in the root one.
        ip("link", "add", "name", "eth0", "netns", self.ns, "type", "veth", "peer", "name",
           self.port_name, "netns", net.switch)
        ip("-n", net.switch, "link", "set", self.port_name, "master", "br0", "up")
        ip("-n", self.ns, "addr", "add", f"{self.addr}/24", "dev", "eth0")
        ip("-n", self.ns, "link", "set", "eth0", "up")

    def wrap(self, args, user=None):
        """args run in this host (as user, when given: PostgreSQL refuses
        root)."""
        # Killed with the test (pdeathsig) should the test itself be killed
        # before its finally runs (PostgreSQL, started as another user,
        # loses this; Site.stop() and atexit stop it).
        pre = ["setpriv", "--pdeathsig", "KILL", "nsenter", f"--net=/run/netns/{self.ns}"]
        if user:
            import pwd
            pw = pwd.getpwnam(user)
            pre += [f"--setuid={pw.pw_uid}", f"--setgid={pw.pw_gid}"]
        return pre + ["--"] + list(args)

    def popen(self, args, user=None, **kw):
        return subprocess.Popen(self.wrap(args, user), **kw)

    def run(self, args, user=None, **kw):
        return subprocess.run(self.wrap(args, user), **kw)

    def cut(self):
        """Pulls the host's cable at the switch: its packets go nowhere, and
        its own sockets see nothing happen (TCP retransmits) until plug()."""
        ip("-n", self.net.switch, "link", "set", self.port_name, "down")

    def plug(self):
        ip("-n", self.net.switch, "link", "set", self.port_name, "up")


class Net:
    """The switch and the hosts on it."""

    def __init__(self):
        self.prefix = f"vdh{os.getpid()}-"
        self.namespaces = []
        self.hosts = {}
        self.switch = f"{self.prefix}switch"
        self._root_fd = None
        atexit.register(self.close)
        ip("netns", "add", self.switch)
        self.namespaces.append(self.switch)
        ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        ip("-n", self.switch, "link", "set", "br0", "up")

    def host(self, name, n):
        hst = Host(self, name, n)
        self.hosts[name] = hst
        return hst

    def enter(self, hst):
        """Moves the calling thread (and the threads and processes it starts
        later) into hst's network namespace."""
        libc = ctypes.CDLL(None, use_errno=True)
        if self._root_fd is None:
            self._root_fd = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        fd = os.open(f"/run/netns/{hst.ns}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), f"setns into {hst.ns}")
        finally:
            os.close(fd)

    def leave(self):
        if self._root_fd is not None:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.setns(self._root_fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the root namespace")
            os.close(self._root_fd)
            self._root_fd = None

    def close(self):
        """Deletes every namespace this Net made (their links and the bridge
        go with them); safe to call twice."""
        try:
            self.leave()
        except OSError:
            pass
        while self.namespaces:
            ns = self.namespaces.pop()
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


class HostProc(h.Proc):
    """A verdict role started in a host (h.Proc's log handling)."""

    def __init__(self, hst, args, env=None):
        self.args = [h.BIN] + args
        self.host = hst
        e = dict(os.environ)
        e.update(env or {})
        self.p = hst.popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        self.log = ""
