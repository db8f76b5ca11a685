/* A run's input checked by its problem's input validators before the api
 * queues the run (README "Runs"): the api asks, a worker runs the validators
 * in its sandbox (the api has none) and answers. Requests wait on a Redis
 * list (keys.h, KEY_INPUT_CHECKS), answers in a key per request that expires
 * a minute later: the same lane as store/checker_builds.h. */
#ifndef STORE_INPUT_CHECKS_H
#define STORE_INPUT_CHECKS_H

#include "store/redis.h"

#include <stddef.h>
#include <stdint.h>

/* A request's token: 32 hex digits. */
#define INPUT_CHECKS_TOKEN_MAX 40

enum input_check_outcome {
    INPUT_CHECK_PENDING = -1, /* no answer yet */
    INPUT_CHECK_VALID = 0,
    INPUT_CHECK_REJECTED = 1, /* a validator rejected it: msg says which and why */
    INPUT_CHECK_INTERNAL = 2, /* the worker could not check it: msg says why */
};

/* api: queues the check of input (len bytes) against problem's validators
 * under token, to be taken before deadline_ms (Unix time in ms; a worker
 * skips it afterwards). cb(status, data). Same contract as redis_cmd(). */
int input_checks_request(struct redis *r, const char *token, const char *problem, const char *input,
                         size_t len, uint64_t deadline_ms, void (*cb)(int status, void *data),
                         void *data);

/* api: the answer to token so far: cb(status, outcome, msg (borrowed), data). */
typedef void (*input_checks_result_cb)(int status, enum input_check_outcome outcome,
                                       const char *msg, void *data);
int input_checks_result(struct redis *r, const char *token, input_checks_result_cb cb, void *data);

/* A request a worker took (all borrowed during the callback). */
struct input_check_request {
    const char *token;
    const char *problem;
    const char *input;
    size_t input_len;
};

/* worker: takes the oldest request still within its deadline: cb(status,
 * req, data), req NULL when there is none. */
typedef void (*input_checks_take_cb)(int status, const struct input_check_request *req, void *data);
int input_checks_take(struct redis *r, input_checks_take_cb cb, void *data);

/* worker: answers token (kept 60 s). cb may be NULL. */
int input_checks_answer(struct redis *r, const char *token, enum input_check_outcome outcome,
                        const char *msg, void (*cb)(int status, void *data), void *data);

#endif
