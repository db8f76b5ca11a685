/* Queries whose answer is a single JSON cell built by PostgreSQL. */
#include "common/alloc.h"
#include "store/internal.h"

#include <errno.h>
#include <stdlib.h>

struct json_call {
    store_json_cb cb;
    void *data;
};

static void json_query_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct json_call *call = data;
    if (status < 0) {
        call->cb(status, NULL, 0, call->data);
    } else if (pg_result_rows(res) == 0 || pg_result_null(res, 0, 0)) {
        call->cb(-ENOENT, NULL, 0, call->data);
    } else {
        size_t len;
        const char *json = pg_result_value(res, 0, 0, &len);
        call->cb(0, json, len, call->data);
    }
    free(call);
}

int store__json_query(struct pg *pg, const char *stmt, int nparams, const char *const *values,
                      store_json_cb cb, void *data)
{
    struct json_call *call = xmalloc(sizeof(*call));
    call->cb = cb;
    call->data = data;
    int rc = pg_exec(pg, stmt, nparams, values, NULL, json_query_on_result, call);
    if (rc < 0)
        free(call);
    return rc;
}
