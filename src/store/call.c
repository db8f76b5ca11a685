/* A store call in flight: the caller's callback and data, held while its
 * query or command runs, and the result handlers several modules share. */
#include "common/alloc.h"
#include "store/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static struct store__call *call_new(store__fn cb, void *data)
{
    struct store__call *call = xmalloc(sizeof(*call));
    call->cb = cb;
    call->data = data;
    return call;
}

/* rc is what sending the call returned: a refused call is freed here, as
 * its callback will never take it back. */
static int call_sent(struct store__call *call, int rc)
{
    if (rc < 0)
        free(call);
    return rc;
}

int store__pg_call(struct pg *pg, const char *stmt, int n, const char *const *values,
                   const int *lengths, pg_result_cb on_result, store__fn cb, void *data)
{
    struct store__call *call = call_new(cb, data);
    return call_sent(call, pg_exec(pg, stmt, n, values, lengths, on_result, call));
}

int store__redis_call(struct redis *r, unsigned timeout_ms, int argc, const char **argv,
                      const size_t *lens, redis_reply_cb on_reply, store__fn cb, void *data)
{
    struct store__call *call = call_new(cb, data);
    return call_sent(call, redis_cmd(r, timeout_ms, on_reply, call, argc, argv, lens));
}

int store__redis_push_call(struct redis *r, int argc, const char **argv, const size_t *lens,
                           redis_reply_cb on_reply, store__fn cb, void *data)
{
    struct store__call *call = call_new(cb, data);
    return call_sent(call, redis_push(r, on_reply, call, argc, argv, lens));
}

store__fn store__call_end(void *call, void **data)
{
    struct store__call *c = call;
    store__fn cb = c->cb;
    *data = c->data;
    free(c);
    return cb;
}

void store__on_status(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    void *cb_data;
    void (*cb)(int, void *) = (void (*)(int, void *))store__call_end(data, &cb_data);
    if (cb)
        cb(status, cb_data);
}

void store__on_int(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    void (*cb)(int, long long, void *) =
        (void (*)(int, long long, void *))store__call_end(data, &cb_data);
    long long n = 0;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_INTEGER)
        n = redis_reply_int(reply);
    else if (status == 0)
        status = -EPROTO;
    if (cb)
        cb(status, n, cb_data);
}

static void json_query_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    store_json_cb cb = (store_json_cb)store__call_end(data, &cb_data);
    if (status < 0) {
        cb(status, NULL, 0, cb_data);
    } else if (pg_result_rows(res) == 0 || pg_result_null(res, 0, 0)) {
        cb(-ENOENT, NULL, 0, cb_data);
    } else {
        size_t len;
        const char *json = pg_result_value(res, 0, 0, &len);
        cb(0, json, len, cb_data);
    }
}

int store__json_query(struct pg *pg, const char *stmt, int nparams, const char *const *values,
                      store_json_cb cb, void *data)
{
    return store__pg_call(pg, stmt, nparams, values, NULL, json_query_on_result, (store__fn)cb,
                          data);
}

const char *store__num(char *buf, long long v)
{
    snprintf(buf, STORE_NUM_MAX, "%lld", v);
    return buf;
}

const char **store__column(const struct pg_result *res, int col, size_t **lens)
{
    size_t n = (size_t)pg_result_rows(res);
    const char **values = xcalloc(n + 1, sizeof(*values));
    if (lens)
        *lens = xcalloc(n + 1, sizeof(**lens));
    for (size_t i = 0; i < n; i++)
        values[i] = pg_result_value(res, (int)i, col, lens ? &(*lens)[i] : NULL);
    return values;
}
