/* Rejudges, the api's side (sql/006_rejudge.sql): record which done
 * submissions of a problem are owed a new judging, then queue their jobs.
 * The worker's side (claim, finish once, hand back, sweep) is in results.h. */
#ifndef STORE_REJUDGE_H
#define STORE_REJUDGE_H

#include "store/pg.h"
#include "store/redis.h"

#include <stddef.h>

/* Most jobs one LPUSH carries: a rejudge of a big problem is pushed as a
 * pipeline of commands of this size, none of which holds Redis for long. */
#define REJUDGE_PUSH_CHUNK 1000

/* What to rejudge: the done submissions of problem, only those whose
 * verdict is in verdicts (a PostgreSQL array literal such as "{WA,TLE}";
 * NULL: any) and created at or after since_ms (decimal milliseconds since the
 * Unix epoch; NULL: any). */
struct rejudge_filter {
    const char *problem;
    const char *verdicts;
    const char *since_ms;
};

/* status 0 with the new rejudge's id and the row ids of the n submissions it
 * queued (all borrowed during the callback); -ENOENT when the problem does
 * not exist; another negative errno when the database failed. */
typedef void (*rejudge_start_cb)(int status, const char *rejudge, unsigned n,
                                 const char *const *ids, void *data);

/* Records a rejudge and what it owes, in one statement: a submission owed by
 * an older rejudge is taken over by this one. Same contract as pg_exec(). */
int rejudge_start(struct pg *pg, const struct rejudge_filter *f, rejudge_start_cb cb, void *data);

/* Forgets rejudge and what it still owes (its jobs, if any reached the
 * queue, are then dropped by the worker): undoes a rejudge whose jobs could
 * not be pushed. Fire and forget. */
int rejudge_cancel(struct pg *pg, const char *rejudge);

/* status 0 or a negative errno (the first that failed). */
typedef void (*rejudge_push_cb)(int status, void *data);

/* Pushes the job {"submissionId": ids[i], "rejudge": rejudges[i]} of each
 * of the n rows on the queue: at the producer end (LPUSH, behind everything
 * waiting) when old is false, at the consumer end (RPUSH, the sweep's jobs)
 * when true. Either way fair share takes them from the bulk lane, after
 * every user's live submissions. In commands of REJUDGE_PUSH_CHUNK jobs,
 * pipelined; cb once all were answered. Returns 0, or a negative errno when
 * nothing was sent (cb is then never called). */
int rejudge_push(struct redis *r, const char *const *ids, const char *const *rejudges, unsigned n,
                 bool old, rejudge_push_cb cb, void *data);

#endif
