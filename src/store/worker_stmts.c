/* SQL of every query the worker runs (results.c). Each guard is in the WHERE
 * clause, so that two workers judging the same submission after a requeue
 * store and announce it once. */
#include "store/worker_stmts.h"
#include "store/resweep.h"

/* The columns of a claimed submission, with its problem (NULLs when the
 * problem does not exist), from the CTE c. */
#define CLAIM_SELECT                                                                               \
    "SELECT c.id::text, c.user_id, c.problem_id, c.language, c.code, c.attempts, p.version, "      \
    "p.time_limit_ms, p.memory_limit_mb, p.output_limit_kb, p.checker, c.public_id, "              \
    "p.function::text FROM c LEFT JOIN problems p ON p.id = c.problem_id"

const struct pg_stmt worker_stmts[] = {
    /* Any row not done may be claimed, "running" included: after a crash the
     * reaper hands the job back while the row still says running. */
    {"job_claim",
     "WITH c AS (UPDATE submissions SET status = 'running', attempts = attempts + 1, enqueued = "
     "true, lease_until = now() + make_interval(secs => $2::int), updated_at = now() WHERE id = "
     "$1::bigint AND status <> 'done' RETURNING id, user_id, problem_id, language, code, "
     "attempts, public_id) " CLAIM_SELECT},
    /* A job with no row (pushed by hand or by POST /submit) gets one, claimed. */
    {"job_insert",
     "WITH c AS (INSERT INTO submissions (user_id, problem_id, language, code, status, attempts, "
     "enqueued, lease_until) VALUES ($1, $2, $3, $4, 'running', 1, true, now() + "
     "make_interval(secs => $5::int)) RETURNING id, user_id, problem_id, language, code, "
     "attempts, public_id) " CLAIM_SELECT},
    /* A job that cannot be judged at all (not JSON, too large): a finished row
     * that says why. */
    {"job_record",
     "INSERT INTO submissions (user_id, problem_id, language, code, status, verdict, message, "
     "attempts, enqueued, finished_at, tests) VALUES ($1, $2, $3, $4, 'done', $5, $6, 1, true, "
     "now(), '[]') RETURNING id::text, public_id"},
    /* Samples first, then hidden tests, in order, each with its visible flag
     * (sql/014) last; the checker source, the
     * judging plan and the version ride on the first row. A problem without
     * tests gives one row of NULL tests; an unknown problem none. */
    {"job_tests",
     "SELECT t.is_sample, t.input, t.output, p.version, CASE WHEN row_number() OVER w = 1 THEN "
     "p.checker_source END, CASE WHEN row_number() OVER w = 1 THEN p.judging::text END, "
     "t.visible FROM "
     "problems p LEFT JOIN tests t ON t.problem_id = p.id WHERE p.id = $1 WINDOW w AS (ORDER BY "
     "t.is_sample DESC, t.ord) ORDER BY t.is_sample DESC, t.ord"},
    /* $8 and $9: a scoring problem's score and maximum (NULL: pass-fail, or
     * an unbounded maximum); $10 and $11 the output validator's feedback;
     * $12 the submission's feedback (sql/012); $13 who finishes (sql/015):
     * a done row finished by the same name is this finish again, after its
     * answer was lost, and is applied again (the same values, the same
     * finished_at). An AC's runtime and memory are counted for "beats X%"
     * by sql/012's trigger, in this statement's transaction (once: applied
     * again, nothing it counts changes). */
    {"job_finish",
     "UPDATE submissions SET status = 'done', verdict = $2, time_ms = $3::int, memory_kb = "
     "$4::int, tests = $5::jsonb, compile_output = $6, message = $7, score = $8::float8, "
     "max_score = $9::float8, team_message = $10, judge_message = $11, feedback = $12::jsonb, "
     "finished_by = $13, lease_until = NULL, finished_at = CASE WHEN status = 'done' THEN "
     "finished_at ELSE now() END, updated_at = now() WHERE id = $1::bigint AND (status <> "
     "'done' OR finished_by = $13)"},
    /* A job given back at shutdown: the attempt did not happen. */
    {"job_hand_back",
     "UPDATE submissions SET status = 'queued', attempts = greatest(attempts - 1, 0), "
     "lease_until = NULL, updated_at = now() WHERE id = $1::bigint AND status = 'running'"},
    /* A rejudge's row is done already: its lease is on its pending row. */
    {"job_renew",
     "WITH r AS (UPDATE rejudge_pending SET lease_until = now() + make_interval(secs => "
     "$2::int) WHERE submission_id = ANY($1::bigint[]) AND lease_until IS NOT NULL) "
     "UPDATE submissions SET lease_until = now() + make_interval(secs => $2::int) WHERE id = "
     "ANY($1::bigint[]) AND status = 'running'"},
    /* Rejudges (sql/006_rejudge.sql). The row stays done, with its old
     * verdict readable, while it is judged again; what is owed is the
     * pending row of rejudge $2, which a newer rejudge of the submission
     * takes over (then this job finds nothing and is dropped). */
    {"rejudge_claim",
     "WITH c AS (UPDATE rejudge_pending rp SET attempts = rp.attempts + 1, lease_until = now() + "
     "make_interval(secs => $3::int) FROM submissions s WHERE rp.submission_id = $1::bigint AND "
     "rp.rejudge_id = $2::bigint AND s.id = rp.submission_id RETURNING s.id, s.user_id, "
     "s.problem_id, s.language, s.code, rp.attempts, s.public_id) " CLAIM_SELECT},
    /* The one finish that deletes the pending row stores the new verdict; a
     * second one (a requeue raced a slow worker) finds none and changes
     * nothing. A changed result (verdict, or score or maximum: $9..$12 as
     * job_finish's $8..$11) keeps the row as it was in history, in the same
     * statement; the result is the previous verdict, score and whether it
     * changed, or no row. $14 names who finishes (sql/015): when the
     * pending row is gone and the submission was finished by that name,
     * this is the same finish again after its answer was lost, and the
     * result is what that finish replaced (from the history row it kept:
     * none, not changed). */
    {"rejudge_finish",
     "WITH d AS (DELETE FROM rejudge_pending WHERE submission_id = $1::bigint AND rejudge_id = "
     "$8::bigint RETURNING submission_id), "
     "o AS (SELECT s.id, s.verdict, s.time_ms, s.memory_kb, s.tests, s.compile_output, "
     "s.message, s.finished_at, s.score, s.max_score, s.team_message, s.judge_message, "
     "s.feedback, (s.verdict IS DISTINCT FROM $2::text OR s.score IS DISTINCT FROM $9::float8 OR "
     "s.max_score IS DISTINCT FROM $10::float8) AS changed FROM submissions s WHERE s.id IN "
     "(SELECT submission_id FROM d) FOR UPDATE), "
     "h AS (INSERT INTO verdict_history (submission_id, rejudge_id, verdict, time_ms, memory_kb, "
     "tests, compile_output, message, judged_at, score, max_score, team_message, judge_message, "
     "feedback) SELECT o.id, $8::bigint, o.verdict, o.time_ms, o.memory_kb, o.tests, "
     "o.compile_output, o.message, o.finished_at, o.score, o.max_score, o.team_message, "
     "o.judge_message, o.feedback FROM o WHERE o.changed), "
     "u AS (UPDATE submissions s SET verdict = $2::text, time_ms = $3::int, memory_kb = $4::int, "
     "tests = $5::jsonb, compile_output = $6, message = $7, score = $9::float8, max_score = "
     "$10::float8, team_message = $11, judge_message = $12, feedback = $13::jsonb, finished_by = "
     "$14, finished_at = now(), updated_at = now() FROM o WHERE s.id = o.id RETURNING "
     "o.verdict, o.score, o.changed), "
     "a AS (SELECT coalesce(h.verdict, ''), h.score, h.id IS NOT NULL FROM submissions s LEFT "
     "JOIN LATERAL (SELECT id, verdict, score FROM verdict_history WHERE submission_id = s.id "
     "AND rejudge_id = $8::bigint ORDER BY id DESC LIMIT 1) h ON true WHERE s.id = $1::bigint "
     "AND s.finished_by = $14 AND NOT EXISTS (SELECT 1 FROM d)) "
     "SELECT coalesce(verdict, ''), score, changed FROM u UNION ALL SELECT * FROM a"},
    {"rejudge_hand_back",
     "UPDATE rejudge_pending SET attempts = greatest(attempts - 1, 0), lease_until = NULL, "
     "queued_at = now() WHERE submission_id = $1::bigint AND rejudge_id = $2::bigint"},
    /* Rejudge jobs Redis lost: owed for longer than any backlog should last,
     * or held past their lease. As job_sweep, without two workers pushing
     * the same one. */
    {"rejudge_sweep",
     "WITH s AS (SELECT submission_id FROM rejudge_pending WHERE (lease_until IS NULL AND "
     "queued_at < now() - make_interval(secs => $1::int)) OR lease_until < now() ORDER BY "
     "submission_id LIMIT $2::int FOR UPDATE SKIP LOCKED) UPDATE rejudge_pending p SET "
     "lease_until = NULL, queued_at = now() FROM s WHERE p.submission_id = s.submission_id "
     "RETURNING p.submission_id::text, p.rejudge_id::text"},
    /* Rows the queue lost: queued and on the queue for longer than any
     * backlog should last, or running past their lease (the worker died and
     * Redis lost its processing list too). SKIP LOCKED and the updated_at bump
     * let every worker sweep without two of them pushing the same row. */
    {"job_sweep",
     "WITH s AS (SELECT id FROM submissions WHERE status <> 'done' AND ((status = 'queued' AND "
     "enqueued AND updated_at < now() - make_interval(secs => $1::int)) OR (status = 'running' "
     "AND lease_until < now())) ORDER BY id LIMIT $2::int FOR UPDATE SKIP LOCKED) UPDATE "
     "submissions u SET status = 'queued', lease_until = NULL, updated_at = now() FROM s WHERE "
     "u.id = s.id RETURNING u.id::text"},
    /* "Beats X%" of an accepted submission just stored (store/stats.c). */
    {"stats_beats",
     "SELECT accepted_beats($1, $2, 't', $3::int), accepted_beats($1, $2, 'm', $4::int)"},
    /* After a Redis failover (resweep.h). */
    RESWEEP_STMT,
    /* A run's problem (store/runs.c): its limits, checker, function
     * signature (JSON text, "null" for none), a reference solution (an
     * accepted example program in a language verdict has, the fastest to
     * build and run first), a packaged problem's plan and test count, and a
     * custom checker's source (a run's match: worker/run_check.c). */
    {"run_problem",
     "SELECT p.version, p.time_limit_ms, p.memory_limit_mb, p.output_limit_kb, p.checker, "
     "(problem_json(p.id)::json -> 'function')::text, r.language, r.code, p.judging::text, "
     "(SELECT count(*) FROM tests t WHERE t.problem_id = p.id), p.checker_source FROM problems p "
     "LEFT JOIN LATERAL "
     "(SELECT g.language, g.code FROM problem_programs g WHERE g.problem_id = p.id AND g.folder "
     "= 'accepted' AND g.language IS NOT NULL AND g.path NOT LIKE '%/%/%' ORDER BY "
     "array_position(ARRAY['c', 'cpp', 'rust', "
     "'go', 'java', 'javascript', 'python']::text[], g.language), g.path LIMIT 1) r ON true "
     "WHERE p.id = $1 AND p.deleted_at IS NULL"},
    {NULL, NULL},
};
