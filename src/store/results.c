/* Submissions as the worker sees them (see results.h); the SQL is in
 * worker_stmts.c. */
#include "store/results.h"

#include "common/alloc.h"
#include "store/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cell_int(const struct pg_result *res, int row, int col)
{
    const char *s = pg_result_value(res, row, col, NULL);
    return (int)strtol(s, NULL, 10);
}

/* The lengths of a row's text parameters: values[3] is the code, code_len
 * bytes that need not end in NUL; the others are C strings. */
static void code_lengths(const char *const *values, int n, size_t code_len, int *lengths)
{
    for (int i = 0; i < n; i++)
        lengths[i] = i == 3 ? (int)code_len : (int)strlen(values[i]);
}

static void results_on_claim(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_claim_cb cb = (results_claim_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_rows(res) == 0)
        status = -ENOENT;
    if (status < 0) {
        cb(status, NULL, cb_data);
        return;
    }
    struct results_claim c;
    memset(&c, 0, sizeof(c));
    c.id = pg_result_value(res, 0, 0, NULL);
    c.user = pg_result_value(res, 0, 1, NULL);
    c.problem = pg_result_value(res, 0, 2, NULL);
    c.language = pg_result_value(res, 0, 3, NULL);
    c.code = pg_result_value(res, 0, 4, &c.code_len);
    c.attempts = cell_int(res, 0, 5);
    c.has_problem = !pg_result_null(res, 0, 6);
    if (c.has_problem) {
        c.version = cell_int(res, 0, 6);
        c.time_limit_ms = cell_int(res, 0, 7);
        c.memory_limit_mb = cell_int(res, 0, 8);
        c.output_limit_kb = cell_int(res, 0, 9);
        c.checker = pg_result_value(res, 0, 10, NULL);
        c.function = pg_result_null(res, 0, 12) ? NULL : pg_result_value(res, 0, 12, NULL);
    }
    c.public_id = pg_result_value(res, 0, 11, NULL);
    cb(0, &c, cb_data);
}

int results_claim(struct pg *pg, const char *id, unsigned lease_s, results_claim_cb cb, void *data)
{
    char lease[STORE_NUM_MAX];
    const char *values[2] = {id, store__num(lease, lease_s)};
    return store__pg_call(pg, "job_claim", 2, values, NULL, results_on_claim, (store__fn)cb, data);
}

int results_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, unsigned lease_s, results_claim_cb cb,
                   void *data)
{
    char lease[STORE_NUM_MAX];
    const char *values[5] = {user, problem, language, code, store__num(lease, lease_s)};
    int lengths[5];
    code_lengths(values, 5, code_len, lengths);
    return store__pg_call(pg, "job_insert", 5, values, lengths, results_on_claim, (store__fn)cb,
                          data);
}

static void results_on_id(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_id_cb cb = (results_id_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_rows(res) != 1)
        status = -EPROTO;
    cb(status, status == 0 ? pg_result_value(res, 0, 0, NULL) : NULL,
       status == 0 ? pg_result_value(res, 0, 1, NULL) : NULL, cb_data);
}

int results_record(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, const char *verdict, const char *message,
                   results_id_cb cb, void *data)
{
    const char *values[6] = {user, problem, language, code, verdict, message};
    int lengths[6];
    code_lengths(values, 6, code_len, lengths);
    return store__pg_call(pg, "job_record", 6, values, lengths, results_on_id, (store__fn)cb, data);
}

static void results_on_tests(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_tests_cb cb = (results_tests_cb)store__call_end(data, &cb_data);
    int rows = status == 0 ? pg_result_rows(res) : 0;
    if (status == 0 && rows == 0)
        status = -ENOENT;
    if (status < 0) {
        cb(status, NULL, NULL, 0, cb_data);
        return;
    }
    struct results_problem pr = {.version = cell_int(res, 0, 3)};
    if (!pg_result_null(res, 0, 4))
        pr.checker_source = pg_result_value(res, 0, 4, &pr.checker_len);
    if (!pg_result_null(res, 0, 5))
        pr.judging = pg_result_value(res, 0, 5, &pr.judging_len);
    /* A problem without tests comes as one row of NULLs. */
    unsigned n = pg_result_null(res, 0, 0) ? 0 : (unsigned)rows;
    struct results_test *tests = xcalloc(n ? n : 1, sizeof(*tests));
    for (unsigned i = 0; i < n; i++) {
        tests[i].sample = pg_result_value(res, (int)i, 0, NULL)[0] == 't';
        tests[i].visible = pg_result_value(res, (int)i, 6, NULL)[0] == 't';
        tests[i].input = pg_result_value(res, (int)i, 1, &tests[i].input_len);
        tests[i].output = pg_result_value(res, (int)i, 2, &tests[i].output_len);
    }
    cb(0, &pr, tests, n, cb_data);
    free(tests);
}

int results_tests(struct pg *pg, const char *problem, results_tests_cb cb, void *data)
{
    const char *values[1] = {problem};
    return store__pg_call(pg, "job_tests", 1, values, NULL, results_on_tests, (store__fn)cb, data);
}

static void results_on_done(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_done_cb cb = (results_done_cb)store__call_end(data, &cb_data);
    cb(status, status == 0 && pg_result_affected(res) > 0, cb_data);
}

/* The text of a double parameter: exact (17 digits), or NULL (SQL NULL)
 * when there is none to store. */
static const char *results_double(char *buf, size_t size, bool present, double v)
{
    if (!present || !isfinite(v))
        return NULL;
    snprintf(buf, size, "%.17g", v);
    return buf;
}

/* The parameters of a verdict in the order both finish statements take
 * them: $1..$7, then the score's $8..$11 after any of the statement's own
 * (rejudge_finish puts the rejudge at $8 and these from $9), then the
 * feedback and the finisher last. */
struct results_params {
    char time_ms[STORE_NUM_MAX], memory_kb[STORE_NUM_MAX], score[32], max_score[32];
};

static void results_values(const struct results_verdict *v, struct results_params *p,
                           const char **values)
{
    values[0] = v->id;
    values[1] = v->verdict;
    values[2] = store__num(p->time_ms, v->time_ms);
    values[3] = store__num(p->memory_kb, v->memory_kb);
    values[4] = v->tests_json;
    values[5] = v->compile_output;
    values[6] = v->message;
}

static void results_score_values(const struct results_verdict *v, struct results_params *p,
                                 const char **values)
{
    values[0] = results_double(p->score, sizeof(p->score), v->scored, v->score);
    values[1] = results_double(p->max_score, sizeof(p->max_score), v->scored && v->max_score >= 0,
                               v->max_score);
    values[2] = v->team_message;
    values[3] = v->judge_message;
}

int results_finish(struct pg *pg, const struct results_verdict *v, results_done_cb cb, void *data)
{
    struct results_params p;
    const char *values[13];
    results_values(v, &p, values);
    results_score_values(v, &p, values + 7);
    values[11] = v->feedback;
    values[12] = v->finisher;
    return store__pg_call(pg, "job_finish", 13, values, NULL, results_on_done, (store__fn)cb, data);
}

int results_hand_back(struct pg *pg, const char *id, results_done_cb cb, void *data)
{
    const char *values[1] = {id};
    return store__pg_call(pg, "job_hand_back", 1, values, NULL, results_on_done, (store__fn)cb,
                          data);
}

int results_renew(struct pg *pg, const char *ids, unsigned lease_s)
{
    char lease[STORE_NUM_MAX];
    const char *values[2] = {ids, store__num(lease, lease_s)};
    return pg_exec(pg, "job_renew", 2, values, NULL, NULL, NULL);
}

static void results_on_sweep(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_ids_cb cb = (results_ids_cb)store__call_end(data, &cb_data);
    if (status < 0) {
        cb(status, 0, NULL, cb_data);
        return;
    }
    const char **ids = store__column(res, 0, NULL);
    cb(0, (unsigned)pg_result_rows(res), ids, cb_data);
    free(ids);
}

int results_sweep(struct pg *pg, unsigned queued_age_s, unsigned limit, results_ids_cb cb,
                  void *data)
{
    char age[STORE_NUM_MAX], lim[STORE_NUM_MAX];
    const char *values[2] = {store__num(age, queued_age_s), store__num(lim, limit)};
    return store__pg_call(pg, "job_sweep", 2, values, NULL, results_on_sweep, (store__fn)cb, data);
}

int results_claim_rejudge(struct pg *pg, const char *id, const char *rejudge, unsigned lease_s,
                          results_claim_cb cb, void *data)
{
    char lease[STORE_NUM_MAX];
    const char *values[3] = {id, rejudge, store__num(lease, lease_s)};
    return store__pg_call(pg, "rejudge_claim", 3, values, NULL, results_on_claim, (store__fn)cb,
                          data);
}

static void results_on_rejudged(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_rejudged_cb cb = (results_rejudged_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_rows(res) == 1 && pg_result_cols(res) != 3)
        status = -EPROTO;
    bool stored = status == 0 && pg_result_rows(res) == 1;
    if (!stored) {
        cb(status, false, NULL, cb_data);
        return;
    }
    struct results_previous prev = {
        .verdict = pg_result_value(res, 0, 0, NULL),
        .scored = !pg_result_null(res, 0, 1),
        .changed = pg_result_value(res, 0, 2, NULL)[0] == 't',
    };
    if (prev.scored)
        prev.score = strtod(pg_result_value(res, 0, 1, NULL), NULL);
    cb(0, true, &prev, cb_data);
}

int results_finish_rejudge(struct pg *pg, const struct results_verdict *v, const char *rejudge,
                           results_rejudged_cb cb, void *data)
{
    struct results_params p;
    const char *values[14];
    results_values(v, &p, values);
    values[7] = rejudge;
    results_score_values(v, &p, values + 8);
    values[12] = v->feedback;
    values[13] = v->finisher;
    return store__pg_call(pg, "rejudge_finish", 14, values, NULL, results_on_rejudged,
                          (store__fn)cb, data);
}

int results_hand_back_rejudge(struct pg *pg, const char *id, const char *rejudge,
                              results_done_cb cb, void *data)
{
    const char *values[2] = {id, rejudge};
    return store__pg_call(pg, "rejudge_hand_back", 2, values, NULL, results_on_done, (store__fn)cb,
                          data);
}

static void results_on_sweep_rejudges(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    results_rejudges_cb cb = (results_rejudges_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_cols(res) != 2)
        status = -EPROTO;
    if (status < 0) {
        cb(status, 0, NULL, NULL, cb_data);
        return;
    }
    const char **ids = store__column(res, 0, NULL);
    const char **rejudges = store__column(res, 1, NULL);
    cb(0, (unsigned)pg_result_rows(res), ids, rejudges, cb_data);
    free(rejudges);
    free(ids);
}

int results_sweep_rejudges(struct pg *pg, unsigned age_s, unsigned limit, results_rejudges_cb cb,
                           void *data)
{
    char age[STORE_NUM_MAX], lim[STORE_NUM_MAX];
    const char *values[2] = {store__num(age, age_s), store__num(lim, limit)};
    return store__pg_call(pg, "rejudge_sweep", 2, values, NULL, results_on_sweep_rejudges,
                          (store__fn)cb, data);
}
