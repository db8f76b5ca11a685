/* PostgreSQL on the loop: libpq in non-blocking pipeline mode, driven by a
 * uv_poll on its socket. One connection, many queries in flight; it
 * reconnects with backoff when the server goes away. pg.c is the only file of
 * the services' loops that calls libpq; the one-shot commands' blocking work
 * calls it directly (blocking.c, migrate.c, catalog.c), all through pq.h. */
#ifndef STORE_PG_H
#define STORE_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

struct pg;
struct pg_result; /* a view of one query's result, borrowed during the callback */

/* A statement prepared on every (re)connection; the array must outlive the pg. */
struct pg_stmt {
    const char *name;
    const char *sql;
};

/* status: 0, -EIO for an SQL error (pg_result_error() says which), or
 * -ENOTCONN / -ECONNRESET / -ETIMEDOUT when the server could not answer.
 * res is NULL unless status is 0 or -EIO. */
typedef void (*pg_result_cb)(struct pg *pg, int status, struct pg_result *res, void *data);

/* Creates the connection and starts connecting. conninfo is a libpq
 * connection string or URI. stmts (NULL-name terminated) are prepared on each
 * connection. Returns NULL with a reason in err if conninfo cannot be parsed. */
struct pg *pg_new(uv_loop_t *loop, const char *conninfo, const struct pg_stmt *stmts, char *err,
                  size_t errlen);
/* Fails every pending query (-ECONNRESET, callbacks run later) and frees the
 * connection once its handles are closed. NULL is ignored. */
void pg_free(struct pg *pg);

/* Sets a callback fired on each change of connection state (up or down). */
void pg_on_state(struct pg *pg, void (*cb)(struct pg *pg, bool up, const char *why, void *data),
                 void *data);
bool pg_connected(const struct pg *pg);
/* Queries sent and not yet answered. */
size_t pg_pending(const struct pg *pg);

/* Runs the prepared statement name with text parameters (NULL = SQL NULL;
 * lengths may be NULL for NUL-terminated values). Returns 0 and calls cb
 * exactly once later, or returns a negative errno (-ENOTCONN when down) and
 * never calls cb. */
int pg_exec(struct pg *pg, const char *name, int nparams, const char *const *values,
            const int *lengths, pg_result_cb cb, void *data);

int pg_result_rows(const struct pg_result *res);
int pg_result_cols(const struct pg_result *res);
/* Rows affected by an INSERT/UPDATE/DELETE. */
long pg_result_affected(const struct pg_result *res);
/* Text of a cell ("" for NULL), borrowed during the callback. */
const char *pg_result_value(const struct pg_result *res, int row, int col, size_t *len);
bool pg_result_null(const struct pg_result *res, int row, int col);
const char *pg_result_error(const struct pg_result *res);

#endif
