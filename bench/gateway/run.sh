#!/bin/sh
# Gateway bench: one `verdict gateway` pinned to CPU 0 holds 15,000 identified
# connections from one bench_gateway process (under its 20,000 open-file limit)
# pinned to CPU 1 with the publisher, sourced from 127.0.0.2-9. Measures RSS
# per connection, targeted delivery (10,000 events/s over 10,000 users, PUBLISH
# to receipt, none lost; 3 runs, their median p99), broadcast to all 15,000
# (time to the last),
# and per-user channels against one shared channel (gateway CPU per event when
# the gateway holds 1/4 of the users). Then the reference, measured the same
# way in the same run: the tutorial's Node `ws` gateway (tutorial-gateway.js:
# one shared channel, routed by userId), and the ratios. All on loopback,
# bounded in time.
# Usage: bench/gateway/run.sh REDIS_URL [build-dir]   (a private Redis: it is
# FLUSHDB'd in database 9; default build dir build-gw-rel, Release; NODE_REF=0
# skips the reference)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
redis=${1:?usage: run.sh REDIS_URL [build-dir]}
build=${2:-$root/build-gw-rel}
conns=${CONNS:-15000}
secs=${SECONDS_PER_RUN:-5}
if [ ! -x "$build/bench/bench_gateway" ] || [ ! -x "$build/verdict" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 --target verdict bench_gateway >/dev/null
fi
if [ "${NODE_REF:-1}" = 1 ] && [ ! -d "$root/bench/gateway/node_modules" ]; then
    (cd "$root/bench/gateway" && npm install --no-audit --no-fund --silent >/dev/null)
fi
bin=$build/verdict
load=$build/bench/bench_gateway
url="${redis%/}/9"
work=$(mktemp -d)
gw=
la=
ld=
cleanup() {
    for p in $la $ld $gw; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
host=${redis#redis://}
redis-cli -h "${host%:*}" -p "${host#*:}" -n 9 FLUSHDB >/dev/null

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wait_lines() { # file pattern count
    i=0
    while [ "$(grep -c "$2" "$1" 2>/dev/null || true)" -lt "$3" ]; do
        i=$((i + 1))
        [ $i -lt 1200 ] || { echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
}

start_gateway() { # route-problem-done on|off
    taskset -c 0 "$bin" gateway --port 0 --host 127.0.0.1 --redis "$url" \
        --max-connections 20000 --identify-timeout-ms 120000 --route-problem-done "$1" \
        2>"$work/gw.log" &
    gw=$!
    i=0
    until grep -q "listening on" "$work/gw.log"; do
        i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/gw.log" >&2; exit 1; }; sleep 0.05
    done
    port=$(sed -n 's/.*listening on ws:\/\/[0-9.]*:\([0-9]*\).*/\1/p' "$work/gw.log")
    sleep 0.2
}

start_node() {
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    taskset -c 0 node "$root/bench/gateway/tutorial-gateway.js" "$port" "$url" 2>"$work/gw.log" &
    gw=$!
    i=0
    until grep -q "listening on" "$work/gw.log"; do
        i=$((i + 1)); [ $i -lt 200 ] || { cat "$work/gw.log" >&2; exit 1; }; sleep 0.05
    done
    sleep 0.2
}

start_loads() {
    : >"$work/a.out"
    taskset -c 1 "$load" hold --url "ws://127.0.0.1:$port/ws" --conns "$conns" --first 0 \
        --src 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9 \
        --seconds 600 >"$work/a.out" &
    la=$!
    wait_lines "$work/a.out" '"ready"' 1
}

stop_all() {
    kill $la $gw 2>/dev/null || true
    wait $la $gw 2>/dev/null || true
    la= gw=
}

# broadcasts: 5 rounds; prints one line per round and sets bcast_median (ms).
broadcasts() {
    nr=$(grep -c '"broadcast"' "$work/a.out" || true)
    taskset -c 1 "$load" bcast --redis "$url" --rounds 5 --gap-ms 400 >/dev/null
    wait_lines "$work/a.out" '"broadcast"' $((nr + 5))
    lasts=""
    for r in 0 1 2 3 4; do
        last=$(grep "\"round\":$r," "$work/a.out" | tail -1 | sed 's/.*"last_us":\([0-9]*\).*/\1/')
        count=$(grep "\"round\":$r," "$work/a.out" | tail -1 | sed 's/.*"count":\([0-9]*\).*/\1/')
        lasts="$lasts $last"
        echo "broadcast round $r: $count connections, last after $last us"
    done
    bcast_median=$(echo $lasts | tr ' ' '\n' | sort -n | sed -n 3p | awk '{printf "%.1f", $1 / 1000}')
    # verdict's gateway logs its own fan-out time (Node's says nothing).
    fan=$(grep -o 'broadcast: [0-9]* connections in [0-9.]* ms' "$work/gw.log" | tail -5 |
        awk '{print $5}' | tr '\n' ' ')
    [ -z "$fan" ] || echo "the gateway's own fan-out (its last write handed to the kernel): $fan ms"
}

# targeted LABEL [--shared]: three 10,000/s runs over 10,000 users (the tail
# of one run swings 2-3x on this VM); prints each and sets p99_median (us).
targeted() {
    label=$1
    flag=${2:-}
    p99s=""
    for run in 1 2 3; do
        set -- $(deliver 10000 "$flag")
        echo "$label, run $run: published $1, delivered $2, lost $(($1 - $2)); p99 $3 us," \
            "max $4 us; gateway CPU $5 ms"
        p99s="$p99s $3"
    done
    p99_median=$(echo $p99s | tr ' ' '\n' | sort -n | sed -n 2p)
    echo "$label: median p99 of 3 runs $p99_median us"
}

# deliver N_USERS OFFSET_LABEL [--shared]: one publish run; prints
# "events delivered p99_us max_us gateway_cpu_ms".
deliver() {
    na=$(grep -c '"deliver"' "$work/a.out" || true)
    c0=$(cpu_ticks "$gw")
    taskset -c 1 "$load" pub --redis "$url" --rate 10000 --seconds "$secs" --users "$1" $2 \
        >"$work/pub.out"
    wait_lines "$work/a.out" '"deliver"' $((na + 1))
    c1=$(cpu_ticks "$gw")
    ev=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$work/pub.out")
    da=$(grep '"deliver"' "$work/a.out" | tail -1)
    n=$(echo "$da" | sed 's/.*"count":\([0-9]*\).*/\1/')
    p99=$(echo "$da" | sed 's/.*"p99_us":\([0-9]*\).*/\1/')
    mx=$(echo "$da" | sed 's/.*"max_us":\([0-9]*\).*/\1/')
    echo "$ev $n $p99 $mx $(((c1 - c0) * 1000 / $(getconf CLK_TCK)))"
}

echo "== verdict gateway, per-user channels (--route-problem-done off)"
start_gateway off
rss0=$(rss "$gw")
start_loads
rss1=$(rss "$gw")
total=$conns
per_conn_ours=$(((rss1 - rss0) * 1024 / total))
echo "connections: $total identified; RSS $rss0 kB -> $rss1 kB: $per_conn_ours B per connection"

targeted "targeted, 10,000/s over 10,000 users"
p99_ours=$p99_median
set -- $(deliver 60000 "")
echo "per-user channels, 10,000/s over 60,000 users (1/4 here): published $1," \
    "delivered $2; gateway CPU $5 ms"
cpu_user=$5
broadcasts
bcast_ours=$bcast_median
stop_all

echo "== verdict gateway, one shared channel (PUBLISH problem_done, routed by userId)"
start_gateway on
start_loads
targeted "shared, 10,000/s over 10,000 users" --shared
p99_shared=$p99_median
set -- $(deliver 60000 --shared)
echo "shared, 10,000/s over 60,000 users (1/4 here): published $1, delivered $2;" \
    "gateway CPU $5 ms (per-user channels: $cpu_user ms)"
stop_all

echo "== without a gateway: the same per-user events to one plain Redis subscriber"
# The harness's own floor for targeted delivery on this machine: publisher,
# Redis and a subscriber on the load clients' CPU, no gateway, no WebSocket.
: >"$work/d.out"
taskset -c 1 "$load" direct --redis "$url" >"$work/d.out" &
ld=$!
wait_lines "$work/d.out" '"ready"' 1
p99s=""
for run in 1 2 3; do
    taskset -c 1 "$load" pub --redis "$url" --rate 10000 --seconds "$secs" --users 10000 >/dev/null
    wait_lines "$work/d.out" '"deliver"' $run
    dd=$(grep '"deliver"' "$work/d.out" | tail -1)
    p99=$(echo "$dd" | sed 's/.*"p99_us":\([0-9]*\).*/\1/')
    echo "10,000/s over 10,000 users, Redis to one subscriber, run $run: p99 $p99 us," \
        "max $(echo "$dd" | sed 's/.*"max_us":\([0-9]*\).*/\1/') us"
    p99s="$p99s $p99"
done
p99_direct=$(echo $p99s | tr ' ' '\n' | sort -n | sed -n 2p)
kill $ld 2>/dev/null || true
wait $ld 2>/dev/null || true
ld=

echo "== the kernel's floor: one write() of a 230-byte frame per loopback connection"
lasts=""
for line in $(taskset -c 0 "$load" floor "$total" 5 | sed 's/.*last read after \([0-9.]*\) ms/\1/'); do
    lasts="$lasts $line"
done
floor_median=$(echo $lasts | tr ' ' '\n' | sort -g | sed -n 3p)
echo "floor to $total connections (5 rounds): $lasts ms; median $floor_median ms"

[ "${NODE_REF:-1}" = 1 ] || exit 0
echo "== reference: the tutorial's Node ws gateway (one shared channel)"
start_node
rss0=$(rss "$gw")
start_loads
rss1=$(rss "$gw")
per_conn_node=$(((rss1 - rss0) * 1024 / total))
echo "connections: $total identified; RSS $rss0 kB -> $rss1 kB: $per_conn_node B per connection"
targeted "targeted, 10,000/s over 10,000 users" --shared
p99_node=$p99_median
broadcasts
bcast_node=$bcast_median
stop_all

echo "== ratios (verdict against Node ws, same run)"
awk -v a="$per_conn_ours" -v b="$per_conn_node" \
    'BEGIN { printf "memory per connection: %d B vs %d B: %.1fx less (bar <= 2048 B)\n", a, b, b / a }'
awk -v a="$p99_ours" -v s="$p99_shared" -v b="$p99_node" -v d="$p99_direct" \
    'BEGIN { printf "targeted p99, median of 3 runs (bar <= 5 ms): per-user channels %.1f ms, one shared channel %.1f ms; Node ws (one shared channel) %.1f ms; Redis to a plain subscriber, no gateway, %.1f ms\n", a / 1000, s / 1000, b / 1000, d / 1000 }'
awk -v a="$bcast_ours" -v b="$bcast_node" -v f="$floor_median" \
    'BEGIN { printf "broadcast to %d, median of 5: %.1f ms vs %.1f ms: %.1fx faster (bar <= 40 ms; the kernel floor here: %.1f ms, ours %.2fx it)\n", '"$total"', a, b, b / a, f, a / f }'
