/* Per-user submission rate (the api's --submit-rate): one counter per user
 * and minute in Redis (keys.h, KEY_RATE_PREFIX), so every api instance
 * counts against the same limit. */
#ifndef STORE_RATE_H
#define STORE_RATE_H

#include "store/redis.h"

#include <stdbool.h>

/* status 0 with allowed (this submission is within the limit) and
 * retry_after_s (seconds until the user's window ends, at least 1); or a
 * negative errno when Redis failed (allowed is then false). */
typedef void (*rate_cb)(int status, bool allowed, long retry_after_s, void *data);

/* Counts one submission of user (a valid user id) in the current minute of
 * Redis's clock and tells whether it is within limit per minute. The count
 * and the window's expiry are set in one script, so a window never outlives
 * its minute. A refused submission is counted too: a client hammering past
 * the limit stays refused until the window ends. Same contract as
 * redis_cmd(). */
int rate_hit(struct redis *r, const char *user, long limit, rate_cb cb, void *data);

#endif
