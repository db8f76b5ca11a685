#!/bin/sh
# Packaged problems' cost per test (bench/interact/main.c): a plain test, one
# checked by an output validator, an interactive one, and the sandbox's own
# per-run overhead for scale. Release build in build-bench/.
# Usage: bench/interact/run.sh [TESTS] [ROUNDS]   (run as root)
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_SANITIZE=OFF -DVERDICT_TESTS=OFF >/dev/null
cmake --build build-bench -j2 --target bench_interact >/dev/null
work=$(mktemp -d /tmp/verdict-bench-interact.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
build-bench/bench/bench_interact "$work" "${1:-20}" "${2:-9}"
