/* After a Redis failover: push again every row PostgreSQL says is still
 * queued. Replication to a Redis replica is asynchronous, so the jobs the old
 * primary acknowledged last may be missing on the new one; PostgreSQL is the
 * truth. A job pushed twice is judged once: the worker's claim of the row
 * (queued -> running) lets one copy through, and the verdict is announced
 * only by the UPDATE that stored it. */
#ifndef STORE_RESWEEP_H
#define STORE_RESWEEP_H

#include "store/pg.h"
#include "store/redis.h"

/* The statement resweep_start() runs: every role that calls it lists it in
 * its statements (api_stmts.c, worker_stmts.c). Pages by id; the status
 * <> 'done' term lets PostgreSQL use submissions_unfinished_idx. */
#define RESWEEP_STMT                                                                               \
    {                                                                                              \
        "job_resweep", "SELECT id::text FROM submissions WHERE status <> 'done' AND status = "     \
                       "'queued' AND enqueued AND id > $1::bigint ORDER BY id LIMIT $2::int"       \
    }

/* Rows read and pushed per round trip. */
#define RESWEEP_PAGE 500

/* Starts pushing, page by page, and returns; the outcome is logged (who is
 * the role's name in the log lines). Stops at the first failure: the 15-minute
 * sweep of the workers finds what is left. pg and r must outlive it, or be
 * freed (their pending calls fail, which ends it). */
void resweep_start(struct pg *pg, struct redis *r, const char *who);

#endif
