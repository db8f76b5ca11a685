#!/usr/bin/env bash
# bench/intake: wrk against POST /submit and POST /api/submissions at 16, 64 and
# 256 connections, checking that every 2xx reached the queue (LLEN) and the
# table; and the tutorial's Express server on the same machine, same pinning.
# The api (and Express) run on CPU 0, wrk on CPU 1; Redis and PostgreSQL float.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
DURATION=${DURATION:-10s}
CONNS=${CONNS:-"16 64 256"}
scripts/deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" >/dev/null
bin=$root/build-bench/verdict

svc=$(mktemp -d /tmp/verdict-bench.XXXXXX)
chmod 755 "$svc"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  scripts/services.sh stop "$svc" || true
  rm -rf "$svc"
}
trap cleanup EXIT
eval "export $(scripts/services.sh start "$svc" 27379 27432 | tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
# The server under test gets CPU 0 to itself; the load (wrk) and Redis share
# CPU 1, for verdict and for the Express reference alike. PostgreSQL floats.
taskset -p -c 1 "$(cat "$svc/redis.pid")" >/dev/null
"$bin" migrate --db "$db" 2>/dev/null
"$bin" problems import problems --db "$db" 2>/dev/null

wait_port() {
  timeout 20 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do sleep 0.05; done"
}

# Runs wrk; prints "rps total non2xx".
run_wrk() {
  local url=$1 c=$2 out
  out=$(taskset -c 1 wrk -t1 -c"$c" -d"$DURATION" -s bench/intake/post.lua "$url")
  local rps total non
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  non=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$rps $total ${non:-0}"
}

llen() { redis-cli -p 27379 LLEN problems; }
rows() { psql "$db" -qtAX -c "SELECT count(*) FROM submissions"; }

taskset -c 0 "$bin" api --port 23000 --host 127.0.0.1 --db "$db" --redis "$redis" 2>"$svc/api.log" &
pids+=($!)
wait_port 23000
timeout 10 bash -c "until grep -q 'problems available' $svc/api.log; do sleep 0.05; done"

printf '%-22s %6s %12s %10s %10s\n' route conns req/s 2xx verified
declare -A best
for route in /submit /api/submissions; do
  for c in $CONNS; do
    redis-cli -p 27379 DEL problems >/dev/null
    before_rows=$(rows)
    read -r rps total non <<<"$(run_wrk "http://127.0.0.1:23000$route" "$c")"
    ok=$((total - non))
    # A 2xx is sent only after the push (and the insert) completed, so the
    # queue holds at least every 2xx; up to one request per connection more
    # (answered after wrk stopped counting).
    q=$(llen)
    check="queue=$q ok"
    [ "$q" -ge "$ok" ] && [ "$q" -le $((ok + c)) ] || check="MISMATCH queue=$q"
    if [ "$route" = /api/submissions ]; then
      r=$(( $(rows) - before_rows ))
      if [ "$r" -ge "$ok" ] && [ "$r" -le $((ok + c)) ]; then check="$check rows=$r ok"; else check="MISMATCH rows=$r"; fi
    fi
    printf '%-22s %6s %12s %10s %s\n' "$route" "$c" "$rps" "$ok" "$check"
    cur=${best[$route]:-0}
    if awk "BEGIN{exit !($rps > $cur)}"; then best[$route]=$rps; fi
  done
done
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
pids=()

# The reference: the tutorial's Express server, same pinning, same wrk.
if [ ! -d bench/intake/node_modules/express ]; then
  (cd bench/intake && npm install --no-audit --no-fund --silent >/dev/null)
fi
PORT=23001 REDIS_URL=$redis taskset -c 0 node bench/intake/tutorial-server.js >"$svc/express.log" 2>&1 &
pids+=($!)
wait_port 23001
erps=0
for c in $CONNS; do
  redis-cli -p 27379 DEL problems >/dev/null
  read -r r etotal enon <<<"$(run_wrk http://127.0.0.1:23001/submit "$c")"
  printf '%-22s %6s %12s %10s queue=%s\n' "express /submit" "$c" "$r" "$((etotal - enon))" "$(llen)"
  if awk "BEGIN{exit !($r > $erps)}"; then erps=$r; fi
done

echo
awk -v a="${best[/submit]}" -v e="$erps" -v s="${best[/api/submissions]}" 'BEGIN {
  printf "POST /submit best: %.0f req/s = %.1fx the tutorial Express server (best %.0f req/s); bar 10x\n", a, a / e, e
  printf "POST /api/submissions best: %.0f req/s with PostgreSQL in the path; bar 10,000/s (%.2fx of bar)\n", s, s / 10000
}'
