/* Users in PostgreSQL, as the page reads them: a user's coins (credited by
 * broadcasts, store/events.h). */
#ifndef STORE_USERS_H
#define STORE_USERS_H

#include "store/pg.h"
#include "store/store.h"

/* The user as JSON, {"id", "coins"} (0 coins for a user without a row),
 * for GET /api/users/{userId}. Same contract as store_json_cb's readers. */
int users_get(struct pg *pg, const char *user, store_json_cb cb, void *data);

#endif
