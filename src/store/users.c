/* Users: the page's read of a user's coins; the SQL is in api_stmts.c. */
#include "store/users.h"

#include "store/internal.h"

int users_get(struct pg *pg, const char *user, store_json_cb cb, void *data)
{
    const char *values[1] = {user};
    return store__json_query(pg, "user_get", 1, values, cb, data);
}
