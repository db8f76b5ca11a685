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

/* A row's waiter: the caller's callback, and the row's problem, by which
 * the result is mapped back (batch_on_result). */
struct batch_row {
    submissions_id_cb cb;
    void *data;
    char problem[];
};

static void batch_row_answer(struct batch_row *r, int status, const char *id, const char *public_id)
{
    r->cb(status, id, public_id, r->data);
    free(r);
}

static void batch_answer(const struct store__waiter *w, int status)
{
    batch_row_answer(w->data, status, NULL, NULL);
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

/* A kept row: its id, and the index of its result row. */
struct batch_kept {
    long long id;
    int row;
};

static int cmp_ids(const void *a, const void *b)
{
    long long x = ((const struct batch_kept *)a)->id, y = ((const struct batch_kept *)b)->id;
    return (x > y) - (x < y);
}

/* The distinct problems of the result rows, into out (at most rows of
 * them); returns how many. A batch names few problems. */
static size_t batch_kept_problems(struct pg_result *res, int rows, const char **out)
{
    size_t n = 0;
    for (int r = 0; r < rows; r++) {
        const char *p = pg_result_value(res, r, 2, NULL);
        size_t j = 0;
        while (j < n && strcmp(out[j], p) != 0)
            j++;
        if (j == n)
            out[n++] = p;
    }
    return n;
}

static bool batch_problem_kept(const char **kept, size_t n, const char *problem)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(kept[j], problem) == 0)
            return true;
    return false;
}

/* Rows come back as (id, public id, problem): those of open problems, all of
 * them; a closed problem's rows, none (the statement's filter is on the
 * problem alone). So the k-th smallest id belongs to the k-th input row whose
 * problem came back; the others get -ENOENT. */
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
    struct batch_kept *kept = xmalloc(((size_t)rows + 1) * sizeof(*kept));
    for (int r = 0; r < rows; r++)
        kept[r] = (struct batch_kept){strtoll(pg_result_value(res, r, 0, NULL), NULL, 10), r};
    qsort(kept, (size_t)rows, sizeof(*kept), cmp_ids);
    /* Every row came back (the usual case): no problem was closed. */
    const char **open = NULL;
    size_t nopen = 0;
    if ((size_t)rows < f->n) {
        open = xmalloc(((size_t)rows + 1) * sizeof(*open));
        nopen = batch_kept_problems(res, rows, open);
    }
    int k = 0;
    for (size_t i = 0; i < f->n; i++) {
        struct batch_row *row = f->w[i].data;
        if (open && !batch_problem_kept(open, nopen, row->problem)) {
            batch_row_answer(row, -ENOENT, NULL, NULL);
            continue;
        }
        /* Never past the rows that came back, nor onto another problem's. */
        int r = k < rows ? kept[k].row : -1;
        if (r < 0 || strcmp(pg_result_value(res, r, 2, NULL), row->problem) != 0) {
            batch_row_answer(row, -EIO, NULL, NULL);
            continue;
        }
        k++;
        char id[24];
        snprintf(id, sizeof(id), "%lld", kept[k - 1].id);
        batch_row_answer(row, 0, id, pg_result_value(res, r, 1, NULL));
    }
    free(open);
    free(kept);
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
    size_t plen = strlen(problem);
    struct batch_row *row = xmalloc(sizeof(*row) + plen + 1);
    row->cb = cb;
    row->data = data;
    memcpy(row->problem, problem, plen + 1);
    store__batch_add(&b->base, NULL, row);
    return 0;
}
