/* Every Redis key and channel verdict uses (DESIGN.md "Public contracts"). */
#ifndef STORE_KEYS_H
#define STORE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* The job queue: LPUSH by the api (and by hand), taken by workers. */
#define KEY_QUEUE "problems"
/* Fair share (store/jobs.c, jobs_take()): the worker spreads what is on
 * KEY_QUEUE over one list per user ("fair:user:<id>", oldest on the right)
 * and a ring of the users that have jobs there, and takes from the users in
 * turn. Jobs that name no user and carry no code (a stored row pushed again:
 * the sweep's, a rejudge's) wait on KEY_FAIR_BULK, taken only when no user
 * has a job ready. Jobs with no valid userId (the tutorial's) are the user
 * "anonymous"'s. */
#define KEY_FAIR_USER_PREFIX "fair:user:"
#define KEY_FAIR_READY "fair:ready"
#define KEY_FAIR_BULK "fair:bulk"
/* Per-user submission counts of the api's --submit-rate: "rate:submit:<id>",
 * created by a user's first submission of a minute (Redis's clock) and
 * expiring at that minute's end (store/rate.c). */
#define KEY_RATE_PREFIX "rate:submit:"
/* One JSON event per finished submission, and progress events. */
#define CHANNEL_DONE "problem_done"
/* Events for every connected user. */
#define CHANNEL_BROADCAST "broadcast"
/* A user's events: "user:<id>", subscribed to only by the gateways that hold
 * a connection of that user. Built and read only by the functions below. */
#define CHANNEL_USER_PREFIX "user:"
/* PSUBSCRIBE pattern of every user's channel (a plain subscriber's view, as
 * bench/gateway's reference without a gateway). */
#define CHANNEL_USER_PATTERN CHANNEL_USER_PREFIX "*"
/* Room for any user's channel name and its NUL (a user id has at most
 * EVENTS_USER_MAX bytes). */
#define CHANNEL_USER_MAX 72
/* The problem cache (store/problem_cache.c, README "The problem cache"):
 * "problem:{<id>}" is a hash of v (the version), j (GET /api/problems/{id}'s
 * JSON; "" for a deleted or unknown problem) and one "w:<token>" field (the
 * Redis time it was set) per write in flight. "problem:{<id>}:fill" is the
 * short lock of the api that rebuilds a missing entry. The braces are a
 * Cluster hash tag: both keys of a problem live on one node. */
#define KEY_PROBLEM_PREFIX "problem:{"
/* Custom checkers compiled by a worker before a problem is written
 * (store/checker_builds.c): requests on a list, each answer in
 * "checker:result:<token>" for a minute. */
#define KEY_CHECKER_BUILDS "checker:compile"
#define KEY_CHECKER_RESULT_PREFIX "checker:result:"
/* A run's input checked by its problem's input validators on a worker before
 * the api queues it (store/input_checks.c): requests on a list, each answer
 * in "input:result:<token>" for a minute. */
#define KEY_INPUT_CHECKS "input:check"
#define KEY_INPUT_RESULT_PREFIX "input:result:"
/* A package zip PUT to the api, settled by a worker before it is written
 * (store/lane.c, lane_settles): the zip in "{settle}:zip:<token>" (ten minutes), the
 * request on the list "{settle}:requests" (one hash tag: a script queues or
 * takes both), the answer in "settle:result:<token>" for a minute. */
#define KEY_SETTLES "{settle}:requests"
#define KEY_SETTLE_ZIP_PREFIX "{settle}:zip:"
#define KEY_SETTLE_RESULT_PREFIX "settle:result:"
/* The request lanes (store/lane.h: checker builds, input checks, settles):
 * a request queued on one of the lists above is announced on
 * CHANNEL_LANES_REQUESTED (the message: its kind's name, "checker", "input"
 * or "settle"), so that an idle worker takes it at once; an answer stored is
 * announced on CHANNEL_LANES_ANSWERED (the message: its token), so that the
 * api waiting on it reads it at once. */
#define CHANNEL_LANES_REQUESTED "lanes:requested"
#define CHANNEL_LANES_ANSWERED "lanes:answered"
/* Runs (contract/run.h, README "Runs"): "run:<id>" is a hash of user,
 * status and result, expiring keepS after its last write; CHANNEL_RUN_DONE
 * carries each finished run's result JSON, for an api waiting on it. */
#define KEY_RUN_PREFIX "run:"
#define CHANNEL_RUN_DONE "run_done"
/* The Judge0-compatible API (README "Judge0-compatible API"): a Judge0
 * submission is a run whose id is its token; "judge0:<token>" holds what the
 * client asked (the run keeps only the result), with the run's TTL; while
 * "judge0:cb:<token>" exists the run's callback_url is still to be called
 * (the api that deletes it sends it). */
#define KEY_JUDGE0_PREFIX "judge0:"
#define KEY_JUDGE0_CALLBACK_PREFIX "judge0:cb:"
/* Room for any problem's key and its NUL. */
#define KEY_PROBLEM_MAX 96

/* Writes the channel of user id (id_len bytes, not NUL-terminated) into out,
 * NUL-terminated, and returns its length; -ENAMETOOLONG when the name does
 * not fit (out is then the empty string). */
int keys_user_channel(char out[CHANNEL_USER_MAX], const char *id, size_t id_len);

/* The user id in channel when it is a user's channel (a pointer into
 * channel, *id_len bytes, not NUL-terminated), else NULL. */
const char *keys_channel_user(const char *channel, size_t len, size_t *id_len);

/* Writes problem id's cache entry key ("problem:{id}"), or with lock its
 * fill lock's, into out; returns its length, or -ENAMETOOLONG. */
int keys_problem(char out[KEY_PROBLEM_MAX], const char *id, bool lock);

#endif
