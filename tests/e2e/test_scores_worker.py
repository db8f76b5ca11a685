"""End to end: scoring problems judged by a real worker (judging plans
stored in problems.judging, as the import writes them), their results
through a real api and the result events: a 2025-09 layout (groups of 40 and
60 points, partial solutions accepted below the maximum), and a validator of
the problem's own writing score.txt (an unbounded maximum) and feedback: the
team message is the user's, the judge message the admin's alone."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 9
ADMIN = "scores-worker-admin"
SECRET = "scores-worker-secret"

GROUP = {"name": "", "parent": -1, "aggregation": "sum", "onReject": "continue",
         "acceptScore": 1, "rejectScore": 0, "range": None, "maxScore": None,
         "graderFlags": [], "requirePass": []}

# A score.txt of the output's value (an unbounded problem), feedback on a
# wrong answer.
VALIDATE_PY = r"""
import sys
inp, ans, fb = sys.argv[1], sys.argv[2], sys.argv[3]
want = int(open(ans).read().split()[0])
got = sys.stdin.read().split()
if len(got) == 1 and got[0].isdigit() and int(got[0]) >= want:
    open(fb + "score.txt", "w").write(got[0] + "\n")
    sys.exit(42)
open(fb + "teammessage.txt", "w").write("at least %d, please\n" % want)
open(fb + "judgemessage.txt", "w").write("got %r\n" % got)
sys.exit(43)
"""


def group(**kw):
    g = dict(GROUP)
    g.update(kw)
    return g


def test(name, grp):
    return {"name": name, "group": grp, "args": [], "validatorArgs": [], "fullFeedback": False,
            "desc": None, "hint": None}


def insert(db, pid, checker, rows, judging):
    q = lambda s: "$q$" + s + "$q$"  # noqa: E731
    sql = ("INSERT INTO problems (id, title, difficulty, statement, time_limit_ms, "
           "memory_limit_mb, output_limit_kb, checker, judging) VALUES "
           f"('{pid}', '{pid}', 'easy', '# {pid}', 2000, 256, 1024, '{checker}', "
           f"{q(json.dumps(judging))}::jsonb);")
    for i, (sample, inp, out) in enumerate(rows):
        sql += ("INSERT INTO tests (problem_id, ord, is_sample, input, output) VALUES "
                f"('{pid}', {i + 1}, {'true' if sample else 'false'}, {q(inp)}, {q(out)});")
    h.psql(db, sql)


def problems(db):
    # data/ ignores the sample; secret sums to 100 and accepts a partial
    # solution; its groups are pass-fail, worth 40 and 60.
    groups = [group(graderFlags=["ignore_sample"]),
              group(name="sample", parent=0, aggregation="pass-fail"),
              group(name="secret", parent=0, maxScore=100,
                    graderFlags=["accept_if_any_accepted"]),
              group(name="secret/g1", parent=2, aggregation="pass-fail", onReject="break",
                    maxScore=40),
              group(name="secret/g2", parent=2, aggregation="pass-fail", onReject="break",
                    maxScore=60)]
    insert(db, "sc-groups", "kattis",
           [(True, "1\n", "1\n"), (False, "2\n", "2\n"), (False, "3\n", "3\n"),
            (False, "1000\n", "1000\n")],
           {"format": 1, "types": ["scoring"], "groups": groups,
            "tests": [test("sample/1", 1), test("secret/g1/1", 3), test("secret/g1/2", 3),
                      test("secret/g2/1", 4)]})
    insert(db, "sc-free", "validator", [(False, "1\n", "5\n"), (False, "2\n", "7\n")],
           {"format": 1, "types": ["scoring"], "groups": [group()],
            "validator": {"language": "python",
                          "files": [{"name": "validate.py", "text": VALIDATE_PY}]},
            "tests": [test("secret/1", 0), test("secret/2", 0)]})


ECHO_SMALL = "x = int(input())\nprint(x if x < 100 else 0)\n"
ECHO = "print(int(input()))\n"
CASES = [
    # name, problem, code, verdict, score, maxScore, partial
    ("full", "sc-groups", ECHO, "AC", 100, 100, False),
    ("partial", "sc-groups", ECHO_SMALL, "AC", 40, 100, True),
    ("nothing", "sc-groups", "print(0)\n", "WA", 0, 100, False),
    ("free", "sc-free", "print(int(input()) * 10)\n", "AC", 30, None, False),
    ("short", "sc-free", "print(1)\n", "WA", 0, None, False),
]


def get(port, sid, bearer):
    st, _, body = h.http(port, "GET", f"/api/submissions/{sid}",
                         headers={"Authorization": f"Bearer {bearer}"})
    assert st == 200, body
    return json.loads(body)


def main():
    db = h.fresh_db("scoresworker")
    problems(db)
    h.redis_cli(RDB, "FLUSHDB")
    events = h.Events(RDB)
    api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--auth-secret", SECRET])
    worker = h.start_worker(db, RDB, slots=2)
    ids = {}
    failed = []
    try:
        for name, problem, code, *_ in CASES:
            st, _, body = h.http(port, "POST", "/api/submissions",
                                 {"userId": "sw-" + name, "problemId": problem,
                                  "language": "python", "code": code},
                                 headers={"Authorization": f"Bearer {ADMIN}"})
            assert st == 202, (name, st, body)
            ids[name] = json.loads(body)["id"]
        wanted = set(ids.values())
        events.wait_results(len(CASES), timeout=120,
                            pred=lambda e: e.get("submissionId") in wanted)
        for name, problem, code, verdict, score, max_score, partial in CASES:
            ev = events.results(ids[name])[0]
            user = h.user_token(SECRET, "sw-" + name, int(time.time()) + 600)
            doc = get(port, ids[name], user)
            got = (doc["verdict"], doc["score"], doc["maxScore"], doc["partial"])
            got_ev = (ev["status"], ev["score"], ev["maxScore"], ev["partial"])
            want = (verdict, score, max_score, partial)
            ok = got == want and got_ev == want
            print(f"{'ok  ' if ok else 'FAIL'} {name:<8} want {want} got {got} event {got_ev}")
            if not ok:
                failed.append(name)
        # the per-test results of a partial solution: numbered, scored
        doc = get(port, ids["partial"], ADMIN)
        assert [(t["test"], t["verdict"]) for t in doc["tests"]] == \
            [(1, "AC"), (2, "AC"), (3, "AC"), (4, "WA")], doc["tests"]
        assert all("score" in t for t in doc["tests"]), doc["tests"]
        # feedback: the user reads the team message, the admin the judge's too
        user = h.user_token(SECRET, "sw-short", int(time.time()) + 600)
        doc = get(port, ids["short"], user)
        assert doc["teamMessage"] == "at least 5, please\n", doc
        assert "judgeMessage" not in doc, doc
        assert events.results(ids["short"])[0]["feedback"] == "at least 5, please\n"
        doc = get(port, ids["short"], ADMIN)
        assert doc["judgeMessage"] == "got ['1']\n", doc
        print("ok   per-test results and feedback")
    except AssertionError as e:
        print("FAIL", e)
        print(worker.log[-4000:])
        failed.append("assertion")
    finally:
        worker.stop()
        api.stop()
        events.close()
        h.drop_db(db)
    print(f"{len(CASES) + 1 - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


sys.exit(main())
