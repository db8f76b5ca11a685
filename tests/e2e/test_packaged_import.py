"""End to end: Kattis packages imported by `verdict problems import` (its
time limit computed in-process by the judge of cli/local_judge.c when the
package gives none) and judged by a real worker: the importer's plan is one
the judge takes, its output validators build (C++ with a header; an
interactive one run against a JavaScript submission), and each example
program gets what its folder says (judge/expect.h), by the worker and by
`verdict problems verify ID` alike."""
import glob
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 12
PACKAGES = ["draft2023", "legacyscore", "modern2025", "flags2025", "legacyflags"]
LANG = {".c": "c", ".cpp": "cpp", ".cc": "cpp", ".py": "python", ".js": "javascript", ".go": "go",
        ".java": "java", ".rs": "rust"}
RUN_ERRORS = ("RE", "MLE", "OLE")
# What each folder permits of a judged result (verdict, partial).
EXPECT = {"accepted": lambda v, partial: v == "AC" and not partial,
          "wrong_answer": lambda v, partial: v == "WA",
          "time_limit_exceeded": lambda v, partial: v == "TLE",
          "run_time_error": lambda v, partial: v in RUN_ERRORS,
          "brute_force": lambda v, partial: v == "TLE" or v in RUN_ERRORS,
          "rejected": lambda v, partial: v not in ("AC", "CE", "IE"),
          "partially_accepted": lambda v, partial: partial}


def main():
    db = h.fresh_db("packaged_import")
    failed = []
    for name in PACKAGES:
        r = subprocess.run([h.BIN, "problems", "import", os.path.join(h.SRC, "tests/packages", name),
                            "--db", db], capture_output=True, text=True, timeout=300)
        if "1 imported" not in r.stderr:
            failed.append(name)
            print(f"FAIL import {name}: {r.stderr}")
    h.redis_cli(RDB, "FLUSHDB")
    api, port = h.start_api(db, RDB)
    worker = h.start_worker(db, RDB, slots=2)
    ids = {}
    for name in PACKAGES:
        for path in sorted(glob.glob(os.path.join(h.SRC, "tests/packages", name,
                                                  "submissions/*/*"))):
            folder, ext = path.split(os.sep)[-2], os.path.splitext(path)[1]
            if folder not in EXPECT or ext not in LANG:
                continue
            st, _, body = h.http(port, "POST", "/api/submissions",
                                 {"userId": "imp", "problemId": name, "language": LANG[ext],
                                  "code": open(path).read()})
            assert st == 202, (path, st, body)
            ids[path] = (folder, json.loads(body)["id"])
    deadline, done = time.time() + 120, {}
    while len(done) < len(ids) and time.time() < deadline:
        for path, (_, sid) in ids.items():
            if path not in done:
                doc = json.loads(h.http(port, "GET", f"/api/submissions/{sid}")[2])
                if doc["status"] == "done":
                    done[path] = doc
        time.sleep(0.2)
    worker.stop()
    api.stop()
    for path, (folder, _) in sorted(ids.items()):
        doc = done.get(path) or {}
        got = doc.get("verdict", "not judged")
        ok = path in done and EXPECT[folder](got, bool(doc.get("partial")))
        print(f"{'ok  ' if ok else 'FAIL'} {os.path.relpath(path, h.SRC):<70} {folder} got "
              f"{got} {doc.get('score', '')} {doc.get('message') or ''}")
        if not ok:
            failed.append(path)
    # The same programs, kept by the import, proved in-process.
    for name in PACKAGES:
        r = subprocess.run([h.BIN, "problems", "verify", name, "--db", db], capture_output=True,
                           text=True, timeout=300)
        print(r.stdout[-3000:], r.stderr[-2000:])
        if r.returncode != 0:
            failed.append("verify " + name)
    if failed or not ids:
        print(worker.log[-5000:])
    h.drop_db(db)
    print(f"{len(ids) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not ids else 0


sys.exit(main())
