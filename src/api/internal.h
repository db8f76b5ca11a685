/* The api role's shared state and the functions its files share. */
#ifndef API_INTERNAL_H
#define API_INTERNAL_H

#include "common/buf.h"
#include "common/list.h"
#include "net/http.h"
#include "net/route.h"
#include "net/token.h"
#include "store/lane.h"
#include "store/pg.h"
#include "store/problem_cache.h"
#include "store/queue_batch.h"
#include "store/redis.h"
#include "store/submission_batch.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct api_metrics {
    uint64_t requests;
    uint64_t responses[6]; /* by class: [2] = 2xx ... [5] = 5xx */
    uint64_t submissions_accepted;
    uint64_t submissions_rejected;
    uint64_t submissions_limited; /* 429: over --submit-rate */
    uint64_t runs_accepted;       /* POST /api/runs answered 202 */
    uint64_t tutorial_accepted;
    uint64_t push_failures;
    uint64_t sweep_pushed;
    uint64_t redis_unavailable;
    uint64_t db_unavailable;
};

struct api_problem {
    char *id;
    int version;
};

#define API_LANE_BUCKETS 64

struct api {
    uv_loop_t *loop;
    struct http_server *http;
    struct http_server *metrics_http; /* --metrics-addr's; NULL: /metrics is public */
    struct pg *pg;
    struct redis *redis;
    struct problem_cache *pcache; /* GET /api/problems/{id} and the problem writes */
    struct submission_batch *batch;
    struct queue_batch *queue;
    const char *gateway_url;
    const char *admin_token;
    /* Signs and checks user tokens (POST /api/tokens, bearer tokens); NULL:
     * open mode, where anyone may act for any user. */
    const char *auth_secret;
    size_t max_code;
    long submit_rate;        /* --submit-rate; 0: no limit */
    uint64_t worker_wait_ms; /* --worker-wait-ms: for an input check's answer */
    uint64_t settle_wait_ms; /* --settle-wait-ms: for a package zip's settle */
    /* What a package zip may unpack to: 64 times --max-upload-kb (deflate
     * reaches about 1000:1 on a zip bomb, real packages 5-20:1), at most
     * PACKAGE_ZIP_TOTAL_MAX. */
    unsigned long long max_unpacked;
    /* Sorted problem ids, refreshed from PostgreSQL every few seconds, so
     * intake checks a problem without a query. */
    struct api_problem *problems; /* sorted by id */
    size_t nproblems;
    bool problems_loaded;
    char *languages_json;
    /* Ids whose push failed ([0]) and ids the sweep pushed ([1]) since the
     * last flush, as "{1,2,3": marked in one UPDATE each per loop turn. The
     * common case, a push that worked, writes nothing more. */
    struct buf marks[2];
    uv_check_t flush;
    uv_timer_t sweep;
    uv_timer_t refresh;
    bool intake_started; /* flush, sweep and refresh are open */
    bool stopping;
    bool sweeping;
    struct api_metrics metrics;
    /* The Judge0-compatible API (judge0_*.c). */
    struct redis *judge0_sub;     /* subscribed to CHANNEL_RUN_DONE; NULL before start */
    struct list judge0_waiters;   /* POST /judge0/submissions?wait=true in wait */
    struct list judge0_callbacks; /* callback PUTs in flight */
    long judge0_keep_s;           /* --judge0-keep */
    /* The request lanes' waits (lanes.c). */
    struct redis *lanes_sub; /* subscribed to CHANNEL_LANES_ANSWERED; NULL before start */
    struct list lane_waiters[API_LANE_BUCKETS]; /* by token */
    const char *judge0_callback_hosts;          /* --judge0-callback-hosts; NULL: none */
};

/* Answers with a JSON body and counts the answer. */
void api__json(struct api *api, struct http_request *req, int status, const char *json, size_t len);
/* Answers {"error": msg}. */
void api__error(struct api *api, struct http_request *req, int status, const char *msg);

/* True when the request's Content-Type is application/json (submit.c). */
bool api__json_content_type(struct http_request *req);

/* POST /api/submissions and POST /submit. */
void api__submit(struct api *api, struct http_request *req, bool durable);
/* Starts the timers and the batch flush of the intake side. */
void api__intake_start(struct api *api);
bool api__problem_exists(const struct api *api, const char *id);
/* The problem's version as last read from PostgreSQL, or 0 when unknown. */
int api__problem_version(const struct api *api, const char *id);
void api__problems_dispose(struct api *api);
/* A write on this api changed problem id: intake knows at once (present
 * false: deleted). */
void api__problem_note(struct api *api, const char *id, int version, bool present);
/* Reloads the problem ids now (on start and whenever PostgreSQL comes back). */
void api__refresh_problems(struct api *api);
/* Stops the intake timers (closing their handles). */
void api__intake_stop(struct api *api);

/* The route table (routes.c): every route of the api, public and admin, one
 * row each; api__on_request() answers 404 and 405 from it. */
extern const struct route api__routes[];
extern const size_t api__nroutes;
/* A row's flag: the route needs the admin token (admin.c). */
#define API_ROUTE_ADMIN 1u

/* The request router: finds the request's row and calls its handler. */
void api__on_request(struct http_request *req, void *data);
/* The router of --metrics-addr's port: GET /metrics only. */
void api__on_metrics_request(struct http_request *req, void *data);

/* The handlers of the table's rows (net/route.h's route_cb; data is the
 * struct api). Each answers its request. */

/* GET /api/submissions/{id}, GET /api/users/{userId}/submissions,
 * GET /api/users/{userId}, GET /api/problems, GET /api/problems/{id}
 * (reads.c). */
void api__get_submission(struct http_request *req, const struct route_match *m, void *data);
void api__get_user_submissions(struct http_request *req, const struct route_match *m, void *data);
void api__get_user(struct http_request *req, const struct route_match *m, void *data);
void api__get_problems(struct http_request *req, const struct route_match *m, void *data);
void api__get_problem(struct http_request *req, const struct route_match *m, void *data);
/* stats.c: GET /api/problems/{id}/stats?language= ("beats X%"). */
void api__get_problem_stats(struct http_request *req, const struct route_match *m, void *data);
/* GET /api/problems/{id}/files/{name}: a statement image (problem_files.c). */
void api__get_problem_file(struct http_request *req, const struct route_match *m, void *data);

/* POST /api/runs and GET /api/runs/{id} (runs.c; contract/run.h). */
void api__run_post(struct http_request *req, const struct route_match *m, void *data);
/* runs_input.c: has a worker check a run's input (len bytes) against
 * problem's input validators (store/input_checks.h), waiting for the answer
 * without blocking the loop: cb(0, NULL) when valid, (400, why) when a
 * validator rejected it, (503, why) when no worker answered within the
 * deadline or none could check it. Returns 0 and calls cb once later, or a
 * negative errno when the check could not start (cb never runs: the caller
 * answers 503). */
typedef void (*api_input_checked_cb)(int status, const char *msg, void *data);
int api__input_check(struct api *api, const char *problem, const char *input, size_t len,
                     api_input_checked_cb cb, void *data);
void api__run_get(struct http_request *req, const struct route_match *m, void *data);

/* GET /healthz and GET /metrics (status.c). */
void api__healthz(struct http_request *req, const struct route_match *m, void *data);
void api__metrics(struct http_request *req, const struct route_match *m, void *data);

/* GET of one of the page's files, named by the row's path ("/" is
 * index.html), and GET /config.js, which tells the page where the gateway
 * is (web.c). */
void api__web(struct http_request *req, const struct route_match *m, void *data);
void api__web_config(struct http_request *req, const struct route_match *m, void *data);

/* Admin routes (admin.c): POST /api/broadcast, /api/tokens, /api/events. */
void api__admin_broadcast(struct http_request *req, const struct route_match *m, void *data);
void api__admin_token(struct http_request *req, const struct route_match *m, void *data);
void api__admin_event(struct http_request *req, const struct route_match *m, void *data);
/* POST /api/problems/{id}/rejudge (rejudge.c). */
void api__admin_rejudge(struct http_request *req, const struct route_match *m, void *data);
/* Problem authoring (authoring.c): PATCH, PUT and DELETE /api/problems/{id}. */
void api__problem_patch(struct http_request *req, const struct route_match *m, void *data);
void api__problem_put(struct http_request *req, const struct route_match *m, void *data);
void api__problem_delete(struct http_request *req, const struct route_match *m, void *data);
/* A problem directory's zip (upload_zip.c): loads it as the problem id with
 * judge/problem.h's rules. Returns 0, or -1 with a reason in err. */
int api__zip_load(const char *zip, size_t len, const char *id, struct catalog_problem *p, char *err,
                  size_t errlen);

/* PUT of a Kattis package zip (upload_package.c): read and converted on the
 * thread pool, then written with api__problem_write; answers the request. */
void api__package_put(struct api *api, struct http_request *req, const char *id);
/* Writes a whole problem p (taken: p is left empty) as a PUT does
 * (authoring.c) and answers the request; members (taken, may be NULL) are
 * JSON members added to the answer. */
void api__problem_write(struct api *api, struct http_request *req, const char *id,
                        struct catalog_problem *p, char *members);

/* True when the request carries the admin token; otherwise answers it (403
 * when admin routes are off, 401 without the right token). */
bool api__admin_allowed(struct api *api, struct http_request *req);

/* Who a request acts for (auth.c). */
struct api_caller {
    bool open;                     /* no --auth-secret: anyone acts for anyone */
    bool admin;                    /* the admin token: acts for anyone */
    char user[TOKEN_USER_MAX + 1]; /* a user token's user; "" otherwise */
};
/* Reads the request's bearer credential into who: true when the request may
 * go on (open mode, the admin token, or a valid unexpired user token);
 * otherwise answers 401 with WWW-Authenticate: Bearer and a JSON error, and
 * returns false. */
bool api__caller(struct api *api, struct http_request *req, struct api_caller *who);
/* True when who may act for, or read what belongs to, user. */
bool api__caller_may(const struct api_caller *who, const char *user);
/* True when the request's bearer credential is the admin token. */
bool api__auth_is_admin(const struct api *api, struct http_request *req);

/* The Judge0-compatible API (README "Judge0-compatible API"; the pure
 * layer is api/judge0.h). */
/* Opens the run_done subscription (a Redis connection of its own) and the
 * lists; 0, or -1 with a reason in err. */
/* lanes.c: the request lanes' waits (store/lane.h). api__lane_ask() queues
 * a request of kind (members and blob as for lane_request()) under a new
 * token and waits for a worker's answer until deadline_ms (Unix ms):
 * cb(0, answer (borrowed), len, data); cb(-ETIMEDOUT) when none came in time,
 * (-ENOTCONN) when Redis refused the request, (-ECANCELED) when the api
 * stops. Returns 0 and calls cb once later (never before it returns), or a
 * negative errno and never calls it: -ECANCELED when the api is stopping,
 * -EAGAIN without randomness for the token, another (-ENOTCONN) when Redis
 * refused at once or is not set up. */
typedef void (*api_lane_cb)(int status, const char *answer, size_t len, void *data);
int api__lane_ask(struct api *api, const struct lane_kind *kind, uint64_t deadline_ms,
                  const char *members, const char *blob, size_t blob_len, api_lane_cb cb,
                  void *data);
int api__lanes_start(struct api *api, const char *redis_url, char *err, size_t errlen);
void api__lanes_stop(struct api *api);

int api__judge0_start(struct api *api, const char *redis_url, char *err, size_t errlen);
/* Answers every waiting request with what is known, cancels the callbacks
 * in flight and closes the subscription. */
void api__judge0_stop(struct api *api);
/* The routes' rows (judge0_routes.c). */
void api__judge0_create(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_show(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_delete(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_batch_create(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_batch_show(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_languages(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_languages_all(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_language(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_statuses(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_about(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_config_info(struct http_request *req, const struct route_match *m, void *data);
void api__judge0_unsupported(struct http_request *req, const struct route_match *m, void *data);
/* POST /judge0/authenticate: 200 when the credential is good, else 401. */
void api__judge0_authenticate(struct http_request *req, const struct route_match *m, void *data);

struct judge0_submission;
struct judge0_query;
/* Who a Judge0 request acts for: X-Auth-Token (Judge0's header) or a bearer
 * credential, a user token or the admin token; open mode and the admin act
 * for the user "judge0". False when answered 401 (Judge0's: empty body). */
bool api__judge0_caller(struct api *api, struct http_request *req, struct api_caller *who,
                        const char **user);
/* Reads the query string into q; false when answered 400 (invalid fields). */
bool api__judge0_query(struct api *api, struct http_request *req, struct judge0_query *q);
/* Judge0's answer to a token or id it does not have. */
void api__judge0_not_found(struct api *api, struct http_request *req);
/* A Judge0 submission read back by token: its record and its run. status 0
 * with s (borrowed during the call) set, -ENOENT when there is no such
 * token (never made, or expired), or another negative errno (Redis). */
typedef void (*api_judge0_load_cb)(struct api *api, int status, struct judge0_submission *s,
                                   void *data);
/* Reads token's submission; cb is called exactly once, later. */
void api__judge0_load(struct api *api, const char *token, api_judge0_load_cb cb, void *data);
/* Starts the PUT of s (rendered now) to its callback_url; forgets it on any
 * failure (logged). */
void api__judge0_callback_send(struct api *api, const struct judge0_submission *s);
/* Cancels the callback PUTs in flight (judge0_callback.c). */
void api__judge0_callback_stop(struct api *api);
/* True when url's host is on --judge0-callback-hosts (the check at intake;
 * the addresses are checked again when it is called). */
bool api__judge0_callback_allowed(const struct api *api, const char *url, char *why, size_t whylen);
/* Holds req (POST ?wait=true, its submission just made) until the run of
 * token is done, then answers it 201 with the submission rendered with
 * fields and base64 (judge0_wait.c). */
void api__judge0_wait_add(struct api *api, struct http_request *req, const char *token,
                          uint64_t fields, bool base64);

#endif
