/* Custom checkers compiled before a problem is written: the api asks, a
 * worker compiles in its sandbox (the api has none) and answers. Requests
 * wait on a Redis list (keys.h, KEY_CHECKER_BUILDS), answers in a key per
 * request that expires a minute later. */
#ifndef STORE_CHECKER_BUILDS_H
#define STORE_CHECKER_BUILDS_H

#include "store/redis.h"

#include <stddef.h>
#include <stdint.h>

/* A request's token: 32 hex digits. */
#define CHECKER_BUILDS_TOKEN_MAX 40

enum checker_build_outcome {
    CHECKER_BUILD_PENDING = -1, /* no answer yet */
    CHECKER_BUILD_OK = 0,
    CHECKER_BUILD_ERROR = 1,    /* the source does not compile: msg says why */
    CHECKER_BUILD_INTERNAL = 2, /* the worker could not compile it at all */
};

/* api: queues source (len bytes) under token, to be taken before deadline_ms
 * (Unix time in ms; a worker skips it afterwards). cb(status, data). Same
 * contract as redis_cmd(). */
int checker_builds_request(struct redis *r, const char *token, const char *source, size_t len,
                           uint64_t deadline_ms, void (*cb)(int status, void *data), void *data);

/* api: the answer to token so far: cb(status, outcome, msg (borrowed), data). */
typedef void (*checker_builds_result_cb)(int status, enum checker_build_outcome outcome,
                                         const char *msg, void *data);
int checker_builds_result(struct redis *r, const char *token, checker_builds_result_cb cb,
                          void *data);

/* worker: takes the oldest request still within its deadline:
 * cb(status, token, source, len, data), token NULL when there is none (all
 * borrowed during the callback). */
typedef void (*checker_builds_take_cb)(int status, const char *token, const char *source,
                                       size_t len, void *data);
int checker_builds_take(struct redis *r, checker_builds_take_cb cb, void *data);

/* worker: answers token (kept 60 s). cb may be NULL. */
int checker_builds_answer(struct redis *r, const char *token, enum checker_build_outcome outcome,
                          const char *msg, void (*cb)(int status, void *data), void *data);

#endif
