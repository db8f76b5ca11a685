/* One multi-value LPUSH per loop turn. */
#include "store/queue_batch.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/list.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_BATCH_MAX 1024

struct queue_batch {
    struct store__batch base; /* the waiters, one per job */
    struct redis *redis;
    struct buf jobs; /* the values, back to back */
    size_t *lens;    /* each job's length, as many as base.n */
    size_t lens_cap;
};

static void batch_answer(const struct store__waiter *w, int status)
{
    ((queue_push_cb)w->cb)(status, w->data);
}

static void batch_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    store__flight_answer(data, status);
}

static void batch_flush(struct store__batch *base)
{
    struct queue_batch *b = container_of(base, struct queue_batch, base);
    size_t n = base->n;
    const char **argv = xmalloc((n + 2) * sizeof(*argv));
    size_t *lens = xmalloc((n + 2) * sizeof(*lens));
    argv[0] = "LPUSH";
    lens[0] = 5;
    argv[1] = KEY_QUEUE;
    lens[1] = strlen(KEY_QUEUE);
    const char *p = b->jobs.data;
    for (size_t i = 0; i < n; i++) {
        argv[i + 2] = p;
        lens[i + 2] = b->lens[i];
        p += b->lens[i];
    }
    struct store__flight *f = store__batch_take(base);
    int rc = redis_push(b->redis, batch_on_reply, f, (int)(n + 2), argv, lens);
    free(argv);
    free(lens);
    buf_reset(&b->jobs);
    if (rc < 0)
        /* From the check handle, or from a push that found the batch full:
         * then the jobs answered are earlier pushes', whose calls returned. */
        store__flight_answer(f, rc);
}

struct queue_batch *queue_batch_new(uv_loop_t *loop, struct redis *r)
{
    struct queue_batch *b = xcalloc(1, sizeof(*b));
    b->redis = r;
    buf_init(&b->jobs);
    store__batch_init(&b->base, loop, batch_flush, batch_answer);
    return b;
}

static void batch_on_closed(struct store__batch *base)
{
    struct queue_batch *b = container_of(base, struct queue_batch, base);
    buf_dispose(&b->jobs);
    free(b->lens);
    free(b);
}

void queue_batch_free(struct queue_batch *b)
{
    if (b != NULL)
        store__batch_close(&b->base, batch_on_closed);
}

int queue_batch_push(struct queue_batch *b, const char *job, size_t len, queue_push_cb cb,
                     void *data)
{
    if (!redis_connected(b->redis))
        return -ENOTCONN;
    /* A full batch goes out now; this job starts the next one, so its
     * callback still comes later. */
    if (b->base.n >= QUEUE_BATCH_MAX)
        batch_flush(&b->base);
    if (b->base.n == b->lens_cap) {
        b->lens_cap = b->lens_cap ? b->lens_cap * 2 : 16;
        b->lens = xrealloc(b->lens, b->lens_cap * sizeof(*b->lens));
    }
    buf_append(&b->jobs, job, len);
    b->lens[b->base.n] = len;
    store__batch_add(&b->base, (store__fn)cb, data);
    return 0;
}
