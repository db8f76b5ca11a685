#!/bin/sh
# HTTP server throughput: bench_http (net/http alone) pinned to CPU 0, wrk -t1
# pinned to CPU 1, keep-alive, POST /submit with a small JSON body; and the
# same against the plain-libuv floor (raw.c) in the same run, for the ratio.
# Usage: bench/http/run.sh [build-dir]   (default build-net-rel, Release)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-net-rel}
dur=${DURATION:-10}
if [ ! -x "$build/bench/bench_http" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 --target bench_http >/dev/null
fi
out=$(mktemp)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -f "$out"
}
trap cleanup EXIT

# run MODE CONNS: prints "rps p99" of one wrk run against a fresh server.
run() {
    taskset -c 0 "$build/bench/bench_http" 0 "$1" >"$out" &
    pid=$!
    sleep 0.3
    port=$(awk '/listening on/ {print $3}' "$out")
    [ -n "$port" ] || { echo "bench_http did not start" >&2; exit 1; }
    url="http://127.0.0.1:$port/submit"
    taskset -c 1 wrk -t1 -c"$2" -d1s -s "$root/bench/http/post.lua" "$url" >/dev/null
    res=$(taskset -c 1 wrk -t1 -c"$2" -d"${dur}s" --latency -s "$root/bench/http/post.lua" "$url")
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
    rps=$(echo "$res" | awk '/Requests\/sec/ {printf "%d", $2}')
    p99=$(echo "$res" | awk '$1 == "99%" {print $2}')
    errs=$(echo "$res" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ';' || true)
    echo "$rps $p99 $rss $errs"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in 64 256; do
    set -- $(run http "$c")
    h_rps=$1 h_p99=$2 h_rss=$3
    set -- $(run raw "$c")
    r_rps=$1 r_p99=$2
    ratio=$(awk -v a="$h_rps" -v b="$r_rps" 'BEGIN {printf "%.2f", a / b}')
    echo "c=$c  net/http: $h_rps req/s (p99 $h_p99, RSS ${h_rss} kB)  raw libuv floor: $r_rps req/s (p99 $r_p99)  ratio $ratio"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
