/* The problem list and the ids intake checks submissions against, from
 * PostgreSQL. */
#include "store/problems.h"

#include "common/alloc.h"
#include "store/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int problems_list(struct pg *pg, store_json_cb cb, void *data)
{
    return store__json_query(pg, "prob_list", 0, NULL, cb, data);
}

static void problems_on_ids(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    problems_ids_cb cb = (problems_ids_cb)store__call_end(data, &cb_data);
    if (status < 0) {
        cb(status, 0, NULL, NULL, cb_data);
        return;
    }
    int n = pg_result_rows(res);
    const char **ids = store__column(res, 0, NULL);
    int *versions = xcalloc((size_t)n + 1, sizeof(*versions));
    for (int i = 0; i < n; i++)
        versions[i] = (int)strtol(pg_result_value(res, i, 1, NULL), NULL, 10);
    cb(0, n, ids, versions, cb_data);
    free(ids);
    free(versions);
}

int problems_ids(struct pg *pg, problems_ids_cb cb, void *data)
{
    return store__pg_call(pg, "prob_ids", 0, NULL, NULL, problems_on_ids, (store__fn)cb, data);
}
