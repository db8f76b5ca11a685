/* Private Redis and PostgreSQL under one data directory: the one owner of how
 * verdict creates, starts, checks and stops them. `verdict up` keeps them as
 * children of its loop; `verdict services start` leaves them running for the
 * tests and benchmarks, and `verdict services stop` stops them by pid. */
#ifndef CLI_SERVICES_H
#define CLI_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* Where and how; borrowed by services_new(), which copies what it keeps. */
/* The data directory's layout: the servers' homes (each server's working
 * directory while it runs) and the pid file of Redis (PostgreSQL keeps its own,
 * postmaster.pid, in its home). */
#define SERVICES_REDIS_DIR "redis"
#define SERVICES_PG_DIR "postgres"
#define SERVICES_REDIS_PID "redis.pid"

struct services_config {
    const char *dir; /* data directory, created if missing: redis/, postgres/, run/ (both
                        servers' sockets), redis.log, postgres.log, initdb.log, redis.pid */
    int redis_port;  /* TCP ports, bound on 127.0.0.1 */
    int db_port;
    bool scratch; /* throwaway data (tests, benchmarks): PostgreSQL without fsync, with
                     200 connections */
};

enum services_event {
    SERVICES_CREATING, /* first start: initdb is creating the PostgreSQL cluster */
    SERVICES_READY,    /* both answer on their sockets and the database "verdict" exists */
    SERVICES_FAILED,   /* one could not start or exited unasked; msg says why, with the last
                          lines of its log; the others are being stopped; STOPPED follows */
    SERVICES_STOPPED,  /* every process this module started has exited */
};

struct services;

/* Reports progress. msg is set for SERVICES_FAILED only, borrowed for the call. */
typedef void (*services_cb)(struct services *s, enum services_event event, const char *msg,
                            void *data);

/* Checks that the servers are installed, creates the directories (as root,
 * PostgreSQL's are given to the 'postgres' user, which PostgreSQL runs as) and
 * returns a handle that has started nothing yet. Returns NULL with a reason in
 * err. */
struct services *services_new(uv_loop_t *loop, const struct services_config *cfg, char *err,
                              size_t errlen);

/* Starts Redis, and initdb (first run) then PostgreSQL, each in its own
 * session with its output in its log. cb is called from the loop: CREATING
 * and READY at most once, FAILED at most once, STOPPED exactly once after
 * FAILED or services_stop(). Returns 0, or a negative errno when nothing could
 * be started (cb is then never called). */
int services_start(struct services *s, services_cb cb, void *data);

/* Stops what is running (PostgreSQL's fast shutdown, Redis saves and exits);
 * STOPPED follows once all have exited. Does nothing once stopping. */
void services_stop(struct services *s);

/* Closes the handles and frees s; a server still running keeps running (that
 * is how `verdict services start` leaves them). Call it after READY or
 * STOPPED, never from inside a FAILED callback. NULL does nothing. */
void services_free(struct services *s);

/* The servers' addresses, as the roles take them; borrowed until services_free(). */
const char *services_redis_url(const struct services *s);
const char *services_db_url(const struct services *s);

/* Returns 0 when no server started under dir runs any more, or -EBUSY with
 * a reason in err (services_new refuses such a directory: the running
 * servers' sockets would answer for ours). */
int services_pid_check(const char *dir, char *err, size_t errlen);

/* Stops the servers left running under dir by an earlier start: each only if
 * its pid file names a process whose working directory is still its data
 * directory, so nothing else is ever signalled. Waits for them to exit (fast
 * shutdown, then after a grace period SIGKILL for Redis, SIGQUIT for
 * PostgreSQL). Returns 0 (also when nothing ran), or -1 with a reason in err. */
int services_pid_stop(const char *dir, char *err, size_t errlen);

#endif
