/* Submissions in PostgreSQL: insert, read, history, and the rows whose job
 * never reached the queue. */
#ifndef STORE_SUBMISSIONS_H
#define STORE_SUBMISSIONS_H

#include "store/pg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

/* status 0 with the new row's id (internal: for its job and marks) and its
 * public id (for every answer and event), both borrowed during the callback;
 * or a negative errno and NULLs: -ENOENT when the problem does not exist or
 * is deleted (nothing was stored). */
typedef void (*submissions_id_cb)(int status, const char *id, const char *public_id, void *data);

/* One row of submissions_unpushed(): its id and its job JSON, borrowed. */
typedef void (*submissions_rows_cb)(int status, int nrows, const char *const *ids,
                                    const char *const *jobs, const size_t *job_lens, void *data);

/* Inserts a queued submission. Strings are NUL-terminated and must be valid
 * UTF-8 without NUL bytes. Same contract as pg_exec(). */
int submissions_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                       const char *code, submissions_id_cb cb, void *data);

/* Marks rows as on the queue (enqueued true) or as needing a push by the
 * sweep (false: their push failed). ids is a PostgreSQL array literal
 * ("{1,2,3}"). Fire and forget: a lost "true" means one duplicate push, which
 * the worker ignores; a lost "false" leaves the row to the worker's sweep. */
int submissions_mark_enqueued(struct pg *pg, const char *ids, bool enqueued);

/* The submission as JSON (DESIGN.md GET /api/submissions/{id}), named by
 * its public id (contract/ids.h); its "id" is the public id too. */
int submissions_get(struct pg *pg, const char *id, store_json_cb cb, void *data);
/* The same for the admin: with the output validator's "judgeMessage" (in
 * the row and each history entry), which no user sees. */
int submissions_get_admin(struct pg *pg, const char *id, store_json_cb cb, void *data);

/* A user's submissions, newest first, at most limit, older than the user's
 * submission whose public id is before (NULL: from the newest; one that is
 * not the user's: none), as a JSON array; each "id" is a public id. */
int submissions_list_user(struct pg *pg, const char *user, int limit, const char *before,
                          store_json_cb cb, void *data);

/* Queued rows whose push failed, last touched more than older_than_s seconds
 * ago, at most limit. */
int submissions_unpushed(struct pg *pg, int older_than_s, int limit, submissions_rows_cb cb,
                         void *data);

#endif
