#!/bin/sh
# Sandbox overhead benchmark: a Release build in build-bench/, a static
# "return 0" binary, then bench_sandbox (bare vs sandboxed, alternating).
# A third case runs bench/judge's C solution with its input from a file and its
# output to a tmpfs file, as the judge runs a test.
# Usage: bench/sandbox/run.sh [RUNS] [GAP_MS]   (run as root)
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_SANITIZE=OFF -DVERDICT_TESTS=OFF >/dev/null
cmake --build build-bench -j2 --target bench_sandbox >/dev/null
printf 'int main(void) { return 0; }\n' > build-bench/true_static.c
gcc -static -O2 -o build-bench/true_static build-bench/true_static.c
# A judge's test run: bench/judge's C solution on a 20,000-number input.
gcc -O2 -std=c17 -o build-bench/sum bench/judge/solutions/sum.c
python3 -c 'import random; random.seed(7); xs = [random.randint(-10**9, 10**9) for _ in range(20000)]; print(len(xs)); print(*xs)' >build-bench/sum.in
out=$(mktemp /dev/shm/verdict-bench-out.XXXXXX)
trap 'rm -f "$out"' EXIT
build-bench/bench/bench_sandbox build-bench/true_static "${1:-300}" "${2:-0}" \
    "$(pwd)/build-bench/sum" "$(pwd)/build-bench/sum.in" "$out"
