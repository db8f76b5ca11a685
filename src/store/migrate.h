/* Schema migrations: the SQL files under sql/, compiled into the binary,
 * applied in order, each once, each in its own transaction. */
#ifndef STORE_MIGRATE_H
#define STORE_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

/* Connects to conninfo (blocking: for the CLI and start-up, never a loop),
 * applies every migration not yet applied, and reports how many were applied
 * in *applied and the resulting version in *version. Concurrent callers are
 * serialised by an advisory lock. Returns 0, or -1 with a reason in err. */
int migrate_run(const char *conninfo, int *applied, int *version, char *err, size_t errlen);

/* True when a server accepts connections at conninfo (blocking, quick). */
bool migrate_ping(const char *conninfo);

/* Creates database name through conninfo (a connection to another database
 * of the same server) unless it exists. Returns 0, or a negative errno with
 * a reason in err. */
int migrate_create_database(const char *conninfo, const char *name, char *err, size_t errlen);

#endif
