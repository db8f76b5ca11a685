/* Submission rows: the durable half of intake and the history pages. */
#include "store/submissions.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "contract/job.h"
#include "store/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct sub_call {
    union {
        submissions_id_cb id;
        submissions_rows_cb rows;
    } cb;
    void *data;
};

static void submissions_on_insert(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct sub_call *call = data;
    if (status == 0 && pg_result_rows(res) == 1)
        call->cb.id(0, pg_result_value(res, 0, 0, NULL), call->data);
    else
        call->cb.id(status < 0 ? status : -EIO, NULL, call->data);
    free(call);
}

int submissions_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                       const char *code, submissions_id_cb cb, void *data)
{
    struct sub_call *call = xmalloc(sizeof(*call));
    call->cb.id = cb;
    call->data = data;
    const char *values[4] = {user, problem, language, code};
    int rc = pg_exec(pg, "sub_insert", 4, values, NULL, submissions_on_insert, call);
    if (rc < 0)
        free(call);
    return rc;
}

int submissions_mark_enqueued(struct pg *pg, const char *ids, bool enqueued)
{
    const char *values[2] = {ids, enqueued ? "t" : "f"};
    return pg_exec(pg, "sub_enqueued", 2, values, NULL, NULL, NULL);
}

int submissions_get(struct pg *pg, const char *id, store_json_cb cb, void *data)
{
    const char *values[1] = {id};
    return store__json_query(pg, "sub_get", 1, values, cb, data);
}

int submissions_list_user(struct pg *pg, const char *user, int limit, const char *before,
                          store_json_cb cb, void *data)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[3] = {user, lim, before};
    return store__json_query(pg, "sub_list_user", 3, values, cb, data);
}

static void submissions_on_unpushed(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct sub_call *call = data;
    if (status == 0 && pg_result_cols(res) != 5)
        status = -EPROTO;
    if (status < 0) {
        call->cb.rows(status, 0, NULL, NULL, NULL, call->data);
        free(call);
        return;
    }
    /* Each row's job is built as the api builds it (contract/job.h), all in
     * one buffer; the pointers are taken once it no longer moves. */
    int n = pg_result_rows(res);
    const char **ids = xcalloc((size_t)n + 1, sizeof(*ids));
    const char **jobs = xcalloc((size_t)n + 1, sizeof(*jobs));
    size_t *lens = xcalloc((size_t)n + 1, sizeof(*lens));
    struct buf text;
    buf_init(&text);
    for (int i = 0; i < n; i++) {
        size_t start = text.len, code_len;
        ids[i] = pg_result_value(res, i, 0, NULL);
        const char *code = pg_result_value(res, i, 4, &code_len);
        job_build_row(&text, ids[i], pg_result_value(res, i, 1, NULL),
                      pg_result_value(res, i, 2, NULL), pg_result_value(res, i, 3, NULL), code,
                      code_len);
        lens[i] = text.len - start;
    }
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        jobs[i] = text.data + at;
        at += lens[i];
    }
    call->cb.rows(0, n, ids, jobs, lens, call->data);
    buf_dispose(&text);
    free(ids);
    free(jobs);
    free(lens);
    free(call);
}

int submissions_unpushed(struct pg *pg, int older_than_s, int limit, submissions_rows_cb cb,
                         void *data)
{
    char older[16], lim[16];
    snprintf(older, sizeof(older), "%d", older_than_s);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[2] = {older, lim};
    struct sub_call *call = xmalloc(sizeof(*call));
    call->cb.rows = cb;
    call->data = data;
    int rc = pg_exec(pg, "sub_unpushed", 2, values, NULL, submissions_on_unpushed, call);
    if (rc < 0)
        free(call);
    return rc;
}
