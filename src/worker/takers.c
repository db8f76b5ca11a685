/* The worker's side of the request lanes (store/lane.h): a taker per kind
 * (builds.c, input_checks.c, settles.c) holds at most one request at a time
 * and takes the next one as soon as it is free, until the list is empty.
 * An api's request wakes the takers at once through CHANNEL_LANES_REQUESTED,
 * on a subscriber connection of the worker's own (a subscribed connection
 * answers nothing else); each taker also looks every TAKERS_SAFETY_MS, and
 * every one looks when that connection comes back, so a wake-up lost in a
 * reconnect costs at most that long. */
#include "worker/internal.h"

#include "common/log.h"
#include "store/keys.h"

#include <errno.h>
#include <string.h>

#define TAKERS_SAFETY_MS 1000

static void takers_take(struct wtaker *t);

static void takers_on_refused(int status, void *data)
{
    struct wtaker *t = data;
    if (status < 0)
        log_warn("cannot refuse a %s request: %s", t->kind->name, strerror(-status));
    worker__taker_done(t);
}

/* A request taken just as the worker stops: answered at once as this
 * worker's failure, so that its api does not wait for its deadline. */
static void takers_refuse(struct wtaker *t, const struct lane_request *req)
{
    t->busy = true;
    log_info("%s request %s refused: the worker is stopping", t->kind->name, req->token);
    if (t->refuse(t->w->redis, req->token, "the worker is stopping", takers_on_refused, t) < 0)
        takers_on_refused(-ENOTCONN, t);
}

static void takers_on_take(int status, const struct lane_request *req, void *data)
{
    struct wtaker *t = data;
    struct worker *w = t->w;
    t->taking = false;
    if (status == -ESTALE) {
        log_info("%s request dropped: its deadline passed, or it is malformed", t->kind->name);
        /* The next one may be good; a stopping worker takes none, but may
         * have waited for this take alone to exit. */
        if (w->stopping)
            worker__maybe_exit(w);
        else
            takers_take(t);
    } else if (status < 0 || req == NULL) {
        if (status < 0 && status != -ENOTCONN)
            log_warn("cannot take %s requests: %s", t->kind->name, strerror(-status));
        worker__maybe_exit(w);
    } else if (w->stopping) {
        takers_refuse(t, req);
    } else {
        t->busy = true;
        t->on_request(t, req);
    }
}

static void takers_take(struct wtaker *t)
{
    struct worker *w = t->w;
    if (t->taking || t->busy || w->stopping || !redis_connected(w->redis))
        return;
    t->taking = true;
    int rc = lane_take(w->redis, t->kind, takers_on_take, t);
    if (rc < 0) {
        t->taking = false;
        worker__maybe_exit(w);
    }
}

void worker__taker_done(struct wtaker *t)
{
    t->busy = false;
    if (t->w->stopping)
        worker__maybe_exit(t->w);
    else
        takers_take(t);
}

static void takers_on_timer(uv_timer_t *timer)
{
    takers_take(timer->data);
}

/* A request queued: the taker of its kind looks now. */
static void takers_on_requested(struct redis *r, const char *pattern, const char *channel,
                                size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct worker *w = data;
    const struct lane_kind *k = lane_kind_named(msg, len);
    for (size_t i = 0; k && i < WORKER_TAKERS; i++)
        if (w->takers[i].kind == k)
            takers_take(&w->takers[i]);
}

/* Back after a disconnection: a wake-up may have been lost meanwhile. */
static void takers_on_sub_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct worker *w = data;
    for (size_t i = 0; up && i < WORKER_TAKERS; i++)
        takers_take(&w->takers[i]);
}

void worker__taker_init(struct worker *w, struct wtaker *t, const struct lane_kind *kind,
                        void (*on_request)(struct wtaker *t, const struct lane_request *req),
                        int (*refuse)(struct redis *r, const char *token, const char *why,
                                      void (*cb)(int status, void *data), void *data))
{
    *t = (struct wtaker){.w = w, .kind = kind, .on_request = on_request, .refuse = refuse};
    uv_timer_init(w->loop, &t->timer);
    t->timer.data = t;
}

void worker__takers_start(struct worker *w)
{
    for (size_t i = 0; i < WORKER_TAKERS; i++)
        uv_timer_start(&w->takers[i].timer, takers_on_timer, TAKERS_SAFETY_MS, TAKERS_SAFETY_MS);
    redis_on_state(w->sub, takers_on_sub_state, w);
    /* Kept even when sending fails now: renewed at each reconnect. */
    int rc = redis_subscribe(w->sub, CHANNEL_LANES_REQUESTED, false, takers_on_requested, w);
    if (rc < 0)
        log_warn("cannot subscribe to %s yet: %s", CHANNEL_LANES_REQUESTED, strerror(-rc));
}

void worker__takers_stop(struct worker *w)
{
    for (size_t i = 0; i < WORKER_TAKERS; i++)
        uv_timer_stop(&w->takers[i].timer);
}

bool worker__takers_busy(const struct worker *w)
{
    for (size_t i = 0; i < WORKER_TAKERS; i++)
        if (w->takers[i].taking || w->takers[i].busy)
            return true;
    return false;
}

void worker__takers_close(struct worker *w)
{
    for (size_t i = 0; i < WORKER_TAKERS; i++)
        if (w->takers[i].w && !uv_is_closing((uv_handle_t *)&w->takers[i].timer))
            uv_close((uv_handle_t *)&w->takers[i].timer, NULL);
    redis_free(w->sub);
    w->sub = NULL;
}
