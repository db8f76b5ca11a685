#!/usr/bin/env python3
"""One whole `verdict sandbox run` invocation against `bwrap --unshare-all`
doing the same run (a static "return 0" in a fresh box: private PID, mount,
network, IPC, UTS namespaces, a read-only /usr, /proc, /dev, /tmp, the program
in a writable /box), and the bare program for the floor. Interleaved in one
loop, so that drift and load hit all three alike. Prints medians and p10.
Usage: bench/sandbox/cli.py VERDICT_BIN STATIC_BINARY [RUNS]   (as root)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv):
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t) * 1e3
    if r.returncode != 0:
        sys.exit(f"{argv[0]} failed ({r.returncode}): {r.stderr.decode()[-300:]}")
    return dt


def main():
    verdict, prog = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    box = tempfile.mkdtemp(prefix="verdict-bench-bwrap-")
    try:
        shutil.copy(prog, os.path.join(box, "prog"))
        cases = {
            "bare": [prog],
            "verdict sandbox run": [verdict, "sandbox", "run", "--file", prog + "=prog", "--",
                                    "/box/prog"],
            "bwrap --unshare-all": ["bwrap", "--unshare-all", "--die-with-parent",
                                    "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                                    "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin",
                                    "/bin", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                                    "--bind", box, "/box", "--chdir", "/box", "/box/prog"],
        }
        times = {k: [] for k in cases}
        for argv in cases.values():  # warm the caches once
            timed(argv)
        for _ in range(runs):
            for name, argv in cases.items():
                times[name].append(timed(argv))
        bw = statistics.median(times["bwrap --unshare-all"])
        for name, ts in times.items():
            ts.sort()
            med = statistics.median(ts)
            print(f"{name:22s} runs={runs}  median {med:7.2f} ms  p10 {ts[len(ts) // 10]:7.2f}"
                  f"  p90 {ts[len(ts) * 9 // 10]:7.2f}  vs bwrap {med / bw:4.2f}x")
    finally:
        shutil.rmtree(box, ignore_errors=True)


main()
