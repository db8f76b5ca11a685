#!/usr/bin/env bash
# bench/e2e: COUNT submissions (default 1,000) in one burst through the whole
# judge — api → queue → workers → gateway — with COUNT connected WebSocket
# users, one submission each; then the tutorial's Node stack (Express server,
# worker, WebSocket server: bench/e2e/tutorial/, ../gateway/tutorial-gateway.js)
# on the same burst. For each stack:
#   alone:  the workers' own judge throughput: COUNT submissions judged from
#           a queue filled while no worker ran, in two halves, one before the
#           system burst and one after it (a shared machine's speed drifts:
#           the halves around the burst cancel a steady drift); COUNT / (the
#           two halves' spans, each its first job's start .. last verdict
#           stored, from the workers' logs);
#   system: the burst with the users connected: submissions/s = COUNT / (first
#           POST sent .. last verdict on a socket); submit-to-verdict latency
#           p50/p99 (POST sent .. verdict on the user's socket); the last step
#           (the judge's last test ended .. verdict on the socket) p50/p99.
# Bars (DESIGN.md): last step p99 <= 20 ms; system >= 90% of alone. A shared
# machine's speed drifts between phases: each phase's median job time (a
# worker's start .. stored) is printed, and the ratio adjusted by it (each
# throughput times its phase's job time).
# The burst: a-plus-b (13 tests), submission i is C accepted (i % 4 = 0, 1),
# Python accepted (2) or C wrong answer (3); each verdict is checked, and that
# each user got exactly one.
# Usage (root: the sandbox): bench/e2e/run.sh     env: COUNT (1000), SLOTS (2:
# verdict's worker slots = the tutorial's worker processes), REDIS_PORT/PG_PORT
# (29579/29580, private services), HTTP_CONNS (32), BUILD (build-bench-e2e),
# NODE_REF=0 skips the tutorial's stack, KEEP=DIR keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
COUNT=${COUNT:-1000}
SLOTS=${SLOTS:-2}
HTTP_CONNS=${HTTP_CONNS:-32}
build=${BUILD:-$root/build-bench-e2e}
if [ ! -x "$build/verdict" ] || [ ! -x "$build/bench/bench_e2e" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target verdict bench_e2e >/dev/null
fi
bin=$build/verdict
burst=$build/bench/bench_e2e
if [ "${NODE_REF:-1}" = 1 ] && [ ! -d bench/e2e/tutorial/node_modules/express ]; then
  (cd bench/e2e/tutorial && npm install --no-audit --no-fund --silent >/dev/null)
fi
[ "${NODE_REF:-1}" = 0 ] || [ -d bench/gateway/node_modules/ws ] ||
  (cd bench/gateway && npm install --no-audit --no-fund --silent >/dev/null)

svc=$(mktemp -d /tmp/verdict-bench-e2e.XXXXXX)
chmod 755 "$svc"
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  scripts/services.sh stop "$svc" >/dev/null 2>&1 || true
  [ -z "${KEEP:-}" ] || { mkdir -p "$KEEP" && cp "$svc"/*.log "$svc"/*.out "$svc"/*.err "$svc"/*.txt "$KEEP"/ 2>/dev/null || true; }
  rm -rf "$svc"
}
trap cleanup EXIT
export VERDICT_BIN=$bin
eval "export $(scripts/services.sh start "$svc" "${REDIS_PORT:-29579}" "${PG_PORT:-29580}" | tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
rport=${REDIS_PORT:-29579}
"$bin" migrate --db "$db" >/dev/null 2>&1
"$bin" problems import problems --db "$db" >/dev/null 2>&1

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { timeout 20 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do sleep 0.05; done"; }
# wait_lines PATTERN COUNT FILE...: until the files hold COUNT lines matching
# PATTERN (a bench may poll; the system under test never does).
wait_lines() {
  local pat=$1 want=$2 i=0
  shift 2
  while [ "$(cat "$@" 2>/dev/null | grep -c -E "$pat" || true)" -lt "$want" ]; do
    i=$((i + 1))
    [ $i -lt 12000 ] || { echo "timed out waiting for $want '$pat' in $*" >&2; exit 1; }
    sleep 0.1
  done
}

# The bodies: user <prefix><i> submits a-plus-b in C (AC), C (AC), Python
# (AC), C (WA) in turn; expected.txt holds each one's verdict.
python3 - "$svc" "$COUNT" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
sub = "problems/a-plus-b/submissions/"
kinds = [("c", open(sub + "accepted/accepted.c").read(), "AC"),
         ("c", open(sub + "accepted/accepted.c").read(), "AC"),
         ("python", open(sub + "accepted/accepted.py").read(), "AC"),
         ("c", open(sub + "wrong_answer/wa.c").read(), "WA")]
with open(f"{d}/expected.txt", "w") as e:
    for i in range(n):
        e.write(f"{i} {kinds[i % 4][2]}\n")
# b: the burst; a and c: the alone phase's halves (the same mix when n/2 is a
# multiple of 4).
for prefix, count in (("a", n // 2), ("b", n), ("c", n - n // 2)):
    with open(f"{d}/bodies-{prefix}.txt", "w") as f:
        for i in range(count):
            lang, code, _ = kinds[i % 4]
            f.write(json.dumps({"userId": f"{prefix}{i}", "problemId": "a-plus-b",
                                "language": lang, "code": code}) + "\n")
PY

# ---- verdict ----
api_port=$(free_port)
"$bin" api --port "$api_port" --host 127.0.0.1 --db "$db" --redis "$redis" 2>"$svc/api.log" &
pids+=($!)
wait_port "$api_port"
timeout 20 bash -c "until grep -q 'problems available' $svc/api.log; do sleep 0.05; done"
half=$((COUNT / 2))
# post PREFIX N ROUTE PORT: the alone phase's bodies, posted with no worker running.
post() {
  "$burst" --http "127.0.0.1:$4" --route "$3" --ws none --bodies "$svc/bodies-$1.txt" --users "$2" \
    --user-prefix "$1" --http-conns "$HTTP_CONNS" >"$svc/post-$1.out" 2>"$svc/post-$1.err" ||
    { cat "$svc/post-$1.err" >&2; exit 1; }
}
# start_worker LOG: verdict's worker; its pid in $wpid.
start_worker() {
  "$bin" worker --slots "$SLOTS" --db "$db" --redis "$redis" --work-dir "$svc/work" 2>"$1" &
  wpid=$!
  pids+=($wpid)
}
# alone, first half: queued, then the worker.
post a "$half" /api/submissions "$api_port"
start_worker "$svc/verdict-worker.log"
wait_lines ' submission .* in [0-9]+ ms' "$half" "$svc/verdict-worker.log"
cp "$svc/verdict-worker.log" "$svc/verdict-alone1.log"
# system: the users connected to a gateway, then the burst.
gw_port=$(free_port)
"$bin" gateway --port "$gw_port" --host 127.0.0.1 --redis "$redis" 2>"$svc/gateway.log" &
pids+=($!)
wait_port "$gw_port"
"$burst" --http "127.0.0.1:$api_port" --ws "ws://127.0.0.1:$gw_port/ws" \
  --bodies "$svc/bodies-b.txt" --users "$COUNT" --user-prefix b --http-conns "$HTTP_CONNS" \
  >"$svc/verdict-system.out" 2>"$svc/verdict-system.err" || { cat "$svc/verdict-system.err" >&2; exit 1; }
wait_lines ' submission .* in [0-9]+ ms' $((half + COUNT)) "$svc/verdict-worker.log"
# alone, second half: the worker stopped (nothing in hand), the queue filled,
# the worker started again.
kill "$wpid"
wait "$wpid" 2>/dev/null || true
post c $((COUNT - half)) /api/submissions "$api_port"
start_worker "$svc/verdict-worker2.log"
wait_lines ' submission .* in [0-9]+ ms' $((COUNT - half)) "$svc/verdict-worker2.log"
stop_all
cat "$svc/verdict-system.err" >&2
psql "$db" -qtAX -F ' ' -c "SELECT public_id, id FROM submissions" >"$svc/ids.txt"
grep -q ' 0 extra' "$svc/verdict-system.err" || { echo "verdict: a user got a verdict twice" >&2; exit 1; }
vfig=$(python3 bench/e2e/report.py verdict "$svc/expected.txt" "$svc/verdict-system.out" \
  "$svc/verdict-alone1.log,$svc/verdict-worker2.log" "$svc/verdict-worker.log" "$COUNT" \
  "$svc/ids.txt") || { echo "$vfig" >&2; exit 1; }
echo "$vfig"

# ---- the tutorial's Node stack, same burst, same Redis (its list "problems") ----
if [ "${NODE_REF:-1}" = 1 ]; then
  redis-cli -p "$rport" DEL problems >/dev/null
  ex_port=$(free_port)
  PORT=$ex_port REDIS_URL=$redis node bench/e2e/tutorial/server.js >"$svc/express.log" 2>&1 &
  pids+=($!)
  wait_port "$ex_port"
  post a "$half" /submit "$ex_port"
  # start_node_workers NAME: SLOTS tutorial workers; their logs in ${logs[@]}.
  start_node_workers() {
    logs=()
    nodepids=()
    for k in $(seq 1 "$SLOTS"); do
      REDIS_URL=$redis PROBLEMS_DIR=$root/problems node bench/e2e/tutorial/worker.js \
        >"$svc/$1-$k.log" 2>&1 &
      nodepids+=($!)
      pids+=($!)
      logs+=("$svc/$1-$k.log")
    done
  }
  start_node_workers node-worker
  wait_lines '^judged ' "$half" "${logs[@]}"
  cat "${logs[@]}" >"$svc/node-alone1.log"
  ws_port=$(free_port)
  NODE_PATH=$root/bench/gateway/node_modules node bench/gateway/tutorial-gateway.js "$ws_port" \
    "$redis" 2>"$svc/node-ws.log" &
  pids+=($!)
  wait_port "$ws_port"
  "$burst" --http "127.0.0.1:$ex_port" --route /submit --ws "ws://127.0.0.1:$ws_port/" \
    --bodies "$svc/bodies-b.txt" --users "$COUNT" --user-prefix b --http-conns "$HTTP_CONNS" \
    >"$svc/node-system.out" 2>"$svc/node-system.err" || { cat "$svc/node-system.err" >&2; exit 1; }
  wait_lines '^judged ' $((half + COUNT)) "${logs[@]}"
  cat "${logs[@]}" | grep '^judged b' >"$svc/node-system.log" || true
  for p in "${nodepids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  post c $((COUNT - half)) /submit "$ex_port"
  start_node_workers node-worker2
  wait_lines '^judged ' $((COUNT - half)) "${logs[@]}"
  cat "${logs[@]}" >"$svc/node-alone2.log"
  stop_all
  cat "$svc/node-system.err" >&2
  grep -q ' 0 extra' "$svc/node-system.err" || { echo "node: a user got a verdict twice" >&2; exit 1; }
  nfig=$(python3 bench/e2e/report.py node "$svc/expected.txt" "$svc/node-system.out" \
    "$svc/node-alone1.log,$svc/node-alone2.log" "$svc/node-system.log" "$COUNT") || { echo "$nfig" >&2; exit 1; }
  echo "$nfig"
fi

echo
python3 - "$vfig" "${nfig:-}" <<'PY'
import json, sys
v = json.loads(sys.argv[1])
n = json.loads(sys.argv[2]) if sys.argv[2] else None
print(f"{'':34} {'verdict':>10}" + (f" {'tutorial':>10}" if n else ""))
for k, label in [("system_per_s", "system submissions/s"), ("alone_per_s", "workers alone submissions/s"),
                 ("ratio", "system / alone"), ("ratio_adjusted", "  adjusted for the machine's drift"), ("latency_p50_ms", "submit-to-verdict p50 ms"),
                 ("latency_p99_ms", "submit-to-verdict p99 ms"), ("last_step_p50_ms", "last test-to-socket p50 ms"),
                 ("last_step_p99_ms", "last test-to-socket p99 ms"), ("last_step_max_ms", "last test-to-socket max ms"),
                 ("store_p99_ms", "  of which storing p99 ms"), ("announce_p50_ms", "  stored-to-socket p50 ms"),
                 ("announce_p99_ms", "  stored-to-socket p99 ms"), ("job_ms_alone", "a job's median ms, alone"),
                 ("job_ms_system", "a job's median ms, in the burst")]:
    print(f"{label:34} {v[k]:>10}" + (f" {n[k]:>10}" if n else ""))
print(f"bar: last step p99 <= 20 ms: {v['last_step_p99_ms']} ms, "
      f"{'met' if v['last_step_p99_ms'] <= 20 else 'NOT met'}")
print(f"bar: system >= 90% of the workers alone: {100 * v['ratio']:.1f}% "
      f"({100 * v['ratio_adjusted']:.1f}% adjusted), {'met' if v['ratio'] >= 0.9 else 'NOT met'}"
      f"{'' if v['ratio_adjusted'] >= 0.9 else ' (adjusted: NOT met)'}")
if n:
    print(f"verdict / tutorial: {v['system_per_s'] / n['system_per_s']:.2f}x the submissions/s, "
          f"p99 latency {v['latency_p99_ms']} vs {n['latency_p99_ms']} ms")
PY
