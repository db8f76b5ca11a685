/* Runs in Redis (see runs.h): the run's hash, written by scripts so that an
 * expired run is never brought back half-made, and the end of a run: its
 * result stored, then announced, then its job acknowledged. */
#include "store/runs.h"

#include "common/alloc.h"
#include "contract/run.h"
#include "store/events.h"
#include "store/internal.h"
#include "store/jobs.h"
#include "store/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* KEYS: run, queue. ARGV: user, keep, job. One script: the run and its job
 * exist together or not at all. */
static const char create_script[] = "redis.call('HSET', KEYS[1], 'user', ARGV[1], 'status', "
                                    "'queued')\n"
                                    "redis.call('EXPIRE', KEYS[1], ARGV[2])\n"
                                    "redis.call('LPUSH', KEYS[2], ARGV[3])\n"
                                    "return 1\n";

/* KEYS: run. ARGV: keep, status[, result]. Only a run that still exists is
 * written: one that expired while queued stays gone (its asker was told
 * 404 already, or will be). */
static const char update_script[] = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end\n"
                                    "if ARGV[3] then\n"
                                    "  redis.call('HSET', KEYS[1], 'status', ARGV[2], 'result', "
                                    "ARGV[3])\n"
                                    "else\n"
                                    "  redis.call('HSET', KEYS[1], 'status', ARGV[2])\n"
                                    "end\n"
                                    "redis.call('EXPIRE', KEYS[1], ARGV[1])\n"
                                    "return 1\n";

int runs_key(char out[RUNS_KEY_MAX], const char *id)
{
    int n = snprintf(out, RUNS_KEY_MAX, "%s%s", KEY_RUN_PREFIX, id);
    if (n < 0 || n >= RUNS_KEY_MAX) {
        out[0] = '\0';
        return -ENAMETOOLONG;
    }
    return n;
}

int runs_create(struct redis *r, const char *id, const char *user, uint32_t keep_s, const char *job,
                size_t job_len, runs_status_cb cb, void *data)
{
    char key[RUNS_KEY_MAX], keep[STORE_NUM_MAX];
    if (runs_key(key, id) < 0)
        return -ENAMETOOLONG;
    const char *argv[] = {
        "EVAL", create_script, "2", key, KEY_QUEUE, user, store__num(keep, keep_s), job};
    size_t lens[8];
    for (int i = 0; i < 7; i++)
        lens[i] = strlen(argv[i]);
    lens[7] = job_len;
    return store__redis_call(r, 0, 8, argv, lens, store__on_status, (store__fn)cb, data);
}

static void runs_on_get(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    runs_get_cb cb = (runs_get_cb)store__call_end(data, &cb_data);
    struct runs_entry e = {0};
    if (status == 0 && (redis_reply_type(reply) != REDIS_T_ARRAY || redis_reply_count(reply) != 3))
        status = -EPROTO;
    if (status == 0 && redis_reply_type(redis_reply_elem(reply, 0)) == REDIS_T_STRING) {
        size_t n;
        e.found = true;
        e.user = redis_reply_str(redis_reply_elem(reply, 0), &n);
        const struct redis_reply *st = redis_reply_elem(reply, 1);
        e.status = redis_reply_type(st) == REDIS_T_STRING ? redis_reply_str(st, &n) : "queued";
        const struct redis_reply *res = redis_reply_elem(reply, 2);
        if (redis_reply_type(res) == REDIS_T_STRING)
            e.result = redis_reply_str(res, &e.result_len);
    }
    cb(status, &e, cb_data);
}

int runs_get(struct redis *r, const char *id, runs_get_cb cb, void *data)
{
    char key[RUNS_KEY_MAX];
    if (runs_key(key, id) < 0)
        return -ENAMETOOLONG;
    const char *argv[] = {"HMGET", key, "user", "status", "result"};
    return store__redis_call(r, 0, 5, argv, NULL, runs_on_get, (store__fn)cb, data);
}

static int runs_update(struct redis *r, const char *id, uint32_t keep_s, const char *status,
                       const char *result, size_t result_len, redis_reply_cb on_reply, store__fn cb,
                       void *data)
{
    char key[RUNS_KEY_MAX], keep[STORE_NUM_MAX];
    if (runs_key(key, id) < 0)
        return -ENAMETOOLONG;
    const char *argv[] = {"EVAL", update_script, "1", key, store__num(keep, keep_s),
                          status, result};
    size_t lens[7];
    for (int i = 0; i < 6; i++)
        lens[i] = strlen(argv[i]);
    lens[6] = result_len;
    return store__redis_call(r, 0, result ? 7 : 6, argv, lens, on_reply, cb, data);
}

int runs_running(struct redis *r, const char *id, uint32_t keep_s, runs_status_cb cb, void *data)
{
    return runs_update(r, id, keep_s, "running", NULL, 0, store__on_status, (store__fn)cb, data);
}

/* The end of a run in flight: what to announce once the result is stored. */
struct runs_end {
    struct redis *r;
    char worker[JOBS_WORKER_ID_MAX];
    char user[IDS_USER_MAX + 1];
    char *job, *result;
    size_t job_len, result_len;
    runs_status_cb cb;
    void *data;
};

static void runs_end_free(struct runs_end *e)
{
    free(e->job);
    free(e->result);
    free(e);
}

/* The result is stored (or the run had expired): announce it, then take
 * the job off our processing list. The event goes first on the same
 * connection, so nobody hears of a run whose job could still be run again
 * without having its result stored. */
static void runs_on_stored(int status, void *data)
{
    struct runs_end *e = data;
    if (status == 0) {
        int rc = events_publish_on(e->r, e->user, e->result, e->result_len, CHANNEL_RUN_DONE, NULL,
                                   NULL);
        if (rc == 0)
            rc = jobs_done(e->r, e->worker, e->job, e->job_len, NULL, NULL, 0, e->cb, e->data);
        if (rc == 0) {
            runs_end_free(e);
            return;
        }
        status = rc;
    }
    e->cb(status, e->data);
    runs_end_free(e);
}

int runs_finish(struct redis *r, const char *worker, const char *job, size_t job_len,
                const char *id, const char *user, uint32_t keep_s, const char *status,
                const char *result, size_t result_len, runs_status_cb cb, void *data)
{
    if (strlen(worker) >= JOBS_WORKER_ID_MAX || strlen(user) > IDS_USER_MAX)
        return -EINVAL;
    struct runs_end *e = xcalloc(1, sizeof(*e));
    *e = (struct runs_end){
        .r = r, .job_len = job_len, .result_len = result_len, .cb = cb, .data = data};
    snprintf(e->worker, sizeof(e->worker), "%s", worker);
    snprintf(e->user, sizeof(e->user), "%s", user);
    e->job = xmalloc(job_len + 1);
    memcpy(e->job, job, job_len);
    e->result = xmalloc(result_len + 1);
    memcpy(e->result, result, result_len);
    int rc = runs_update(r, id, keep_s, status, result, result_len, store__on_status,
                         (store__fn)runs_on_stored, e);
    if (rc < 0)
        runs_end_free(e);
    return rc;
}

static unsigned runs_uint(const struct pg_result *res, int col)
{
    const char *v = pg_result_value(res, 0, col, NULL);
    long n = v ? strtol(v, NULL, 10) : 0;
    return n > 0 ? (unsigned)n : 0;
}

static const char *runs_text(const struct pg_result *res, int col, size_t *len)
{
    return pg_result_null(res, 0, col) ? NULL : pg_result_value(res, 0, col, len);
}

static void runs_on_problem(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    runs_problem_cb cb = (runs_problem_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_rows(res) == 0)
        status = -ENOENT;
    if (status == 0 && pg_result_cols(res) != 11)
        status = -EPROTO;
    if (status < 0) {
        cb(status, NULL, cb_data);
        return;
    }
    size_t ref_len = 0, judging_len = 0, checker_len = 0;
    const char *ref_code = runs_text(res, 7, &ref_len);
    const char *judging = runs_text(res, 8, &judging_len);
    struct runs_problem p = {
        .version = (int)runs_uint(res, 0),
        .time_limit_ms = runs_uint(res, 1),
        .memory_limit_mb = runs_uint(res, 2),
        .output_limit_kb = runs_uint(res, 3),
        .checker = runs_text(res, 4, NULL),
        .function = runs_text(res, 5, NULL),
        .ref_language = runs_text(res, 6, NULL),
        .ref_code = ref_code,
        .ref_len = ref_len,
        .judging = judging,
        .judging_len = judging_len,
        .ntests = runs_uint(res, 9),
        .checker_source = runs_text(res, 10, &checker_len),
    };
    p.checker_len = checker_len;
    if (p.function && strcmp(p.function, "null") == 0)
        p.function = NULL;
    if (p.ref_code == NULL)
        p.ref_language = NULL;
    cb(0, &p, cb_data);
}

int runs_problem(struct pg *pg, const char *id, runs_problem_cb cb, void *data)
{
    const char *values[1] = {id};
    return store__pg_call(pg, "run_problem", 1, values, NULL, runs_on_problem, (store__fn)cb, data);
}
