#!/usr/bin/env bash
# bench/judge: submissions judged per second for a C, a Python and a Java
# solution of a 10-test problem, through the real worker (jobs on the Redis
# queue, results on problem_done, rows in PostgreSQL, runs in the sandbox)
# against the same compile + runs done bare (fork/exec/wait, no sandbox) in
# one process. Bar: the worker reaches >= 90% of the bare rate.
# Run as root (the sandbox needs it). Private Redis/PostgreSQL on REDIS_PORT/PG_PORT
# (default 29379/29432). LANGS picks languages (default "c python java"). KEEP_LOG=FILE keeps the worker's log (its per-submission
# time breakdown) after the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
COUNT_C=${COUNT_C:-20}
COUNT_PY=${COUNT_PY:-10}
COUNT_JAVA=${COUNT_JAVA:-4}
SLOTS=${SLOTS:-"1 2"}
ROUNDS=${ROUNDS:-9}
LANGS=${LANGS:-"c python java"}
scripts/deps.sh
build=build-bench-judge
# Warnings are not errors here: the bench measures; the tests build enforces -Werror.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >/dev/null
cmake --build "$build" -j2 --target verdict bench_judge >/dev/null
bin=$root/$build/verdict
bench=$root/$build/bench/bench_judge

svc=$(mktemp -d /tmp/verdict-bench-judge.XXXXXX)
chmod 755 "$svc"
wpid=
cleanup() {
  if [ -n "$wpid" ]; then kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; fi
  scripts/services.sh stop "$svc" >/dev/null || true
  [ -n "${KEEP_LOG:-}" ] && cp "$svc/worker.log" "$KEEP_LOG" 2>/dev/null; rm -rf "$svc"
}
trap cleanup EXIT
eval "export $(scripts/services.sh start "$svc" "${REDIS_PORT:-29379}" "${PG_PORT:-29432}" | tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
"$bin" migrate --db "$db" 2>/dev/null

# The problem: sum of 20,000 numbers, 1 sample + 9 hidden tests.
prob=$svc/problems/bench-sum
mkdir -p "$prob/samples" "$prob/tests"
printf '# Bench Sum\n\nPrint the sum of n numbers.\n' >"$prob/statement.md"
printf '{"title":"Bench Sum","difficulty":"easy","timeLimitMs":2000,"memoryLimitMb":256,"outputLimitKb":64,"checker":"tokens"}\n' >"$prob/problem.json"
python3 - "$prob" <<'PY'
import random, sys
random.seed(7)
for i in range(1, 11):
    n = 20000
    xs = [random.randint(-10**9, 10**9) for _ in range(n)]
    d = "samples" if i == 1 else "tests"
    with open(f"{sys.argv[1]}/{d}/{i:02d}.in", "w") as f:
        f.write(f"{n}\n" + " ".join(map(str, xs)) + "\n")
    with open(f"{sys.argv[1]}/{d}/{i:02d}.out", "w") as f:
        f.write(f"{sum(xs)}\n")
PY
"$bin" problems import "$svc/problems" --db "$db" >/dev/null 2>&1
# The bare runner reads the tests from one directory, numbered as the judge runs them.
tests=$svc/tests
mkdir -p "$tests"
cp "$prob"/samples/* "$prob"/tests/* "$tests"/

# Rounds alternate worker and bare batches of the same language, so that the
# load of a shared machine hits both alike. Kept: the median of each rate, and
# the median of the rounds' own ratios (each worker batch against the bare batch
# right after it), which drifts of the machine's speed affect least.
median() { tr ' ' '\n' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rate_of() { awk '{ for (i = 1; i <= NF; i++) if ($i == "=") print $(i + 1) }' | tr -d '/s'; }
declare -A rate
for slots in $SLOTS; do
  "$bin" worker --db "$db" --redis "$redis" --slots "$slots" --work-dir "$svc/work" \
    2>"$svc/worker.log" &
  wpid=$!
  timeout 30 bash -c "until grep -q 'lease taken' $svc/worker.log; do sleep 0.1; done"
  for l in $LANGS; do
    case $l in c) f=sum.c n=$COUNT_C ;; python) f=sum.py n=$COUNT_PY ;; java) f=sum.java n=$COUNT_JAVA ;; esac
    ws="" bs=""
    for round in $(seq "$ROUNDS"); do
      out=$("$bench" worker --redis "$redis" --problem bench-sum --lang $l \
        --file bench/judge/solutions/$f --count "$n")
      echo "$out  [slots $slots, round $round]"
      ws="$ws $(rate_of <<<"$out")"
      out=$("$bench" bare --lang $l --file bench/judge/solutions/$f --tests "$tests" \
        --count "$n" --jobs "$slots")
      echo "$out"
      bs="$bs $(rate_of <<<"$out")"
    done
    rate[worker-$l-$slots]=$(median <<<"${ws# }")
    rate[bare-$l-$slots]=$(median <<<"${bs# }")
    rate[pair-$l-$slots]=$(paste <(tr ' ' '\n' <<<"${ws# }") <(tr ' ' '\n' <<<"${bs# }") |
      awk '{ printf "%.1f ", 100 * $1 / $2 }' | median)
  done
  kill -TERM "$wpid"
  wait "$wpid" || true
  wpid=
done

echo
printf '%-8s %5s %13s %11s %9s %12s %s\n' lang slots "worker sub/s" "bare sub/s" ratio \
  "round ratio" "bar (90%)"
for slots in $SLOTS; do
  for l in $LANGS; do
    w=${rate[worker-$l-$slots]} b=${rate[bare-$l-$slots]} p=${rate[pair-$l-$slots]}
    r=$(awk -v w="$w" -v b="$b" 'BEGIN { printf "%.1f%%", 100 * w / b }')
    ok=$(awk -v p="$p" 'BEGIN { print (p >= 90) ? "ok" : "below" }')
    printf '%-8s %5s %13s %11s %9s %11s%% %s\n' "$l" "$slots" "$w" "$b" "$r" "$p" "$ok"
  done
done
echo "(ratio: of the median rates; round ratio: median of the $ROUNDS rounds' own ratios, the"
echo " figure the bar is read on; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
