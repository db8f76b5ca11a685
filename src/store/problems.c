/* Read-through cache of problem JSON: Redis first, PostgreSQL on a miss. Keys
 * carry the problem's version (keys.h), so an import or admin change, which
 * moves the version, is read fresh with nothing to delete; the TTL lets old
 * versions expire. */
#include "store/problems.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cache_call {
    struct pg *pg;
    struct redis *redis;
    char *key;
    const char *stmt;
    char *param; /* NULL for the list */
    store_json_cb cb;
    void *data;
};

static void cache_call_free(struct cache_call *c)
{
    free(c->key);
    free(c->param);
    free(c);
}

static void cache_on_db(int status, const char *json, size_t len, void *data)
{
    struct cache_call *c = data;
    if (status == 0 && c->redis && redis_connected(c->redis)) {
        const char *argv[5] = {"SET", c->key, json, "EX", CACHE_TTL_SECONDS};
        size_t lens[5] = {3, strlen(c->key), len, 2, strlen(CACHE_TTL_SECONDS)};
        redis_cmd(c->redis, 0, NULL, NULL, 5, argv, lens);
    }
    c->cb(status, json, len, c->data);
    cache_call_free(c);
}

/* Reads from PostgreSQL, the truth. A refused query frees c and returns the
 * negative errno. */
static int cache_read_db(struct cache_call *c)
{
    const char *values[1] = {c->param};
    int rc = store__json_query(c->pg, c->stmt, c->param ? 1 : 0, values, cache_on_db, c);
    if (rc < 0)
        cache_call_free(c);
    return rc;
}

static void cache_on_get(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct cache_call *c = data;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_STRING) {
        size_t len;
        const char *json = redis_reply_str(reply, &len);
        c->cb(0, json, len, c->data);
        cache_call_free(c);
        return;
    }
    store_json_cb cb = c->cb;
    void *cb_data = c->data;
    int rc = cache_read_db(c);
    if (rc < 0)
        cb(rc, NULL, 0, cb_data);
}

static int cache_read(struct pg *pg, struct redis *redis, const char *key, const char *stmt,
                      const char *param, store_json_cb cb, void *data)
{
    struct cache_call *c = xcalloc(1, sizeof(*c));
    c->pg = pg;
    c->redis = redis;
    c->key = xstrdup(key);
    c->stmt = stmt;
    c->param = param ? xstrdup(param) : NULL;
    c->cb = cb;
    c->data = data;
    const char *argv[2] = {"GET", key};
    if (redis && redis_cmd(redis, 0, cache_on_get, c, 2, argv, NULL) == 0)
        return 0;
    /* Redis is down: the cache is optional. */
    return cache_read_db(c);
}

int problems_list(struct pg *pg, struct redis *redis, const char *tag, store_json_cb cb, void *data)
{
    struct buf key;
    buf_init(&key);
    buf_printf(&key, "%s:%s", KEY_CACHE_PROBLEMS, tag);
    int rc = cache_read(pg, redis, key.data, "prob_list", NULL, cb, data);
    buf_dispose(&key);
    return rc;
}

int problems_get(struct pg *pg, struct redis *redis, const char *id, int version, store_json_cb cb,
                 void *data)
{
    struct buf key;
    buf_init(&key);
    buf_printf(&key, "%s%s:v%d", KEY_CACHE_PROBLEM_PREFIX, id, version);
    int rc = cache_read(pg, redis, key.data, "prob_get", id, cb, data);
    buf_dispose(&key);
    return rc;
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
