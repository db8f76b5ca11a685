/* Multi-row INSERT of the submissions of one loop turn. */
#include "store/submission_batch.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX_ROWS 512
#define BATCH_MAX_BYTES (8u << 20)

struct batch_row {
    submissions_id_cb cb;
    void *data;
};

/* The rows of one INSERT in flight. */
struct batch_flight {
    struct batch_row *rows;
    size_t n;
};

struct submission_batch {
    struct pg *pg;
    uv_check_t check;
    struct buf cols[4]; /* PostgreSQL array literals being built: user, problem, language, code */
    struct batch_row *rows;
    size_t n;
};

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

static int cmp_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static void batch_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct batch_flight *f = data;
    size_t got = status == 0 ? (size_t)pg_result_rows(res) : 0;
    if (status == 0 && got != f->n)
        status = -EIO;
    long long *ids = NULL;
    if (status == 0) {
        ids = xmalloc(f->n * sizeof(*ids));
        for (size_t i = 0; i < f->n; i++)
            ids[i] = strtoll(pg_result_value(res, (int)i, 0, NULL), NULL, 10);
        qsort(ids, f->n, sizeof(*ids), cmp_ids);
    }
    for (size_t i = 0; i < f->n; i++) {
        char id[24];
        if (ids)
            snprintf(id, sizeof(id), "%lld", ids[i]);
        f->rows[i].cb(status, ids ? id : NULL, f->rows[i].data);
    }
    free(ids);
    free(f->rows);
    free(f);
}

static void batch_flush(struct submission_batch *b)
{
    if (b->n == 0)
        return;
    struct batch_flight *f = xmalloc(sizeof(*f));
    f->rows = b->rows;
    f->n = b->n;
    b->rows = NULL;
    b->n = 0;
    const char *values[4];
    for (int i = 0; i < 4; i++) {
        buf_puts(&b->cols[i], "}");
        values[i] = b->cols[i].data;
    }
    int rc = pg_exec(b->pg, "sub_insert_many", 4, values, NULL, batch_on_result, f);
    for (int i = 0; i < 4; i++)
        buf_reset(&b->cols[i]);
    if (rc < 0) {
        /* Called from the check handle, never from the caller's own call. */
        for (size_t i = 0; i < f->n; i++)
            f->rows[i].cb(rc, NULL, f->rows[i].data);
        free(f->rows);
        free(f);
    }
}

static void batch_on_check(uv_check_t *h)
{
    batch_flush(h->data);
}

struct submission_batch *submission_batch_new(uv_loop_t *loop, struct pg *pg)
{
    struct submission_batch *b = xcalloc(1, sizeof(*b));
    b->pg = pg;
    for (int i = 0; i < 4; i++)
        buf_init(&b->cols[i]);
    uv_check_init(loop, &b->check);
    b->check.data = b;
    uv_check_start(&b->check, batch_on_check);
    uv_unref((uv_handle_t *)&b->check);
    return b;
}

static void batch_on_close(uv_handle_t *h)
{
    struct submission_batch *b = h->data;
    for (int i = 0; i < 4; i++)
        buf_dispose(&b->cols[i]);
    free(b);
}

void submission_batch_free(struct submission_batch *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        b->rows[i].cb(-ECANCELED, NULL, b->rows[i].data);
    free(b->rows);
    b->rows = NULL;
    b->n = 0;
    uv_close((uv_handle_t *)&b->check, batch_on_close);
}

int submission_batch_insert(struct submission_batch *b, const char *user, const char *problem,
                            const char *language, const char *code, submissions_id_cb cb,
                            void *data)
{
    if (!pg_connected(b->pg))
        return -ENOTCONN;
    /* A full batch goes out now; the new row starts the next one, so the
     * callbacks of this call still come later. */
    if (b->n >= BATCH_MAX_ROWS || b->cols[3].len > BATCH_MAX_BYTES)
        batch_flush(b);
    batch_append_elem(&b->cols[0], user);
    batch_append_elem(&b->cols[1], problem);
    batch_append_elem(&b->cols[2], language);
    batch_append_elem(&b->cols[3], code);
    if ((b->n & (b->n - 1)) == 0) /* grow at powers of two */
        b->rows = xrealloc(b->rows, (b->n ? b->n * 2 : 1) * sizeof(*b->rows));
    b->rows[b->n++] = (struct batch_row){cb, data};
    return 0;
}
