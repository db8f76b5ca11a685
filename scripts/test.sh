#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds verdict with
# AddressSanitizer and UndefinedBehaviorSanitizer, starts a private Redis and
# PostgreSQL (own ports, own data dir), runs every test tier with ctest, and
# stops what it started. The last line is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

VERDICT_DEPS_TEST=1 scripts/deps.sh
if [ -f package.json ] && [ ! -d node_modules/playwright-core ]; then
  npm install --no-audit --no-fund --silent >/dev/null
fi

build=${VERDICT_TEST_BUILD:-build-test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DVERDICT_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null

# Private services in a directory PostgreSQL's user can enter (a clone under
# a 0700 mktemp directory would not be).
services=$(mktemp -d /tmp/verdict-test.XXXXXX)
chmod 755 "$services"
cleanup() {
  "$root/scripts/services.sh" stop "$services" || true
  rm -rf "$services"
}
trap cleanup EXIT
redis_port=${VERDICT_TEST_REDIS_PORT:-17379}
pg_port=${VERDICT_TEST_PG_PORT:-17432}
eval "export $(scripts/services.sh start "$services" "$redis_port" "$pg_port" | tr '\n' ' ')"
export VERDICT_TEST_SERVICES="$services" VERDICT_SOURCE_DIR="$root"

# Leaks are reported by LeakSanitizer; a test child killed on purpose is not a leak.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

cd "$build"
set +e
ctest --output-on-failure -j 1 "$@" 2>&1 | tee ctest.log
rc=${PIPESTATUS[0]}
# ctest's summary is the last line printed, as CI reads it (ctest itself ends
# with label and timing lines).
grep -E '^[0-9]+% tests passed' ctest.log | tail -n 1
exit "$rc"
