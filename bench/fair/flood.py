"""bench/fair's driver: FLOOD submissions by user "heavy", then one by user
"light", through POST /api/submissions; listens on problem_done for the
light user's first progress event (judging started) and for results; writes
{wait_s, judge_s, judged, flood} as JSON. judge_s is the median, over the
jobs judged while it waited and after, of a job's first progress event to
its result."""
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
light = post("light")
posted = time.monotonic()
started, done = {}, {}
light_start = None
deadline = time.monotonic() + 3600
while light not in done and time.monotonic() < deadline:
    n = len(events.events)
    events.poll(1.0)
    now = time.monotonic()
    for e in events.events[n:]:
        sid = e.get("submissionId")
        if e.get("type") == "progress" and sid not in started:
            started[sid] = now
            if sid == light:
                light_start = now
        elif e.get("type") == "result":
            done[sid] = now
assert light_start is not None, "the light user's submission never started"
# A few more results after the light one, for the judge time's median.
end = time.monotonic() + 3
while time.monotonic() < end:
    n = len(events.events)
    events.poll(0.5)
    now = time.monotonic()
    for e in events.events[n:]:
        sid = e.get("submissionId")
        if e.get("type") == "progress" and sid not in started:
            started[sid] = now
        elif e.get("type") == "result":
            done[sid] = now
times = [done[s] - started[s] for s in done if s in started]
out = {"wait_s": light_start - posted, "judge_s": statistics.median(times), "judged": len(times),
       "flood": a.flood, "mode": a.mode}
json.dump(out, open(a.out, "w"))
print(f"--fair-share {a.mode}: light waited {out['wait_s'] * 1000:.0f} ms; "
      f"{len(done)} results seen, judge time median {out['judge_s'] * 1000:.0f} ms")
