/* Blocking libpq for the one-shot commands (migrate.c, catalog.c): they run
 * before or beside the services, with no loop to wait on. */
#include "store/internal.h"
#include "store/pq.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* msg's first line, after prefix, into err. */
static void blocking_error(char *err, size_t errlen, const char *prefix, const char *msg)
{
    snprintf(err, errlen, "%s%s", prefix, msg);
    err[strcspn(err, "\n")] = '\0';
}

struct pg_conn *store__connect(const char *conninfo, char *err, size_t errlen)
{
    if (pq_load(err, errlen) < 0)
        return NULL;
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        blocking_error(err, errlen, "cannot connect to PostgreSQL: ", PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

int store__exec(struct pg_conn *conn, const char *sql, int n, const char *const *values,
                struct pg_result **out, char *err, size_t errlen)
{
    PGresult *res =
        values ? PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0) : PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        blocking_error(err, errlen, "", PQresultErrorMessage(res));
        PQclear(res);
        return -EIO;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return 0;
}
