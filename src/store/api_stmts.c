/* SQL of every query the api runs (the worker's are in worker_stmts.c).
 * Results that are served as JSON are built as JSON by PostgreSQL itself, so
 * no row is re-encoded in C. */
#include "store/api_stmts.h"
#include "store/resweep.h"

/* A scoring problem's result (sql/007_packages.sql) of a row r: score and
 * maxScore (null for a pass-fail problem; maxScore null when unbounded),
 * partial (a score above 0 below a bounded maximum: worker/report.h's
 * report_partial(), the same rule) and the validator's feedback for the
 * user. */
#define SUB_SCORE(r)                                                                               \
    "'score', " r ".score, 'maxScore', " r ".max_score, 'partial', coalesce(" r                    \
    ".score > 0 AND " r ".score < " r ".max_score, false), 'teamMessage', " r ".team_message"

/* The verdicts a rejudge replaced (sql/006_rejudge.sql), oldest first, each
 * as the row was before it; extra adds fields (the admin's judgeMessage). */
#define SUB_HISTORY(extra)                                                                         \
    "coalesce((SELECT json_agg(json_build_object('verdict', h.verdict, 'timeMs', h.time_ms, "      \
    "'memoryKb', h.memory_kb, 'tests', coalesce(h.tests, '[]'::jsonb), 'compileOutput', "          \
    "h.compile_output, 'message', h.message, 'judgedAt', h.judged_at, 'replacedAt', "              \
    "h.replaced_at, 'rejudgeId', h.rejudge_id::text, " SUB_SCORE("h") extra                        \
        ") ORDER BY h.id) "                                                                        \
        "FROM verdict_history h WHERE h.submission_id = submissions.id), '[]')"

/* The validator's judgemessage.txt of a row r: the admin's only. */
#define SUB_JUDGE(r) ", 'judgeMessage', " r ".judge_message"

/* A row's feedback (sql/012; README.md "Feedback"): which test failed, how
 * far it got, and a visible failed test's data. */
#define SUB_FEEDBACK                                                                               \
    ", 'failedTest', feedback->'failedTest', 'passed', feedback->'passed', 'total', "              \
    "feedback->'total', 'summary', feedback->'summary', 'failedCase', feedback->'failedCase'"

/* "Beats X%" of an accepted row, as of now (sql/012's accepted_beats). */
#define SUB_BEATS                                                                                  \
    ", 'runtimeBeats', CASE WHEN verdict = 'AC' THEN accepted_beats(problem_id, language, 't', "   \
    "time_ms) END, 'memoryBeats', CASE WHEN verdict = 'AC' THEN accepted_beats(problem_id, "       \
    "language, 'm', memory_kb) END"

/* A submission as GET /api/submissions/{id} serves it; extra and hextra add
 * fields to the row and its history (the admin's SUB_JUDGE). */
#define SUB_GET(extra, hextra)                                                                     \
    "SELECT json_build_object('id', public_id, 'userId', user_id, 'problemId', problem_id, "       \
    "'language', language, 'status', status, 'verdict', verdict, 'timeMs', time_ms, "              \
    "'memoryKb', memory_kb, 'tests', coalesce(tests, '[]'::jsonb), 'compileOutput', "              \
    "compile_output, 'message', message, 'attempts', attempts, 'code', code, 'createdAt', "        \
    "created_at, 'finishedAt', finished_at, 'rejudging', EXISTS (SELECT 1 FROM rejudge_pending "   \
    "rp WHERE rp.submission_id = submissions.id), " SUB_SCORE("submissions")                       \
        SUB_FEEDBACK SUB_BEATS extra                                                               \
        ", 'history', " SUB_HISTORY(hextra) ")::text FROM submissions WHERE public_id = $1"

/* A submission's problem is open: it exists and is not deleted. Checked in
 * the INSERT itself, so a DELETE that returned closes the problem on every
 * api at once, whatever an api's list of problems says (issue 11). */
#define SUB_PROBLEM_OPEN(pid)                                                                      \
    "EXISTS (SELECT 1 FROM problems pr WHERE pr.id = " pid " AND pr.deleted_at IS NULL)"

const struct pg_stmt api_stmts[] = {
    {"sub_insert",
     "INSERT INTO submissions (user_id, problem_id, language, code) SELECT $1, $2, $3, $4 "
     "WHERE " SUB_PROBLEM_OPEN("$2") " RETURNING id::text, public_id"},
    /* Many rows in one statement and one transaction: the rows of one loop
     * turn, but for those whose problem is closed. Ids come from the sequence
     * in ORDER BY order, and whether a row is kept depends on its problem
     * alone, so the k-th smallest id is the k-th input row whose problem came
     * back (submission_batch.c). */
    {"sub_insert_many",
     "INSERT INTO submissions (user_id, problem_id, language, code) SELECT u, p, l, c FROM "
     "unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(u, p, l, c, n) "
     "WHERE " SUB_PROBLEM_OPEN("t.p") " ORDER BY n RETURNING id, public_id, problem_id"},
    {"sub_enqueued", "UPDATE submissions SET enqueued = $2 WHERE id = ANY($1::bigint[])"},
    {"sub_get", SUB_GET("", "")},
    /* The admin's: the validator's judgemessage.txt too, in the row and its history. */
    {"sub_get_admin", SUB_GET(SUB_JUDGE("submissions"), SUB_JUDGE("h"))},
    {"sub_list_user",
     "SELECT coalesce(json_agg(s.j ORDER BY s.n DESC), '[]')::text FROM ("
     "SELECT id AS n, json_build_object('id', public_id, 'problemId', problem_id, 'language', "
     "language, 'status', status, 'verdict', verdict, 'timeMs', time_ms, 'memoryKb', memory_kb, "
     "'score', score, 'maxScore', max_score, 'partial', coalesce(score > 0 AND score < max_score, "
     "false), 'createdAt', created_at, 'failedTest', feedback->'failedTest', 'signal', "
     "f.t->'signal', 'exitCode', f.t->'exitCode') AS j "
     "FROM submissions LEFT JOIN LATERAL (SELECT t FROM jsonb_array_elements(CASE WHEN "
     "jsonb_typeof(tests) = 'array' THEN tests ELSE '[]' END) t WHERE t->>'verdict' <> 'AC' "
     "LIMIT 1) f ON true "
     "WHERE user_id = $1 AND ($3::text IS NULL OR id < (SELECT b.id FROM "
     "submissions b WHERE b.public_id = $3 AND b.user_id = $1)) "
     "ORDER BY id DESC LIMIT $2::int) s"},
    {"sub_unpushed",
     "SELECT id::text, user_id, problem_id, language, code FROM submissions "
     "WHERE NOT enqueued AND status = 'queued' AND updated_at < now() - make_interval(secs => "
     "$1::int) ORDER BY id LIMIT $2::int"},
    {"prob_list",
     "SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'difficulty', "
     "difficulty, 'timeLimitMs', time_limit_ms, 'memoryLimitMb', memory_limit_mb, 'type', "
     "problem_type(p)) ORDER BY created_at, id), '[]')::text FROM problems p WHERE deleted_at "
     "IS NULL"},
    /* The problem cache (problem_cache.c): the version and the served JSON
     * (NULL when deleted) in one read, so a fill knows what it fills. */
    {"prob_get", "SELECT version, problem_json(id) FROM problems WHERE id = $1"},
    {"prob_ids", "SELECT id, version FROM problems WHERE deleted_at IS NULL"},
    /* Writes (problem_write.c): one statement each, so one transaction. */
    {"prob_put",
     "SELECT version, changed, doc FROM problem_put_files($1, $2, $3, $4, $5, $6::int, $7::int, "
     "$8::int, $9, $10, $11, $12::json, $13::jsonb, $14::jsonb, $15::jsonb, $16::jsonb, "
     "$17::json)"},
    /* A problem's file (problem_files.c): its bytes as hex and its etag. */
    {"prob_file",
     "SELECT encode(f.content, 'hex'), f.etag FROM problem_files f JOIN problems p ON p.id = "
     "f.problem_id WHERE f.problem_id = $1 AND f.name = $2 AND p.deleted_at IS NULL"},
    {"prob_patch",
     "SELECT version, changed, doc FROM problem_patch_visible($1, $2, $3, $4, $5, $6::int, "
     "$7::int, $8::int, $9, $10::json)"},
    {"prob_delete", "SELECT version, changed, doc FROM problem_delete($1, $2)"},
    {"prob_void", "SELECT problem_write_void($1, $2)"},
    {"prob_published", "UPDATE problem_writes SET published = true WHERE token = $1"},
    /* Every problem, for a Redis that came back (problem_write.c). */
    {"prob_refill", "SELECT id, version, problem_json(id) FROM problems"},
    {"prob_unpublished",
     "SELECT w.token, w.problem_id, p.version, problem_json(p.id) FROM problem_writes w JOIN "
     "problems p ON p.id = w.problem_id WHERE w.committed AND NOT w.published ORDER BY w.at "
     "LIMIT 200"},
    /* Broadcasts (store/events.c): the row and every user's coins in one
     * statement, so coins are credited exactly once per broadcast id. Users
     * are those with a row or a submission. */
    {"broadcast_record",
     "WITH b AS (INSERT INTO broadcasts (id, message, coins) VALUES ($1, $2, $3::bigint) "
     "ON CONFLICT (id) DO NOTHING RETURNING coins), "
     "ids AS (SELECT id FROM users UNION SELECT user_id FROM submissions "
     "WHERE length(user_id) BETWEEN 1 AND 64), "
     "c AS (INSERT INTO users (id, coins) SELECT ids.id, b.coins FROM ids, b WHERE b.coins > 0 "
     "ON CONFLICT (id) DO UPDATE SET coins = users.coins + EXCLUDED.coins RETURNING 1) "
     "SELECT (SELECT count(*) FROM b)::int, (SELECT count(*) FROM c)::int, "
     "coalesce((SELECT published_at IS NOT NULL FROM broadcasts WHERE id = $1), false)"},
    {"broadcast_sent", "UPDATE broadcasts SET published_at = now() WHERE id = $1"},
    /* A user as the page shows them (store/users.c): a user without a row
     * (none until a broadcast credits them) has 0 coins. */
    {"user_get",
     "SELECT json_build_object('id', $1::text, 'coins', coalesce((SELECT coins FROM users WHERE "
     "id = $1), 0))::text"},
    /* A rejudge (store/rejudge.c): its row, and a pending row for each done
     * submission it matches (taking over an older rejudge's), in one
     * statement. One row per submission queued, or one with a NULL
     * submission when none matched; no row when the problem does not
     * exist. $3 is milliseconds since the epoch. */
    {"rejudge_start",
     "WITH i AS (SELECT nextval('rejudges_id_seq') AS id FROM problems WHERE id = $1), "
     "m AS (INSERT INTO rejudge_pending (submission_id, rejudge_id) SELECT s.id, i.id FROM "
     "submissions s, i WHERE s.problem_id = $1 AND s.status = 'done' AND ($2::text[] IS NULL OR "
     "s.verdict = ANY($2::text[])) AND ($3::bigint IS NULL OR s.created_at >= "
     "to_timestamp($3::bigint / 1000.0)) ON CONFLICT (submission_id) DO UPDATE SET rejudge_id = "
     "EXCLUDED.rejudge_id, attempts = 0, lease_until = NULL, queued_at = now() RETURNING "
     "submission_id), "
     "r AS (INSERT INTO rejudges (id, problem_id, verdicts, since, queued) SELECT i.id, $1, "
     "$2::text[], to_timestamp($3::bigint / 1000.0), (SELECT count(*) FROM m) FROM i RETURNING "
     "id) "
     "SELECT r.id::text, m.submission_id::text FROM r LEFT JOIN m ON true ORDER BY "
     "m.submission_id"},
    /* GET /api/problems/{id}/stats (store/stats.c): NULL for an unknown problem. */
    {"stats_get", "SELECT accepted_stats_json($1, $2)"},
    {"rejudge_cancel",
     "WITH d AS (DELETE FROM rejudge_pending WHERE rejudge_id = $1::bigint) DELETE FROM rejudges "
     "WHERE id = $1::bigint"},
    /* After a Redis failover (resweep.h). */
    RESWEEP_STMT,
    {NULL, NULL},
};
