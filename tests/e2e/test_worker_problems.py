"""Every starter problem's reference solutions (problems/*/submissions/FOLDER/*,
the Kattis package layout), judged by the real worker with 2 slots, must get
the verdict their folder says: accepted AC, wrong_answer WA,
time_limit_exceeded TLE, run_time_error RE. This proves the judge and the
test data right together."""
import glob
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 13
LANG = {".c": "c", ".cpp": "cpp", ".py": "python", ".js": "javascript", ".java": "java",
        ".go": "go", ".rs": "rust"}
EXPECT = {"accepted": "AC", "wrong_answer": "WA", "time_limit_exceeded": "TLE",
          "run_time_error": "RE"}


def main():
    db = h.fresh_db("worker_problems")
    h.import_problems(db)
    h.redis_cli(RDB, "FLUSHDB")
    cases = []
    for path in sorted(glob.glob(os.path.join(h.SRC, "problems/*/submissions/*/*"))):
        folder = path.split(os.sep)[-2]
        base, ext = os.path.splitext(os.path.basename(path))
        if ext not in LANG or folder not in EXPECT:
            continue
        problem = path.split(os.sep)[-4]
        cases.append((problem, base + ext, LANG[ext], EXPECT[folder], open(path).read()))
    # Slow ones (time limits, JVM start per test) first, so both slots end together.
    cases.sort(key=lambda c: (c[3] != "TLE" and c[2] != "java", c[0]))
    events = h.Events(RDB)
    worker = h.start_worker(db, RDB, slots=2)
    t0 = time.time()
    for problem, name, lang, _, code in cases:
        h.push_job(RDB, {"userId": f"ref-{problem}-{name}", "problemId": problem,
                         "language": lang, "code": code})
    got = events.wait_results(len(cases), timeout=500,
                              pred=lambda e: e["userId"].startswith("ref-"))
    took = time.time() - t0
    by_user = {e["userId"]: e for e in got}
    failed = []
    for problem, name, lang, expect, _ in sorted(cases):
        e = by_user[f"ref-{problem}-{name}"]
        ok = e["status"] == expect
        print(f"{'ok  ' if ok else 'FAIL'} {problem + '/' + name:<48} expect {expect:<4} got "
              f"{e['status']:<4} {e['timeMs']:>5} ms {e['memoryKb']:>7} KB {e.get('message', '')}")
        if not ok:
            failed.append(name)
    print(f"{len(cases)} reference solutions judged in {took:.1f}s with 2 slots")
    rc = worker.stop()
    if rc != 0 or failed:
        print(worker.log[-5000:])
    events.close()
    h.drop_db(db)
    print(f"{len(cases) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or rc != 0 else 0


sys.exit(main())
