#!/usr/bin/env python3
"""One whole `verdict sandbox run` invocation against `bwrap --unshare-all`
doing the same run (a static "return 0" in a fresh box: private PID, mount,
network, IPC, UTS namespaces, a read-only /usr, /proc, /dev, /tmp, the program
bound from the host), and the bare program for the floor; also verdict copying
the program into its /box (--file), and verdict's first invocation on a slot
(after `verdict sandbox sweep`, which lets the kept slot go: it builds the slot
and tries a first run). Interleaved in one loop, so that drift and load hit all
alike. Prints medians and p10.
Usage: bench/sandbox/cli.py VERDICT_BIN STATIC_BINARY [RUNS]   (as root)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv, before=None):
    if before:
        subprocess.run(before, check=True)
    t = time.perf_counter()
    r = subprocess.run(argv, capture_output=True)
    dt = (time.perf_counter() - t) * 1e3
    if r.returncode != 0:
        sys.exit(f"{argv[0]} failed ({r.returncode}): {r.stderr.decode()[-300:]}"
                 f" {r.stdout.decode()[-300:]}")
    return dt


def main():
    verdict, prog = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    box = tempfile.mkdtemp(prefix="verdict-bench-bwrap-")
    os.chmod(box, 0o755)  # verdict's run reads it as the slot's uid
    try:
        shutil.copy(prog, os.path.join(box, "prog"))
        sweep = [verdict, "sandbox", "sweep"]
        first = [verdict, "sandbox", "run", "--bind", box + "=/data", "--", "/data/prog"]
        cases = {
            "bare": [prog],
            "verdict sandbox run": first,
            "verdict run --file": [verdict, "sandbox", "run", "--file", prog + "=prog", "--",
                                   "/box/prog"],
            "bwrap --unshare-all": ["bwrap", "--unshare-all", "--die-with-parent",
                                    "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                                    "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin",
                                    "/bin", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                                    "--bind", box, "/box", "--chdir", "/box", "/box/prog"],
        }
        times = {k: [] for k in cases}
        times["verdict, first on a slot"] = []
        for argv in cases.values():  # warm the caches once
            timed(argv)
        for _ in range(runs):
            for name, argv in cases.items():
                times[name].append(timed(argv))
            times["verdict, first on a slot"].append(timed(first, before=sweep))
        bw = statistics.median(times["bwrap --unshare-all"])
        for name, ts in times.items():
            ts.sort()
            med = statistics.median(ts)
            print(f"{name:26s} runs={runs}  median {med:7.2f} ms  p10 {ts[len(ts) // 10]:7.2f}"
                  f"  p90 {ts[len(ts) * 9 // 10]:7.2f}  vs bwrap {med / bw:4.2f}x")
    finally:
        shutil.rmtree(box, ignore_errors=True)


main()
