/* Runs (issue 13, "Run on your own input"; contract/run.h, README "Runs"):
 * POST /api/runs checks the body as a submission's, the problem and, for a
 * function problem, the input against its signature, counts the run against
 * the user's rate, has a worker check the input with the problem's input
 * validators when it has some (runs_input.c), and queues it with its Redis
 * hash in one script;
 * GET /api/runs/{id} reads the hash. Nothing touches PostgreSQL: a run is
 * not a submission. */
#include "api/intake.h"
#include "api/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/run.h"
#include "judge/lang.h"
#include "judge/signature.h"
#include "store/jobs.h"
#include "store/problem_cache.h"
#include "store/rate.h"
#include "store/runs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run_ctx {
    struct api *api;
    struct http_request *req;
    struct intake in;
    const char *user; /* the body's userId or the token's user */
    struct api_caller who;
    char id[RUN_ID_LEN + 1];
    bool validated; /* the problem has input validators */
};

static void run_ctx_end(struct run_ctx *ctx, int status, const char *err)
{
    if (err)
        api__error(ctx->api, ctx->req, status, err);
    intake_dispose(&ctx->in);
    free(ctx);
}

static void run_on_created(int status, void *data)
{
    struct run_ctx *ctx = data;
    if (status < 0) {
        ctx->api->metrics.redis_unavailable++;
        log_warn("cannot queue run %s: %s", ctx->id, strerror(-status));
        run_ctx_end(ctx, 503, "queue unavailable, try again");
        return;
    }
    ctx->api->metrics.runs_accepted++;
    char json[96];
    int n = snprintf(json, sizeof(json), "{\"id\":\"%s\",\"status\":\"queued\"}", ctx->id);
    api__json(ctx->api, ctx->req, 202, json, (size_t)n);
    run_ctx_end(ctx, 0, NULL);
}

/* Every check passed: the job and its hash, in one script. */
static void run_enqueue(struct run_ctx *ctx)
{
    int rc = run_id_new(ctx->id);
    if (rc < 0) {
        log_warn("cannot make a run id: %s", strerror(-rc));
        run_ctx_end(ctx, 500, "cannot make a run id");
        return;
    }
    struct buf job;
    buf_init(&job);
    run_job_build(&job, ctx->id, ctx->user, ctx->in.problem, ctx->in.lang->id, ctx->in.code,
                  ctx->in.code_len, ctx->in.input, ctx->in.input_len, NULL);
    rc = runs_create(ctx->api->redis, ctx->id, ctx->user, RUN_KEEP_DEFAULT_S, job.data, job.len,
                     run_on_created, ctx);
    buf_dispose(&job);
    if (rc < 0)
        run_on_created(rc, ctx);
}

static void run_on_input(int status, const char *msg, void *data)
{
    struct run_ctx *ctx = data;
    if (status == 0)
        run_enqueue(ctx);
    else
        run_ctx_end(ctx, status, msg);
}

/* Counted against the rate: the input is checked (when the problem has
 * input validators), then the run queued. */
static void run_check_input(struct run_ctx *ctx)
{
    if (!ctx->validated) {
        run_enqueue(ctx);
        return;
    }
    if (api__input_check(ctx->api, ctx->in.problem, ctx->in.input, ctx->in.input_len, run_on_input,
                         ctx) < 0)
        run_ctx_end(ctx, 503, "queue unavailable, try again");
}

/* A run counts as a submission against --submit-rate (one counter). */
static void run_on_rate(int status, bool allowed, long retry_after_s, void *data)
{
    struct run_ctx *ctx = data;
    struct api *api = ctx->api;
    if (status == 0 && allowed) {
        run_check_input(ctx);
        return;
    }
    if (status < 0) {
        api->metrics.redis_unavailable++;
        run_ctx_end(ctx, 503, "queue unavailable, try again");
        return;
    }
    api->metrics.submissions_limited++;
    api->metrics.responses[4]++;
    char headers[64], json[160];
    snprintf(headers, sizeof(headers), "Retry-After: %ld\r\n", retry_after_s);
    int n = snprintf(json, sizeof(json),
                     "{\"error\":\"too many submissions and runs: at most %ld a minute per "
                     "user; retry in %ld s\"}",
                     api->submit_rate, retry_after_s);
    http_respond(ctx->req, 429, "application/json", headers, json, (size_t)n);
    run_ctx_end(ctx, 0, NULL);
}

/* True when the problem's JSON says it is interactive (a package's "type"). */
static bool run_interactive(const cJSON *doc)
{
    const cJSON *t, *types = cJSON_GetObjectItemCaseSensitive(doc, "type");
    cJSON_ArrayForEach(t, types)
    {
        if (cJSON_IsString(t) && strcmp(t->valuestring, "interactive") == 0)
            return true;
    }
    return false;
}

/* A run needs a problem whose program reads an input: not an interactive
 * one. A function problem's input must fit its signature, as a test's .in
 * must. Returns 0, or 400 with the reason in err. */
static int run_check_problem(struct run_ctx *ctx, const char *json, size_t len, char *err,
                             size_t errlen)
{
    cJSON *doc = cJSON_ParseWithLength(json, len);
    const cJSON *fn = cJSON_GetObjectItemCaseSensitive(doc, "function");
    const cJSON *iv = cJSON_GetObjectItemCaseSensitive(doc, "inputValidators");
    ctx->validated = cJSON_IsArray(iv) && cJSON_GetArraySize(iv) > 0;
    int status = 0;
    if (run_interactive(doc)) {
        snprintf(err, errlen, "runs are not available for interactive problems");
        status = 400;
    } else if (cJSON_IsObject(fn)) {
        struct signature sig;
        char why[256];
        if (signature_parse(fn, &sig, why, sizeof(why)) < 0) {
            /* Stored problems were checked when written: not the user's fault. */
            log_warn("problem %s: bad signature: %s", ctx->in.problem, why);
        } else if (signature_check_input(&sig, ctx->in.input, ctx->in.input_len, why, sizeof(why)) <
                   0) {
            snprintf(err, errlen, "input %s", why);
            status = 400;
        }
    }
    cJSON_Delete(doc);
    return status;
}

static void run_on_problem(int status, const char *json, size_t len, void *data)
{
    struct run_ctx *ctx = data;
    struct api *api = ctx->api;
    char err[320];
    if (status == -ENOENT) {
        snprintf(err, sizeof(err), "unknown problem '%s'", ctx->in.problem);
        run_ctx_end(ctx, 404, err);
        return;
    }
    if (status < 0) {
        api->metrics.db_unavailable++;
        run_ctx_end(ctx, 503, "database unavailable, try again");
        return;
    }
    int bad = run_check_problem(ctx, json, len, err, sizeof(err));
    if (bad) {
        run_ctx_end(ctx, bad, err);
        return;
    }
    if (!redis_connected(api->redis)) {
        api->metrics.redis_unavailable++;
        run_ctx_end(ctx, 503, "queue unavailable (Redis is down), try again");
        return;
    }
    if (api->submit_rate > 0) {
        int rc = rate_hit(api->redis, ctx->user, api->submit_rate, run_on_rate, ctx);
        if (rc < 0)
            run_on_rate(rc, false, 0, ctx);
        return;
    }
    run_check_input(ctx);
}

void api__run_post(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    if (!api__json_content_type(req)) {
        api__error(api, req, 415, "Content-Type must be application/json");
        return;
    }
    struct run_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    ctx->who = who;
    size_t len;
    const char *body = http_request_body(req, &len);
    char err[256];
    bool by_token = who.user[0] != '\0';
    int status = intake_parse_run(body, len, !by_token, api->max_code, &ctx->in, err, sizeof(err));
    if (status == 0 && by_token && ctx->in.user && strcmp(ctx->in.user, who.user) != 0) {
        snprintf(err, sizeof(err), "userId is not the token's user");
        status = 403;
    }
    if (status != 0) {
        run_ctx_end(ctx, status, err);
        return;
    }
    ctx->user = ctx->in.user ? ctx->in.user : ctx->who.user;
    /* The problem's JSON (Redis-cached, never stale): it exists, and a
     * function problem's signature checks the input. */
    int rc = problem_cache_get(api->pcache, ctx->in.problem, run_on_problem, ctx);
    if (rc < 0)
        run_on_problem(rc, NULL, 0, ctx);
}

struct run_read {
    struct api *api;
    struct http_request *req;
    struct api_caller who;
    char id[RUN_ID_LEN + 1];
};

static void run_on_get(int status, const struct runs_entry *e, void *data)
{
    struct run_read *ctx = data;
    struct api *api = ctx->api;
    /* Another user's run is answered as one that does not exist. */
    if (status == 0 && (!e->found || !api__caller_may(&ctx->who, e->user))) {
        api__error(api, ctx->req, 404, "unknown run (runs are kept an hour)");
    } else if (status < 0) {
        api->metrics.redis_unavailable++;
        api__error(api, ctx->req, 503, "Redis unavailable, try again");
    } else if (e->result) {
        api__json(api, ctx->req, 200, e->result, e->result_len);
    } else {
        struct buf b;
        buf_init(&b);
        buf_printf(&b, "{\"type\":\"run\",\"id\":\"%s\",\"status\":", ctx->id);
        buf_json_str(&b, e->status, strlen(e->status));
        buf_puts(&b, "}");
        api__json(api, ctx->req, 200, b.data, b.len);
        buf_dispose(&b);
    }
    free(ctx);
}

void api__run_get(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    size_t len;
    const char *id = route_param(m, "id", &len);
    if (!run_id_valid(id, len)) {
        api__error(api, req, 404, "unknown run");
        return;
    }
    struct run_read *ctx = xcalloc(1, sizeof(*ctx));
    *ctx = (struct run_read){.api = api, .req = req, .who = who};
    memcpy(ctx->id, id, len);
    int rc = runs_get(api->redis, ctx->id, run_on_get, ctx);
    if (rc < 0)
        run_on_get(rc, NULL, ctx);
}
