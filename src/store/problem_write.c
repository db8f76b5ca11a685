/* The write side of the problem cache. Each write (PUT, PATCH, DELETE) goes:
 *   1. marker: HSET problem:{id} w:<token> <Redis time> (readers that see a
 *      marker do not trust the entry, and go to PostgreSQL);
 *   2. PostgreSQL: one statement (one transaction) that records the token as
 *      committed and writes the problem, returning its new version and JSON;
 *   3. Redis: one script moves the entry forward to that version (never
 *      back) and clears the marker; only then does the write answer.
 * A write that cannot reach Redis still commits; its token stays unpublished
 * in PostgreSQL, and the reconcile (every second, and before Redis is
 * trusted again after it comes back) publishes it. */
#include "store/problem_cache.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* Moves the entry forward (never back) and clears the writer's marker. An
 * unknown problem's entry (version 0) expires, so that asking for random ids
 * cannot fill Redis; it guards nothing (no write has a version below 1),
 * and the first real version makes the entry permanent again. */
static const char fill_script[] =
    "if ARGV[4] ~= '' and redis.call('HGET', KEYS[1], 'g') ~= ARGV[4] then return 0 end "
    "local n = tonumber(ARGV[1]) "
    "if n >= 0 then "
    "  local v = tonumber(redis.call('HGET', KEYS[1], 'v')) "
    "  if v == nil or v < n then "
    "    redis.call('HSET', KEYS[1], 'v', ARGV[1], 'j', ARGV[2]) "
    "    if ARGV[3] ~= '' then redis.call('HDEL', KEYS[1], 'w:' .. ARGV[3]) end "
    "    if n == 0 then redis.call('EXPIRE', KEYS[1], 60) else redis.call('PERSIST', KEYS[1]) end "
    "    return 1 "
    "  end "
    "end "
    "if ARGV[3] ~= '' then redis.call('HDEL', KEYS[1], 'w:' .. ARGV[3]) end "
    "return 0";

/* Sets the marker with Redis's clock (one clock for every api). */
static const char mark_script[] =
    "redis.call('HSET', KEYS[1], 'w:' .. ARGV[1], redis.call('TIME')[1]) return 1";

struct pw_fill {
    struct problem_cache *c;
    void (*cb)(int status, long long moved, void *data);
    void *data;
};

static void pw_on_fill(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct pw_fill *f = data;
    long long moved = 0;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_INTEGER)
        moved = redis_reply_int(reply);
    else if (status == 0)
        status = -EPROTO;
    if (f->cb)
        f->cb(status, moved, f->data);
    struct problem_cache *c = f->c;
    free(f);
    store__problem_unref(c);
}

int store__problem_fill(struct problem_cache *c, const char *id, long long version,
                        const char *json, size_t len, const char *token, const char *gen,
                        void (*cb)(int status, long long moved, void *data), void *data)
{
    char key[KEY_PROBLEM_MAX], num[STORE_NUM_MAX];
    if (keys_problem(key, id, false) < 0)
        return -ENAMETOOLONG;
    const char *argv[8] = {"EVAL", fill_script,        "1",           key, store__num(num, version),
                           json,   token ? token : "", gen ? gen : ""};
    size_t lens[8] = {4,
                      sizeof(fill_script) - 1,
                      1,
                      strlen(key),
                      strlen(num),
                      len,
                      token ? strlen(token) : 0,
                      gen ? strlen(gen) : 0};
    struct pw_fill *f = xmalloc(sizeof(*f));
    *f = (struct pw_fill){c, cb, data};
    c->pending++;
    int rc = redis_cmd(c->redis, 0, pw_on_fill, f, 8, argv, lens);
    if (rc < 0) {
        c->pending--;
        free(f);
    }
    return rc;
}

/*** One write ***/

struct pw {
    struct problem_cache *c;
    char token[33];
    char id[72];
    const char *stmt;
    char *params[17];
    int nparams;
    problem_write_cb cb;
    void *data;
    int status;
    int version;
    bool changed;
    bool marked;    /* the marker is in Redis */
    bool published; /* the entry moved to this version (or past it) */
    char *json;     /* NULL: none (deleted, or failed) */
    char msg[256];
};

static void pw_free(struct pw *w)
{
    struct problem_cache *c = w->c;
    for (int i = 0; i < w->nparams; i++)
        free(w->params[i]);
    free(w->json);
    free(w);
    store__problem_unref(c);
}

static void pw_answer(struct pw *w)
{
    /* With its marker still in Redis, a write whose fill failed is seen all
     * the same: readers go to PostgreSQL until the marker is settled. */
    struct problem_written out = {w->version, w->changed, w->published || w->marked, w->json,
                                  w->json ? strlen(w->json) : 0};
    w->cb(w->status, &out, w->msg[0] ? w->msg : NULL, w->data);
    pw_free(w);
}

static void pw_on_published_row(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    (void)res;
    (void)data;
    if (status < 0)
        log_warn("cannot mark a problem write published (the reconcile will): %s",
                 strerror(-status));
}

static void pw_mark_published(struct problem_cache *c, const char *token)
{
    const char *v[1] = {token};
    if (!c->closing)
        pg_exec(c->pg, "prob_published", 1, v, NULL, pw_on_published_row, NULL);
}

static void pw_on_filled(int status, long long moved, void *data)
{
    struct pw *w = data;
    if (status == 0 && moved)
        w->c->m.rebuilds++;
    if (status == 0 && w->status == 0) {
        w->published = true;
        pw_mark_published(w->c, w->token);
    } else if (w->status == 0)
        log_warn("problem %s version %d committed, cache not updated (%s): readers go to "
                 "PostgreSQL until it is",
                 w->id, w->version, strerror(-status));
    pw_answer(w);
}

/* Step 3: the entry forward and the marker gone (or, for a failed write,
 * the marker only). */
static void pw_publish(struct pw *w)
{
    long long version = w->status == 0 ? w->version : -1;
    const char *json = w->json ? w->json : "";
    if (w->c->closing || !redis_connected(w->c->redis) ||
        store__problem_fill(w->c, w->id, version, json, strlen(json), w->token, NULL, pw_on_filled,
                            w) < 0)
        pw_on_filled(-ENOTCONN, 0, w);
}

static void pw_on_pause_closed(uv_handle_t *h)
{
    free(h);
}

static void pw_on_pause(uv_timer_t *t)
{
    struct pw *w = t->data;
    uv_close((uv_handle_t *)t, pw_on_pause_closed);
    pw_publish(w);
}

/* Sorts a failed statement's message: the functions of sql/005 raise
 * "verdict: ..." for what the caller did wrong. */
static int pw_error(struct pw *w, const char *err)
{
    const char *m = strstr(err, "verdict: ");
    if (m == NULL) {
        snprintf(w->msg, sizeof(w->msg), "the problem could not be written");
        log_warn("problem %s: write failed: %s", w->id, err);
        return -EIO;
    }
    snprintf(w->msg, sizeof(w->msg), "%s", m + 9);
    char *nl = strchr(w->msg, '\n');
    if (nl)
        *nl = '\0';
    if (strstr(w->msg, "unknown problem"))
        return -ENOENT;
    if (strstr(w->msg, "abandoned"))
        return -EAGAIN;
    return -EINVAL;
}

static void pw_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct pw *w = data;
    if (status == -EIO)
        status = pw_error(w, pg_result_error(res));
    if (status == 0 && pg_result_rows(res) != 1)
        status = -EIO;
    w->status = status;
    if (status == 0) {
        w->version = (int)strtol(pg_result_value(res, 0, 0, NULL), NULL, 10);
        w->changed = strcmp(pg_result_value(res, 0, 1, NULL), "t") == 0;
        if (!pg_result_null(res, 0, 2))
            w->json = xstrdup(pg_result_value(res, 0, 2, NULL));
    }
    if (status == 0 && w->c->pause_ms > 0) {
        /* Test hook (VERDICT_TEST_WRITE_PAUSE_MS): committed, not yet in
         * Redis, so a test can kill the writer right here. */
        log_info("problem %s version %d committed; pausing %u ms before Redis", w->id, w->version,
                 w->c->pause_ms);
        uv_timer_t *t = xmalloc(sizeof(*t));
        uv_timer_init(w->c->loop, t);
        t->data = w;
        uv_timer_start(t, pw_on_pause, w->c->pause_ms, 0);
        return;
    }
    pw_publish(w);
}

/* Step 2: the statement. */
static void pw_write(struct pw *w)
{
    int rc = w->c->closing ? -ECANCELED
                           : pg_exec(w->c->pg, w->stmt, w->nparams, (const char *const *)w->params,
                                     NULL, pw_on_result, w);
    if (rc < 0) {
        w->status = rc;
        pw_publish(w);
    }
}

static void pw_on_mark(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    struct pw *w = data;
    w->marked = status == 0;
    if (status < 0)
        log_warn("problem %s: no write marker (%s); the reconcile publishes the write", w->id,
                 strerror(-status));
    pw_write(w);
}

static void pw_token(char out[33])
{
    unsigned char raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
        /* Unpredictability is not needed, only uniqueness. */
        static unsigned long long n;
        snprintf((char *)raw, sizeof(raw), "%llx", ++n ^ (unsigned long long)(uintptr_t)out);
    }
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

/* Step 1, then the rest: the marker before the statement. */
static int pw_start(struct problem_cache *c, const char *id, const char *stmt, char **params, int n,
                    problem_write_cb cb, void *data)
{
    if (c->closing || !pg_connected(c->pg)) {
        for (int i = 0; i < n; i++)
            free(params[i]);
        return c->closing ? -ECANCELED : -ENOTCONN;
    }
    struct pw *w = xcalloc(1, sizeof(*w));
    w->c = c;
    c->pending++;
    pw_token(w->token);
    snprintf(w->id, sizeof(w->id), "%s", id);
    w->stmt = stmt;
    w->params[0] = xstrdup(w->token);
    memcpy(w->params + 1, params, (size_t)n * sizeof(*params));
    w->nparams = n + 1;
    w->cb = cb;
    w->data = data;
    char key[KEY_PROBLEM_MAX];
    keys_problem(key, id, false);
    const char *argv[5] = {"EVAL", mark_script, "1", key, w->token};
    if (!redis_connected(c->redis) || redis_cmd(c->redis, 0, pw_on_mark, w, 5, argv, NULL) < 0)
        pw_on_mark(c->redis, -ENOTCONN, NULL, w);
    return 0;
}

static char *pw_num(int v)
{
    char num[STORE_NUM_MAX];
    return v > 0 ? xstrdup(store__num(num, v)) : NULL;
}

static char *pw_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* The tests as [{"s","i","o"[,"v"]}] for problem_put's json parameter
 * ("v": a visible hidden test, sql/014). */
static char *pw_tests_json(const struct catalog_problem *p)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "[");
    for (size_t i = 0; i < p->ntests; i++) {
        buf_printf(&b, "%s{\"s\":%s,\"i\":", i ? "," : "",
                   p->tests[i].is_sample ? "true" : "false");
        buf_json_str(&b, p->tests[i].input, strlen(p->tests[i].input));
        buf_puts(&b, ",\"o\":");
        buf_json_str(&b, p->tests[i].output, strlen(p->tests[i].output));
        buf_puts(&b, p->tests[i].visible ? ",\"v\":true}" : "}");
    }
    buf_puts(&b, "]");
    return buf_steal(&b);
}

int problem_cache_put(struct problem_cache *c, const struct catalog_problem *p, problem_write_cb cb,
                      void *data)
{
    char *v[16] = {xstrdup(p->id),
                   xstrdup(p->title),
                   xstrdup(p->difficulty),
                   xstrdup(p->statement),
                   pw_num(p->time_limit_ms),
                   pw_num(p->memory_limit_mb),
                   pw_num(p->output_limit_kb),
                   xstrdup(p->checker),
                   pw_dup(p->checker_source),
                   xstrdup(p->hash),
                   pw_tests_json(p),
                   pw_dup(p->judging),
                   pw_dup(p->shown),
                   pw_dup(p->function),
                   pw_dup(p->templates),
                   store__files_json(p)};
    return pw_start(c, p->id, "prob_put", v, 16, cb, data);
}

int problem_cache_patch(struct problem_cache *c, const struct catalog_problem *p,
                        problem_write_cb cb, void *data)
{
    char *v[9] = {xstrdup(p->id),
                  pw_dup(p->title),
                  pw_dup(p->difficulty),
                  pw_dup(p->statement),
                  pw_num(p->time_limit_ms),
                  pw_num(p->memory_limit_mb),
                  pw_num(p->output_limit_kb),
                  pw_dup(p->checker),
                  pw_dup(p->visible_tests)};
    return pw_start(c, p->id, "prob_patch", v, 9, cb, data);
}

int problem_cache_delete(struct problem_cache *c, const char *id, problem_write_cb cb, void *data)
{
    char *v[1] = {xstrdup(id)};
    return pw_start(c, id, "prob_delete", v, 1, cb, data);
}

/*** The reconcile ***/

static void pw_on_unpublished(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct problem_cache *c = data;
    c->reconciling = false;
    int n = status == 0 ? pg_result_rows(res) : 0;
    bool usable = status == 0 && !c->closing && redis_connected(c->redis);
    for (int i = 0; usable && i < n; i++) {
        const char *token = pg_result_value(res, i, 0, NULL);
        const char *id = pg_result_value(res, i, 1, NULL);
        long long version = strtoll(pg_result_value(res, i, 2, NULL), NULL, 10);
        size_t len;
        const char *json = pg_result_value(res, i, 3, &len); /* "" when deleted */
        if (store__problem_fill(c, id, version, json, len, NULL, NULL, NULL, NULL) < 0) {
            usable = false;
            break;
        }
        pw_mark_published(c, token);
        c->m.reconciled++;
    }
    /* Redis is trusted again once everything it missed is sent to it: the
     * reads that follow on this connection come after those fills. */
    if (usable && n < 200 && c->refilled && !c->gate_open) {
        c->gate_open = true;
        log_info("problem cache: Redis in use");
    }
    store__problem_unref(c);
}

/* Every entry moved up to PostgreSQL's version (never back). A Redis that
 * came back may hold entries older than writes that returned and were
 * published: an AOF fsynced a second ago, an RDB snapshot of an hour ago. */
static void pw_on_refill(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct problem_cache *c = data;
    c->reconciling = false;
    int n = status == 0 ? pg_result_rows(res) : 0;
    bool usable = status == 0 && !c->closing && redis_connected(c->redis);
    for (int i = 0; usable && i < n; i++) {
        const char *id = pg_result_value(res, i, 0, NULL);
        long long version = strtoll(pg_result_value(res, i, 1, NULL), NULL, 10);
        size_t len;
        const char *json = pg_result_value(res, i, 2, &len); /* "" when deleted */
        if (store__problem_fill(c, id, version, json, len, NULL, NULL, NULL, NULL) < 0)
            usable = false;
    }
    /* A Redis that went and came back during the read may have lost fills
     * made before it: read again. */
    if (usable && c->refill_up == c->redis_ups)
        c->refilled = true;
    if (usable)
        store__problem_reconcile(c); /* then what is unpublished, then the gate */
    store__problem_unref(c);
}

void store__problem_reconcile(struct problem_cache *c)
{
    if (c->closing || c->reconciling || !pg_connected(c->pg) || !redis_connected(c->redis))
        return;
    bool refill = !c->refilled;
    c->refill_up = c->redis_ups;
    c->pending++;
    if (pg_exec(c->pg, refill ? "prob_refill" : "prob_unpublished", 0, NULL, NULL,
                refill ? pw_on_refill : pw_on_unpublished, c) < 0) {
        c->pending--;
        return;
    }
    c->reconciling = true;
}
