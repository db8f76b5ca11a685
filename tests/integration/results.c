/* A scoring problem's result through the store against the private
 * PostgreSQL of scripts/test.sh: the worker's finish statements store the
 * score, the maximum and the validator's feedback (and a rejudge keeps the
 * replaced ones in history), and the api's reads serve them, the judge
 * message to the admin alone; and a finish stored again under the claim's
 * name (its answer lost) is known for its own (sql/015). */
#include "store/results.h"
#include "store/api_stmts.h"
#include "store/pg.h"
#include "store/submissions.h"
#include "store/worker_stmts.h"
/* Blocking SQL for the fixtures' rows (store/internal.h, store/pq.h). */
#include "store/internal.h"
#include "store/pq.h"

#include "fixture.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char db_url[512];
static char redis_url[256];

static void setup(void)
{
    fixture_database("results", 13, db_url, sizeof(db_url), redis_url, sizeof(redis_url));
    char err[512];
    struct pg_conn *conn = store__connect(db_url, err, sizeof(err));
    cr_assert_not_null(conn, "%s", err);
    cr_assert_eq(store__exec(conn,
                             "INSERT INTO problems (id, title, difficulty, statement, "
                             "time_limit_ms, memory_limit_mb, output_limit_kb, checker) VALUES "
                             "('scored', 'T', 'easy', '# T', 1000, 64, 64, 'tokens')",
                             0, NULL, NULL, err, sizeof(err)),
                 0, "%s", err);
    PQfinish(conn);
}

TestSuite(results, .init = setup);

/* A running submission's row id and public id, made in SQL. */
static void row_new(char *id, char *public_id)
{
    char err[512];
    struct pg_conn *conn = store__connect(db_url, err, sizeof(err));
    cr_assert_not_null(conn, "%s", err);
    struct pg_result *res;
    cr_assert_eq(store__exec(conn,
                             "INSERT INTO submissions (user_id, problem_id, language, code, "
                             "status, attempts) VALUES ('alice', 'scored', 'c', 'x', 'running', "
                             "1) RETURNING id::text, public_id",
                             0, NULL, &res, err, sizeof(err)),
                 0, "%s", err);
    snprintf(id, 24, "%s", pg_result_value(res, 0, 0, NULL));
    snprintf(public_id, 40, "%s", pg_result_value(res, 0, 1, NULL));
    PQclear((PGresult *)res);
    PQfinish(conn);
}

/* Owes rejudge 1 for row id (sql/006_rejudge.sql), as a rejudge request does. */
static void owe_rejudge(const char *id)
{
    char err[512];
    struct pg_conn *conn = store__connect(db_url, err, sizeof(err));
    cr_assert_not_null(conn, "%s", err);
    const char *values[1] = {id};
    cr_assert_eq(store__exec(conn,
                             "INSERT INTO rejudge_pending (submission_id, rejudge_id) VALUES "
                             "($1::bigint, 1)",
                             1, values, NULL, err, sizeof(err)),
                 0, "%s", err);
    PQfinish(conn);
}

struct state {
    uv_loop_t loop;
    struct pg *worker, *api;
    int ups;
    int status;
    bool changed;
    struct results_previous prev;
    char prev_verdict[8];
    char text[16384];
};

static void on_pg_state(struct pg *pg, bool up, const char *why, void *data)
{
    (void)pg;
    (void)why;
    struct state *s = data;
    cr_assert(up);
    if (++s->ups == 2)
        uv_stop(&s->loop);
}

static void state_up(struct state *s)
{
    memset(s, 0, sizeof(*s));
    cr_assert_eq(uv_loop_init(&s->loop), 0);
    char err[256];
    s->worker = pg_new(&s->loop, db_url, worker_stmts, err, sizeof(err));
    cr_assert_not_null(s->worker, "%s", err);
    s->api = pg_new(&s->loop, db_url, api_stmts, err, sizeof(err));
    cr_assert_not_null(s->api, "%s", err);
    pg_on_state(s->worker, on_pg_state, s);
    pg_on_state(s->api, on_pg_state, s);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(s->ups, 2, "PostgreSQL did not come up");
}

static void state_down(struct state *s)
{
    pg_free(s->worker);
    pg_free(s->api);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&s->loop), 0, "handles leaked");
}

static void on_done(int status, bool changed, void *data)
{
    struct state *s = data;
    s->status = status;
    s->changed = changed;
    uv_stop(&s->loop);
}

static void on_rejudged(int status, bool stored, const struct results_previous *prev, void *data)
{
    struct state *s = data;
    s->status = status;
    s->changed = stored;
    memset(&s->prev, 0, sizeof(s->prev));
    if (prev) {
        s->prev = *prev;
        snprintf(s->prev_verdict, sizeof(s->prev_verdict), "%s", prev->verdict);
        s->prev.verdict = s->prev_verdict;
    }
    uv_stop(&s->loop);
}

static void on_json(int status, const char *json, size_t len, void *data)
{
    struct state *s = data;
    s->status = status;
    snprintf(s->text, sizeof(s->text), "%.*s", (int)len, json ? json : "");
    uv_stop(&s->loop);
}

/* GET /api/submissions/{id}'s document, as a user or as the admin. */
static cJSON *get(struct state *s, const char *public_id, bool admin)
{
    int rc = admin ? submissions_get_admin(s->api, public_id, on_json, s)
                   : submissions_get(s->api, public_id, on_json, s);
    cr_assert_eq(rc, 0);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(s->status, 0);
    cJSON *j = cJSON_Parse(s->text);
    cr_assert_not_null(j, "%s", s->text);
    return j;
}

static void finish(struct state *s, const struct results_verdict *v)
{
    cr_assert_eq(results_finish(s->worker, v, on_done, s), 0);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(s->status, 0);
    cr_assert(s->changed);
}

static struct results_verdict scored_verdict(const char *id)
{
    return (struct results_verdict){.id = id,
                                    .verdict = "AC",
                                    .time_ms = 12,
                                    .memory_kb = 3000,
                                    .tests_json = "[]",
                                    .message = "",
                                    .scored = true,
                                    .score = 100.0 / 3,
                                    .max_score = 100,
                                    .team_message = "group 2: n = 10^9 is too slow",
                                    .judge_message = "expected 42, got 41"};
}

Test(results, scored_finish_is_served_with_the_judge_message_for_the_admin_only)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40];
    row_new(id, pub);
    struct results_verdict v = scored_verdict(id);
    finish(&s, &v);

    cJSON *j = get(&s, pub, false);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "verdict")->valuestring, "AC");
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 100.0 / 3, "exactly");
    cr_assert_eq(cJSON_GetObjectItem(j, "maxScore")->valuedouble, 100);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "partial")));
    cr_assert_str_eq(cJSON_GetObjectItem(j, "teamMessage")->valuestring, v.team_message);
    cr_assert_null(cJSON_GetObjectItem(j, "judgeMessage"), "%s", s.text);
    cJSON_Delete(j);

    j = get(&s, pub, true);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "judgeMessage")->valuestring, v.judge_message);
    cJSON_Delete(j);
    state_down(&s);
}

Test(results, pass_fail_and_unbounded_results)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40];
    row_new(id, pub);
    struct results_verdict v = {
        .id = id, .verdict = "WA", .tests_json = "[]", .message = "wrong answer on test 2"};
    finish(&s, &v);
    cJSON *j = get(&s, pub, true);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "score")), "%s", s.text);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "maxScore")));
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "partial")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "teamMessage")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "judgeMessage")));
    cJSON_Delete(j);

    row_new(id, pub);
    v = scored_verdict(id);
    v.max_score = -1;
    v.score = 1e6 + 0.5;
    v.team_message = v.judge_message = NULL;
    finish(&s, &v);
    j = get(&s, pub, false);
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 1e6 + 0.5);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "maxScore")), "unbounded: %s", s.text);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "partial")));
    cJSON_Delete(j);

    /* The user's list carries the score too. */
    cr_assert_eq(submissions_list_user(s.api, "alice", 1, NULL, on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    j = cJSON_Parse(s.text);
    cr_assert(cJSON_IsArray(j), "%s", s.text);
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "score")->valuedouble, 1e6 + 0.5);
    cJSON_Delete(j);
    state_down(&s);
}

static void rejudge(struct state *s, const struct results_verdict *v)
{
    owe_rejudge(v->id);
    cr_assert_eq(results_finish_rejudge(s->worker, v, "1", on_rejudged, s), 0);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(s->status, 0);
    cr_assert(s->changed, "stored");
}

/* A rejudge that changes only the score is a change: the old result goes to
 * history with its score and feedback; the same result again is not. */
Test(results, rejudge_keeps_a_replaced_score_in_history)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40];
    row_new(id, pub);
    struct results_verdict v = scored_verdict(id);
    finish(&s, &v);

    struct results_verdict w = v;
    w.score = 100;
    w.team_message = NULL;
    w.judge_message = "all fine";
    rejudge(&s, &w);
    cr_assert(s.prev.changed);
    cr_assert_str_eq(s.prev.verdict, "AC");
    cr_assert(s.prev.scored);
    cr_assert_eq(s.prev.score, 100.0 / 3);

    cJSON *j = get(&s, pub, true);
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 100);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "partial")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "teamMessage")));
    cJSON *h = cJSON_GetObjectItem(j, "history");
    cr_assert_eq(cJSON_GetArraySize(h), 1, "%s", s.text);
    cJSON *old = cJSON_GetArrayItem(h, 0);
    cr_assert_eq(cJSON_GetObjectItem(old, "score")->valuedouble, 100.0 / 3);
    cr_assert_eq(cJSON_GetObjectItem(old, "maxScore")->valuedouble, 100);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(old, "partial")));
    cr_assert_str_eq(cJSON_GetObjectItem(old, "teamMessage")->valuestring, v.team_message);
    cr_assert_str_eq(cJSON_GetObjectItem(old, "judgeMessage")->valuestring, v.judge_message);
    cJSON_Delete(j);

    j = get(&s, pub, false);
    old = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "history"), 0);
    cr_assert_not_null(old);
    cr_assert_null(cJSON_GetObjectItem(old, "judgeMessage"), "history hides it too");
    cJSON_Delete(j);

    rejudge(&s, &w);
    cr_assert(!s.prev.changed, "the same result again");
    j = get(&s, pub, false);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "history")), 1);
    cJSON_Delete(j);
    state_down(&s);
}

/* A pass-fail rejudge behaves as before: the verdict decides. */
Test(results, rejudge_of_a_pass_fail_result)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40];
    row_new(id, pub);
    struct results_verdict v = {.id = id, .verdict = "AC", .tests_json = "[]", .message = ""};
    finish(&s, &v);
    rejudge(&s, &v);
    cr_assert(!s.prev.changed);
    cr_assert(!s.prev.scored);
    v.verdict = "TLE";
    rejudge(&s, &v);
    cr_assert(s.prev.changed);
    cr_assert_str_eq(s.prev.verdict, "AC");
    cJSON *j = get(&s, pub, false);
    cJSON *h = cJSON_GetObjectItem(j, "history");
    cr_assert_eq(cJSON_GetArraySize(h), 1);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 0), "score")));
    cJSON_Delete(j);
    state_down(&s);
}

/* One value of a row, as text, by blocking SQL. */
static void sql_value(const char *sql, const char *id, char *out, size_t size)
{
    char err[512];
    struct pg_conn *conn = store__connect(db_url, err, sizeof(err));
    cr_assert_not_null(conn, "%s", err);
    struct pg_result *res;
    const char *values[1] = {id};
    cr_assert_eq(store__exec(conn, sql, 1, values, &res, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(pg_result_rows(res), 1);
    snprintf(out, size, "%s", pg_result_value(res, 0, 0, NULL));
    PQclear((PGresult *)res);
    PQfinish(conn);
}

static void finish_expect(struct state *s, const struct results_verdict *v, bool changed)
{
    cr_assert_eq(results_finish(s->worker, v, on_done, s), 0);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(s->status, 0);
    cr_assert_eq(s->changed, changed, "changed: %d, expected %d", s->changed, changed);
}

/* A worker whose finish committed but whose answer was lost stores its kept
 * verdict again once PostgreSQL is back (sql/015): under its own name that
 * is its finish (it announces), the same values again, its time and the
 * "beats" counts untouched; under another name, or none, it is someone
 * else's finish and changes nothing. */
Test(results, a_finish_stored_again_under_its_name_is_its_own)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40], at[64], again[64], n[32];
    row_new(id, pub);
    struct results_verdict v = {.id = id,
                                .verdict = "AC",
                                .time_ms = 7,
                                .memory_kb = 900,
                                .tests_json = "[]",
                                .message = "",
                                .finisher = "w-1/1"};
    finish_expect(&s, &v, true);
    const char *at_sql = "SELECT finished_at::text FROM submissions WHERE id = $1::bigint";
    const char *n_sql = "SELECT sum(count)::text FROM accepted_stats s JOIN submissions u ON "
                        "u.problem_id = s.problem_id AND u.language = s.language WHERE u.id = "
                        "$1::bigint AND metric = 'n'";
    sql_value(at_sql, id, at, sizeof(at));
    sql_value(n_sql, id, n, sizeof(n));
    cr_assert_str_eq(n, "1");

    finish_expect(&s, &v, true); /* the same finish again: ours */
    sql_value(at_sql, id, again, sizeof(again));
    cr_assert_str_eq(again, at, "finished_at kept");
    sql_value(n_sql, id, n, sizeof(n));
    cr_assert_str_eq(n, "1", "counted once");

    struct results_verdict other = v;
    other.verdict = "WA";
    other.finisher = "w-2/1"; /* another worker's judging of it */
    finish_expect(&s, &other, false);
    other.finisher = NULL;
    finish_expect(&s, &other, false);
    cJSON *j = get(&s, pub, false);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "verdict")->valuestring, "AC");
    cJSON_Delete(j);
    state_down(&s);
}

/* The same for a rejudge: its finish stored again under its name reports
 * what it replaced (from the history row it kept); another's finds nothing
 * owed and stores nothing. */
Test(results, a_rejudge_stored_again_under_its_name_is_its_own)
{
    struct state s;
    state_up(&s);
    char id[24], pub[40];
    row_new(id, pub);
    struct results_verdict v = {
        .id = id, .verdict = "AC", .tests_json = "[]", .message = "", .finisher = "w-1/1"};
    finish_expect(&s, &v, true);
    struct results_verdict w = v;
    w.verdict = "TLE";
    w.finisher = "w-1/2";
    rejudge(&s, &w);
    cr_assert(s.prev.changed);
    cr_assert_str_eq(s.prev.verdict, "AC");

    cr_assert_eq(results_finish_rejudge(s.worker, &w, "1", on_rejudged, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    cr_assert(s.changed, "its own finish again: stored");
    cr_assert(s.prev.changed);
    cr_assert_str_eq(s.prev.verdict, "AC");

    struct results_verdict x = w;
    x.verdict = "WA";
    x.finisher = "w-3/1";
    cr_assert_eq(results_finish_rejudge(s.worker, &x, "1", on_rejudged, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    cr_assert(!s.changed, "another's: nothing owed");
    cJSON *j = get(&s, pub, false);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "verdict")->valuestring, "TLE");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "history")), 1);
    cJSON_Delete(j);
    state_down(&s);
}
