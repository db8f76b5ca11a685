/* The api's side of the request lanes (store/lane.h): asks a worker for
 * sandboxed work and waits for its answer without polling. Workers announce
 * each answer's token on CHANNEL_LANES_ANSWERED; this api subscribes once,
 * on a Redis connection of its own, and wakes the waiter of that token
 * (a table of waiters by token), which reads its answer at once. A waiter
 * also reads it every LANES_SAFETY_MS and whenever that connection comes
 * back: an announcement lost while it was down costs at most that long.
 * Past its deadline a waiter ends with -ETIMEDOUT.
 *
 * Its own connection rather than the Judge0 waits' (judge0_wait.c): a
 * connection has one state callback, which each owner needs to read again
 * after a reconnect, and the two have their own lifetimes. One more
 * connection per api is cheap. */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "store/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* The slow re-read that covers an announcement lost in a reconnect. */
#define LANES_SAFETY_MS 1000

struct lane_wait {
    struct list node; /* in its bucket of api->lane_waiters while waiting */
    struct api *api;
    const struct lane_kind *kind;
    char token[LANE_TOKEN_MAX];
    uint64_t deadline_ms;
    api_lane_cb cb;
    void *data;
    uv_timer_t timer; /* the next safety read, or the deadline if sooner */
    bool reading;     /* its request, or a GET of its answer, is in flight */
    bool again;       /* ... and another reason to read came meanwhile */
    bool done;        /* answered; freed once its timer is closed */
};

/* Tokens are random hex: their first two digits spread them evenly. */
static struct list *lanes_bucket(struct api *api, const char *token)
{
    unsigned h = (unsigned)strtoul((char[3]){token[0], token[1], '\0'}, NULL, 16);
    return &api->lane_waiters[h % API_LANE_BUCKETS];
}

static void lanes_on_closed(uv_handle_t *h)
{
    free(h->data);
}

static void lanes_end(struct lane_wait *w, int status, const char *answer, size_t len)
{
    w->done = true;
    list_remove(&w->node);
    uv_timer_stop(&w->timer);
    w->cb(status, answer, len, w->data);
    /* A read in flight still holds w: lanes_on_result closes it then. */
    if (!w->reading)
        uv_close((uv_handle_t *)&w->timer, lanes_on_closed);
}

static void lanes_on_timer(uv_timer_t *t);

static void lanes_arm(struct lane_wait *w)
{
    uint64_t now = lane_now_ms();
    uint64_t left = w->deadline_ms > now ? w->deadline_ms - now : 0;
    uv_timer_start(&w->timer, lanes_on_timer, left < LANES_SAFETY_MS ? left + 1 : LANES_SAFETY_MS,
                   0);
}

static void lanes_read(struct lane_wait *w);

static void lanes_on_result(int status, const char *answer, size_t len, void *data)
{
    struct lane_wait *w = data;
    w->reading = false;
    if (w->done) {
        uv_close((uv_handle_t *)&w->timer, lanes_on_closed);
        return;
    }
    if (status == 0 && answer) {
        lanes_end(w, 0, answer, len);
    } else if (lane_now_ms() >= w->deadline_ms) {
        lanes_end(w, -ETIMEDOUT, NULL, 0);
    } else if (w->again) {
        w->again = false;
        lanes_read(w);
    } else {
        lanes_arm(w);
    }
}

static void lanes_read(struct lane_wait *w)
{
    if (w->reading) {
        w->again = true;
        return;
    }
    w->reading = true;
    int rc = lane_result(w->api->redis, w->kind, w->token, lanes_on_result, w);
    if (rc < 0)
        lanes_on_result(rc, NULL, 0, w); /* a reply's path: w is not the caller's */
}

static void lanes_on_timer(uv_timer_t *t)
{
    lanes_read(t->data);
}

static void lanes_on_requested(int status, void *data)
{
    struct lane_wait *w = data;
    w->reading = false;
    if (w->done) { /* the api stopped meanwhile */
        uv_close((uv_handle_t *)&w->timer, lanes_on_closed);
        return;
    }
    if (status < 0) {
        w->api->metrics.redis_unavailable++;
        lanes_end(w, -ENOTCONN, NULL, 0);
    } else if (w->again) { /* answered already (announced before this reply) */
        w->again = false;
        lanes_read(w);
    } else {
        lanes_arm(w);
    }
}

int api__lane_ask(struct api *api, const struct lane_kind *kind, uint64_t deadline_ms,
                  const char *members, const char *blob, size_t blob_len, api_lane_cb cb,
                  void *data)
{
    if (api->stopping)
        return -ECANCELED;
    if (api->redis == NULL || api->lanes_sub == NULL)
        return -ENOTCONN;
    unsigned char raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
        return -EAGAIN;
    struct lane_wait *w = xcalloc(1, sizeof(*w));
    *w = (struct lane_wait){
        .api = api, .kind = kind, .deadline_ms = deadline_ms, .cb = cb, .data = data};
    for (int i = 0; i < 16; i++)
        snprintf(w->token + 2 * i, 3, "%02x", raw[i]);
    /* Until the request's reply, like a read: w outlives it, and a wake-up
     * meanwhile reads after it. */
    w->reading = true;
    int rc = lane_request(api->redis, kind, w->token, deadline_ms, members, blob, blob_len,
                          lanes_on_requested, w);
    if (rc < 0) {
        api->metrics.redis_unavailable++;
        free(w);
        return rc;
    }
    if (uv_timer_init(api->loop, &w->timer) != 0)
        abort(); /* only a bad loop fails it */
    w->timer.data = w;
    uv_timer_start(&w->timer, lanes_on_timer, LANES_SAFETY_MS, 0);
    list_push(lanes_bucket(api, w->token), &w->node);
    return 0;
}

/* An answer announced: its waiter, if it is ours, reads it now. */
static void lanes_on_answered(struct redis *r, const char *pattern, const char *channel,
                              size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct api *api = data;
    if (len < 2 || len >= LANE_TOKEN_MAX)
        return;
    struct list *pos, *tmp;
    list_foreach_safe(pos, tmp, lanes_bucket(api, msg))
    {
        struct lane_wait *w = container_of(pos, struct lane_wait, node);
        if (strlen(w->token) == len && memcmp(w->token, msg, len) == 0)
            lanes_read(w);
    }
}

/* Back after a disconnection: what was announced meanwhile is lost, so
 * every waiter reads its answer again. */
static void lanes_on_sub_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct api *api = data;
    if (!up)
        return;
    for (size_t b = 0; b < API_LANE_BUCKETS; b++) {
        struct list *pos, *tmp;
        list_foreach_safe(pos, tmp, &api->lane_waiters[b])
        {
            lanes_read(container_of(pos, struct lane_wait, node));
        }
    }
}

int api__lanes_start(struct api *api, const char *redis_url, char *err, size_t errlen)
{
    for (size_t b = 0; b < API_LANE_BUCKETS; b++)
        list_init(&api->lane_waiters[b]);
    api->lanes_sub = redis_new_subscriber(api->loop, redis_url, CHANNEL_LANES_ANSWERED,
                                          lanes_on_sub_state, lanes_on_answered, api, err, errlen);
    return api->lanes_sub ? 0 : -1;
}

/* Every waiter ends with -ECANCELED (its caller answers 503); a read in
 * flight ends when api->redis is freed, after this. */
void api__lanes_stop(struct api *api)
{
    if (api->lanes_sub == NULL)
        return;
    for (size_t b = 0; b < API_LANE_BUCKETS; b++)
        while (!list_empty(&api->lane_waiters[b]))
            lanes_end(container_of(api->lane_waiters[b].next, struct lane_wait, node), -ECANCELED,
                      NULL, 0);
    redis_free(api->lanes_sub);
    api->lanes_sub = NULL;
}
