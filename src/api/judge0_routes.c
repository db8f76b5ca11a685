/* The Judge0-compatible API's submission routes (README "Judge0-compatible
 * API"): POST /judge0/submissions (and ?wait=true), GET and DELETE
 * /judge0/submissions/{token}, and the batch routes. A Judge0 submission is
 * a problem-less run (contract/run.h) whose id is the token, plus a record
 * of what the client asked ("judge0:<token>"), both kept --judge0-keep. */
#include "api/internal.h"
#include "api/judge0.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/ids.h"
#include "contract/run.h"
#include "store/keys.h"
#include "store/rate.h"
#include "store/runs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The user Judge0 requests act for when no user token names one: open mode
 * and the admin token (contract/ids.h). */
#define JUDGE0_USER IDS_USER_JUDGE0

/* Judge0's authentication: 401 with an empty body. The credential is
 * X-Auth-Token (Judge0's header) or Authorization: Bearer. */
bool api__judge0_caller(struct api *api, struct http_request *req, struct api_caller *who,
                        const char **user)
{
    memset(who, 0, sizeof(*who));
    *user = JUDGE0_USER;
    if (api->auth_secret == NULL) {
        who->open = true;
        return true;
    }
    size_t len;
    const char *cred = http_request_header(req, "X-Auth-Token", &len);
    if (cred == NULL) {
        cred = http_request_header(req, "Authorization", &len);
        if (cred != NULL && len > 7 && strncasecmp(cred, "Bearer ", 7) == 0) {
            cred += 7;
            len -= 7;
        } else {
            cred = NULL;
        }
    }
    if (cred != NULL && api->admin_token != NULL && api->admin_token[0] != '\0' &&
        len == strlen(api->admin_token) && CRYPTO_memcmp(cred, api->admin_token, len) == 0) {
        who->admin = true;
        return true;
    }
    int rc =
        cred ? token_parse(api->auth_secret, cred, len, (int64_t)time(NULL), who->user) : -EACCES;
    if (rc > 0 && ids_user_tokenable(who->user, (size_t)rc)) {
        *user = who->user;
        return true;
    }
    api->metrics.responses[4]++;
    http_respond(req, 401, NULL, NULL, "", 0);
    return false;
}

/* {"error": msg}: Judge0's shape for every error that is not a field's. */
static void judge0_error(struct api *api, struct http_request *req, int status, const char *msg)
{
    api__error(api, req, status, msg);
}

bool api__judge0_query(struct api *api, struct http_request *req, struct judge0_query *q)
{
    size_t len;
    const char *qs = http_request_query(req, &len);
    char err[640];
    if (judge0_parse_query(qs, len, q, err, sizeof(err)) == 0)
        return true;
    api__json(api, req, 400, err, strlen(err));
    return false;
}

/*** Creating: record, callback claim, run ***/

struct create;
typedef void (*create_done_cb)(struct create *c, int status, const char *body, size_t len);

struct create {
    struct api *api;
    struct judge0_submission s;
    char user[TOKEN_USER_MAX + 1];
    long retry_after_s; /* a 429's */
    create_done_cb done;
    void *data;
};

static void create_end(struct create *c, int status, const char *msg)
{
    char body[320];
    struct buf b;
    buf_init(&b);
    if (msg != NULL) {
        buf_puts(&b, "{\"error\":");
        buf_json_str(&b, msg, strlen(msg));
        buf_puts(&b, "}");
    } else {
        snprintf(body, sizeof(body), "{\"token\":\"%s\"}", c->s.token);
        buf_puts(&b, body);
    }
    c->done(c, status, b.data, b.len);
    buf_dispose(&b);
}

static void create_on_run(int status, void *data)
{
    struct create *c = data;
    if (status < 0) {
        c->api->metrics.redis_unavailable++;
        log_warn("judge0 %s: cannot queue its run: %s", c->s.token, strerror(-status));
        create_end(c, 503, "queue unavailable, try again");
        return;
    }
    c->api->metrics.runs_accepted++;
    create_end(c, 201, NULL);
}

static void create_run(struct create *c)
{
    const struct judge0_submission *s = &c->s;
    struct run_opts o = {
        .cpu_ms = (uint32_t)ceil(s->cpu_time_limit * 1000),
        .wall_ms = (uint32_t)ceil(s->wall_time_limit * 1000),
        .memory_kb = (uint32_t)s->memory_limit,
        .expected = s->expected_output.data,
        .expected_len = s->expected_output.len,
        .keep_s = (uint32_t)c->api->judge0_keep_s,
    };
    struct buf job;
    buf_init(&job);
    run_job_build(&job, s->token, c->user, NULL, s->language->lang_id, s->source_code.data,
                  s->source_code.len, s->stdin_text.data ? s->stdin_text.data : "",
                  s->stdin_text.len, &o);
    int rc = runs_create(c->api->redis, s->token, c->user, o.keep_s, job.data, job.len,
                         create_on_run, c);
    buf_dispose(&job);
    if (rc < 0)
        create_on_run(rc, c);
}

static void create_on_claim(struct redis *r, int status, const struct redis_reply *reply,
                            void *data)
{
    (void)r;
    (void)reply;
    struct create *c = data;
    if (status < 0) {
        create_on_run(status, c);
        return;
    }
    create_run(c);
}

/* With a callback_url, "judge0:cb:<token>" marks the call as owed, before
 * the run can finish. */
static void create_on_record(struct redis *r, int status, const struct redis_reply *reply,
                             void *data)
{
    struct create *c = data;
    if (status < 0 || c->s.callback_url == NULL) {
        create_on_claim(r, status, reply, c);
        return;
    }
    char key[sizeof(KEY_JUDGE0_CALLBACK_PREFIX) + JUDGE0_TOKEN_LEN], ttl[24];
    snprintf(key, sizeof(key), "%s%s", KEY_JUDGE0_CALLBACK_PREFIX, c->s.token);
    snprintf(ttl, sizeof(ttl), "%ld", c->api->judge0_keep_s);
    const char *argv[] = {"SET", key, "1", "EX", ttl};
    int rc = redis_cmd(c->api->redis, 0, create_on_claim, c, 5, argv, NULL);
    if (rc < 0)
        create_on_run(rc, c);
}

static void create_store(struct create *c)
{
    int rc = run_id_new(c->s.token);
    if (rc < 0) {
        log_warn("judge0: cannot make a token: %s", strerror(-rc));
        create_end(c, 500, "cannot make a token");
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    c->s.created_at_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    snprintf(c->s.user, sizeof(c->s.user), "%s", c->user);
    struct buf rec;
    buf_init(&rec);
    judge0_store_write(&rec, &c->s);
    char key[sizeof(KEY_JUDGE0_PREFIX) + JUDGE0_TOKEN_LEN], ttl[24];
    snprintf(key, sizeof(key), "%s%s", KEY_JUDGE0_PREFIX, c->s.token);
    snprintf(ttl, sizeof(ttl), "%ld", judge0_store_ttl_s(c->api->judge0_keep_s));
    const char *argv[] = {"SET", key, rec.data, "EX", ttl};
    size_t lens[] = {3, strlen(key), rec.len, 2, strlen(ttl)};
    rc = redis_cmd(c->api->redis, 0, create_on_record, c, 5, argv, lens);
    buf_dispose(&rec);
    if (rc < 0)
        create_on_run(rc, c);
}

static void create_on_rate(int status, bool allowed, long retry_after_s, void *data)
{
    struct create *c = data;
    if (status == 0 && allowed) {
        create_store(c);
        return;
    }
    if (status < 0) {
        create_on_run(status, c);
        return;
    }
    c->api->metrics.submissions_limited++;
    c->retry_after_s = retry_after_s;
    char msg[160];
    snprintf(msg, sizeof(msg),
             "too many submissions and runs: at most %ld a minute per user; retry in %ld s",
             c->api->submit_rate, retry_after_s);
    create_end(c, 429, msg);
}

/* Starts the making of c's submission (parsed and checked); c->done is
 * called exactly once, later. */
static void create_start(struct create *c)
{
    if (c->api->submit_rate > 0) {
        int rc = rate_hit(c->api->redis, c->user, c->api->submit_rate, create_on_rate, c);
        if (rc < 0)
            create_on_rate(rc, false, 0, c);
        return;
    }
    create_store(c);
}

/* Parses and checks one submission of a body (obj: a cJSON object): 0, or
 * 422 with the field errors in e. */
static int create_check(struct api *api, const void *obj, bool base64, struct create *c,
                        struct judge0_errors *e)
{
    int status = judge0_parse_object(obj, base64, api->max_code, &c->s, e);
    char why[160];
    if (c->s.callback_url != NULL &&
        !api__judge0_callback_allowed(api, c->s.callback_url, why, sizeof(why))) {
        judge0_errors_add(e, "callback_url", why);
        status = 422;
    }
    return status;
}

/*** POST /judge0/submissions ***/

struct single {
    struct http_request *req;
    struct judge0_query q;
};

static void single_done(struct create *c, int status, const char *body, size_t len)
{
    struct single *one = c->data;
    if (status == 201 && one->q.wait)
        api__judge0_wait_add(c->api, one->req, c->s.token, one->q.fields, one->q.base64_encoded);
    else if (status == 429) {
        char headers[64];
        snprintf(headers, sizeof(headers), "Retry-After: %ld\r\n", c->retry_after_s);
        c->api->metrics.responses[4]++;
        http_respond(one->req, 429, "application/json", headers, body, len);
    } else
        api__json(c->api, one->req, status, body, len);
    judge0_submission_dispose(&c->s);
    free(one);
    free(c);
}

void api__judge0_create(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct api_caller who;
    const char *user;
    struct judge0_query q;
    if (!api__judge0_caller(api, req, &who, &user) || !api__judge0_query(api, req, &q))
        return;
    size_t len;
    const char *body = http_request_body(req, &len);
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        judge0_error(api, req, 400, "the body must be a JSON object");
        return;
    }
    struct create *c = xcalloc(1, sizeof(*c));
    c->api = api;
    snprintf(c->user, sizeof(c->user), "%s", user);
    struct judge0_errors e;
    judge0_errors_init(&e);
    int status = create_check(api, root, q.base64_encoded, c, &e);
    cJSON_Delete(root);
    if (status != 0) {
        size_t elen;
        const char *ejson = judge0_errors_json(&e, &elen);
        api__json(api, req, status, ejson, elen);
        judge0_errors_dispose(&e);
        judge0_submission_dispose(&c->s);
        free(c);
        return;
    }
    judge0_errors_dispose(&e);
    struct single *one = xcalloc(1, sizeof(*one));
    one->req = req;
    one->q = q;
    c->done = single_done;
    c->data = one;
    create_start(c);
}

/*** POST /judge0/submissions/batch ***/

/* Judge0 makes a batch's submissions one by one: each entry answers its
 * token or its own errors, and the batch is 201 when any was made, else 422. */
struct batch {
    struct api *api;
    struct http_request *req;
    cJSON *list;
    bool base64;
    int n, next;
    bool made;
    char user[TOKEN_USER_MAX + 1];
    struct buf out;
};

static void batch_step(struct batch *b);

static void batch_done(struct create *c, int status, const char *body, size_t len)
{
    struct batch *b = c->data;
    b->made |= status == 201;
    buf_append(&b->out, body, len);
    judge0_submission_dispose(&c->s);
    free(c);
    batch_step(b);
}

static void batch_finish(struct batch *b)
{
    buf_puts(&b->out, "]");
    api__json(b->api, b->req, b->made ? 201 : 422, b->out.data, b->out.len);
    buf_dispose(&b->out);
    cJSON_Delete(b->list);
    free(b);
}

/* Entries that fail their checks are answered at once; the next valid one
 * starts the chain again. */
static void batch_step(struct batch *b)
{
    while (b->next < b->n) {
        const cJSON *obj = cJSON_GetArrayItem(b->list, b->next);
        if (b->next++ > 0)
            buf_puts(&b->out, ",");
        struct create *c = xcalloc(1, sizeof(*c));
        c->api = b->api;
        snprintf(c->user, sizeof(c->user), "%s", b->user);
        struct judge0_errors e;
        judge0_errors_init(&e);
        int status = create_check(b->api, obj, b->base64, c, &e);
        size_t elen;
        const char *ejson = judge0_errors_json(&e, &elen);
        if (status != 0) {
            buf_append(&b->out, ejson, elen);
            judge0_errors_dispose(&e);
            judge0_submission_dispose(&c->s);
            free(c);
            continue;
        }
        judge0_errors_dispose(&e);
        c->done = batch_done;
        c->data = b;
        create_start(c);
        return;
    }
    batch_finish(b);
}

void api__judge0_batch_create(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct api_caller who;
    const char *user;
    struct judge0_query q;
    if (!api__judge0_caller(api, req, &who, &user) || !api__judge0_query(api, req, &q))
        return;
    size_t len;
    const char *body = http_request_body(req, &len);
    cJSON *root = cJSON_ParseWithLength(body, len);
    cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(root, "submissions");
    cJSON_Delete(root);
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;
    char msg[128];
    if (n > JUDGE0_BATCH_MAX || n == 0) {
        if (n == 0)
            snprintf(msg, sizeof(msg), "there should be at least one submission in a batch");
        else
            snprintf(msg, sizeof(msg),
                     "number of submissions in a batch should be less than or equal to %d",
                     JUDGE0_BATCH_MAX);
        cJSON_Delete(list);
        judge0_error(api, req, 400, msg);
        return;
    }
    struct batch *b = xcalloc(1, sizeof(*b));
    *b = (struct batch){.api = api, .req = req, .list = list, .base64 = q.base64_encoded, .n = n};
    snprintf(b->user, sizeof(b->user), "%s", user);
    buf_init(&b->out);
    buf_puts(&b->out, "[");
    batch_step(b);
}
