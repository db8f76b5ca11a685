/* Problems as the api serves them: JSON built by PostgreSQL, read through a
 * Redis cache. */
#ifndef STORE_PROBLEMS_H
#define STORE_PROBLEMS_H

#include "store/pg.h"
#include "store/redis.h"
#include "store/store.h"

/* GET /api/problems: the list as a JSON array. Read from the cache; on a miss
 * (or with Redis down) from PostgreSQL, then cached with a TTL. */
int problems_list(struct pg *pg, struct redis *redis, store_json_cb cb, void *data);

/* GET /api/problems/{id}: statement, limits and samples (never hidden
 * tests); -ENOENT for an unknown id. Cached like problems_list(). */
int problems_get(struct pg *pg, struct redis *redis, const char *id, store_json_cb cb, void *data);

/* Every problem id, for validating submissions without a query each:
 * cb(status, count, ids, data) with ids borrowed during the callback. */
typedef void (*problems_ids_cb)(int status, int n, const char *const *ids, void *data);
int problems_ids(struct pg *pg, problems_ids_cb cb, void *data);

#endif
