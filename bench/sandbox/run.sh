#!/bin/sh
# Sandbox overhead benchmark: a Release build in build-bench/, a static
# "return 0" binary, then bench_sandbox (bare vs sandboxed, alternating).
# Usage: bench/sandbox/run.sh [RUNS] [GAP_MS]   (run as root)
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_SANITIZE=OFF -DVERDICT_TESTS=OFF >/dev/null
cmake --build build-bench -j2 --target bench_sandbox >/dev/null
printf 'int main(void) { return 0; }\n' > build-bench/true_static.c
gcc -static -O2 -o build-bench/true_static build-bench/true_static.c
exec build-bench/bench/bench_sandbox build-bench/true_static "${1:-300}" "${2:-0}"
