/* Problems as the api serves them, from PostgreSQL (GET /api/problems/{id}
 * is served by the cache of store/problem_cache.h). */
#ifndef STORE_PROBLEMS_H
#define STORE_PROBLEMS_H

#include "store/pg.h"
#include "store/store.h"

/* GET /api/problems: the list (deleted problems left out) as a JSON array,
 * read from PostgreSQL each time: one indexed query, and never stale. */
int problems_list(struct pg *pg, store_json_cb cb, void *data);

/* Every problem id with its version, for validating submissions without a
 * query each: cb(status, count, ids, versions, data), borrowed during the
 * callback. Deleted problems are left out. */
typedef void (*problems_ids_cb)(int status, int n, const char *const *ids, const int *versions,
                                void *data);
int problems_ids(struct pg *pg, problems_ids_cb cb, void *data);

#endif
