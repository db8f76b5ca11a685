/* A run's input checked by its problem's input validators before the api
 * queues the run (README "Runs"): the api asks, a worker runs the validators
 * in its sandbox (the api has none) and answers, over the request lane
 * lane_input_checks (lane.h; KEY_INPUT_CHECKS). A request carries "problem"
 * and "input"; an answer is "<outcome>\n<message>". */
#ifndef STORE_INPUT_CHECKS_H
#define STORE_INPUT_CHECKS_H

#include "common/buf.h"
#include "store/lane.h"

#include <stdbool.h>
#include <stddef.h>

enum input_check_outcome {
    INPUT_CHECK_VALID = 0,
    INPUT_CHECK_REJECTED = 1, /* a validator rejected it: msg says which and why */
    INPUT_CHECK_INTERNAL = 2, /* the worker could not check it: msg says why */
};

/* api: the request's members for input (len bytes) against problem's
 * validators, appended to out. */
void input_checks_members(struct buf *out, const char *problem, const char *input, size_t len);
/* api: an answer's outcome, *msg pointing into answer (NUL-terminated). */
enum input_check_outcome input_checks_outcome(const char *answer, const char **msg);

/* A request a worker took (all borrowed from the lane_request). */
struct input_check_request {
    const char *problem;
    const char *input;
    size_t input_len;
};
/* worker: a request's members; false when it lacks one. An input with a NUL
 * byte cannot pass the JSON text intact: the api refuses those before
 * asking. */
bool input_checks_parse(const struct lane_request *req, struct input_check_request *out);
/* worker: answers token. cb may be NULL. */
int input_checks_answer(struct redis *r, const char *token, enum input_check_outcome outcome,
                        const char *msg, void (*cb)(int status, void *data), void *data);

#endif
