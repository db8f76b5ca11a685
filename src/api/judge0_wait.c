/* What the Judge0 routes do when a run finishes: answer the requests that
 * wait on it (POST ?wait=true) and call its callback_url. Finished runs are
 * announced on CHANNEL_RUN_DONE (contract/run.h); this api subscribes once,
 * on a Redis connection of its own. A waiter also reads its run when it
 * starts waiting and whenever that connection comes back, so a result
 * announced before or during a disconnection is not missed; nothing polls. */
#include "api/internal.h"
#include "api/judge0.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest a request waits: past it, it is answered with the submission
 * as it then is (In Queue or Processing), as a client that polls would see
 * it. Judge0's own limits allow 20 s of wall time per run. */
#define WAIT_MAX_MS 60000

struct waiter {
    struct list node;
    struct api *api;
    struct http_request *req;
    char token[JUDGE0_TOKEN_LEN + 1];
    uint64_t fields;
    bool base64;
    bool loading; /* a read of its submission is in flight */
    bool again;   /* ... and another was asked for meanwhile */
    bool done;    /* answered; freed when its timer is closed */
    uv_timer_t deadline;
};

static void wait_on_closed(uv_handle_t *h)
{
    free(h->data);
}

static void wait_answer(struct waiter *w, int status, const char *body, size_t len)
{
    w->done = true;
    list_remove(&w->node);
    api__json(w->api, w->req, status, body, len);
    uv_timer_stop(&w->deadline);
    /* A read in flight still holds w: wait_on_load closes it then. */
    if (!w->loading)
        uv_close((uv_handle_t *)&w->deadline, wait_on_closed);
}

static void wait_check(struct waiter *w);

/* The submission as read now: answered when finished (or when the wait is
 * over, final true), kept waiting otherwise. */
static void wait_on_load(struct api *api, int status, struct judge0_submission *s, void *data)
{
    (void)api;
    struct waiter *w = data;
    w->loading = false;
    if (w->done) {
        /* Answered meanwhile (the api is stopping): w waited for this
         * read before being freed (wait_answer). */
        uv_close((uv_handle_t *)&w->deadline, wait_on_closed);
        return;
    }
    bool final = w->again == false && uv_is_active((uv_handle_t *)&w->deadline) == 0;
    if (status == -ENOENT) {
        /* Deleted while it was waited for: nothing will come. */
        static const char gone[] = "{\"status\":404,\"error\":\"Not Found\"}";
        wait_answer(w, 404, gone, sizeof(gone) - 1);
        return;
    }
    if (status < 0) {
        if (final) {
            wait_answer(w, 503, "{\"error\":\"Redis unavailable, try again\"}", 40);
        } else if (w->again) {
            /* A newer reason to look (a run_done, or the deadline) came
             * while this read failed: look again, or it would be lost and
             * the request would outlive its deadline. */
            w->again = false;
            wait_check(w);
        }
        return;
    }
    bool finished = s->status_id != JUDGE0_IN_QUEUE && s->status_id != JUDGE0_PROCESSING;
    if (!finished && !final) {
        if (w->again) {
            w->again = false;
            wait_check(w);
        }
        return;
    }
    struct buf b;
    buf_init(&b);
    if (judge0_render(&b, s, w->fields, w->base64) == 0) {
        wait_answer(w, 201, b.data, b.len);
    } else {
        /* Judge0's documented answer: the token and the conversion error. */
        buf_reset(&b);
        buf_printf(&b, "{\"token\":\"%s\",\"error\":\"%s\"}", s->token, JUDGE0_UTF8_ERROR);
        wait_answer(w, 201, b.data, b.len);
    }
    buf_dispose(&b);
}

static void wait_check(struct waiter *w)
{
    if (w->loading) {
        w->again = true;
        return;
    }
    w->loading = true;
    api__judge0_load(w->api, w->token, wait_on_load, w);
}

static void wait_on_deadline(uv_timer_t *t)
{
    struct waiter *w = t->data;
    /* The timer is no longer active: the next read answers whatever it
     * finds (wait_on_load's final). */
    wait_check(w);
}

void api__judge0_wait_add(struct api *api, struct http_request *req, const char *token,
                          uint64_t fields, bool base64)
{
    struct waiter *w = xcalloc(1, sizeof(*w));
    w->api = api;
    w->req = req;
    memcpy(w->token, token, JUDGE0_TOKEN_LEN + 1);
    w->fields = fields;
    w->base64 = base64;
    w->deadline.data = w;
    if (uv_timer_init(api->loop, &w->deadline) != 0 ||
        uv_timer_start(&w->deadline, wait_on_deadline, WAIT_MAX_MS, 0) != 0)
        abort(); /* only a bad handle or callback fails these */
    list_push(&api->judge0_waiters, &w->node);
    wait_check(w);
}

/* Whoever deletes "judge0:cb:<token>" sends the callback: one api of many. */
static void wait_on_claim_load(struct api *api, int status, struct judge0_submission *s, void *data)
{
    (void)data;
    if (status == 0 && s->callback_url != NULL)
        api__judge0_callback_send(api, s);
    else if (status < 0)
        log_warn("judge0: a callback is lost: cannot read its submission: %s", strerror(-status));
}

struct claim {
    struct api *api;
    char token[JUDGE0_TOKEN_LEN + 1];
};

static void wait_on_claim(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct claim *c = data;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_INTEGER && redis_reply_int(reply) == 1 &&
        !c->api->stopping)
        api__judge0_load(c->api, c->token, wait_on_claim_load, NULL);
    free(c);
}

static void wait_claim(struct api *api, const char *token)
{
    char key[sizeof(KEY_JUDGE0_CALLBACK_PREFIX) + JUDGE0_TOKEN_LEN];
    snprintf(key, sizeof(key), "%s%s", KEY_JUDGE0_CALLBACK_PREFIX, token);
    struct claim *c = xcalloc(1, sizeof(*c));
    c->api = api;
    memcpy(c->token, token, JUDGE0_TOKEN_LEN + 1);
    const char *argv[] = {"DEL", key};
    if (redis_cmd(api->redis, 0, wait_on_claim, c, 2, argv, NULL) < 0)
        free(c);
}

/* A finished run: its waiters read it, and a callback it owes is claimed. */
static void wait_on_run_done(struct redis *r, const char *pattern, const char *channel,
                             size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct api *api = data;
    cJSON *o = cJSON_ParseWithLength(msg, len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (cJSON_IsString(id) && strlen(id->valuestring) == JUDGE0_TOKEN_LEN) {
        struct list *pos, *tmp;
        list_foreach_safe(pos, tmp, &api->judge0_waiters)
        {
            struct waiter *w = container_of(pos, struct waiter, node);
            if (strcmp(w->token, id->valuestring) == 0)
                wait_check(w);
        }
        wait_claim(api, id->valuestring);
    }
    cJSON_Delete(o);
}

/* Back after a disconnection: what was announced meanwhile is lost, so
 * every waiter reads its run again. */
static void wait_on_sub_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct api *api = data;
    if (!up)
        return;
    struct list *pos;
    list_foreach(pos, &api->judge0_waiters)
    {
        wait_check(container_of(pos, struct waiter, node));
    }
}

int api__judge0_start(struct api *api, const char *redis_url, char *err, size_t errlen)
{
    list_init(&api->judge0_waiters);
    list_init(&api->judge0_callbacks);
    api->judge0_sub = redis_new_subscriber(api->loop, redis_url, CHANNEL_RUN_DONE,
                                           wait_on_sub_state, wait_on_run_done, api, err, errlen);
    return api->judge0_sub ? 0 : -1;
}

/* The made submissions are answered with their token (201, as without
 * wait): their runs go on, and the client can read them later. */
void api__judge0_stop(struct api *api)
{
    if (api->judge0_sub == NULL)
        return;
    while (!list_empty(&api->judge0_waiters)) {
        struct waiter *w = container_of(api->judge0_waiters.next, struct waiter, node);
        char body[64];
        int n = snprintf(body, sizeof(body), "{\"token\":\"%s\"}", w->token);
        wait_answer(w, 201, body, (size_t)n);
    }
    api__judge0_callback_stop(api);
    redis_free(api->judge0_sub);
    api->judge0_sub = NULL;
}
