"""bench/fair's driver: FLOOD submissions by user "heavy", then, ROUNDS
times, one by a new user, through POST /api/submissions; listens on
problem_done for each light user's first progress event (its judging
started: the end of its queue wait) and for results; writes {wait_s (the
median of the rounds), max_wait_s, judge_s, ...} as JSON. judge_s is the
median, over the jobs judged meanwhile, of a job's first progress event to
its result: compile, tests and store."""
import argparse
import http.client
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "e2e"))
import harness as h  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--redis-port", type=int, required=True)
ap.add_argument("--flood", type=int, default=500)
ap.add_argument("--mode", required=True)
ap.add_argument("--rounds", type=int, default=1)
ap.add_argument("--out", required=True)
a = ap.parse_args()

root = os.path.join(os.path.dirname(__file__), "..", "..")
code = open(os.path.join(root, "problems/a-plus-b/solutions/accepted.py")).read()
events = h.Events(0)
conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)


def post(user):
    conn.request("POST", "/api/submissions", headers={"Content-Type": "application/json"},
                 body=json.dumps({"userId": user, "problemId": "a-plus-b", "language": "python",
                                  "code": code}))
    r = conn.getresponse()
    data = r.read()
    assert r.status == 202, (r.status, data)
    return json.loads(data)["id"]


for _ in range(a.flood):
    post("heavy")
started, done = {}, {}


def listen(seconds, until=None):
    """Reads events for seconds, or until the submission until has started."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and (until is None or until not in started):
        n = len(events.events)
        events.poll(0.5)
        now = time.monotonic()
        for e in events.events[n:]:
            sid = e.get("submissionId")
            if e.get("type") == "progress" and sid not in started:
                started[sid] = now
            elif e.get("type") == "result":
                done[sid] = now


# Each round, one more user sends one submission while the flood is queued,
# and waits for it to start before the next round.
waits = []
for i in range(a.rounds):
    light = post(f"light{i}")
    posted = time.monotonic()
    listen(3600, until=light)
    assert light in started, "the light user's submission never started"
    waits.append(started[light] - posted)
# A few more results, for the judge time's median.
listen(3)
times = [done[s] - started[s] for s in done if s in started]
out = {"wait_s": statistics.median(waits), "max_wait_s": max(waits), "rounds": len(waits),
       "judge_s": statistics.median(times), "judged": len(times), "flood": a.flood,
       "mode": a.mode}
json.dump(out, open(a.out, "w"))
print(f"--fair-share {a.mode}: light users waited " +
      ", ".join(f"{w * 1000:.0f}" for w in waits) +
      f" ms; {len(done)} results seen, judge time median {out['judge_s'] * 1000:.0f} ms")
