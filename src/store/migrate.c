/* Applies the embedded sql/NNN_name.sql files in order, once each. */
#include "store/migrate.h"

#include "common/alloc.h"
#include "common/embedded.h"
#include "store/internal.h"
#include "store/pq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATE_LOCK_KEY "7340291"

static int migrate_exec(PGconn *conn, const char *sql, char *err, size_t errlen)
{
    return store__exec(conn, sql, 0, NULL, NULL, err, errlen);
}

static int migrate_version_of(const char *name)
{
    return (int)strtol(name, NULL, 10); /* names start with their number: "001_init.sql" */
}

/* Whether migration version v is recorded as applied: any missing one is
 * applied, not only those above the highest (two branches each adding one
 * meet in either order). */
static int migrate_applied(PGconn *conn, int v, bool *applied, char *err, size_t errlen)
{
    char num[16];
    snprintf(num, sizeof(num), "%d", v);
    const char *params[] = {num};
    PGresult *res;
    if (store__exec(conn, "SELECT 1 FROM schema_migrations WHERE version = $1", 1, params, &res,
                    err, errlen) < 0)
        return -1;
    *applied = PQntuples(res) > 0;
    PQclear(res);
    return 0;
}

static int migrate_current(PGconn *conn, int *version, char *err, size_t errlen)
{
    PGresult *res;
    if (store__exec(conn, "SELECT coalesce(max(version), 0) FROM schema_migrations", 0, NULL, &res,
                    err, errlen) < 0)
        return -1;
    *version = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return 0;
}

static int migrate_apply(PGconn *conn, const struct embedded_file *f, char *err, size_t errlen)
{
    char *sql = xstrndup((const char *)f->data, f->len);
    char record[256];
    snprintf(record, sizeof(record),
             "INSERT INTO schema_migrations (version, name) VALUES (%d, '%s')",
             migrate_version_of(f->name), f->name);
    int rc = migrate_exec(conn, "BEGIN", err, errlen);
    if (rc == 0)
        rc = migrate_exec(conn, sql, err, errlen);
    if (rc == 0)
        rc = migrate_exec(conn, record, err, errlen);
    if (rc == 0)
        rc = migrate_exec(conn, "COMMIT", err, errlen);
    else
        PQclear(PQexec(conn, "ROLLBACK"));
    free(sql);
    if (rc < 0) {
        char msg[512];
        snprintf(msg, sizeof(msg), "migration %s failed: %s", f->name, err);
        snprintf(err, errlen, "%s", msg);
    }
    return rc;
}

int migrate_run(const char *conninfo, int *applied, int *version, char *err, size_t errlen)
{
    *applied = 0;
    *version = 0;
    PGconn *conn = store__connect(conninfo, err, errlen);
    if (conn == NULL)
        return -1;
    int rc = -1;
    if (migrate_exec(conn, "SET client_min_messages = warning", err, errlen) < 0 ||
        migrate_exec(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", err, errlen) < 0 ||
        migrate_exec(conn,
                     "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                     "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                     err, errlen) < 0 ||
        migrate_current(conn, version, err, errlen) < 0)
        goto out;
    for (const struct embedded_file *f = migrations_sql; f->name; f++) {
        int v = migrate_version_of(f->name);
        bool done;
        if (strstr(f->name, ".sql") == NULL)
            continue;
        if (migrate_applied(conn, v, &done, err, errlen) < 0)
            goto out;
        if (done)
            continue;
        if (migrate_apply(conn, f, err, errlen) < 0)
            goto out;
        if (v > *version)
            *version = v;
        (*applied)++;
    }
    rc = 0;
out:
    PQfinish(conn);
    return rc;
}

bool migrate_ping(const char *conninfo)
{
    /* A libpq that cannot load is reported by the connection that follows. */
    return pq_load(NULL, 0) == 0 && PQping(conninfo) == PQPING_OK;
}

int migrate_create_database(const char *conninfo, const char *name, char *err, size_t errlen)
{
    PGconn *conn = store__connect(conninfo, err, errlen);
    if (conn == NULL)
        return -ENOTCONN;
    int rc;
    const char *values[1] = {name};
    PGresult *res;
    char why[256];
    if (store__exec(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, values, &res, why,
                    sizeof(why)) < 0) {
        snprintf(err, errlen, "cannot look for database %s: %s", name, why);
        rc = -EIO;
        goto out;
    }
    bool exists = PQntuples(res) == 1;
    PQclear(res);
    if (exists) {
        rc = 0;
        goto out;
    }
    char *ident = PQescapeIdentifier(conn, name, strlen(name));
    if (ident == NULL) {
        snprintf(err, errlen, "cannot quote database name %s: %s", name, PQerrorMessage(conn));
        rc = -EINVAL;
        goto out;
    }
    char sql[256];
    int n = snprintf(sql, sizeof(sql), "CREATE DATABASE %s", ident);
    PQfreemem(ident);
    if (n < 0 || (size_t)n >= sizeof(sql)) {
        snprintf(err, errlen, "database name too long: %.64s...", name);
        rc = -ENAMETOOLONG;
        goto out;
    }
    rc = migrate_exec(conn, sql, err, errlen);
out:
    PQfinish(conn);
    return rc;
}
