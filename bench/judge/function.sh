#!/usr/bin/env bash
# bench/judge/function.sh: what a function problem's driver costs per test
# (issue 13), per language, through the real worker and sandbox. Two problems
# with the same 10 tests (20,000 numbers up to 10^9 in absolute value, their
# sum): bench-sum, a stdin/stdout problem ("n" then the numbers; the
# solutions of bench/judge/function/stdin.<ext>, each its language's usual
# fast reading), and bench-sum-fn, the function sumAll(nums: long[]) -> long
# (the numbers as one JSON array; function.<ext>, the same loop). COUNT
# submissions of each (plus bench_judge's uncounted warm-up), one slot, so
# that a test's CPU time is not shared with another's; the figures are the
# medians of the tests' CPU times (the judge's timeMs) over every test of
# every submission, and the driver's overhead per test is their difference.
# The drivers' own micro-bench (no sandbox, no worker) is bench/drivers.
# Run as root (the sandbox needs it). Private Redis/PostgreSQL on
# REDIS_PORT/PG_PORT (default 29379/29432). LANGS picks languages (default all
# seven), COUNT the submissions per language and problem (default 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
COUNT=${COUNT:-5}
LANGS=${LANGS:-"c cpp python javascript java go rust"}
scripts/deps.sh
build=build-bench-judge
# Warnings are not errors here: the bench measures; the tests build enforces -Werror.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >/dev/null
cmake --build "$build" -j2 --target verdict bench_judge >/dev/null
bin=$root/$build/verdict
bench=$root/$build/bench/bench_judge

svc=$(mktemp -d /tmp/verdict-bench-function.XXXXXX)
chmod 755 "$svc"
wpid=
cleanup() {
  if [ -n "$wpid" ]; then kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; fi
  scripts/services.sh stop "$svc" >/dev/null || true
  rm -rf "$svc"
}
trap cleanup EXIT
eval "export $(scripts/services.sh start "$svc" "${REDIS_PORT:-29379}" "${PG_PORT:-29432}" | tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
"$bin" migrate --db "$db" 2>/dev/null

python3 - "$svc/problems" <<'PY'
import json, os, random, sys
random.seed(7)
root = sys.argv[1]
meta = {"difficulty": "easy", "timeLimitMs": 2000, "memoryLimitMb": 256, "outputLimitKb": 64}
for pid, fn in (("bench-sum", None), ("bench-sum-fn", {
        "name": "sumAll", "params": [{"name": "nums", "type": "long[]"}], "returns": "long"})):
    for d in ("samples", "tests"):
        os.makedirs(os.path.join(root, pid, d))
    with open(os.path.join(root, pid, "statement.md"), "w") as f:
        f.write("# Bench Sum\n\nThe sum of n numbers.\n")
    m = dict(meta, title="Bench Sum")
    if fn:
        m["function"] = fn
    with open(os.path.join(root, pid, "problem.json"), "w") as f:
        json.dump(m, f)
rng = random.Random(7)
for i in range(1, 11):
    xs = [rng.randint(-10**9, 10**9) for _ in range(20000)]
    d = "samples" if i == 1 else "tests"
    for pid, text in (("bench-sum", f"{len(xs)}\n" + " ".join(map(str, xs)) + "\n"),
                      ("bench-sum-fn", json.dumps(xs, separators=(",", ":")) + "\n")):
        with open(os.path.join(root, pid, d, f"{i:02d}.in"), "w") as f:
            f.write(text)
        with open(os.path.join(root, pid, d, f"{i:02d}.out"), "w") as f:
            f.write(f"{sum(xs)}\n")
PY
"$bin" problems import "$svc/problems" --db "$db" >/dev/null 2>&1

"$bin" worker --db "$db" --redis "$redis" --slots 1 --work-dir "$svc/work" 2>"$svc/worker.log" &
wpid=$!
timeout 30 bash -c "until grep -q 'lease taken' $svc/worker.log; do sleep 0.1; done"
declare -A ext=([c]=c [cpp]=cpp [python]=py [javascript]=js [java]=java [go]=go [rust]=rs)
for l in $LANGS; do
  for kind in stdin function; do
    prob=bench-sum
    [ "$kind" = function ] && prob=bench-sum-fn
    "$bench" worker --redis "$redis" --problem "$prob" --lang "$l" \
      --file "bench/judge/function/$kind.${ext[$l]}" --count "$COUNT"
  done
done
kill -TERM "$wpid"
wait "$wpid" || true
wpid=

echo
echo "CPU ms per test (median over every test of every submission; one slot):"
psql "$db" -Atc "
  WITH t AS (
    SELECT s.language, s.problem_id = 'bench-sum-fn' AS fn, (e->>'timeMs')::int AS ms
    FROM submissions s, jsonb_array_elements(s.tests) e WHERE s.verdict = 'AC'),
  m AS (
    SELECT language, fn, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms, count(*) AS n
    FROM t GROUP BY language, fn)
  SELECT format('%-11s %12s %15s %19s %7s', 'lang', 'stdin ms', 'function ms',
                'overhead ms/test', 'tests')
  UNION ALL
  SELECT * FROM (
    SELECT format('%-11s %12s %15s %19s %7s', a.language, round(a.ms::numeric, 1),
                  round(b.ms::numeric, 1), round((b.ms - a.ms)::numeric, 1), a.n + b.n)
    FROM m a JOIN m b ON a.language = b.language AND NOT a.fn AND b.fn
    ORDER BY a.language) x"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
