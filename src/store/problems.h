/* Problems as the api serves them: JSON built by PostgreSQL, read through a
 * Redis cache. */
#ifndef STORE_PROBLEMS_H
#define STORE_PROBLEMS_H

#include "store/pg.h"
#include "store/redis.h"
#include "store/store.h"

/* Cache keys carry versions (the catalog's tag, a problem's version), so an
 * import or an edit never has to reach Redis: readers ask for the new key as
 * soon as they know the new version, and old keys expire by their TTL. */

/* GET /api/problems: the list as a JSON array, for the catalog whose tag is
 * tag (see problems_ids()). Read from the cache; on a miss (or with Redis
 * down) from PostgreSQL, then cached with a TTL. */
int problems_list(struct pg *pg, struct redis *redis, const char *tag, store_json_cb cb,
                  void *data);

/* GET /api/problems/{id}: statement, limits and samples (never hidden
 * tests) of the problem at version; -ENOENT for an unknown id. Cached like
 * problems_list(). */
int problems_get(struct pg *pg, struct redis *redis, const char *id, int version, store_json_cb cb,
                 void *data);

/* Every problem id with its version, for validating submissions without a
 * query each and for naming cache keys: cb(status, count, ids, versions,
 * data), borrowed during the callback. */
typedef void (*problems_ids_cb)(int status, int n, const char *const *ids, const int *versions,
                                void *data);
int problems_ids(struct pg *pg, problems_ids_cb cb, void *data);

#endif
