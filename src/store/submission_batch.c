/* Multi-row INSERT of the submissions of one loop turn. */
#include "store/submission_batch.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/list.h"
#include "store/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX_ROWS 512
#define BATCH_MAX_BYTES (8u << 20)

struct submission_batch {
    struct store__batch base; /* the waiters, one per row */
    struct pg *pg;
    struct buf cols[4]; /* PostgreSQL array literals being built: user, problem, language, code */
};

static void batch_answer(const struct store__waiter *w, int status)
{
    ((submissions_id_cb)w->cb)(status, NULL, NULL, w->data);
}

/* Appends s to an array literal as a quoted element. */
static void batch_append_elem(struct buf *b, const char *s)
{
    buf_puts(b, b->len ? ",\"" : "{\"");
    const char *start = s;
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            buf_append(b, start, (size_t)(s - start));
            buf_append(b, "\\", 1);
            start = s;
        }
    }
    buf_append(b, start, (size_t)(s - start));
    buf_append(b, "\"", 1);
}

/* Rows come back as (id, public id, n): n is the row's 1-based place in the
 * batch; a row whose problem is closed does not come back at all. */
static void batch_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct store__flight *f = data;
    int rows = status == 0 ? pg_result_rows(res) : 0;
    if (status == 0 && (rows < 0 || (size_t)rows > f->n))
        status = -EIO;
    if (status < 0) {
        store__flight_answer(f, status);
        return;
    }
    bool *answered = xcalloc(f->n, sizeof(*answered));
    for (int r = 0; r < rows; r++) {
        long long n = strtoll(pg_result_value(res, r, 2, NULL), NULL, 10);
        if (n < 1 || (size_t)n > f->n || answered[n - 1])
            continue; /* not a row of ours: cannot happen */
        answered[n - 1] = true;
        ((submissions_id_cb)f->w[n - 1].cb)(0, pg_result_value(res, r, 0, NULL),
                                            pg_result_value(res, r, 1, NULL), f->w[n - 1].data);
    }
    for (size_t i = 0; i < f->n; i++)
        if (!answered[i])
            ((submissions_id_cb)f->w[i].cb)(-ENOENT, NULL, NULL, f->w[i].data);
    free(answered);
    store__flight_free(f);
}

static void batch_flush(struct store__batch *base)
{
    struct submission_batch *b = container_of(base, struct submission_batch, base);
    struct store__flight *f = store__batch_take(base);
    const char *values[4];
    for (int i = 0; i < 4; i++) {
        buf_puts(&b->cols[i], "}");
        values[i] = b->cols[i].data;
    }
    int rc = pg_exec(b->pg, "sub_insert_many", 4, values, NULL, batch_on_result, f);
    for (int i = 0; i < 4; i++)
        buf_reset(&b->cols[i]);
    if (rc < 0)
        store__flight_answer(f, rc); /* from the check handle, never from an insert call */
}

struct submission_batch *submission_batch_new(uv_loop_t *loop, struct pg *pg)
{
    struct submission_batch *b = xcalloc(1, sizeof(*b));
    b->pg = pg;
    for (int i = 0; i < 4; i++)
        buf_init(&b->cols[i]);
    store__batch_init(&b->base, loop, batch_flush, batch_answer);
    return b;
}

static void batch_on_closed(struct store__batch *base)
{
    struct submission_batch *b = container_of(base, struct submission_batch, base);
    for (int i = 0; i < 4; i++)
        buf_dispose(&b->cols[i]);
    free(b);
}

void submission_batch_free(struct submission_batch *b)
{
    if (b != NULL)
        store__batch_close(&b->base, batch_on_closed);
}

int submission_batch_insert(struct submission_batch *b, const char *user, const char *problem,
                            const char *language, const char *code, submissions_id_cb cb,
                            void *data)
{
    if (!pg_connected(b->pg))
        return -ENOTCONN;
    /* A full batch goes out now; the new row starts the next one, so the
     * callbacks of this call still come later. */
    if (b->base.n >= BATCH_MAX_ROWS || b->cols[3].len > BATCH_MAX_BYTES)
        batch_flush(&b->base);
    batch_append_elem(&b->cols[0], user);
    batch_append_elem(&b->cols[1], problem);
    batch_append_elem(&b->cols[2], language);
    batch_append_elem(&b->cols[3], code);
    store__batch_add(&b->base, (store__fn)cb, data);
    return 0;
}
