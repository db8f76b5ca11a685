/* Submission rows: the durable half of intake and the history pages. */
#include "store/submissions.h"

#include "common/alloc.h"
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
        cb(0, pg_result_value(res, 0, 0, NULL), cb_data);
    else
        cb(status < 0 ? status : -EIO, NULL, cb_data);
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
    if (status < 0) {
        cb(status, 0, NULL, NULL, NULL, cb_data);
        return;
    }
    size_t *lens;
    const char **ids = store__column(res, 0, NULL);
    const char **jobs = store__column(res, 1, &lens);
    cb(0, pg_result_rows(res), ids, jobs, lens, cb_data);
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
