#!/usr/bin/env bash
# The fuzzers' build and bounded runs, as ctest calls them (label fuzz).
#
#   run.sh build DIR              configures DIR as a clang build of the fuzz
#                                 targets only (VERDICT_FUZZ=ON) and builds them
#   run.sh run DIR NAME SECONDS   runs DIR/fuzz_NAME for SECONDS on a copy of
#                                 tests/fuzz/corpus/NAME/ (with NAME.dict if any)
#
# libFuzzer needs clang and its runtime (Debian: clang-14, libclang-rt-14-dev;
# scripts/deps.sh installs both). A crash, leak, timeout or broken invariant
# fails the run; the input that caused it is kept in DIR/crashes/NAME/ and the
# command to replay it is printed.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)

die() {
  echo "fuzz: $*" >&2
  exit 1
}

find_clang() {
  for cc in clang-14 clang; do
    if command -v "$cc" >/dev/null 2>&1; then
      echo "$cc"
      return 0
    fi
  done
  return 1
}

build() {
  local dir=$1 cc log
  cc=$(find_clang) || die "clang not found: libFuzzer needs it; install clang-14 and libclang-rt-14-dev (scripts/deps.sh does)"
  mkdir -p "$dir" || die "cannot create $dir"
  # libFuzzer's runtime comes apart from clang (libclang-rt-14-dev).
  printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' \
    >"$dir/probe.c"
  if ! "$cc" -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >"$dir/probe.log" 2>&1; then
    tail -n 5 "$dir/probe.log" >&2
    die "$cc cannot link a libFuzzer target: install libclang-rt-14-dev (scripts/deps.sh does)"
  fi
  log=$dir/build.log
  # Warnings are the gcc build's gate (-Werror there); clang's own extra ones
  # must not stop the fuzzers.
  if ! cmake -S "$src" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
    -DVERDICT_FUZZ=ON -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "configuring the fuzz build in $dir failed (log: $log)"
  fi
  if ! cmake --build "$dir" --target fuzz -j "${VERDICT_FUZZ_JOBS:-$(nproc)}" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "building the fuzz targets in $dir failed (log: $log)"
  fi
  echo "fuzz: built $(cd "$dir" && ls fuzz_* | tr '\n' ' ')in $dir"
}

run() {
  local dir=$1 name=$2 secs=$3
  local bin=$dir/fuzz_$name seeds=$src/tests/fuzz/corpus/$name
  local work=$dir/work/$name crashes=$dir/crashes/$name
  [ -x "$bin" ] || die "$bin is missing: run '$0 build $dir' first"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$crashes" || die "cannot create $work"
  # A copy: what the fuzzer adds to its corpus stays out of the source tree.
  if [ -d "$seeds" ]; then
    cp -R "$seeds/." "$work/corpus/" || die "cannot copy $seeds"
  fi
  local args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
    -max_len="${VERDICT_FUZZ_MAX_LEN:-8192}" -print_final_stats=1
    -artifact_prefix="$crashes/")
  [ -f "$src/tests/fuzz/$name.dict" ] && args+=(-dict="$src/tests/fuzz/$name.dict")
  local before after
  before=$(ls "$crashes" | wc -l)
  "$bin" "${args[@]}" "$work/corpus" >"$work/log" 2>&1
  local rc=$?
  after=$(ls "$crashes" | wc -l)
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/log"
  if [ $rc -ne 0 ] || [ "$after" -ne "$before" ]; then
    tail -n 60 "$work/log" >&2
    echo "fuzz: fuzz_$name failed (exit $rc); log: $work/log" >&2
    for f in $(ls -t "$crashes" | head -n 3); do
      echo "fuzz: input kept in $crashes/$f; replay: $bin $crashes/$f" >&2
    done
    exit 1
  fi
  echo "fuzz: fuzz_$name ran ${secs}s on $(ls "$work/corpus" | wc -l) corpus inputs, no failure"
}

case "${1:-}" in
build) [ $# -eq 2 ] || die "usage: $0 build DIR"; build "$2" ;;
run) [ $# -eq 4 ] || die "usage: $0 run DIR NAME SECONDS"; run "$2" "$3" "$4" ;;
*) die "usage: $0 build DIR | run DIR NAME SECONDS" ;;
esac
