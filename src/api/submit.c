/* Intake: POST /api/submissions (row first, then job) and the tutorial's
 * POST /submit (job only), the batched "enqueued" marks and the sweep that
 * pushes rows whose push failed. */
#include "api/intake.h"
#include "api/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/ids.h"
#include "contract/job.h"
#include "judge/lang.h"
#include "store/jobs.h"
#include "store/problems.h"
#include "store/queue.h"
#include "store/queue_batch.h"
#include "store/rate.h"
#include "store/submission_batch.h"
#include "store/submissions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SWEEP_INTERVAL_MS 5000
#define SWEEP_AGE_S 2
#define SWEEP_BATCH 500
#define REFRESH_INTERVAL_MS 5000

struct submit_ctx {
    struct api *api;
    struct http_request *req;
    struct intake in;
    bool durable; /* POST /api/submissions (row first), not the tutorial's /submit */
    char id[24];  /* the row's: for the job and the marks */
    char public_id[IDS_PUBLIC_LEN + 1]; /* the submission's name in the answer */
    /* The user a token named when the body names none: put in the job. */
    const char *job_user;
    struct api_caller who;
};

static int cmp_problem(const void *a, const void *b)
{
    return strcmp(((const struct api_problem *)a)->id, ((const struct api_problem *)b)->id);
}

static const struct api_problem *api_problem_find(const struct api *api, const char *id)
{
    struct api_problem key = {(char *)id, 0};
    return bsearch(&key, api->problems, api->nproblems, sizeof(*api->problems), cmp_problem);
}

bool api__problem_exists(const struct api *api, const char *id)
{
    return api_problem_find(api, id) != NULL;
}

int api__problem_version(const struct api *api, const char *id)
{
    const struct api_problem *p = api_problem_find(api, id);
    return p ? p->version : 0;
}

static void submit_ctx_finish(struct submit_ctx *ctx, int status, const char *json, size_t len)
{
    api__json(ctx->api, ctx->req, status, json, len);
    intake_dispose(&ctx->in);
    free(ctx);
}

/* Adds an id to the rows to mark at the end of this loop turn: enqueued
 * false (its push failed) or true (the sweep pushed it). */
static void mark(struct api *api, const char *id, bool enqueued)
{
    struct buf *b = &api->marks[enqueued];
    buf_puts(b, b->len ? "," : "{");
    buf_puts(b, id);
}

static void submit_on_push(int status, void *data)
{
    struct submit_ctx *ctx = data;
    struct api *api = ctx->api;
    if (status < 0) {
        /* The row is stored: the sweep pushes it once Redis is back, so the
         * submission is accepted all the same. */
        mark(api, ctx->id, false);
        api->metrics.push_failures++;
        log_warn("submission %s stored but not queued (%s); the sweep will queue it", ctx->id,
                 strerror(-status));
    }
    api->metrics.submissions_accepted++;
    char json[96];
    int n = snprintf(json, sizeof(json), "{\"id\":\"%s\",\"status\":\"queued\"}", ctx->public_id);
    submit_ctx_finish(ctx, 202, json, (size_t)n);
}

/* The job is the client's own JSON with the submission id put in front
 * (job_of_body()): the code is never decoded and re-encoded on the hot path. */
static void submit_on_insert(int status, const char *id, const char *public_id, void *data)
{
    struct submit_ctx *ctx = data;
    struct api *api = ctx->api;
    if (status == -ENOENT) {
        /* Deleted (or never there) as PostgreSQL sees it: this api's list
         * may not know yet. */
        char err[160];
        snprintf(err, sizeof(err), "unknown problem '%s'", ctx->in.problem);
        api__error(api, ctx->req, 404, err);
        intake_dispose(&ctx->in);
        free(ctx);
        return;
    }
    if (status < 0) {
        api->metrics.db_unavailable++;
        log_warn("cannot store submission: %s", strerror(-status));
        api__error(api, ctx->req, status == -EIO ? 500 : 503,
                   status == -EIO ? "the submission could not be stored"
                                  : "database unavailable, try again");
        intake_dispose(&ctx->in);
        free(ctx);
        return;
    }
    snprintf(ctx->id, sizeof(ctx->id), "%s", id);
    snprintf(ctx->public_id, sizeof(ctx->public_id), "%s", public_id);
    size_t blen, jlen;
    const char *body = http_request_body(ctx->req, &blen);
    struct buf job;
    buf_init(&job);
    const char *text = job_of_body_for(&job, ctx->id, ctx->job_user, body, blen, &jlen);
    int rc = queue_batch_push(api->queue, text, jlen, submit_on_push, ctx);
    buf_dispose(&job);
    if (rc < 0)
        submit_on_push(rc, ctx);
}

static void submit_on_tutorial_push(int status, void *data)
{
    struct submit_ctx *ctx = data;
    if (status < 0) {
        ctx->api->metrics.redis_unavailable++;
        api__error(ctx->api, ctx->req, 503, "queue unavailable, try again");
        intake_dispose(&ctx->in);
        free(ctx);
        return;
    }
    ctx->api->metrics.tutorial_accepted++;
    static const char ok[] = "{\"status\":\"queued\"}";
    submit_ctx_finish(ctx, 200, ok, sizeof(ok) - 1);
}

bool api__json_content_type(struct http_request *req)
{
    size_t len;
    const char *ct = http_request_header(req, "content-type", &len);
    static const char want[] = "application/json";
    if (ct == NULL || len < sizeof(want) - 1 || strncasecmp(ct, want, sizeof(want) - 1) != 0)
        return false;
    return len == sizeof(want) - 1 || ct[sizeof(want) - 1] == ';' || ct[sizeof(want) - 1] == ' ';
}

static void submit_enqueue(struct submit_ctx *ctx);

/* Over --submit-rate: 429 with Retry-After, and nothing stored or queued. The
 * count is Redis's, shared by every api instance; when Redis cannot count,
 * the submission could not be queued either: 503. */
static void submit_on_rate(int status, bool allowed, long retry_after_s, void *data)
{
    struct submit_ctx *ctx = data;
    struct api *api = ctx->api;
    if (status == 0 && allowed) {
        submit_enqueue(ctx);
        return;
    }
    if (status < 0) {
        api->metrics.redis_unavailable++;
        api__error(api, ctx->req, 503, "queue unavailable, try again");
    } else {
        api->metrics.submissions_limited++;
        api->metrics.responses[4]++;
        char headers[64], json[160];
        snprintf(headers, sizeof(headers), "Retry-After: %ld\r\n", retry_after_s);
        int n = snprintf(json, sizeof(json),
                         "{\"error\":\"too many submissions: at most %ld a minute per user; "
                         "retry in %ld s\"}",
                         api->submit_rate, retry_after_s);
        http_respond(ctx->req, 429, "application/json", headers, json, (size_t)n);
    }
    intake_dispose(&ctx->in);
    free(ctx);
}

/* The rest of the checks, once the problem is known to exist (status 0) or
 * the request is refused (status and err). */
static void submit_checked(struct submit_ctx *ctx, int status, const char *why)
{
    struct api *api = ctx->api;
    char err[256];
    snprintf(err, sizeof(err), "%s", why);
    if (status == 0 && !redis_connected(api->redis)) {
        api->metrics.redis_unavailable++;
        snprintf(err, sizeof(err), "queue unavailable (Redis is down), try again");
        status = 503;
    }
    if (status == 0 && ctx->durable && (!pg_connected(api->pg) || !api->problems_loaded)) {
        api->metrics.db_unavailable++;
        snprintf(err, sizeof(err), "database unavailable, try again");
        status = 503;
    }
    if (status != 0) {
        if (status != 503)
            api->metrics.submissions_rejected++;
        api__error(api, ctx->req, status, err);
        intake_dispose(&ctx->in);
        free(ctx);
        return;
    }
    if (api->submit_rate > 0) {
        const char *user = ctx->job_user ? ctx->job_user : ctx->in.user;
        int rc = rate_hit(api->redis, user ? user : JOBS_ANONYMOUS, api->submit_rate,
                          submit_on_rate, ctx);
        if (rc < 0)
            submit_on_rate(rc, false, 0, ctx);
        return;
    }
    submit_enqueue(ctx);
}

static void submit_on_problem(int status, const char *json, size_t len, void *data)
{
    (void)json;
    (void)len;
    struct submit_ctx *ctx = data;
    char err[160] = "";
    if (status == -ENOENT) {
        snprintf(err, sizeof(err), "unknown problem '%s'", ctx->in.problem);
        submit_checked(ctx, 404, err);
    } else if (status < 0) {
        ctx->api->metrics.db_unavailable++;
        submit_checked(ctx, 503, "database unavailable, try again");
    } else {
        submit_checked(ctx, 0, "");
    }
}

void api__submit(struct api *api, struct http_request *req, bool durable)
{
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    if (!api__json_content_type(req)) {
        api->metrics.submissions_rejected++;
        api__error(api, req, 415, "Content-Type must be application/json");
        return;
    }
    struct submit_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    ctx->who = who;
    size_t len;
    const char *body = http_request_body(req, &len);
    char err[256];
    /* A user token names the user: the body's userId may then be left out. */
    bool by_token = who.user[0] != '\0';
    int status =
        intake_parse(body, len, durable && !by_token, api->max_code, &ctx->in, err, sizeof(err));
    if (status == 0 && by_token && ctx->in.user && strcmp(ctx->in.user, who.user) != 0) {
        snprintf(err, sizeof(err), "userId is not the token's user");
        status = 403;
    }
    if (status == 0 && by_token && ctx->in.user == NULL)
        ctx->job_user = ctx->who.user;
    ctx->durable = durable;
    if (status == 0 && api->problems_loaded && !api__problem_exists(api, ctx->in.problem)) {
        /* Not in this api's list (refreshed every few seconds): a problem
         * just created through another api is in the problem cache, which
         * is never stale. */
        int rc = problem_cache_get(api->pcache, ctx->in.problem, submit_on_problem, ctx);
        if (rc < 0)
            submit_on_problem(rc, NULL, 0, ctx);
        return;
    }
    submit_checked(ctx, status, err);
}

/* Stores and queues a submission that passed every check (the row first, for
 * POST /api/submissions; the job only, for the tutorial's /submit). */
static void submit_enqueue(struct submit_ctx *ctx)
{
    struct api *api = ctx->api;
    size_t len;
    const char *body = http_request_body(ctx->req, &len);
    int rc;
    if (ctx->durable) {
        const char *user = ctx->job_user ? ctx->job_user : ctx->in.user;
        rc = submission_batch_insert(api->batch, user, ctx->in.problem, ctx->in.lang->id,
                                     ctx->in.code, submit_on_insert, ctx);
        if (rc < 0)
            submit_on_insert(rc, NULL, NULL, ctx);
    } else {
        size_t jlen;
        struct buf jb;
        buf_init(&jb);
        /* The body itself, unless a token names a user the body does not. */
        const char *job = job_of_body_for(&jb, NULL, ctx->job_user, body, len, &jlen);
        rc = queue_batch_push(api->queue, job, jlen, submit_on_tutorial_push, ctx);
        buf_dispose(&jb);
        if (rc < 0)
            submit_on_tutorial_push(rc, ctx);
    }
}

static void flush_on_check(uv_check_t *h)
{
    struct api *api = h->data;
    for (int enqueued = 0; enqueued < 2; enqueued++) {
        struct buf *b = &api->marks[enqueued];
        if (b->len == 0)
            continue;
        buf_puts(b, "}");
        if (submissions_mark_enqueued(api->pg, b->data, enqueued) < 0)
            log_warn("cannot mark submissions %s (database down); the worker's sweep covers them",
                     b->data);
        buf_reset(b);
    }
}

struct sweep_push {
    struct api *api;
    char *id;
};

static void sweep_on_one(int status, void *data)
{
    struct sweep_push *p = data;
    if (status == 0) {
        mark(p->api, p->id, true);
        p->api->metrics.sweep_pushed++;
    }
    free(p->id);
    free(p);
}

static void sweep_on_rows(int status, int n, const char *const *ids, const char *const *jobs,
                          const size_t *lens, void *data)
{
    struct api *api = data;
    api->sweeping = false;
    if (status < 0 || n == 0)
        return;
    log_info("sweep: queueing %d stored submissions whose push had failed", n);
    for (int i = 0; i < n; i++) {
        struct sweep_push *p = xmalloc(sizeof(*p));
        p->api = api;
        p->id = xstrdup(ids[i]);
        if (queue_push(api->redis, jobs[i], lens[i], sweep_on_one, p) < 0) {
            free(p->id);
            free(p);
            break;
        }
    }
}

static void sweep_on_tick(uv_timer_t *t)
{
    struct api *api = t->data;
    if (api->sweeping || !redis_connected(api->redis) || !pg_connected(api->pg))
        return;
    if (submissions_unpushed(api->pg, SWEEP_AGE_S, SWEEP_BATCH, sweep_on_rows, api) == 0)
        api->sweeping = true;
}

void api__problem_note(struct api *api, const char *id, int version, bool present)
{
    struct api_problem key = {(char *)id, 0};
    struct api_problem *p =
        bsearch(&key, api->problems, api->nproblems, sizeof(*api->problems), cmp_problem);
    if (p && present) {
        p->version = version;
    } else if (p) {
        free(p->id);
        size_t at = (size_t)(p - api->problems);
        memmove(p, p + 1, (api->nproblems - at - 1) * sizeof(*p));
        api->nproblems--;
    } else if (present) {
        api->problems = xrealloc(api->problems, (api->nproblems + 2) * sizeof(*api->problems));
        api->problems[api->nproblems++] = (struct api_problem){xstrdup(id), version};
        qsort(api->problems, api->nproblems, sizeof(*api->problems), cmp_problem);
    }
}

void api__problems_dispose(struct api *api)
{
    for (size_t i = 0; i < api->nproblems; i++)
        free(api->problems[i].id);
    free(api->problems);
    api->problems = NULL;
    api->nproblems = 0;
}

static void refresh_on_ids(int status, int n, const char *const *ids, const int *versions,
                           void *data)
{
    struct api *api = data;
    if (status < 0)
        return;
    api__problems_dispose(api);
    api->problems = xcalloc((size_t)n + 1, sizeof(*api->problems));
    for (int i = 0; i < n; i++)
        api->problems[i] = (struct api_problem){xstrdup(ids[i]), versions[i]};
    api->nproblems = (size_t)n;
    qsort(api->problems, api->nproblems, sizeof(*api->problems), cmp_problem);
    if (!api->problems_loaded)
        log_info("%d problems available", n);
    api->problems_loaded = true;
}

void api__refresh_problems(struct api *api)
{
    if (pg_connected(api->pg))
        problems_ids(api->pg, refresh_on_ids, api);
}

static void refresh_on_tick(uv_timer_t *t)
{
    api__refresh_problems(t->data);
}

void api__intake_start(struct api *api)
{
    uv_check_init(api->loop, &api->flush);
    api->flush.data = api;
    uv_check_start(&api->flush, flush_on_check);
    uv_timer_init(api->loop, &api->sweep);
    api->sweep.data = api;
    uv_timer_start(&api->sweep, sweep_on_tick, SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS);
    uv_timer_init(api->loop, &api->refresh);
    api->refresh.data = api;
    uv_timer_start(&api->refresh, refresh_on_tick, REFRESH_INTERVAL_MS, REFRESH_INTERVAL_MS);
}

void api__intake_stop(struct api *api)
{
    uv_close((uv_handle_t *)&api->flush, NULL);
    uv_close((uv_handle_t *)&api->sweep, NULL);
    uv_close((uv_handle_t *)&api->refresh, NULL);
}
