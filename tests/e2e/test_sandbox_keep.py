"""`verdict sandbox run` keeps its slot between invocations (issue 10: one
invocation within 1.5x of bubblewrap): the next invocation takes the slot's
namespaces as they were (a host name set from outside in the kept UTS namespace
is still there: namespace inode numbers are reused, names are not), but never what the last
run left in /box; a slot built under another configuration, or whose pins are
gone (a reboot leaves the empty files), or whose config was altered, is built
afresh; `verdict sandbox sweep` lets everything go: no pin, no cgroup left."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ROOT = f"/run/verdict/test-keep-{os.getpid()}"
CGROUP = f"verdict-test-keep-{os.getpid()}"
KEEP = ROOT + "/keep"


def run(*script, uid=61990):
    """Runs sh -c script in the kept instance; returns (exit code, stdout)."""
    out = f"{ROOT}.out"
    r = subprocess.run([h.BIN, "sandbox", "run", "--root-dir", ROOT, "--cgroup", CGROUP,
                        "--uid", str(uid), "--stdout", out, "--", "/bin/sh", "-c",
                        " ".join(script)], capture_output=True, text=True, timeout=60)
    text = open(out).read() if os.path.exists(out) else ""
    if os.path.exists(out):
        os.unlink(out)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"sandbox run failed ({r.returncode}): {r.stderr} {r.stdout}")
    return r.returncode, text


def mark(name):
    """Names the kept slot's UTS namespace from outside, as a marker."""
    subprocess.run(["nsenter", f"--uts={KEEP}/slot0.uts", "hostname", name], check=True)


def host_name(uid=61990):
    return run("uname -n", uid=uid)[1].strip()


def pins():
    with open("/proc/self/mountinfo") as f:
        return [line.split()[4] for line in f if line.split()[4].startswith(KEEP)]


def cgroups():
    found = []
    for ctl in ("memory", "pids", "cpuacct", ""):
        d = os.path.join("/sys/fs/cgroup", ctl, CGROUP)
        if os.path.isdir(d):
            found.append(d)
    return found


def sweep():
    return subprocess.run([h.BIN, "sandbox", "sweep", "--root-dir", ROOT, "--cgroup", CGROUP],
                          capture_output=True, text=True, timeout=60)


def main():
    if os.geteuid() != 0:
        print("skipped: needs root")
        return 0
    checks = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
        checks.append(ok)

    try:
        code, _ = run("echo secret > /box/left; echo x > /tmp/t")
        check("first run kept its slot", code == 0 and sorted(os.path.basename(p) for p in pins())
              == ["keep", "slot0.mnt", "slot0.net", "slot0.uts"], str(pins()))
        mark("kept-1")
        check("the next invocation takes it", host_name() == "kept-1")
        code, out = run("ls -A /box /tmp")
        check("but not what the last run left in /box or /tmp", code == 0 and
              "left" not in out and "t" not in out.split(), repr(out))
        code, _ = run("echo hi > /box/f && test \"$(cat /box/f)\" = hi")
        check("its /box is writable as the slot's uid", code == 0)

        name = host_name(uid=61991)
        check("another configuration builds afresh", name == "box", name)
        mark("kept-2")
        name = host_name()
        check("and back: afresh again", name == "box", name)
        mark("kept-3")

        for p in pins():
            if not p.endswith("/keep"):
                subprocess.run(["umount", p], check=True)
        name = host_name()
        check("pins gone (a reboot): built afresh", name == "box", name)
        mark("kept-4")

        with open(KEEP + "/config", "a") as f:
            f.write("altered\n")
        name = host_name()
        check("an altered config: built afresh", name == "box", name)

        r = sweep()
        check("sweep lets it go", r.returncode == 0 and pins() == [] and cgroups() == [],
              f"{r.stderr.strip()} pins={pins()} cgroups={cgroups()}")
        code, _ = run("true")
        check("and the next invocation builds a slot again", code == 0 and len(pins()) == 4)
    finally:
        sweep()
        if pins() or cgroups():
            print(f"FAIL left behind: {pins()} {cgroups()}")
            checks.append(False)
        subprocess.run(["rm", "-rf", ROOT])
    failed = checks.count(False)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
