/* A package zip PUT to the api, settled by a worker before the api writes
 * it (README "Kattis problem packages"): its input validators run on every
 * test input and its time limit computed when it gives none, both needing a
 * sandbox the api does not have. The api stores the zip and queues a
 * request; a worker takes it, settles the zip and stores the answer (keys.h,
 * KEY_SETTLES); the api polls for it. */
#ifndef STORE_SETTLES_H
#define STORE_SETTLES_H

#include "store/redis.h"

#include <stddef.h>
#include <stdint.h>

#define SETTLES_TOKEN_MAX 40 /* a request's token: 32 hex digits */

/* api: stores zip (len bytes) and queues its settle under token, to be
 * taken before deadline_ms (Unix time in ms; a worker skips it afterwards).
 * cb(status, data) once both are in. Same contract as redis_cmd(). */
int settles_request(struct redis *r, const char *token, const char *zip, size_t len,
                    uint64_t deadline_ms, void (*cb)(int status, void *data), void *data);

/* api: the answer to token so far, the JSON text of `verdict problems
 * settle` (or {"internal": "why"} when the worker could not settle it):
 * cb(status, answer or NULL when none yet (borrowed), len, data). */
typedef void (*settles_result_cb)(int status, const char *answer, size_t len, void *data);
int settles_result(struct redis *r, const char *token, settles_result_cb cb, void *data);

/* worker: takes the oldest request still within its deadline, with its
 * zip: cb(status, token, deadline_ms, zip, len, data), token NULL when
 * there is none (all borrowed during the callback); zip NULL when it is gone. */
typedef void (*settles_take_cb)(int status, const char *token, uint64_t deadline_ms,
                                const char *zip, size_t len, void *data);
int settles_take(struct redis *r, settles_take_cb cb, void *data);

/* worker: answers token (kept 60 s) and drops its zip. cb may be NULL. */
int settles_answer(struct redis *r, const char *token, const char *answer, size_t len,
                   void (*cb)(int status, void *data), void *data);

#endif
