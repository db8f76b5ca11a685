"""Per-language verdicts through the real worker: every file in worker_cases/
says the verdict it must get in its first lines ("expect: TLE", optionally
"message: <text the message must hold>" and "problem: <id>", default
a-plus-b), and a-plus-b's accepted solution in each language must be AC.
Includes the compile-time attacks (#include "/dev/random", a template
explosion, 2 GB static arrays), which end in CE or MLE within the compile
limits."""
import glob
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 12
LANG = {".c": "c", ".cpp": "cpp", ".py": "python", ".js": "javascript", ".java": "java",
        ".go": "go", ".rs": "rust"}
HERE = os.path.dirname(os.path.abspath(__file__))


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "worker_cases", "*"))):
        text = open(path).read()
        head = "\n".join(text.splitlines()[:4])
        expect = re.search(r"expect: (\w+)", head).group(1)
        msg = re.search(r"message: (.+)", head)
        prob = re.search(r"problem: ([\w-]+)", head)
        cases.append({"name": os.path.basename(path), "lang": LANG[os.path.splitext(path)[1]],
                      "code": text, "expect": expect, "message": msg.group(1) if msg else None,
                      "problem": prob.group(1) if prob else "a-plus-b"})
    for path in sorted(glob.glob(os.path.join(h.SRC, "problems/a-plus-b/submissions/accepted/accepted.*"))):
        cases.append({"name": "a-plus-b/" + os.path.basename(path),
                      "lang": LANG[os.path.splitext(path)[1]], "code": open(path).read(),
                      "expect": "AC", "message": None, "problem": "a-plus-b"})
    # The slowest first, so that two slots finish together.
    slow = ("explosion", "2gb", "urandom", "java")
    cases.sort(key=lambda c: not any(s in c["name"] for s in slow))
    return cases


def user_of(case):
    """A user id per case: a case's name may hold a '/', which no user id does."""
    return "case-" + case["name"].replace("/", "-")


def main():
    db = h.fresh_db("worker_langs")
    h.import_problems(db)
    h.redis_cli(RDB, "FLUSHDB")
    events = h.Events(RDB)
    worker = h.start_worker(db, RDB, slots=2)
    cases = load_cases()
    t0 = time.time()
    for c in cases:
        h.push_job(RDB, {"userId": user_of(c), "problemId": c["problem"],
                         "language": c["lang"], "code": c["code"]})
    got = events.wait_results(len(cases), timeout=400,
                              pred=lambda e: e["userId"].startswith("case-"))
    took = time.time() - t0
    by_user = {e["userId"]: e for e in got}
    failed = []
    for c in cases:
        e = by_user.get(user_of(c))
        ok = e is not None and e["status"] == c["expect"] and (
            c["message"] is None or c["message"] in (e.get("message") or ""))
        print(f"{'ok  ' if ok else 'FAIL'} {c['name']:<40} expect {c['expect']:<4} got "
              f"{e['status'] if e else '-':<4} {e.get('message', '') if e else ''}")
        if not ok:
            failed.append(c["name"])
    print(f"{len(cases)} cases judged in {took:.1f}s with 2 slots")
    rc = worker.stop()
    if rc != 0 or failed:
        print(worker.log[-5000:])
    events.close()
    h.drop_db(db)
    print(f"{len(cases) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or rc != 0 else 0


sys.exit(main())
