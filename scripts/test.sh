#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds verdict with
# AddressSanitizer and UndefinedBehaviorSanitizer, starts a private Redis and
# PostgreSQL (own ports, own data dir), runs every test tier with ctest, and
# stops what it started. The last line is ctest's summary. A set-up step that
# fails stops the script with its name and the end of its log (under
# $build/setup/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/steps.sh
. scripts/steps.sh

build=${VERDICT_TEST_BUILD:-build-test}
step_logs=$build/setup

step deps "installing Debian packages (scripts/deps.sh)" env VERDICT_DEPS_TEST=1 scripts/deps.sh
npm_install
step configure "configuring the build (cmake)" \
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DVERDICT_SANITIZE=ON
step build "building (cmake --build $build)" cmake --build "$build" -j "$(nproc)"

# Private services in a directory PostgreSQL's user can enter (a clone under
# a 0700 mktemp directory would not be).
services=$(mktemp -d /tmp/verdict-test.XXXXXX)
chmod 755 "$services"
case "$build" in
  /*) export VERDICT_BIN=$build/verdict ;;
  *) export VERDICT_BIN=$root/$build/verdict ;;
esac
cleanup() {
  "$root/scripts/services.sh" stop "$services" || true
  rm -rf "$services"
}
trap cleanup EXIT
redis_port=${VERDICT_TEST_REDIS_PORT:-17379}
pg_port=${VERDICT_TEST_PG_PORT:-17432}
step services "starting the private Redis and PostgreSQL (scripts/services.sh)" \
  scripts/services.sh start "$services" "$redis_port" "$pg_port"
# shellcheck disable=SC2046 # two KEY=VALUE lines without spaces
export $(grep -E '^VERDICT_TEST_(REDIS|DB)=' "$step_logs/services.log")
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
