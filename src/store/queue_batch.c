/* One multi-value LPUSH per loop turn. */
#include "store/queue_batch.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "store/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_BATCH_MAX 1024

struct waiter {
    queue_push_cb cb;
    void *data;
};

/* One LPUSH in flight: its callers. */
struct flight {
    struct waiter *w;
    size_t n;
};

struct queue_batch {
    struct redis *redis;
    uv_check_t check;
    struct buf jobs; /* the values, back to back */
    size_t *lens;
    struct waiter *w;
    size_t n;
    size_t cap;
};

static void flight_finish(struct flight *f, int status)
{
    for (size_t i = 0; i < f->n; i++)
        f->w[i].cb(status, f->w[i].data);
    free(f->w);
    free(f);
}

static void batch_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    flight_finish(data, status);
}

static void batch_flush(struct queue_batch *b)
{
    if (b->n == 0)
        return;
    size_t n = b->n;
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
    struct flight *f = xmalloc(sizeof(*f));
    f->w = b->w;
    f->n = n;
    b->w = NULL;
    b->n = 0;
    b->cap = 0;
    free(b->lens);
    b->lens = NULL;
    int rc = redis_cmd(b->redis, 0, batch_on_reply, f, (int)(n + 2), argv, lens);
    free(argv);
    free(lens);
    buf_reset(&b->jobs);
    if (rc < 0)
        flight_finish(f, rc); /* from the check handle, never from a push call */
}

static void batch_on_check(uv_check_t *h)
{
    batch_flush(h->data);
}

struct queue_batch *queue_batch_new(uv_loop_t *loop, struct redis *r)
{
    struct queue_batch *b = xcalloc(1, sizeof(*b));
    b->redis = r;
    buf_init(&b->jobs);
    uv_check_init(loop, &b->check);
    b->check.data = b;
    uv_check_start(&b->check, batch_on_check);
    uv_unref((uv_handle_t *)&b->check);
    return b;
}

static void batch_on_close(uv_handle_t *h)
{
    struct queue_batch *b = h->data;
    buf_dispose(&b->jobs);
    free(b);
}

void queue_batch_free(struct queue_batch *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        b->w[i].cb(-ECANCELED, b->w[i].data);
    free(b->w);
    free(b->lens);
    b->w = NULL;
    b->lens = NULL;
    b->n = 0;
    uv_close((uv_handle_t *)&b->check, batch_on_close);
}

int queue_batch_push(struct queue_batch *b, const char *job, size_t len, queue_push_cb cb,
                     void *data)
{
    if (!redis_connected(b->redis))
        return -ENOTCONN;
    /* A full batch goes out now; this job starts the next one, so its
     * callback still comes later. */
    if (b->n >= QUEUE_BATCH_MAX)
        batch_flush(b);
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->w = xrealloc(b->w, b->cap * sizeof(*b->w));
        b->lens = xrealloc(b->lens, b->cap * sizeof(*b->lens));
    }
    buf_append(&b->jobs, job, len);
    b->lens[b->n] = len;
    b->w[b->n++] = (struct waiter){cb, data};
    return 0;
}
