/* Custom checkers compiled before a problem is written: the api asks, a
 * worker compiles in its sandbox (the api has none) and answers, over the
 * request lane lane_checker_builds (lane.h; KEY_CHECKER_BUILDS). A request
 * carries "source"; an answer is "<outcome>\n<message>". */
#ifndef STORE_CHECKER_BUILDS_H
#define STORE_CHECKER_BUILDS_H

#include "common/buf.h"
#include "store/lane.h"

#include <stddef.h>

enum checker_build_outcome {
    CHECKER_BUILD_OK = 0,
    CHECKER_BUILD_ERROR = 1,    /* the source does not compile: msg says why */
    CHECKER_BUILD_INTERNAL = 2, /* the worker could not compile it at all */
};

/* api: the request's members for source (len bytes), appended to out. */
void checker_builds_members(struct buf *out, const char *source, size_t len);
/* api: an answer's outcome, *msg pointing into answer (NUL-terminated). */
enum checker_build_outcome checker_builds_outcome(const char *answer, const char **msg);

/* worker: the source of a request taken, or NULL when it has none. */
const char *checker_builds_source(const struct lane_request *req);
/* worker: answers token. cb may be NULL. */
int checker_builds_answer(struct redis *r, const char *token, enum checker_build_outcome outcome,
                          const char *msg, void (*cb)(int status, void *data), void *data);

#endif
