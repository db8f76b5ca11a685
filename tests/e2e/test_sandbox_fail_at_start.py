"""Fail at start, not per run (issue 10): where the sandbox cannot work (inside
a chroot, pivot_root leaves the run without /box), `verdict sandbox run` and
`verdict worker` try one run per slot at start and refuse to start with a
message that names the cause, instead of answering every run with IE."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def in_chroot(root, *args):
    """Runs the verdict binary with args inside a chroot whose root is the host's
    bound at root, in a mount namespace of its own (nothing leaks to the host)."""
    script = 'mount --make-rprivate / && mount --rbind / "$0" && exec chroot "$0" "$@"'
    return subprocess.run(["unshare", "--mount", "sh", "-c", script, root, h.BIN, *args],
                          capture_output=True, text=True, timeout=60)


def main():
    if os.geteuid() != 0:
        print("skipped: needs root")
        return 0
    failed = []
    cause = "enter the working directory"
    with tempfile.TemporaryDirectory(prefix="verdict-chroot-") as root:
        cases = (
            ("sandbox run", ("sandbox", "run", "--", "/bin/true"), "verdict sandbox run: "),
            ("worker", ("worker", "--slots", "2", "--db", "postgresql://127.0.0.1:1/none",
                        "--redis", "redis://127.0.0.1:1"), "cannot run a program"),
        )
        for name, args, prefix in cases:
            r = in_chroot(root, *args)
            ok = (r.returncode != 0 and prefix in r.stderr and cause in r.stderr
                  and "chroot" in r.stderr and '"status":"IE"' not in r.stdout)
            print(f"{'ok  ' if ok else 'FAIL'} {name} in a chroot: exit {r.returncode}: "
                  f"{r.stderr.strip()[-300:]}")
            if not ok:
                failed.append(name)
    # Outside the chroot the same command works: the trial run costs nothing visible.
    r = subprocess.run([h.BIN, "sandbox", "run", "--", "/bin/true"], capture_output=True,
                       text=True, timeout=60)
    ok = r.returncode == 0 and '"status":"ok"' in r.stdout and r.stderr == ""
    print(f"{'ok  ' if ok else 'FAIL'} sandbox run outside: exit {r.returncode}: "
          f"{r.stdout.strip()} {r.stderr.strip()}")
    if not ok:
        failed.append("outside")
    # The default instance keeps its slot between invocations: let it go.
    subprocess.run([h.BIN, "sandbox", "sweep"], check=True, timeout=60)
    print(f"{3 - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


sys.exit(main())
