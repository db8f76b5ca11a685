/* Batched pushes onto the job queue: every job pushed during one loop turn
 * goes to Redis as one LPUSH with many values. Redis then does one command's
 * work (and one AOF write) for the whole turn instead of one per job, and
 * the jobs keep their order (the first pushed is the first popped). */
#ifndef STORE_QUEUE_BATCH_H
#define STORE_QUEUE_BATCH_H

#include "store/queue.h"
#include "store/redis.h"

#include <stddef.h>
#include <uv.h>

struct queue_batch;

/* Creates a batcher pushing through r (borrowed; must outlive it). */
struct queue_batch *queue_batch_new(uv_loop_t *loop, struct redis *r);
/* Fails what is still waiting (-ECANCELED) and frees it once its handle closed. */
void queue_batch_free(struct queue_batch *b);

/* Queues one job (copied). cb comes exactly once, later: 0 once the job is
 * on the list, or a negative errno. Returns 0, or -ENOTCONN when Redis is
 * down (cb not called). */
int queue_batch_push(struct queue_batch *b, const char *job, size_t len, queue_push_cb cb,
                     void *data);

#endif
