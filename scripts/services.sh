#!/usr/bin/env bash
# Private Redis and PostgreSQL for the tests and benchmarks: own ports, own
# data dir, no system service touched. A thin wrapper over the built binary's
# `verdict services` (src/cli/services.c owns how they are started, checked
# and stopped, for `verdict up` too). Stops only the processes it started.
#
#   scripts/services.sh start DIR [REDIS_PORT PG_PORT]  prints VERDICT_TEST_REDIS=... and
#                                                       VERDICT_TEST_DB=... lines
#   scripts/services.sh stop DIR
#
# The binary is $VERDICT_BIN, else the newest build*/verdict of this checkout:
# build first (scripts/test.sh and the benches do).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

usage() {
  echo "usage: $0 start DIR [REDIS_PORT PG_PORT] | stop DIR" >&2
  exit 2
}

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then usage; fi

bin=${VERDICT_BIN:-}
if [ -z "$bin" ]; then
  # shellcheck disable=SC2012 # the names are our own build dirs
  bin=$(ls -t "$root"/build*/verdict 2>/dev/null | head -n 1 || true)
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "services: no built verdict binary in $root/build*/ (build first:" \
    "cmake -S . -B build && cmake --build build, or set VERDICT_BIN)" >&2
  exit 1
fi

case "$cmd" in
  start) exec "$bin" services start "$dir" --redis-port "${3:-17379}" --db-port "${4:-17432}" ;;
  stop) exec "$bin" services stop "$dir" ;;
  *) usage ;;
esac
