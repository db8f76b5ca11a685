/* The job queue: the Redis list "problems" (DESIGN.md). */
#ifndef STORE_QUEUE_H
#define STORE_QUEUE_H

#include "store/redis.h"

#include <stddef.h>

/* status 0 once the job is on the list, else a negative errno. */
typedef void (*queue_push_cb)(int status, void *data);

/* LPUSHes the job bytes as they are (never re-encoded). Same contract as
 * redis_cmd(). */
int queue_push(struct redis *r, const char *job, size_t len, queue_push_cb cb, void *data);

#endif
