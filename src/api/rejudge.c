/* POST /api/problems/{id}/rejudge (admin): judges a problem's done
 * submissions again, with the problem as it is now, behind live work.
 *
 * Body (optional; empty or {} is every done submission of the problem):
 *   {"verdicts": ["WA", "TLE"], "since": 1717171717000}
 * verdicts: only submissions whose verdict is one of these codes;
 * since: only submissions created at or after this instant, in milliseconds
 * since the Unix epoch (JavaScript's Date.now()).
 * Answers 202 {"id","problemId","queued"}: the rejudge's id (it names the
 * rejudge in history rows and events) and how many submissions it queued.
 *
 * Order of work: the debt is recorded in PostgreSQL first (one statement),
 * then the jobs pushed; a failed push cancels the debt (503), and a push that
 * Redis later loses is found by the workers' sweep. Nothing accepted is lost. */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "contract/ids.h"
#include "judge/verdict.h"
#include "store/rejudge.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REJUDGE_CODES "AC, WA, TLE, MLE, OLE, RE, CE, IE"
/* 9999-12-31T23:59:59.999Z: past it, PostgreSQL's timestamps end. */
#define REJUDGE_SINCE_MAX 253402300799999.0
#define REJUDGE_VERDICTS_MAX 8

/* A parsed body: the filters as the store takes them. */
struct rejudge_body {
    char verdicts[64]; /* "{WA,TLE}", or "" for any */
    char since[24];    /* decimal milliseconds, or "" for any */
};

static bool rejudge_code(const char *s)
{
    for (int v = VERDICT_AC; v <= VERDICT_IE; v++)
        if (strcmp(s, verdict_name((enum verdict)v)) == 0)
            return true;
    return false;
}

/* Reads "verdicts" into out; false with the reason in err. */
static bool rejudge_read_verdicts(const cJSON *a, struct rejudge_body *out, char *err, size_t len)
{
    int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
    if (n < 1 || n > REJUDGE_VERDICTS_MAX) {
        snprintf(err, len, "verdicts must be an array of 1 to %d verdict codes (" REJUDGE_CODES ")",
                 REJUDGE_VERDICTS_MAX);
        return false;
    }
    struct buf lit;
    buf_init(&lit);
    buf_puts(&lit, "{");
    int i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++) {
        if (!cJSON_IsString(v) || !rejudge_code(v->valuestring)) {
            snprintf(err, len, "verdicts[%d] is not a verdict code (" REJUDGE_CODES ")", i);
            buf_dispose(&lit);
            return false;
        }
        buf_printf(&lit, "%s%s", i ? "," : "", v->valuestring);
    }
    buf_puts(&lit, "}");
    snprintf(out->verdicts, sizeof(out->verdicts), "%.*s", (int)lit.len, lit.data);
    buf_dispose(&lit);
    return true;
}

/* Parses the optional body into out: false with a precise reason in err. */
static bool rejudge_parse(const char *body, size_t blen, struct rejudge_body *out, char *err,
                          size_t len)
{
    memset(out, 0, sizeof(*out));
    size_t i = 0;
    while (i < blen && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    if (i == blen)
        return true; /* no body: no filters */
    cJSON *doc = cJSON_ParseWithLength(body, blen);
    bool ok = false;
    if (doc == NULL || !cJSON_IsObject(doc)) {
        snprintf(err, len,
                 "body must be a JSON object ({\"verdicts\": [...], \"since\": ms}) "
                 "or empty");
        goto out;
    }
    for (const cJSON *f = doc->child; f; f = f->next) {
        if (strcmp(f->string, "verdicts") == 0) {
            if (!rejudge_read_verdicts(f, out, err, len))
                goto out;
        } else if (strcmp(f->string, "since") == 0) {
            if (!cJSON_IsNumber(f) || f->valuedouble < 0 || f->valuedouble > REJUDGE_SINCE_MAX ||
                f->valuedouble != (double)(long long)f->valuedouble) {
                snprintf(err, len,
                         "since must be a whole number of milliseconds since the "
                         "Unix epoch (0 to 253402300799999)");
                goto out;
            }
            snprintf(out->since, sizeof(out->since), "%lld", (long long)f->valuedouble);
        } else {
            snprintf(err, len, "unknown field '%.32s' (the body takes verdicts and since)",
                     f->string);
            goto out;
        }
    }
    ok = true;
out:
    cJSON_Delete(doc);
    return ok;
}

struct rejudge_ctx {
    struct api *api;
    struct http_request *req;
    char problem[72];
    char id[24]; /* the rejudge's, once recorded */
    unsigned queued;
};

static void rejudge_answer(struct rejudge_ctx *ctx)
{
    struct buf out;
    buf_init(&out);
    buf_printf(&out, "{\"id\":\"%s\",\"problemId\":", ctx->id);
    buf_json_str(&out, ctx->problem, strlen(ctx->problem));
    buf_printf(&out, ",\"queued\":%u}", ctx->queued);
    api__json(ctx->api, ctx->req, 202, out.data, out.len);
    buf_dispose(&out);
}

static void rejudge_on_pushed(int status, void *data)
{
    struct rejudge_ctx *ctx = data;
    if (status < 0) {
        /* Undone, so the caller's retry is the only rejudge; should the undo
         * fail too, the sweep queues the debt later, which judges it once. */
        if (rejudge_cancel(ctx->api->pg, ctx->id) < 0)
            log_warn("rejudge %s: not queued and not cancelled (the sweep will queue it)", ctx->id);
        ctx->api->metrics.redis_unavailable++;
        api__error(ctx->api, ctx->req, 503, "Redis unavailable: nothing was rejudged, try again");
    } else {
        log_info("rejudge %s of %s: %u submissions queued", ctx->id, ctx->problem, ctx->queued);
        rejudge_answer(ctx);
    }
    free(ctx);
}

static void rejudge_on_started(int status, const char *rejudge, unsigned n, const char *const *ids,
                               void *data)
{
    struct rejudge_ctx *ctx = data;
    if (status == -ENOENT) {
        api__error(ctx->api, ctx->req, 404, "unknown problem");
        free(ctx);
        return;
    }
    if (status < 0) {
        ctx->api->metrics.db_unavailable++;
        api__error(ctx->api, ctx->req, 503, "database unavailable, try again");
        free(ctx);
        return;
    }
    snprintf(ctx->id, sizeof(ctx->id), "%s", rejudge);
    ctx->queued = n;
    if (n == 0) {
        rejudge_answer(ctx);
        free(ctx);
        return;
    }
    const char **rejudges = xcalloc(n, sizeof(*rejudges));
    for (unsigned i = 0; i < n; i++)
        rejudges[i] = ctx->id;
    int rc = rejudge_push(ctx->api->redis, ids, rejudges, n, false, rejudge_on_pushed, ctx);
    free(rejudges);
    if (rc < 0)
        rejudge_on_pushed(rc, ctx);
}

void api__admin_rejudge(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    size_t plen;
    const char *pid = route_param(m, "id", &plen);
    if (!ids_problem_valid(pid, plen) || plen >= sizeof(((struct rejudge_ctx *)0)->problem)) {
        api__error(api, req, 404, "unknown problem");
        return;
    }
    size_t blen;
    const char *body = http_request_body(req, &blen);
    struct rejudge_body b;
    char err[160];
    if (!rejudge_parse(body, blen, &b, err, sizeof(err))) {
        api__error(api, req, 400, err);
        return;
    }
    struct rejudge_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    memcpy(ctx->problem, pid, plen);
    struct rejudge_filter f = {ctx->problem, b.verdicts[0] ? b.verdicts : NULL,
                               b.since[0] ? b.since : NULL};
    int rc = rejudge_start(api->pg, &f, rejudge_on_started, ctx);
    if (rc < 0)
        rejudge_on_started(rc == -ENOENT ? -EIO : rc, NULL, 0, NULL, ctx);
}
