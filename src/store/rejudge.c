/* Rejudges, the api's side (see rejudge.h); the SQL is in api_stmts.c. */
#include "store/rejudge.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "contract/job.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void rejudge_on_start(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    rejudge_start_cb cb = (rejudge_start_cb)store__call_end(data, &cb_data);
    int rows = status == 0 ? pg_result_rows(res) : 0;
    if (status == 0 && rows == 0)
        status = -ENOENT; /* no such problem: no rejudge row either */
    if (status < 0) {
        cb(status, NULL, 0, NULL, cb_data);
        return;
    }
    /* One row per submission; a rejudge that matched none is one row whose
     * submission is NULL. */
    unsigned n = pg_result_null(res, 0, 1) ? 0 : (unsigned)rows;
    const char **ids = store__column(res, 1, NULL);
    cb(0, pg_result_value(res, 0, 0, NULL), n, ids, cb_data);
    free(ids);
}

int rejudge_start(struct pg *pg, const struct rejudge_filter *f, rejudge_start_cb cb, void *data)
{
    const char *values[3] = {f->problem, f->verdicts, f->since_ms};
    return store__pg_call(pg, "rejudge_start", 3, values, NULL, rejudge_on_start, (store__fn)cb,
                          data);
}

int rejudge_cancel(struct pg *pg, const char *rejudge)
{
    const char *values[1] = {rejudge};
    return pg_exec(pg, "rejudge_cancel", 1, values, NULL, NULL, NULL);
}

/* The commands of one push in flight. */
struct rejudge_push {
    unsigned left;
    int status;
    rejudge_push_cb cb;
    void *data;
};

static void rejudge_on_pushed(struct redis *r, int status, const struct redis_reply *reply,
                              void *data)
{
    (void)r;
    struct rejudge_push *p = data;
    if (status == 0 && redis_reply_type(reply) != REDIS_T_INTEGER)
        status = -EPROTO;
    if (status < 0 && p->status == 0)
        p->status = status;
    if (--p->left > 0)
        return;
    p->cb(p->status, p->data);
    free(p);
}

/* Sends one command of jobs ids[0..n), into p once it is sent. */
static int rejudge_push_chunk(struct redis *r, const char *const *ids, const char *const *rejudges,
                              unsigned n, bool old, struct rejudge_push *p)
{
    const char **argv = xcalloc(n + 2, sizeof(*argv));
    size_t *lens = xcalloc(n + 2, sizeof(*lens));
    size_t *offs = xcalloc(n, sizeof(*offs));
    struct buf text;
    buf_init(&text);
    for (unsigned i = 0; i < n; i++) {
        offs[i] = text.len;
        job_build_rejudge(&text, ids[i], rejudges[i]);
        lens[i + 2] = text.len - offs[i];
    }
    argv[0] = old ? "RPUSH" : "LPUSH";
    lens[0] = 5;
    argv[1] = KEY_QUEUE;
    lens[1] = strlen(KEY_QUEUE);
    for (unsigned i = 0; i < n; i++)
        argv[i + 2] = text.data + offs[i];
    int rc = redis_push(r, rejudge_on_pushed, p, (int)n + 2, argv, lens);
    buf_dispose(&text);
    free(offs);
    free(lens);
    free(argv);
    return rc;
}

int rejudge_push(struct redis *r, const char *const *ids, const char *const *rejudges, unsigned n,
                 bool old, rejudge_push_cb cb, void *data)
{
    if (n == 0)
        return -EINVAL;
    struct rejudge_push *p = xcalloc(1, sizeof(*p));
    p->cb = cb;
    p->data = data;
    /* Replies come later, never from inside redis_cmd(): counting the
     * commands as they are sent cannot end the push early. */
    int rc = 0;
    for (unsigned at = 0; at < n; at += REJUDGE_PUSH_CHUNK) {
        unsigned k = n - at < REJUDGE_PUSH_CHUNK ? n - at : REJUDGE_PUSH_CHUNK;
        rc = rejudge_push_chunk(r, ids + at, rejudges + at, k, old, p);
        if (rc < 0)
            break;
        p->left++;
    }
    if (p->left == 0) {
        free(p);
        return rc;
    }
    /* Some were sent: the caller hears of the rest's failure with the last
     * reply. */
    p->status = rc;
    return 0;
}
