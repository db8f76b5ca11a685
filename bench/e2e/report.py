#!/usr/bin/env python3
"""bench/e2e's figures from what run.sh kept: the burst client's lines
(bench_e2e: i sent_ns acked_ns recv_ns http id status), the workers' logs and
the expected verdicts (ALONE_LOG: the alone phase's logs, comma-separated,
one per part judged apart: its throughput is their count over the sum of
their spans; and for verdict, IDS: "public_id row_id" lines from
PostgreSQL, since the api and the events name a submission by its public id
and the worker's log by its row's). Prints one stack's figures and checks them (every
submission answered once, with its expected verdict); exits 1 if a check fails.

  report.py verdict EXPECTED BURST_OUT ALONE_LOG SYSTEM_LOG COUNT IDS
  report.py node    EXPECTED BURST_OUT ALONE_LOG SYSTEM_LOG COUNT

verdict: a worker's line per stored verdict, "HH:MM:SS.mmm worker info: slot
k: submission ID (...) AC in T ms (compile C, tests T, store S)": the judge's
last test ended at the line's time minus S (the store and the log line follow
it; ±1 ms: the log has milliseconds, the worker's loop clock too).
node: the tutorial worker's "judged USER STATUS START_MS END_MS" (epoch ms)."""
import datetime
import json
import re
import statistics
import sys

VERDICT_LINE = re.compile(
    r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) worker info: slot \d+: submission (\S+) \(.*?\) "
    r"(\S+) in (\d+) ms \(compile \d+, tests \d+, store (\d+)\)")
NODE_LINE = re.compile(r"^judged (\S+) (\S+) ([\d.]+) ([\d.]+)$")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))]


def day_start_ms(ref_ms):
    """Midnight UTC of the day ref_ms falls in (the logs' times have no date)."""
    d = datetime.datetime.fromtimestamp(ref_ms / 1000, datetime.timezone.utc)
    return datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc).timestamp() * 1000


def verdict_log(path, ref_ms):
    """{submission id: (start_ms, last_test_ms, logged_ms, status)} from a worker log."""
    base = day_start_ms(ref_ms)
    out = {}
    for line in open(path, errors="replace"):
        m = VERDICT_LINE.match(line)
        if not m:
            continue
        h, mi, s, ms = (int(x) for x in m.group(1, 2, 3, 4))
        at = base + ((h * 60 + mi) * 60 + s) * 1000 + ms
        if at - ref_ms > 12 * 3600 * 1000:  # logged before midnight, the run after
            at -= 86400 * 1000
        total, store = int(m.group(7)), int(m.group(8))
        out[m.group(5)] = (at - total, at - store, at, m.group(6))
    return out


def node_log(path):
    """{user id: (start_ms, last_test_ms, logged_ms, status)} from the tutorial workers' logs."""
    out = {}
    for line in open(path, errors="replace"):
        m = NODE_LINE.match(line.strip())
        if m:
            start, end = float(m.group(3)), float(m.group(4))
            out[m.group(1)] = (start, end, end, m.group(2))
    return out


def main():
    stack, expected_path, burst_path, alone_path, system_path, count = sys.argv[1:7]
    count = int(count)
    expected = [line.split()[1] for line in open(expected_path)][:count]
    rows = [line.split() for line in open(burst_path) if line.strip()]
    failures = []
    sent = [int(r[1]) / 1e6 for r in rows]
    recv = [int(r[3]) / 1e6 for r in rows]
    ref = min(sent)
    if stack == "verdict":
        alone = [verdict_log(p, ref) for p in alone_path.split(",")]
        system = verdict_log(system_path, ref)
        row_of = dict(line.split() for line in open(sys.argv[7]) if line.strip())
        key = lambda r: row_of.get(r[5])  # noqa: E731 (the submission's row id)
    else:
        alone = [node_log(p) for p in alone_path.split(",")]
        system = node_log(system_path)
        key = lambda r: "b" + r[0]  # noqa: E731 (the user's id: one submission each)
    judged_alone = sum(len(a) for a in alone)
    if judged_alone != count:
        failures.append(f"alone: {judged_alone} judged of {count}")
    wrong = [r[0] for r in rows if r[6] != expected[int(r[0])]]
    missing = [r[0] for r in rows if r[3] == "0"]
    if wrong:
        failures.append(f"{len(wrong)} verdicts not the expected one (first: submission {wrong[0]})")
    if missing:
        failures.append(f"{len(missing)} submissions without a verdict on the socket")
    lat = [recv[i] - sent[i] for i in range(len(rows)) if rows[i][3] != "0"]
    last, store, announce, jobs = [], [], [], []
    for i, r in enumerate(rows):
        j = system.get(key(r))
        if j is None or r[3] == "0":
            continue
        last.append(recv[i] - j[1])
        store.append(j[2] - j[1])  # verdict: the guarded UPDATE (node: none, 0)
        announce.append(recv[i] - j[2])  # the log line .. the socket: publish and gateway
        jobs.append(j[2] - j[0])
    if len(last) != count:
        failures.append(f"last step: {len(last)} of {count} submissions found in the worker logs")
    span = sum(max(v[2] for v in a.values()) - min(v[0] for v in a.values()) for a in alone if a)
    alone_rate = judged_alone / (span / 1000)
    system_rate = len(lat) / ((max(recv) - min(sent)) / 1000)
    fig = {
        "stack": stack, "count": count,
        "system_per_s": round(system_rate, 2), "alone_per_s": round(alone_rate, 2),
        "ratio": round(system_rate / alone_rate, 4),
        "latency_p50_ms": round(pct(lat, 50), 1), "latency_p99_ms": round(pct(lat, 99), 1),
        "latency_max_ms": round(max(lat), 1),
        "last_step_p50_ms": round(pct(last, 50), 2), "last_step_p99_ms": round(pct(last, 99), 2),
        "last_step_max_ms": round(max(last), 2),
        "store_p99_ms": round(pct(store, 99), 2), "announce_p50_ms": round(pct(announce, 50), 2),
        "announce_p99_ms": round(pct(announce, 99), 2),
        # The machine's speed in each phase: a submission's median time in a
        # worker (start .. stored), alone and in the burst.
        "job_ms_alone": round(statistics.median(v[2] - v[0] for a in alone for v in a.values()), 1),
        "job_ms_system": round(statistics.median(jobs), 1),
        # The ratio with each phase's throughput scaled by its job time: on a
        # shared machine whose speed drifts between phases (job_ms_*), what
        # the system keeps of the workers' own rate at the same speed.
        "ratio_adjusted": round(system_rate * statistics.median(jobs) / (alone_rate * statistics.median(
            v[2] - v[0] for a in alone for v in a.values())), 4),
        "ack_p99_ms": round(pct([int(r[2]) / 1e6 - sent[i] for i, r in enumerate(rows)], 99), 1),
        "failures": failures,
    }
    print(json.dumps(fig))
    return 1 if failures else 0


sys.exit(main())
