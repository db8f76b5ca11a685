"""`verdict sandbox run` binds (issue 9): a bind whose box path is under /tmp
or /box (as `--bind /tmp/dir -- /tmp/dir/prog` gives) is refused before
anything starts, with the reason and what to do instead; the way it suggests
works."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def run(*args):
    return subprocess.run([h.BIN, "sandbox", "run", *args], capture_output=True, text=True,
                          timeout=60)


def main():
    failed = []
    with tempfile.TemporaryDirectory(prefix="verdict-cli-bind-") as d:
        os.chmod(d, 0o755)
        prog = os.path.join(d, "prog")
        with open(prog, "w") as f:
            f.write("#!/bin/sh\necho hello\n")
        os.chmod(prog, 0o755)
        for bind, box_prog in ((d, prog), (d + "=/box/d", "/box/d/prog")):
            r = run("--bind", bind, "--", box_prog)
            want = f"--bind {d}=/data"
            ok = r.returncode == 2 and want in r.stderr and "--file" in r.stderr \
                and "Invalid argument" not in r.stderr
            print(f"{'ok  ' if ok else 'FAIL'} --bind {bind}: exit {r.returncode}: "
                  f"{r.stderr.strip()}")
            if not ok:
                failed.append(bind)
        out = os.path.join(d, "out")
        r = run("--bind", d + "=/data", "--stdout", out, "--", "/data/prog")
        ok = r.returncode == 0 and '"status":"ok"' in r.stdout and open(out).read() == "hello\n"
        print(f"{'ok  ' if ok else 'FAIL'} --bind {d}=/data: exit {r.returncode}: "
              f"{r.stdout.strip()} {r.stderr.strip()}")
        if not ok:
            failed.append("=/data")
    # The default instance keeps its slot between invocations: let it go.
    subprocess.run([h.BIN, "sandbox", "sweep"], check=True, timeout=60)
    print(f"{3 - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


sys.exit(main())
