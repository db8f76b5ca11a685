/* Reading and deleting Judge0 submissions: GET /judge0/submissions/{token},
 * GET /judge0/submissions/batch?tokens= and DELETE
 * /judge0/submissions/{token}. A submission another user made is answered
 * as one that does not exist. */
#include "api/internal.h"
#include "api/judge0.h"

#include "common/alloc.h"
#include "contract/run.h"
#include "store/keys.h"
#include "store/runs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rails' answer to a record it cannot find (ActiveRecord::RecordNotFound in
 * an API app). */
void api__judge0_not_found(struct api *api, struct http_request *req)
{
    static const char body[] = "{\"status\":404,\"error\":\"Not Found\"}";
    api__json(api, req, 404, body, sizeof(body) - 1);
}

struct show {
    struct api *api;
    struct http_request *req;
    struct api_caller who;
    struct judge0_query q;
    bool deleting;
    int at; /* the batch's next token */
    struct buf out;
};

static void show_free(struct show *sh)
{
    buf_dispose(&sh->out);
    free(sh);
}

static bool show_visible(const struct show *sh, int status, const struct judge0_submission *s)
{
    return status == 0 && api__caller_may(&sh->who, s->user);
}

static void show_on_load(struct api *api, int status, struct judge0_submission *s, void *data)
{
    struct show *sh = data;
    if (status < 0 && status != -ENOENT) {
        api->metrics.redis_unavailable++;
        api__error(api, sh->req, 503, "Redis unavailable, try again");
    } else if (!show_visible(sh, status, s)) {
        api__judge0_not_found(api, sh->req);
    } else if (judge0_render(&sh->out, s, sh->q.fields, sh->q.base64_encoded) < 0) {
        api__error(api, sh->req, 400, JUDGE0_UTF8_ERROR);
    } else {
        api__json(api, sh->req, 200, sh->out.data, sh->out.len);
    }
    show_free(sh);
}

static struct show *show_new(struct api *api, struct http_request *req, bool deleting)
{
    struct show *sh = xcalloc(1, sizeof(*sh));
    sh->api = api;
    sh->req = req;
    sh->deleting = deleting;
    buf_init(&sh->out);
    const char *user;
    if (!api__judge0_caller(api, req, &sh->who, &user) || !api__judge0_query(api, req, &sh->q)) {
        show_free(sh);
        return NULL;
    }
    return sh;
}

static bool show_token(const struct route_match *m, char token[JUDGE0_TOKEN_LEN + 1])
{
    size_t len;
    const char *t = route_param(m, "token", &len);
    if (!run_id_valid(t, len))
        return false;
    memcpy(token, t, len);
    token[len] = '\0';
    return true;
}

void api__judge0_show(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct show *sh = show_new(api, req, false);
    if (sh == NULL)
        return;
    char token[JUDGE0_TOKEN_LEN + 1];
    if (!show_token(m, token)) {
        api__judge0_not_found(api, req);
        show_free(sh);
        return;
    }
    api__judge0_load(api, token, show_on_load, sh);
}

/*** GET /judge0/submissions/batch?tokens= ***/

static void batch_show_step(struct show *sh);

static void batch_show_on_load(struct api *api, int status, struct judge0_submission *s, void *data)
{
    struct show *sh = data;
    if (status < 0 && status != -ENOENT) {
        api->metrics.redis_unavailable++;
        api__error(api, sh->req, 503, "Redis unavailable, try again");
        show_free(sh);
        return;
    }
    if (!show_visible(sh, status, s)) {
        buf_puts(&sh->out, "null");
    } else if (judge0_render(&sh->out, s, sh->q.fields, sh->q.base64_encoded) < 0) {
        api__error(api, sh->req, 400,
                   "some attributes for one or more submissions cannot be converted to UTF-8, "
                   "use base64_encoded=true query parameter");
        show_free(sh);
        return;
    }
    batch_show_step(sh);
}

/* One token at a time, in the order asked; a token that cannot be one is
 * null, as Judge0 answers a token it does not have. */
static void batch_show_step(struct show *sh)
{
    while (sh->at < sh->q.ntokens) {
        if (sh->at > 0)
            buf_puts(&sh->out, ",");
        const char *t = sh->q.tokens[sh->at++];
        if (t[0] != '\0') {
            api__judge0_load(sh->api, t, batch_show_on_load, sh);
            return;
        }
        buf_puts(&sh->out, "null");
    }
    buf_puts(&sh->out, "]}");
    api__json(sh->api, sh->req, 200, sh->out.data, sh->out.len);
    show_free(sh);
}

void api__judge0_batch_show(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct show *sh = show_new(api, req, false);
    if (sh == NULL)
        return;
    if (sh->q.ntokens == 0 || sh->q.ntokens > JUDGE0_BATCH_MAX) {
        char msg[128];
        if (sh->q.ntokens == 0)
            snprintf(msg, sizeof(msg), "there should be at least one submission in a batch");
        else
            snprintf(msg, sizeof(msg),
                     "number of submissions in a batch should be less than or equal to %d",
                     JUDGE0_BATCH_MAX);
        api__error(api, req, 400, msg);
        show_free(sh);
        return;
    }
    buf_puts(&sh->out, "{\"submissions\":[");
    batch_show_step(sh);
}

/*** DELETE /judge0/submissions/{token} ***/

static void delete_on_del(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    struct show *sh = data;
    if (status < 0) {
        sh->api->metrics.redis_unavailable++;
        api__error(sh->api, sh->req, 503, "Redis unavailable, try again");
    } else {
        api__json(sh->api, sh->req, 200, sh->out.data, sh->out.len);
    }
    show_free(sh);
}

/* Judge0 deletes only a finished submission, and answers it base64-encoded
 * (its data is then gone, and base64 always renders). */
static void delete_on_load(struct api *api, int status, struct judge0_submission *s, void *data)
{
    struct show *sh = data;
    if (status < 0 && status != -ENOENT) {
        api->metrics.redis_unavailable++;
        api__error(api, sh->req, 503, "Redis unavailable, try again");
        show_free(sh);
        return;
    }
    if (!show_visible(sh, status, s)) {
        api__judge0_not_found(api, sh->req);
        show_free(sh);
        return;
    }
    if (s->status_id == JUDGE0_IN_QUEUE || s->status_id == JUDGE0_PROCESSING) {
        char msg[128];
        snprintf(msg, sizeof(msg), "submission cannot be deleted because its status is %d (%s)",
                 s->status_id, judge0_tables_status_name(s->status_id));
        api__error(api, sh->req, 400, msg);
        show_free(sh);
        return;
    }
    judge0_render(&sh->out, s, sh->q.fields, true);
    char rec[sizeof(KEY_JUDGE0_PREFIX) + JUDGE0_TOKEN_LEN];
    char cb[sizeof(KEY_JUDGE0_CALLBACK_PREFIX) + JUDGE0_TOKEN_LEN];
    char run[RUNS_KEY_MAX];
    snprintf(rec, sizeof(rec), "%s%s", KEY_JUDGE0_PREFIX, s->token);
    snprintf(cb, sizeof(cb), "%s%s", KEY_JUDGE0_CALLBACK_PREFIX, s->token);
    if (runs_key(run, s->token) < 0) {
        api__error(api, sh->req, 500, "bad token");
        show_free(sh);
        return;
    }
    const char *argv[] = {"DEL", rec, run, cb};
    int rc = redis_cmd(api->redis, 0, delete_on_del, sh, 4, argv, NULL);
    if (rc < 0)
        delete_on_del(api->redis, rc, NULL, sh);
}

void api__judge0_delete(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    struct show *sh = show_new(api, req, true);
    if (sh == NULL)
        return;
    char token[JUDGE0_TOKEN_LEN + 1];
    if (!show_token(m, token)) {
        api__judge0_not_found(api, req);
        show_free(sh);
        return;
    }
    api__judge0_load(api, token, delete_on_load, sh);
}
