#!/usr/bin/env bash
# bench/drivers: the function problems' drivers' own cost per language: a
# driver calling a trivial function (sum an int[]) vs a plain stdin/stdout
# program parsing the same numbers (bench/drivers/program_cases/), as plain
# processes (no sandbox), CPU time of the best of REPS runs, on an empty array
# (start-up) and on N ints. Usage: bench/drivers/run.sh [N] [REPS] [LANG...]
# (default 200000 5, every installed language). BUILD picks the build dir.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${BUILD:-build-bench-drivers}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >/dev/null
cmake --build "$build" -j2 --target bench_drivers >/dev/null
VERDICT_SOURCE_DIR=$root "$root/$build/bench/bench_drivers" "$@"
