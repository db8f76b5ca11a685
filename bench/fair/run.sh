#!/usr/bin/env bash
# bench/fair: one user floods the queue with FLOOD submissions (500), then
# another user sends one; prints how long the light user's submission waited
# in the queue (its POST answered -> its first progress event) with the worker
# taking jobs in queue order (--fair-share off: FIFO, the old behaviour) and
# in turn (--fair-share on), in the same run, against the bar: a wait of at
# most 2 x one job's judge time (DESIGN.md). Real api, worker (SLOTS slots),
# Redis and PostgreSQL; Python a-plus-b submissions (13 tests each).
# Run as root (the sandbox needs it). Private services on 27412/27512.
# FLOOD, SLOTS (2), MODES ("off on"), ROUNDS (7 light users one after the
# other in fair mode; the median is compared); KEEP_LOGS=DIR keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
FLOOD=${FLOOD:-500}
SLOTS=${SLOTS:-2}
MODES=${MODES:-"off on"}
ROUNDS=${ROUNDS:-7}
scripts/deps.sh
build=build-bench
# Warnings are not errors here: the bench measures; the tests build enforces -Werror.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >/dev/null
cmake --build "$build" -j2 --target verdict >/dev/null
bin=$root/$build/verdict

svc=$(mktemp -d /tmp/verdict-bench-fair.XXXXXX)
chmod 755 "$svc"
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$svc"/*.log "$KEEP_LOGS"/; fi
  scripts/services.sh stop "$svc" >/dev/null || true
  rm -rf "$svc"
}
trap cleanup EXIT
eval "export $(scripts/services.sh start "$svc" 27412 27512 | tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
"$bin" migrate --db "$db" 2>/dev/null
"$bin" problems import problems --db "$db" 2>/dev/null

for fair in $MODES; do
  redis-cli -p 27412 FLUSHALL >/dev/null
  "$bin" api --port 0 --host 127.0.0.1 --db "$db" --redis "$redis" 2>"$svc/api.log" &
  pids+=($!)
  timeout 20 bash -c "until grep -q 'problems available' $svc/api.log; do sleep 0.05; done"
  port=$(sed -n 's|.*listening on http://[0-9.]*:\([0-9]*\).*|\1|p' "$svc/api.log" | head -1)
  mkdir -p "$svc/work-$fair"
  "$bin" worker --db "$db" --redis "$redis" --slots "$SLOTS" --work-dir "$svc/work-$fair" \
    --fair-share "$fair" 2>"$svc/worker-$fair.log" &
  pids+=($!)
  timeout 30 bash -c "until grep -q 'lease taken' $svc/worker-$fair.log; do sleep 0.05; done"
  # FIFO: the first light user waits for the whole flood, so one round says
  # it all; fair: ROUNDS light users, one after the other, behind the flood.
  rounds=1
  [ "$fair" = on ] && rounds=$ROUNDS
  python3 bench/fair/flood.py --port "$port" --redis-port 27412 --flood "$FLOOD" \
    --mode "$fair" --rounds "$rounds" --out "$svc/result-$fair"
  stop_all
done

echo
python3 - "$svc" $MODES <<'PY'
import json, sys
svc, modes = sys.argv[1], sys.argv[2:]
res = {m: json.load(open(f"{svc}/result-{m}")) for m in modes}
for m in modes:
    r = res[m]
    name = "fair" if m == "on" else "FIFO"
    print(f"{name:4}: light user's queue wait {r['wait_s'] * 1000:9.0f} ms (median of {r['rounds']}, "
          f"max {r['max_wait_s'] * 1000:.0f}); one job's judge time {r['judge_s'] * 1000:5.0f} ms "
          f"(median of {r['judged']}); wait = {r['wait_s'] / r['judge_s']:6.2f} x judge time")
if "on" in res:
    r = res["on"]
    verdict = "met" if r["wait_s"] <= 2 * r["judge_s"] else "NOT met"
    print(f"bar: light user's wait (median) <= 2 x one job's judge time behind a flood of "
          f"{r['flood']}: {verdict} (max {r['max_wait_s'] / r['judge_s']:.2f} x)")
if "on" in res and "off" in res and res["on"]["wait_s"] > 0:
    print(f"FIFO / fair: {res['off']['wait_s'] / res['on']['wait_s']:.0f}x")
PY
