/* Submission rows: the durable half of intake and the history pages. */
#include "store/submissions.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "contract/job.h"
#include "store/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static void submissions_on_insert(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    submissions_id_cb cb = (submissions_id_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_rows(res) == 1)
        cb(0, pg_result_value(res, 0, 0, NULL), pg_result_value(res, 0, 1, NULL), cb_data);
    else if (status == 0 && pg_result_rows(res) == 0)
        cb(-ENOENT, NULL, NULL, cb_data); /* its problem is closed */
    else
        cb(status < 0 ? status : -EIO, NULL, NULL, cb_data);
}

int submissions_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                       const char *code, submissions_id_cb cb, void *data)
{
    const char *values[4] = {user, problem, language, code};
    return store__pg_call(pg, "sub_insert", 4, values, NULL, submissions_on_insert, (store__fn)cb,
                          data);
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

int submissions_get_admin(struct pg *pg, const char *id, store_json_cb cb, void *data)
{
    const char *values[1] = {id};
    return store__json_query(pg, "sub_get_admin", 1, values, cb, data);
}

int submissions_list_user(struct pg *pg, const char *user, int limit, const char *before,
                          store_json_cb cb, void *data)
{
    char lim[STORE_NUM_MAX];
    const char *values[3] = {user, store__num(lim, limit), before};
    return store__json_query(pg, "sub_list_user", 3, values, cb, data);
}

static void submissions_on_unpushed(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    submissions_rows_cb cb = (submissions_rows_cb)store__call_end(data, &cb_data);
    if (status == 0 && pg_result_cols(res) != 5)
        status = -EPROTO;
    if (status < 0) {
        cb(status, 0, NULL, NULL, NULL, cb_data);
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
    cb(0, n, ids, jobs, lens, cb_data);
    buf_dispose(&text);
    free(ids);
    free(jobs);
    free(lens);
}

int submissions_unpushed(struct pg *pg, int older_than_s, int limit, submissions_rows_cb cb,
                         void *data)
{
    char older[STORE_NUM_MAX], lim[STORE_NUM_MAX];
    const char *values[2] = {store__num(older, older_than_s), store__num(lim, limit)};
    return store__pg_call(pg, "sub_unpushed", 2, values, NULL, submissions_on_unpushed,
                          (store__fn)cb, data);
}
