/* Problem authoring (admin token; README "Authoring problems"):
 *   PATCH /api/problems/{id}: any subset of title, difficulty, statement,
 *     timeLimitMs, memoryLimitMb, outputLimitKb, checker;
 *   PUT /api/problems/{id}: the whole problem as JSON, or a zip of its
 *     directory or of a Kattis package (Content-Type: application/zip;
 *     upload_package.c);
 *   DELETE /api/problems/{id}: hidden from lists, closed to submissions.
 * Every body is checked with judge/problem.h, the rules of `verdict problems
 * import`, before anything is written; the write is one PostgreSQL
 * statement, and the problem cache is updated before the answer. */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "contract/ids.h"
#include "judge/problem.h"
#include "package/unzip.h"
#include "store/checker_builds.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How long a PUT waits for a worker to compile its custom checker. */
#define AUTHOR_BUILD_WAIT_MS 30000

struct author {
    struct api *api;
    struct http_request *req;
    char id[72];
    /* A PUT with a custom checker: the problem, held while a worker
     * compiles its checker (owned). */
    struct catalog_problem p;
    char *members; /* JSON members added to the answer ("warnings":[...]), or NULL */
};

/* True when the Content-Type's media type is want. */
static bool author_type_is(struct http_request *req, const char *want)
{
    size_t len, wlen = strlen(want);
    const char *ct = http_request_header(req, "content-type", &len);
    return ct && len >= wlen && strncasecmp(ct, want, wlen) == 0 &&
           (len == wlen || ct[wlen] == ';' || ct[wlen] == ' ');
}

/* The path's problem id into out, or false. */
static bool author_id(const struct route_match *m, char out[72])
{
    size_t len;
    const char *v = route_param(m, "id", &len);
    if (v == NULL || !ids_problem_valid(v, len) || len >= 72)
        return false;
    memcpy(out, v, len);
    out[len] = '\0';
    return true;
}

static void author_free(struct author *a)
{
    catalog_problem_dispose(&a->p);
    free(a->members);
    free(a);
}

/* 200 once every api serves the new version; 202 when it is committed but
 * Redis could not be told (problem_cache.h, "published"). */
static void author_on_written(int status, const struct problem_written *w, const char *msg,
                              void *data)
{
    struct author *a = data;
    struct api *api = a->api;
    if (status == 0) {
        struct buf b;
        buf_init(&b);
        buf_printf(&b, "{\"changed\":%s,\"version\":%d,\"published\":%s",
                   w->changed ? "true" : "false", w->version, w->published ? "true" : "false");
        if (a->members)
            buf_printf(&b, ",%s", a->members);
        if (w->json && w->len > 2 && w->json[0] == '{')
            buf_printf(&b, ",\"problem\":%.*s}", (int)w->len, w->json);
        else
            buf_puts(&b, ",\"problem\":null}");
        api__json(api, a->req, w->published ? 200 : 202, b.data, b.len);
        buf_dispose(&b);
        /* Intake learns at once on this api; a new problem is found on the
         * others through the cache, a deletion at their next refresh. */
        api__problem_note(api, a->id, w->version, w->json != NULL);
    } else if (status == -ENOENT) {
        api__error(api, a->req, 404, "unknown problem");
    } else if (status == -EINVAL) {
        api__error(api, a->req, 400, msg ? msg : "invalid problem");
    } else if (status == -EAGAIN) {
        api__error(api, a->req, 409, msg ? msg : "write abandoned; retry");
    } else if (status == -EIO) {
        api__error(api, a->req, 500, "the problem could not be written");
    } else {
        api->metrics.db_unavailable++;
        api__error(api, a->req, 503, "database unavailable, nothing written; try again");
    }
    author_free(a);
}

/* Starts a write (start returns what problem_cache_* returned). */
static void author_started(struct author *a, int rc)
{
    if (rc < 0)
        author_on_written(rc == -ECANCELED ? -ENOTCONN : rc, NULL, NULL, a);
}

static struct author *author_new(struct api *api, struct http_request *req, const char *id)
{
    struct author *a = xcalloc(1, sizeof(*a));
    a->api = api;
    a->req = req;
    snprintf(a->id, sizeof(a->id), "%s", id);
    return a;
}

/* The body as a JSON object, or NULL after answering 415 or 400. */
static cJSON *author_json(struct api *api, struct http_request *req)
{
    if (!author_type_is(req, "application/json")) {
        api__error(api, req, 415, "Content-Type must be application/json");
        return NULL;
    }
    size_t len;
    const char *body = http_request_body(req, &len);
    cJSON *doc = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        api__error(api, req, 400, "body must be a JSON object");
        return NULL;
    }
    return doc;
}

static const char *const patch_fields[] = {
    "title",         "difficulty", "statement", "timeLimitMs",  "memoryLimitMb",
    "outputLimitKb", "checker",    "function",  "visibleTests", NULL};

/* PATCH's subset into p; 0, or -1 with a reason in err. */
static int author_patch_fields(const cJSON *doc, struct catalog_problem *p, char *err,
                               size_t errlen)
{
    int n = 0;
    for (const cJSON *f = doc->child; f; f = f->next, n++) {
        bool known = false;
        for (int i = 0; patch_fields[i]; i++)
            known = known || strcmp(f->string, patch_fields[i]) == 0;
        if (!known) {
            snprintf(err, errlen,
                     "unknown field '%.60s' (PATCH takes title, difficulty, "
                     "statement, timeLimitMs, memoryLimitMb, outputLimitKb, checker, "
                     "visibleTests; "
                     "PUT replaces tests)",
                     f->string);
            return -1;
        }
    }
    if (n == 0) {
        snprintf(err, errlen, "nothing to change: the body has no field");
        return -1;
    }
    if (problem_meta(doc, true, p, "body", err, errlen) < 0)
        return -1;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "statement");
    if (st && (!cJSON_IsString(st) ||
               !problem_statement_valid(st->valuestring, strlen(st->valuestring)))) {
        snprintf(err, errlen, "'statement' must be UTF-8 Markdown whose first line is \"# Title\"");
        return -1;
    }
    if (st)
        p->statement = xstrdup(st->valuestring);
    return 0;
}

void api__problem_patch(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    char id[72];
    if (!author_id(m, id)) {
        api__error(api, req, 404, "unknown problem");
        return;
    }
    cJSON *doc = author_json(api, req);
    if (doc == NULL)
        return;
    struct catalog_problem p = {0};
    char err[512];
    if (author_patch_fields(doc, &p, err, sizeof(err)) < 0) {
        api__error(api, req, 400, err);
    } else {
        p.id = xstrdup(id);
        struct author *a = author_new(api, req, id);
        author_started(a, problem_cache_patch(api->pcache, &p, author_on_written, a));
    }
    catalog_problem_dispose(&p);
    cJSON_Delete(doc);
}

/*** A custom checker is compiled by a worker before the write ***/

/* Answers a PUT whose checker did not build; nothing was written. */
static void author_build_failed(struct author *a, int status, const char *msg)
{
    if (status == 400) {
        struct buf b;
        buf_init(&b);
        buf_puts(&b, "the custom checker does not compile: ");
        buf_puts(&b, msg && msg[0] ? msg : "(no compiler output)");
        api__error(a->api, a->req, 400, b.data);
        buf_dispose(&b);
    } else {
        api__error(a->api, a->req, status, msg);
    }
    author_free(a);
}

static void author_on_built(int status, const char *answer, size_t len, void *data)
{
    (void)len;
    struct author *a = data;
    const char *msg = NULL;
    enum checker_build_outcome outcome = status == 0 ? checker_builds_outcome(answer, &msg) : 0;
    if (status == 0 && outcome == CHECKER_BUILD_OK)
        author_started(a, problem_cache_put(a->api->pcache, &a->p, author_on_written, a));
    else if (status == 0 && outcome == CHECKER_BUILD_ERROR)
        author_build_failed(a, 400, msg);
    else if (status == 0)
        author_build_failed(a, 503, "a worker could not compile the checker; nothing written");
    else if (status == -ETIMEDOUT)
        author_build_failed(a, 503,
                            "no worker compiled the custom checker in time (is a worker "
                            "running?); nothing written");
    else if (status == -ECANCELED)
        author_build_failed(a, 503, "the api is stopping; nothing written");
    else
        author_build_failed(a, 503,
                            "Redis unavailable: the checker cannot be compiled; "
                            "nothing written");
}

/* Asks a worker to compile the checker (the api has no sandbox: README,
 * "Authoring problems"); the write follows its answer. Returns 0, or a
 * negative errno when the request could not be made (nothing answered). */
static int author_build(struct author *a)
{
    struct buf members;
    buf_init(&members);
    const char *src = a->p.checker_source;
    checker_builds_members(&members, src, strlen(src));
    int rc = api__lane_ask(a->api, &lane_checker_builds, lane_now_ms() + AUTHOR_BUILD_WAIT_MS,
                           members.data, NULL, 0, author_on_built, a);
    buf_dispose(&members);
    return rc;
}

void api__problem_put(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    char id[72];
    if (!author_id(m, id)) {
        api__error(api, req, 400, "problem ids are " IDS_PROBLEM_RULE);
        return;
    }
    struct catalog_problem p;
    char err[512];
    int rc;
    if (author_type_is(req, "application/zip")) {
        size_t len;
        const char *body = http_request_body(req, &len);
        if (package_zip_is_package(body, len)) {
            api__package_put(api, req, id);
            return;
        }
        rc = api__zip_load(body, len, id, &p, err, sizeof(err));
    } else if (!author_type_is(req, "application/json")) {
        api__error(api, req, 415, "Content-Type must be application/json or application/zip");
        return;
    } else {
        cJSON *doc = author_json(api, req);
        if (doc == NULL)
            return;
        rc = problem_from_json(doc, id, &p, err, sizeof(err));
        cJSON_Delete(doc);
    }
    if (rc < 0) {
        api__error(api, req, 400, err);
        return;
    }
    api__problem_write(api, req, id, &p, NULL);
}

void api__problem_write(struct api *api, struct http_request *req, const char *id,
                        struct catalog_problem *p, char *members)
{
    struct author *a = author_new(api, req, id);
    a->p = *p; /* taken */
    memset(p, 0, sizeof(*p));
    a->members = members;
    if (a->p.checker_source) {
        int rc = author_build(a);
        if (rc < 0)
            author_build_failed(a, 503,
                                rc == -ECANCELED ? "the api is stopping; nothing written"
                                                 : "Redis unavailable: the checker cannot be "
                                                   "compiled; nothing written");
    } else
        author_started(a, problem_cache_put(api->pcache, &a->p, author_on_written, a));
}

void api__problem_delete(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    char id[72];
    if (!author_id(m, id)) {
        api__error(api, req, 404, "unknown problem");
        return;
    }
    struct author *a = author_new(api, req, id);
    author_started(a, problem_cache_delete(api->pcache, id, author_on_written, a));
}
