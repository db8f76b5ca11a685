#!/usr/bin/env bash
# bench/percentiles: "beats X%" at 1,000,000 accepted submissions of one
# problem and language (issue 13; README.md "Beats X%"). Loads them with one
# bulk COPY (counted once afterwards with sql/012's own aggregate, as the
# migration counts existing rows), then measures with pgbench, one client:
#   lookup   the worker's "stats_beats" statement (both percentiles at once)
#   update   sql/012's accepted_stats_apply() for one new AC (the bucket upserts)
#   finish   one AC stored as job_finish stores it (UPDATE of a row to AC:
#            the trigger runs the update above in the same transaction)
#   plain    the same UPDATE of a row that stays not accepted (no trigger):
#            finish - plain is what counting costs an AC
#   move     a rejudge's new figures for an AC (taken out of its old
#            buckets, put in the new ones), on rows the finish case accepted
#   histogram GET /api/problems/{id}/stats's query, for the record
# Bar (DESIGN.md): lookup and one AC's update <= 1 ms each.
# Ports 17811-17812. N=1000000 DURATION=10 by default.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
N=${N:-1000000}
POOL=${POOL:-200000} # rows not accepted, turned into ACs by the finish case
DURATION=${DURATION:-10}
RPORT=17811 PPORT=17812
P=bench-beats
# The binary only runs migrations and the services here: VERDICT_BIN may
# name any build of this checkout.
bin=${VERDICT_BIN:-}
if [ -z "$bin" ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF >/dev/null
  cmake --build build-bench -j2 --target verdict >/dev/null
  bin=$root/build-bench/verdict
fi

svc=$(mktemp -d /tmp/verdict-bench-percentiles.XXXXXX)
chmod 755 "$svc"
work=$(mktemp -d /tmp/verdict-bench-percentiles-w.XXXXXX)
cleanup() {
  VERDICT_BIN=$bin scripts/services.sh stop "$svc" || true
  rm -rf "$svc" "$work"
}
trap cleanup EXIT
eval "export $(VERDICT_BIN=$bin scripts/services.sh start "$svc" $RPORT $PPORT | tr '\n' ' ')"
db=$VERDICT_TEST_DB
"$bin" migrate --db "$db" 2>/dev/null
q() { psql "$db" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }

q "INSERT INTO problems (id, title, difficulty, statement, time_limit_ms, memory_limit_mb,
   output_limit_kb, checker) VALUES ('$P', 'Bench', 'easy', '# Bench', 2000, 256, 64, 'tokens')"
# Runtimes spread like real ones (most fast, a long tail up to the limit);
# memory over 1-256 MB in KB, so that every 1024-block holds hundreds of
# distinct exact values: the lookup's worst case is a full block.
gen() { # count verdict
  python3 - "$1" "$2" "$P" <<'PY'
import random, sys
n, verdict, problem = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(13)
out = sys.stdout
for i in range(n):
    t = min(2000, int(rnd.lognormvariate(3.5, 1.0)))
    m = rnd.randint(1024, 262144)
    out.write(f"bench\t{problem}\tc\tx\tdone\t{verdict}\t{t}\t{m}\n")
PY
}
t0=$(date +%s.%N)
q "ALTER TABLE submissions DISABLE TRIGGER submissions_stats_insert"
gen "$N" AC | psql "$db" -qX -v ON_ERROR_STOP=1 -c "\\copy submissions (user_id, problem_id, language, code, status, verdict, time_ms, memory_kb) FROM STDIN"
# Rows the finish cases turn into ACs (and the plain case rewrites).
gen "$POOL" WA | psql "$db" -qX -v ON_ERROR_STOP=1 -c "\\copy submissions (user_id, problem_id, language, code, status, verdict, time_ms, memory_kb) FROM STDIN"
q "ALTER TABLE submissions ENABLE TRIGGER submissions_stats_insert"
q "INSERT INTO accepted_stats (problem_id, language, metric, width, bucket, count)
   SELECT problem_id, language, k.metric, k.width, k.bucket, count(*) FROM submissions s,
   LATERAL (VALUES ('t'::\"char\", 1, s.time_ms), ('t', 1024, s.time_ms / 1024),
                   ('m', 1, s.memory_kb), ('m', 1024, s.memory_kb / 1024), ('n', 1, 0))
           AS k(metric, width, bucket)
   WHERE s.verdict = 'AC' GROUP BY 1, 2, 3, 4, 5"
q "VACUUM ANALYZE submissions"
q "VACUUM ANALYZE accepted_stats"
t1=$(date +%s.%N)
accepted=$(q "SELECT count FROM accepted_stats WHERE problem_id = '$P' AND metric = 'n'")
rows=$(q "SELECT count(*) FROM accepted_stats WHERE problem_id = '$P'")
lo=$(q "SELECT min(id) FROM submissions WHERE verdict = 'WA'")
hi=$(q "SELECT max(id) FROM submissions WHERE verdict = 'WA'")
echo "loaded $accepted accepted submissions ($rows bucket rows) in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"

cat >"$work/lookup.sql" <<SQL
\\set t random(0, 2000)
\\set m random(1024, 262144)
SELECT accepted_beats('$P', 'c', 't', :t), accepted_beats('$P', 'c', 'm', :m);
SQL
cat >"$work/update.sql" <<SQL
\\set t random(0, 2000)
\\set m random(1024, 262144)
SELECT accepted_stats_apply(NULL, NULL, NULL, NULL, '$P', 'c', :t, :m);
SQL
cat >"$work/finish.sql" <<SQL
\\set id random($lo, $hi)
\\set t random(0, 2000)
\\set m random(1024, 262144)
UPDATE submissions SET verdict = 'AC', time_ms = :t, memory_kb = :m, finished_at = now(), updated_at = now() WHERE id = :id;
SQL
cat >"$work/plain.sql" <<SQL
\\set id random($lo, $hi)
\\set t random(0, 2000)
UPDATE submissions SET verdict = 'WA', time_ms = :t, finished_at = now(), updated_at = now() WHERE id = :id AND verdict = 'WA';
SQL
cat >"$work/move.sql" <<SQL
\\set id random($lo, $hi)
\\set t random(0, 2000)
\\set m random(1024, 262144)
UPDATE submissions SET time_ms = :t, memory_kb = :m WHERE id = :id AND verdict = 'AC';
SQL
cat >"$work/histogram.sql" <<SQL
SELECT accepted_stats_json('$P', 'c');
SQL

latency() { # script -> average latency in ms
  pgbench -n -M prepared -c 1 -j 1 -T "$DURATION" -f "$1" "$db" 2>/dev/null | awk '/latency average/ {print $4}'
}
# Check first that a lookup is what it claims: exact against a scan.
exact=$(q "SELECT round(100.0 * count(*) FILTER (WHERE time_ms > 100) / count(*), 2)::float8
           FROM submissions WHERE problem_id = '$P' AND verdict = 'AC'")
got=$(q "SELECT accepted_beats('$P', 'c', 't', 100)")
echo "beats at 100 ms: $got% (a scan of submissions says $exact%)"
[ "$got" = "$exact" ] || { echo "MISMATCH"; exit 1; }
for case in lookup update plain finish move histogram; do
  printf '%-10s %8s ms per call (pgbench, 1 client, %ss)\n' "$case" "$(latency "$work/$case.sql")" "$DURATION"
done
echo "bar: lookup <= 1 ms, one AC's update (update; finish - plain) <= 1 ms"
