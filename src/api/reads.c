/* GET routes served from the store: a submission, a user's history, the
 * problems (through the Redis cache). */
#include "api/internal.h"

#include "common/alloc.h"
#include "contract/ids.h"
#include "store/problem_cache.h"
#include "store/problems.h"
#include "store/submissions.h"
#include "store/users.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct read_ctx {
    struct api *api;
    struct http_request *req;
    const char *what; /* "submission", "problem", ...: for the 404 message */
    /* A submission: answered only to its owner or an admin (who). */
    bool owner_only;
    struct api_caller who;
};

/* True when the submission (json) belongs to a user who may read. */
static bool read_owner_may(const struct api_caller *who, const char *json, size_t len)
{
    if (who->open || who->admin)
        return true;
    cJSON *doc = cJSON_ParseWithLength(json, len);
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(doc, "userId");
    bool ok = cJSON_IsString(u) && api__caller_may(who, u->valuestring);
    cJSON_Delete(doc);
    return ok;
}

static void read_on_json(int status, const char *json, size_t len, void *data)
{
    struct read_ctx *ctx = data;
    /* Another user's submission is answered as one that does not exist, so
     * its existence does not leak. */
    if (status == 0 && ctx->owner_only && !read_owner_may(&ctx->who, json, len))
        status = -ENOENT;
    if (status == 0) {
        api__json(ctx->api, ctx->req, 200, json, len);
    } else if (status == -ENOENT) {
        char msg[64];
        snprintf(msg, sizeof(msg), "unknown %s", ctx->what);
        api__error(ctx->api, ctx->req, 404, msg);
    } else {
        ctx->api->metrics.db_unavailable++;
        api__error(ctx->api, ctx->req, 503, "database unavailable, try again");
    }
    free(ctx);
}

static struct read_ctx *read_ctx_new(struct api *api, struct http_request *req, const char *what)
{
    struct read_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    ctx->what = what;
    return ctx;
}

static void read_started(struct read_ctx *ctx, int rc)
{
    if (rc < 0)
        read_on_json(rc == -ENOENT ? -EIO : rc, NULL, 0, ctx);
}

static bool all_digits(const char *s, size_t len, size_t max)
{
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Copies the path parameter name into out (size bytes) when valid() takes
 * it; validators cap the length below size. */
static bool read_param(const struct route_match *m, const char *name,
                       bool (*valid)(const char *s, size_t len), char *out, size_t size)
{
    size_t len;
    const char *v = route_param(m, name, &len);
    if (!valid(v, len) || len >= size)
        return false;
    memcpy(out, v, len);
    out[len] = '\0';
    return true;
}

void api__get_submission(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    char id[IDS_PUBLIC_LEN + 1];
    if (!read_param(m, "id", ids_public_valid, id, sizeof(id))) {
        api__error(api, req, 404, "unknown submission");
        return;
    }
    struct read_ctx *ctx = read_ctx_new(api, req, "submission");
    ctx->owner_only = true;
    ctx->who = who;
    /* The validator's judge message is for the admin token alone (not even
     * open mode's anyone-for-anyone: it may tell the answer away). */
    read_started(ctx, who.admin ? submissions_get_admin(api->pg, id, read_on_json, ctx)
                                : submissions_get(api->pg, id, read_on_json, ctx));
}

/* Reads ?limit=N&before=ID; unknown parameters are ignored. */
static int parse_page(struct http_request *req, int *limit, char *before, size_t before_size)
{
    *limit = 50;
    before[0] = '\0';
    size_t qlen;
    const char *q = http_request_query(req, &qlen);
    while (q && qlen) {
        const char *amp = memchr(q, '&', qlen);
        size_t plen = amp ? (size_t)(amp - q) : qlen;
        if (plen > 6 && memcmp(q, "limit=", 6) == 0) {
            if (!all_digits(q + 6, plen - 6, 4))
                return -1;
            long v = strtol(q + 6, NULL, 10);
            *limit = v < 1 ? 1 : (int)v;
            if (*limit > 200)
                *limit = 200;
        } else if (plen > 7 && memcmp(q, "before=", 7) == 0) {
            if (!ids_public_valid(q + 7, plen - 7))
                return -1;
            snprintf(before, before_size, "%.*s", (int)(plen - 7), q + 7);
        }
        if (amp == NULL)
            break;
        qlen -= plen + 1;
        q = amp + 1;
    }
    return 0;
}

void api__get_user_submissions(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    char user[72];
    if (!read_param(m, "userId", ids_user_valid, user, sizeof(user))) {
        api__error(api, req, 400, "user ids are " IDS_USER_RULE);
        return;
    }
    if (!api__caller_may(&who, user)) {
        api__error(api, req, 403, "a user's history is for that user's token or the admin's");
        return;
    }
    int limit;
    char before[IDS_PUBLIC_LEN + 1];
    if (parse_page(req, &limit, before, sizeof(before)) < 0) {
        api__error(api, req, 400, "limit must be a positive integer and before a submission id");
        return;
    }
    struct read_ctx *ctx = read_ctx_new(api, req, "user");
    read_started(ctx, submissions_list_user(api->pg, user, limit, before[0] ? before : NULL,
                                            read_on_json, ctx));
}

/* The user's coins, for the page's balance: the same rule as the history
 * (that user's token or the admin's). */
void api__get_user(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct api_caller who;
    if (!api__caller(api, req, &who))
        return;
    char user[72];
    if (!read_param(m, "userId", ids_user_valid, user, sizeof(user))) {
        api__error(api, req, 400, "user ids are " IDS_USER_RULE);
        return;
    }
    if (!api__caller_may(&who, user)) {
        api__error(api, req, 403, "a user is for that user's token or the admin's");
        return;
    }
    struct read_ctx *ctx = read_ctx_new(api, req, "user");
    read_started(ctx, users_get(api->pg, user, read_on_json, ctx));
}

void api__get_problems(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct read_ctx *ctx = read_ctx_new(api, req, "problem");
    read_started(ctx, problems_list(api->pg, read_on_json, ctx));
}

void api__get_problem(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    char id[72];
    if (!read_param(m, "id", ids_problem_valid, id, sizeof(id))) {
        api__error(api, req, 404, "unknown problem");
        return;
    }
    struct read_ctx *ctx = read_ctx_new(api, req, "problem");
    read_started(ctx, problem_cache_get(api->pcache, id, read_on_json, ctx));
}
