/* Helpers shared by the store modules only: a call in flight (call.c), the
 * loop-turn batch (batch.c), the reconnecting link's timers (link.c) and the
 * blocking libpq of the one-shot commands (blocking.c). */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include "store/pg.h"
#include "store/problem_cache.h"
#include "store/redis.h"
#include "store/store.h"

#include <stddef.h>
#include <uv.h>

/*** A call in flight (call.c) ***/

/* Any callback of a store module, cast back to its own type by the module
 * that stored it (C allows a function pointer to go through another function
 * pointer type and back). */
typedef void (*store__fn)(void);

/* The caller's callback and data while its query or command is in flight. */
struct store__call {
    store__fn cb;
    void *data;
};

/* pg_exec() with a new call {cb, data} as on_result's data. on_result takes
 * it back with store__call_end(). A refused query frees the call and returns
 * the negative errno: cb never runs. */
int store__pg_call(struct pg *pg, const char *stmt, int n, const char *const *values,
                   const int *lengths, pg_result_cb on_result, store__fn cb, void *data);
/* redis_cmd() with a new call {cb, data} as on_reply's data; as above. */
int store__redis_call(struct redis *r, unsigned timeout_ms, int argc, const char **argv,
                      const size_t *lens, redis_reply_cb on_reply, store__fn cb, void *data);
/* store__redis_call() through redis_push(): a push that waits for the
 * replicas the site asked for. */
int store__redis_push_call(struct redis *r, int argc, const char **argv, const size_t *lens,
                           redis_reply_cb on_reply, store__fn cb, void *data);
/* Frees the call (a result or reply callback's data) and returns its
 * callback; *data gets the caller's data. */
store__fn store__call_end(void *call, void **data);

/* Reply callbacks for store__redis_call() whose cb is a
 * void (*)(int status, void *data) (store__on_status) or a
 * void (*)(int status, long long n, void *data) (store__on_int: a reply that
 * is not an integer is -EPROTO). cb may be NULL. */
void store__on_status(struct redis *r, int status, const struct redis_reply *reply, void *data);
void store__on_int(struct redis *r, int status, const struct redis_reply *reply, void *data);

/* Runs a statement whose result is one row with one JSON text cell (or no
 * row: -ENOENT). Same contract as pg_exec(). */
int store__json_query(struct pg *pg, const char *stmt, int nparams, const char *const *values,
                      store_json_cb cb, void *data);

/* Room for the decimal text of any 64-bit integer. */
#define STORE_NUM_MAX 24
/* Writes v in decimal into buf (STORE_NUM_MAX bytes) and returns buf: a
 * query's parameter or a command's argument. */
const char *store__num(char *buf, long long v);

/* Column col of every row of res: pg_result_rows(res) pointers, borrowed like
 * res, and their lengths in *lens when lens is not NULL. Free the arrays
 * with free(); never NULL, even for no rows. */
const char **store__column(const struct pg_result *res, int col, size_t **lens);

/*** One command per loop turn (batch.c) ***/

/* One caller waiting for its part of a batch. */
struct store__waiter {
    store__fn cb;
    void *data;
};

/* Answers one waiter with status and no result (its callback's own type is
 * the module's). */
typedef void (*store__answer_fn)(const struct store__waiter *w, int status);

/* The waiters of one command in flight. */
struct store__flight {
    struct store__waiter *w;
    size_t n;
    store__answer_fn answer;
};

/* What queue_batch.c and submission_batch.c share: the callers gathered
 * during one loop turn and a check handle that sends them as one command
 * (flush) once the turn's callbacks have run. Embedded in the module's
 * batch; the handle does not keep the loop alive. */
struct store__batch {
    uv_check_t check;
    struct store__waiter *w;
    size_t n;
    size_t cap;
    void (*flush)(struct store__batch *b);
    store__answer_fn answer;
    void (*on_closed)(struct store__batch *b);
};

void store__batch_init(struct store__batch *b, uv_loop_t *loop,
                       void (*flush)(struct store__batch *b), store__answer_fn answer);
/* Adds a waiter to this turn's batch. */
void store__batch_add(struct store__batch *b, store__fn cb, void *data);
/* Moves this turn's waiters (b->n > 0) into a new flight; the batch starts
 * empty. */
struct store__flight *store__batch_take(struct store__batch *b);
/* Answers every waiter of the flight with status (no result) and frees it. */
void store__flight_answer(struct store__flight *f, int status);
/* Frees a flight whose waiters the module answered itself. */
void store__flight_free(struct store__flight *f);
/* Answers the waiters still gathered -ECANCELED and closes the handle;
 * on_closed runs once it is closed, to free the module's batch. */
void store__batch_close(struct store__batch *b, void (*on_closed)(struct store__batch *b));

/*** Redis URLs (redis_url.c) ***/

/* The sentinels of a sentinel:// URL. */
struct store__sentinels {
    char *name; /* the master name they know */
    size_t n;   /* at least 1 */
    char **hosts;
    int *ports; /* 26379 when the URL gives none */
};

/* A parsed Redis URL: host and port (6379 by default), or sentinels (then
 * host is NULL); password NULL when none; db 0 by default. */
struct store__redis_url {
    char *host;
    int port;
    char *password;
    int db;
    struct store__sentinels *sentinels;
};

/* Fills u (owned: store__redis_url_dispose()); -1 with a reason in err, u
 * then empty. */
int store__redis_url_parse(const char *url, struct store__redis_url *u, char *err, size_t errlen);
void store__redis_url_dispose(struct store__redis_url *u);
void store__sentinels_free(struct store__sentinels *s);

/*** A connection's timers (link.c) ***/

/* What pg.c and redis.c share: a retry timer that reconnects with an
 * exponential backoff, and a watchdog that finds stuck requests. Embedded in
 * the connection; both timers' data is the connection (owner). */
struct store__link {
    uv_timer_t retry;
    uv_timer_t watchdog;
    unsigned backoff_ms;
    int open_handles;
    void *owner;
    void (*on_closed)(void *owner);
};

/* Starts the watchdog (every watchdog_ms, not keeping the loop alive) and a
 * first connection attempt (on_retry) on the next loop turn, so the caller
 * can set its callbacks first. */
void store__link_init(struct store__link *l, uv_loop_t *loop, void *owner, uv_timer_cb on_retry,
                      uv_timer_cb on_watchdog, unsigned watchdog_ms);
/* Runs on_retry after the current backoff, and doubles the next one (100 ms
 * to 5 s). */
void store__link_retry(struct store__link *l, uv_timer_cb on_retry);
/* Connected: the next outage starts again from the shortest backoff. */
void store__link_up(struct store__link *l);
/* Closes both timers; on_closed(owner) runs once they are closed. */
void store__link_close(struct store__link *l, void (*on_closed)(void *owner));

/*** The problem cache (problem_cache.c: reads; problem_write.c: writes) ***/

struct store__pflight;
struct store__plookup;

struct problem_cache {
    uv_loop_t *loop;
    struct pg *pg;
    struct redis *redis;
    struct store__pflight *flights; /* one per problem being read from PostgreSQL */
    uv_timer_t tick;                /* the reconcile of unpublished writes */
    uv_check_t turn_check;          /* sends this loop turn's lookups */
    struct store__plookup *turn;    /* this turn's lookups, one per problem */
    int handles_closed;             /* of tick and turn_check, after problem_cache_free() */
    bool gate_open;                 /* Redis is trusted: reconciled since it last came up */
    bool refilled;                  /* every entry moved up to PostgreSQL since it came up */
    unsigned redis_ups;             /* times Redis came up: a refill spans one of them */
    unsigned refill_up;             /* redis_ups when the refill in flight started */
    bool reconciling;
    bool closing;           /* problem_cache_free() was called: no new command */
    unsigned pending;       /* lookups, flights and writes in progress */
    unsigned pause_ms;      /* test hook: a writer waits this long between commit and Redis */
    unsigned read_pause_ms; /* test hook: a reader waits this long between its read and fill */
    struct problem_cache_metrics m;
};

/* Sends the compare-and-set script: id's entry moves to version and json
 * (len bytes; "" for a tombstone) when it has no version or an older one;
 * with token, that write's marker is cleared in the same step. version -1
 * only clears. A reader's fill passes gen, the entry's generation it saw
 * before reading PostgreSQL: the fill is refused (moved 0) when the entry
 * no longer has it, i.e. was flushed, evicted or expired since (its read may
 * predate a write that returned meanwhile). Writers, whose version is
 * committed, pass NULL. cb(status, moved, data) may be NULL. Returns 0 or a
 * negative errno (cb never runs). */
int store__problem_fill(struct problem_cache *c, const char *id, long long version,
                        const char *json, size_t len, const char *token, const char *gen,
                        void (*cb)(int status, long long moved, void *data), void *data);
/* An operation of the cache ends: frees the cache when it was the last one
 * after problem_cache_free(). */
void store__problem_unref(struct problem_cache *c);
/* Publishes the committed writes Redis has not seen (reconcile tick, and
 * once after Redis comes up, which opens the gate). */
void store__problem_reconcile(struct problem_cache *c);

/*** Blocking libpq for the one-shot commands (blocking.c) ***/

struct pg_conn; /* libpq's PGconn */

/* Connects; NULL with "cannot connect to PostgreSQL: ..." in err. */
struct pg_conn *store__connect(const char *conninfo, char *err, size_t errlen);
/* Runs sql: with values NULL as a simple query (it may hold several
 * statements), else with n text parameters. Returns 0, with the result in
 * *out when out is not NULL (PQclear() it), or -EIO with the server's message
 * (its first line) in err. */
/* The catalog's connection (catalog.c writes, catalog_load.c reads). */
struct catalog {
    struct pg_conn *conn;
};

/* Replaces the example programs of p->id by p's, inside the caller's
 * transaction (catalog_load.c). Returns 0, or -1 with a reason in err. */
struct catalog_problem;
int catalog__save_programs(struct catalog *c, const struct catalog_problem *p, char *err,
                           size_t errlen);

int store__exec(struct pg_conn *conn, const char *sql, int n, const char *const *values,
                struct pg_result **out, char *err, size_t errlen);

/*** A problem's files (problem_files.c) ***/

/* Replaces the files of p->id by p's, inside the caller's transaction.
 * Returns 0, or -1 with a reason in err. */
int catalog__save_files(struct catalog *c, const struct catalog_problem *p, char *err,
                        size_t errlen);
/* Reads the files of p->id into p->files. Returns 0, or -1 with err. */
int catalog__load_files(struct catalog *c, struct catalog_problem *p, char *err, size_t errlen);
/* p's files as problem_put_files()'s json parameter: [{"n": name, "d": hex}]. */
char *store__files_json(const struct catalog_problem *p);

#endif
