/* The reliable side of the job queue (Redis "reliable queue" pattern): a
 * worker moves each job atomically from the list "problems" to its own
 * processing list, holds a lease key it renews, and removes the job when its
 * result is stored. Any worker's reaper moves the jobs of a worker whose lease
 * expired back to the queue.
 *
 *     problems               the queue (LPUSH by producers, taken from the right)
 *     processing:<worker>    jobs in hand, newest on the left
 *     lease:<worker>         exists while the worker lives (SET EX, renewed)
 *     workers                set of worker ids that may hold jobs
 *
 * With fair share (jobs_take()), jobs pass through one more stop between the
 * queue and the processing list: their user's list (keys.h, KEY_FAIR_*). */
#ifndef STORE_JOBS_H
#define STORE_JOBS_H

#include "store/redis.h"

#include <stddef.h>

#define JOBS_WORKERS_KEY "workers"
#define JOBS_PROCESSING_PREFIX "processing:"
#define JOBS_LEASE_PREFIX "lease:"
#define JOBS_WORKER_ID_MAX 96
/* The user of a job that names no valid one (the worker's rule too). */
#define JOBS_ANONYMOUS "anonymous"
/* Most jobs one jobs_take() spreads off the queue: bounds the time one
 * script holds Redis (about 2 ms for 200 jobs of 2 KB); a bigger flood is
 * spread over the next takes. */
#define JOBS_TAKE_SPREAD 200

/* status 0 with a job (borrowed during the callback), or with job NULL when
 * none came within the timeout; a negative errno when Redis failed. */
typedef void (*jobs_fetch_cb)(int status, const char *job, size_t len, void *data);
/* status 0 or a negative errno. */
typedef void (*jobs_status_cb)(int status, void *data);
/* status 0 with a count (jobs moved back), or a negative errno. */
typedef void (*jobs_count_cb)(int status, long long n, void *data);

/* BLMOVE problems processing:<worker> RIGHT LEFT timeout_s: blocks the
 * connection, so r must be one used for nothing else. Same contract as
 * redis_cmd(). */
int jobs_fetch(struct redis *r, const char *worker, unsigned timeout_s, jobs_fetch_cb cb,
               void *data);

/* Fair share: spreads what is on the queue over the users' lists and moves
 * the oldest job of the next user in turn into processing:<worker>, in one
 * script (keys.h, KEY_FAIR_*; README "Fair share"). Calls back with job NULL
 * when there is none anywhere: then jobs_fetch() blocks until the next push.
 * Does not block, so r may be any connection. */
int jobs_take(struct redis *r, const char *worker, jobs_fetch_cb cb, void *data);

/* The end of a job: publish event for user (when event is not NULL; see
 * jobs_publish()), then LREM the job from the processing list, pipelined (one
 * round trip).
 * Publishing first means a crash in between leaves the job to be judged again,
 * which the finish guard in PostgreSQL turns into a no-op: never a lost event. */
int jobs_done(struct redis *r, const char *worker, const char *job, size_t len, const char *user,
              const char *event, size_t event_len, jobs_status_cb cb, void *data);

/* Publishes event for user, fire and forget: through events_publish() (the
 * user's channel, their replay history, and CHANNEL_DONE) when user is a
 * valid user id, else a plain PUBLISH on CHANNEL_DONE. */
int jobs_publish(struct redis *r, const char *user, const char *event, size_t len);

/* Replaces job old by new in the processing list, atomically (MULTI/EXEC):
 * a job given a row by this worker carries its id from then on, so a requeue
 * never makes a second row. */
int jobs_rewrite(struct redis *r, const char *worker, const char *old, size_t old_len,
                 const char *new_job, size_t new_len, jobs_status_cb cb, void *data);

/* Moves job from the processing list back to the consumer end of the queue,
 * atomically (shutdown). */
int jobs_hand_back(struct redis *r, const char *worker, const char *job, size_t len,
                   jobs_status_cb cb, void *data);

/* SET lease:<worker> EX ttl_s and SADD workers <worker>, pipelined. */
int jobs_lease(struct redis *r, const char *worker, unsigned ttl_s, jobs_status_cb cb, void *data);

/* At a clean exit: moves whatever is left in the worker's processing list back
 * to the queue, deletes its lease and leaves the set, in one script. */
int jobs_release(struct redis *r, const char *worker, jobs_count_cb cb, void *data);

/* For every worker in the set whose lease is gone: moves its processing list
 * back to the consumer end of the queue (oldest first) and removes it from the
 * set. One script, so two reapers never move the same job twice. */
int jobs_reap(struct redis *r, jobs_count_cb cb, void *data);

/* RPUSHes {"submissionId":"<id>"} for each id (rows the queue lost): they go
 * to the consumer end, as they are old. */
int jobs_requeue(struct redis *r, const char *const *ids, unsigned n, jobs_count_cb cb, void *data);

#endif
