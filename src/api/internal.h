/* The api role's shared state and the functions its files share. */
#ifndef API_INTERNAL_H
#define API_INTERNAL_H

#include "common/buf.h"
#include "net/http.h"
#include "store/pg.h"
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

struct api {
    uv_loop_t *loop;
    struct http_server *http;
    struct pg *pg;
    struct redis *redis;
    struct submission_batch *batch;
    struct queue_batch *queue;
    const char *gateway_url;
    const char *admin_token;
    const char *auth_secret; /* signs gateway tokens (POST /api/tokens); NULL: off */
    size_t max_code;
    /* Sorted problem ids, refreshed from PostgreSQL every few seconds, so
     * intake checks a problem without a query. */
    struct api_problem *problems; /* sorted by id */
    size_t nproblems;
    char catalog_tag[24]; /* names the cached problem list; changes with any version */
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
};

/* Answers with a JSON body and counts the answer. */
void api__json(struct api *api, struct http_request *req, int status, const char *json, size_t len);
/* Answers {"error": msg}. */
void api__error(struct api *api, struct http_request *req, int status, const char *msg);

/* POST /api/submissions and POST /submit. */
void api__submit(struct api *api, struct http_request *req, bool durable);
/* Starts the timers and the batch flush of the intake side. */
void api__intake_start(struct api *api);
bool api__problem_exists(const struct api *api, const char *id);
/* The problem's version as last read from PostgreSQL, or 0 when unknown. */
int api__problem_version(const struct api *api, const char *id);
void api__problems_dispose(struct api *api);
/* Reloads the problem ids now (on start and whenever PostgreSQL comes back). */
void api__refresh_problems(struct api *api);
/* Stops the intake timers (closing their handles). */
void api__intake_stop(struct api *api);

/* GET routes that read the store. */
void api__get_submission(struct api *api, struct http_request *req, const char *id, size_t len);
void api__get_user_submissions(struct api *api, struct http_request *req, const char *user,
                               size_t len);
void api__get_problems(struct api *api, struct http_request *req);
void api__get_problem(struct api *api, struct http_request *req, const char *id, size_t len);

/* GET /healthz and GET /metrics. */
void api__healthz(struct api *api, struct http_request *req);
void api__metrics(struct api *api, struct http_request *req);

/* GET of the page's files; false when path is not one of them. With req
 * NULL it only says whether path is one of them. */
bool api__web(struct api *api, struct http_request *req, const char *path, size_t len);

/* Admin routes (admin.c): POST /api/broadcast, /api/tokens, /api/events.
 * False when path is none of them. */
bool api__admin(struct api *api, struct http_request *req, const char *path, size_t len);

/* The request router. */
void api__on_request(struct http_request *req, void *data);

#endif
