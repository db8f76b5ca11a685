#!/usr/bin/env bash
# bench/ha/wait_replicas.sh: the cost of --redis-wait-replicas (issue 15).
# wrk against POST /api/submissions and POST /submit with the api pushing to a
# Redis primary that has one replica, first with --redis-wait-replicas 0 (the
# primary's ack), then 1 (WAIT 1 after every push: the ack means replicated).
# Prints req/s and wrk's latency percentiles for each, and checks that every
# 2xx reached the queue (on the primary and on the replica).
# Same pinning as bench/intake: the api on CPU 0; wrk and both Redis on CPU 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
DURATION=${DURATION:-8s}
CONNS=${CONNS:-64}
PRIMARY=27391
REPLICA=27392
scripts/deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" >/dev/null
bin=$root/build-bench/verdict

svc=$(mktemp -d /tmp/verdict-bench-ha.XXXXXX)
chmod 755 "$svc"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  scripts/services.sh stop "$svc" || true
  rm -rf "$svc"
}
trap cleanup EXIT
# PostgreSQL from the usual services (their Redis is not used).
eval "export $(scripts/services.sh start "$svc" 27389 27390 | tr '\n' ' ')"
db=$VERDICT_TEST_DB
"$bin" migrate --db "$db" 2>/dev/null
"$bin" problems import problems --db "$db" 2>/dev/null

# The primary with AOF (everysec, as production), and its replica.
mkdir -p "$svc/primary" "$svc/replica"
taskset -c 1 redis-server --port $PRIMARY --bind 127.0.0.1 --dir "$svc/primary" --save '' \
  --appendonly yes --appendfsync everysec >"$svc/primary.log" 2>&1 &
pids+=($!)
taskset -c 1 redis-server --port $REPLICA --bind 127.0.0.1 --dir "$svc/replica" --save '' \
  --appendonly yes --appendfsync everysec --replicaof 127.0.0.1 $PRIMARY >"$svc/replica.log" 2>&1 &
pids+=($!)
timeout 20 bash -c "until redis-cli -p $REPLICA INFO replication | grep -q master_link_status:up; do sleep 0.1; done"

wait_port() {
  timeout 20 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do sleep 0.05; done"
}

# Runs wrk; prints "rps total non2xx p50 p99".
run_wrk() {
  local url=$1 c=$2 out
  out=$(taskset -c 1 wrk -t1 -c"$c" -d"$DURATION" --latency -s bench/intake/post.lua "$url")
  local rps total non p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  non=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $total ${non:-0} $p50 $p99"
}

printf '%-8s %-18s %6s %10s %10s %9s %9s %s\n' wait route conns req/s 2xx p50 p99 check
for wait in 0 1; do
  taskset -c 0 "$bin" api --port 23100 --host 127.0.0.1 --db "$db" \
    --redis "redis://127.0.0.1:$PRIMARY" --redis-wait-replicas "$wait" 2>"$svc/api-$wait.log" &
  api=$!
  pids+=("$api")
  wait_port 23100
  timeout 10 bash -c "until grep -q 'problems available' $svc/api-$wait.log; do sleep 0.05; done"
  for route in /submit /api/submissions; do
    for c in $CONNS; do
      redis-cli -p $PRIMARY DEL problems >/dev/null
      read -r rps total non p50 p99 <<<"$(run_wrk "http://127.0.0.1:23100$route" "$c")"
      ok=$((total - non))
      redis-cli -p $PRIMARY WAIT 1 5000 >/dev/null
      q=$(redis-cli -p $PRIMARY LLEN problems)
      rq=$(redis-cli -p $REPLICA LLEN problems)
      check="queue=$q replica=$rq ok"
      if [ "$q" -lt "$ok" ] || [ "$rq" -lt "$ok" ]; then check="MISMATCH queue=$q replica=$rq"; fi
      printf '%-8s %-18s %6s %10s %10s %9s %9s %s\n' "$wait" "$route" "$c" "$rps" "$ok" \
        "$p50" "$p99" "$check"
    done
  done
  kill "$api"
  wait "$api" 2>/dev/null || true
done
