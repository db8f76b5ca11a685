/* Submissions as the worker sees them (see results.h); the SQL is in
 * worker_stmts.c. */
#include "store/results.h"

#include "common/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct results_call {
    union {
        results_claim_cb claim;
        results_id_cb id;
        results_tests_cb tests;
        results_done_cb done;
        results_ids_cb ids;
    } cb;
    void *data;
};

static struct results_call *call_new(void *data)
{
    struct results_call *call = xmalloc(sizeof(*call));
    call->data = data;
    return call;
}

/* pg_exec() for a call: a refused query frees the call (its callback never
 * runs); an accepted one frees it in its callback. */
static int call_exec(struct pg *pg, const char *stmt, int n, const char *const *values,
                     const int *lengths, pg_result_cb on_result, struct results_call *call)
{
    int rc = pg_exec(pg, stmt, n, values, lengths, on_result, call);
    if (rc < 0)
        free(call);
    return rc;
}

static int cell_int(const struct pg_result *res, int row, int col)
{
    const char *s = pg_result_value(res, row, col, NULL);
    return (int)strtol(s, NULL, 10);
}

static void results_on_claim(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct results_call *call = data;
    if (status == 0 && pg_result_rows(res) == 0)
        status = -ENOENT;
    if (status < 0) {
        call->cb.claim(status, NULL, call->data);
        free(call);
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
    }
    call->cb.claim(0, &c, call->data);
    free(call);
}

int results_claim(struct pg *pg, const char *id, unsigned lease_s, results_claim_cb cb, void *data)
{
    char lease[16];
    snprintf(lease, sizeof(lease), "%u", lease_s);
    const char *values[2] = {id, lease};
    struct results_call *call = call_new(data);
    call->cb.claim = cb;
    return call_exec(pg, "job_claim", 2, values, NULL, results_on_claim, call);
}

int results_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, unsigned lease_s, results_claim_cb cb,
                   void *data)
{
    char lease[16];
    snprintf(lease, sizeof(lease), "%u", lease_s);
    const char *values[5] = {user, problem, language, code, lease};
    int lengths[5] = {0, 0, 0, (int)code_len, 0};
    for (int i = 0; i < 5; i++)
        if (i != 3)
            lengths[i] = (int)strlen(values[i]);
    struct results_call *call = call_new(data);
    call->cb.claim = cb;
    return call_exec(pg, "job_insert", 5, values, lengths, results_on_claim, call);
}

static void results_on_id(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct results_call *call = data;
    if (status == 0 && pg_result_rows(res) != 1)
        status = -EPROTO;
    call->cb.id(status, status == 0 ? pg_result_value(res, 0, 0, NULL) : NULL, call->data);
    free(call);
}

int results_record(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, const char *verdict, const char *message,
                   results_id_cb cb, void *data)
{
    const char *values[6] = {user, problem, language, code, verdict, message};
    int lengths[6];
    for (int i = 0; i < 6; i++)
        lengths[i] = i == 3 ? (int)code_len : (int)strlen(values[i]);
    struct results_call *call = call_new(data);
    call->cb.id = cb;
    return call_exec(pg, "job_record", 6, values, lengths, results_on_id, call);
}

static void results_on_tests(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct results_call *call = data;
    int rows = status == 0 ? pg_result_rows(res) : 0;
    if (status == 0 && rows == 0)
        status = -ENOENT;
    if (status < 0) {
        call->cb.tests(status, 0, NULL, 0, NULL, 0, call->data);
        free(call);
        return;
    }
    int version = cell_int(res, 0, 3);
    size_t checker_len = 0;
    const char *checker =
        pg_result_null(res, 0, 4) ? NULL : pg_result_value(res, 0, 4, &checker_len);
    /* A problem without tests comes as one row of NULLs. */
    unsigned n = pg_result_null(res, 0, 0) ? 0 : (unsigned)rows;
    struct results_test *tests = xcalloc(n ? n : 1, sizeof(*tests));
    for (unsigned i = 0; i < n; i++) {
        tests[i].sample = pg_result_value(res, (int)i, 0, NULL)[0] == 't';
        tests[i].input = pg_result_value(res, (int)i, 1, &tests[i].input_len);
        tests[i].output = pg_result_value(res, (int)i, 2, &tests[i].output_len);
    }
    call->cb.tests(0, version, checker, checker_len, tests, n, call->data);
    free(tests);
    free(call);
}

int results_tests(struct pg *pg, const char *problem, results_tests_cb cb, void *data)
{
    const char *values[1] = {problem};
    struct results_call *call = call_new(data);
    call->cb.tests = cb;
    return call_exec(pg, "job_tests", 1, values, NULL, results_on_tests, call);
}

static void results_on_done(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct results_call *call = data;
    call->cb.done(status, status == 0 && pg_result_affected(res) > 0, call->data);
    free(call);
}

int results_finish(struct pg *pg, const struct results_verdict *v, results_done_cb cb, void *data)
{
    char time_ms[16], memory_kb[16];
    snprintf(time_ms, sizeof(time_ms), "%u", v->time_ms);
    snprintf(memory_kb, sizeof(memory_kb), "%u", v->memory_kb);
    const char *values[7] = {v->id,         v->verdict,        time_ms,   memory_kb,
                             v->tests_json, v->compile_output, v->message};
    struct results_call *call = call_new(data);
    call->cb.done = cb;
    return call_exec(pg, "job_finish", 7, values, NULL, results_on_done, call);
}

int results_hand_back(struct pg *pg, const char *id, results_done_cb cb, void *data)
{
    const char *values[1] = {id};
    struct results_call *call = call_new(data);
    call->cb.done = cb;
    return call_exec(pg, "job_hand_back", 1, values, NULL, results_on_done, call);
}

int results_renew(struct pg *pg, const char *ids, unsigned lease_s)
{
    char lease[16];
    snprintf(lease, sizeof(lease), "%u", lease_s);
    const char *values[2] = {ids, lease};
    return pg_exec(pg, "job_renew", 2, values, NULL, NULL, NULL);
}

static void results_on_sweep(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct results_call *call = data;
    if (status < 0) {
        call->cb.ids(status, 0, NULL, call->data);
        free(call);
        return;
    }
    unsigned n = (unsigned)pg_result_rows(res);
    const char **ids = xcalloc(n ? n : 1, sizeof(*ids));
    for (unsigned i = 0; i < n; i++)
        ids[i] = pg_result_value(res, (int)i, 0, NULL);
    call->cb.ids(0, n, ids, call->data);
    free(ids);
    free(call);
}

int results_sweep(struct pg *pg, unsigned queued_age_s, unsigned limit, results_ids_cb cb,
                  void *data)
{
    char age[16], lim[16];
    snprintf(age, sizeof(age), "%u", queued_age_s);
    snprintf(lim, sizeof(lim), "%u", limit);
    const char *values[2] = {age, lim};
    struct results_call *call = call_new(data);
    call->cb.ids = cb;
    return call_exec(pg, "job_sweep", 2, values, NULL, results_on_sweep, call);
}
