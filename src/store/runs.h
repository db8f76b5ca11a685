/* Runs in Redis (contract/run.h has the whole contract; README "Runs"): the
 * hash "run:<id>" (user, status, result) with its TTL, the job on the queue,
 * and the announcements of a finished run. Nothing of a run is in
 * PostgreSQL. */
#ifndef STORE_RUNS_H
#define STORE_RUNS_H

#include "store/pg.h"
#include "store/redis.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for any run's key and its NUL. */
#define RUNS_KEY_MAX 48

/* status 0 or a negative errno. */
typedef void (*runs_status_cb)(int status, void *data);

/* A run as stored, borrowed during the callback: found false when the key
 * does not exist (never asked for, or expired); status "queued", "running"
 * or the final status; result (result_len bytes) the result JSON once done,
 * else NULL. */
struct runs_entry {
    bool found;
    const char *user;
    const char *status;
    const char *result;
    size_t result_len;
};
/* status 0 with e set, or a negative errno (Redis failed). */
typedef void (*runs_get_cb)(int status, const struct runs_entry *e, void *data);

/* Writes run id's key ("run:<id>") into out; returns its length, or
 * -ENAMETOOLONG. */
int runs_key(char out[RUNS_KEY_MAX], const char *id);

/* Asks for a run: HSET run:<id> user <user> status queued, EXPIRE keep_s, and
 * LPUSH the job (job_len bytes, as they are) on the queue, in one
 * MULTI/EXEC: there is never a queued run without its job, nor a job whose
 * run cannot be read. Same contract as redis_cmd(). */
int runs_create(struct redis *r, const char *id, const char *user, uint32_t keep_s, const char *job,
                size_t job_len, runs_status_cb cb, void *data);

/* Reads run:<id>. Same contract as redis_cmd(). */
int runs_get(struct redis *r, const char *id, runs_get_cb cb, void *data);

/* The worker took the run: status running, TTL keep_s again; only when the
 * key still exists (an expired run is not brought back half-made). cb may
 * be NULL. Same contract as redis_cmd(). */
int runs_running(struct redis *r, const char *id, uint32_t keep_s, runs_status_cb cb, void *data);

/* The end of a run, pipelined in this order (contract/run.h): HSET status
 * and result + EXPIRE keep_s (when the key still exists), the result as a
 * durable event of user on "user:<user>" and on CHANNEL_RUN_DONE
 * (store/events.c numbers it; not on problem_done), then LREM the job
 * (job_len bytes) from processing:<worker>. Same contract as redis_cmd();
 * cb has the status of the last step. */
int runs_finish(struct redis *r, const char *worker, const char *job, size_t job_len,
                const char *id, const char *user, uint32_t keep_s, const char *status,
                const char *result, size_t result_len, runs_status_cb cb, void *data);

/* A run's problem as the worker needs it, borrowed during the callback. */
struct runs_problem {
    int version;
    unsigned time_limit_ms, memory_limit_mb, output_limit_kb;
    const char *checker;      /* the problem's checker field, or NULL */
    const char *function;     /* the signature's JSON text, or NULL for none */
    const char *ref_language; /* a reference solution (an accepted example */
    const char *ref_code;     /* program), or both NULL */
    size_t ref_len;
    const char *judging; /* a packaged problem's plan (judge/plan.h), else NULL */
    size_t judging_len;
    unsigned ntests;            /* for plan_parse() */
    const char *checker_source; /* a custom checker's C source, or NULL */
    size_t checker_len;
};
/* status 0 with p, -ENOENT when the problem is unknown or deleted, or
 * another negative errno. */
typedef void (*runs_problem_cb)(int status, const struct runs_problem *p, void *data);

/* Reads problem id for a run (the worker's "run_problem" statement). Same
 * contract as pg_exec(). */
int runs_problem(struct pg *pg, const char *id, runs_problem_cb cb, void *data);

#endif
