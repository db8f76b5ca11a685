/* One command per loop turn (see internal.h): the waiters a batch gathers,
 * the check handle that flushes them, and the flights that answer them. */
#include "common/alloc.h"
#include "store/internal.h"

#include <errno.h>
#include <stdlib.h>

static void batch_on_check(uv_check_t *h)
{
    struct store__batch *b = h->data;
    if (b->n > 0)
        b->flush(b);
}

void store__batch_init(struct store__batch *b, uv_loop_t *loop,
                       void (*flush)(struct store__batch *b), store__answer_fn answer)
{
    b->w = NULL;
    b->n = b->cap = 0;
    b->flush = flush;
    b->answer = answer;
    b->on_closed = NULL;
    uv_check_init(loop, &b->check);
    b->check.data = b;
    uv_check_start(&b->check, batch_on_check);
    uv_unref((uv_handle_t *)&b->check);
}

void store__batch_add(struct store__batch *b, store__fn cb, void *data)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->w = xrealloc(b->w, b->cap * sizeof(*b->w));
    }
    b->w[b->n++] = (struct store__waiter){cb, data};
}

struct store__flight *store__batch_take(struct store__batch *b)
{
    struct store__flight *f = xmalloc(sizeof(*f));
    f->w = b->w;
    f->n = b->n;
    f->answer = b->answer;
    b->w = NULL;
    b->n = b->cap = 0;
    return f;
}

void store__flight_free(struct store__flight *f)
{
    free(f->w);
    free(f);
}

void store__flight_answer(struct store__flight *f, int status)
{
    for (size_t i = 0; i < f->n; i++)
        f->answer(&f->w[i], status);
    store__flight_free(f);
}

static void batch_on_close(uv_handle_t *h)
{
    struct store__batch *b = h->data;
    b->on_closed(b);
}

void store__batch_close(struct store__batch *b, void (*on_closed)(struct store__batch *b))
{
    for (size_t i = 0; i < b->n; i++)
        b->answer(&b->w[i], -ECANCELED);
    free(b->w);
    b->w = NULL;
    b->n = b->cap = 0;
    b->on_closed = on_closed;
    uv_close((uv_handle_t *)&b->check, batch_on_close);
}
