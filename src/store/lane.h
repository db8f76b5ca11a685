/* Request lanes: short work the api asks of a worker because it has no
 * sandbox (a checker's build, a run's input check, a package's settle). One
 * shape for all three: the api queues {"token", "deadline", ...} on the
 * kind's list (and, for a big payload, a blob beside it) and wakes the
 * workers (CHANNEL_LANES_REQUESTED, the kind's name); a worker takes the
 * oldest request still within its deadline, does it, and answers in
 * "<result prefix><token>" (kept LANE_ANSWER_TTL_S), announcing the token on
 * CHANNEL_LANES_ANSWERED, so the api waiting on it reads it at once. Each side
 * is one script: a request is never queued without its wake-up or its blob,
 * an answer never stored without its announcement. The kinds' own files
 * (checker_builds.h, input_checks.h) only encode and decode; a settle's
 * request is the bare token and deadline with the zip as its blob, its answer
 * the JSON line of `verdict problems settle` (cli/settle.h). */
#ifndef STORE_LANE_H
#define STORE_LANE_H

#include "store/redis.h"

#include <stddef.h>
#include <stdint.h>

/* A request's token: 32 hex digits. */
#define LANE_TOKEN_MAX 40
#define LANE_ANSWER_TTL_S 60
#define LANE_BLOB_TTL_S 600

struct lane_kind {
    const char *name;          /* its wake-up message on CHANNEL_LANES_REQUESTED */
    const char *list;          /* the requests, oldest on the right (keys.h) */
    const char *result_prefix; /* the answers (keys.h) */
    const char *blob_prefix;   /* NULL, or where a request's blob waits (keys.h) */
};

extern const struct lane_kind lane_checker_builds;
extern const struct lane_kind lane_input_checks;
extern const struct lane_kind lane_settles;

/* The kind whose name is name (len bytes), or NULL. */
const struct lane_kind *lane_kind_named(const char *name, size_t len);

/* api: queues a request of kind k under token, to be taken before
 * deadline_ms (Unix time in ms; a worker skips it afterwards), members the
 * JSON members that follow "token" and "deadline" (e.g. "\"source\":\"...\"",
 * or "" for none), blob (blob_len bytes, kinds with a blob_prefix only) kept
 * beside it; wakes the workers. cb(status, data). Same contract as
 * redis_cmd(). */
int lane_request(struct redis *r, const struct lane_kind *k, const char *token,
                 uint64_t deadline_ms, const char *members, const char *blob, size_t blob_len,
                 void (*cb)(int status, void *data), void *data);

/* api: the answer to token so far: cb(status, answer or NULL when none yet
 * (borrowed), len, data). */
typedef void (*lane_result_cb)(int status, const char *answer, size_t len, void *data);
int lane_result(struct redis *r, const struct lane_kind *k, const char *token, lane_result_cb cb,
                void *data);

struct cJSON;

/* A request a worker took (all borrowed during the callback). */
struct lane_request {
    const char *token;
    uint64_t deadline_ms;
    const struct cJSON *doc; /* the whole request, for the kind's own members */
    const char *blob;        /* NULL when the kind has none, or it is gone */
    size_t blob_len;
};

/* worker: takes the oldest request of kind k: cb(status, req, data), req
 * NULL when the list is empty. A request past its deadline (its api gave
 * up) or malformed is dropped: cb(-ESTALE, NULL, data), and the caller
 * takes again; a stale request's blob is deleted without being read. */
typedef void (*lane_take_cb)(int status, const struct lane_request *req, void *data);
int lane_take(struct redis *r, const struct lane_kind *k, lane_take_cb cb, void *data);

/* worker: answers token (kept LANE_ANSWER_TTL_S) and announces it on
 * CHANNEL_LANES_ANSWERED. cb may be NULL. */
int lane_answer(struct redis *r, const struct lane_kind *k, const char *token, const char *answer,
                size_t len, void (*cb)(int status, void *data), void *data);

/* The Unix time in ms: the clock of the requests' deadlines. */
uint64_t lane_now_ms(void);

#endif
