/* 'verdict api': HTTP intake and reads. Wires net/http to the store.
 *
 * Theory of operation. One process, one libuv loop, no threads. It holds
 * one HTTP server (net/http: llhttp, keep-alive, limits), one PostgreSQL
 * connection (store/pg, pipelined) and one Redis connection (store/redis).
 *
 *   client ──HTTP──▶ routes.c (route table) ──▶ auth.c: who acts (bearer token, --auth-secret)
 *                                              ─▶ submit.c: intake_parse ─▶ INSERT (batched
 *                                                 per loop turn) ─▶ LPUSH problems (batched)
 *                                              ─▶ reads.c: submissions, history (PostgreSQL)
 *                                              ─▶ problems: through the Redis cache
 *                                              ─▶ admin.c: broadcast, events, tokens
 *
 * Submissions are named by their public id (random, sql/004_public_ids.sql)
 * in every answer; the sequential row id stays in the queue's jobs, which
 * only workers read.
 *
 * A submission is answered 202 only once its row is in PostgreSQL; a push
 * that fails afterwards leaves the row marked and a sweep (every 5 s) pushes
 * it later. The problem list is refreshed from PostgreSQL every 5 s, so
 * intake checks a problem id without a query. Both stores reconnect on their
 * own; while one is down, requests that need it get 503 and nothing is half
 * written. SIGINT/SIGTERM (common/role.c) close the listener, the
 * connections and the stores; the loop then ends. */
#include "api/api.h"

#include "api/internal.h"
#include "common/alloc.h"
#include "common/log.h"
#include "common/role.h"
#include "judge/lang.h"
#include "store/api_stmts.h"
#include "store/problem_cache.h"
#include "store/resweep.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void api__json(struct api *api, struct http_request *req, int status, const char *json, size_t len)
{
    api->metrics.responses[status / 100 < 6 ? status / 100 : 5]++;
    http_respond(req, status, "application/json", NULL, json, len);
}

void api__error(struct api *api, struct http_request *req, int status, const char *msg)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "{\"error\":");
    buf_json_str(&b, msg, strlen(msg));
    buf_puts(&b, "}");
    api__json(api, req, status, b.data, b.len);
    buf_dispose(&b);
}

static char *languages_json(void)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "[");
    bool first = true;
    for (const struct lang *const *l = lang_all(); *l; l++) {
        if (!lang_installed(*l))
            continue;
        buf_puts(&b, first ? "{\"id\":" : ",{\"id\":");
        first = false;
        buf_json_str(&b, (*l)->id, strlen((*l)->id));
        buf_puts(&b, ",\"name\":");
        buf_json_str(&b, (*l)->name, strlen((*l)->name));
        buf_puts(&b, ",\"source\":");
        buf_json_str(&b, (*l)->source, strlen((*l)->source));
        buf_puts(&b, ",\"aliases\":[");
        for (int i = 0; i < 6 && (*l)->aliases[i]; i++) {
            if (i)
                buf_puts(&b, ",");
            buf_json_str(&b, (*l)->aliases[i], strlen((*l)->aliases[i]));
        }
        buf_puts(&b, "]}");
    }
    buf_puts(&b, "]");
    return buf_steal(&b);
}

static void api_on_pg_state(struct pg *pg, bool up, const char *why, void *data)
{
    (void)pg;
    struct api *api = data;
    if (up) {
        log_info("connected to PostgreSQL");
        api__refresh_problems(api);
        if (api->pcache)
            problem_cache_pg_up(api->pcache);
    } else {
        log_warn("PostgreSQL unavailable: %s (retrying)", why);
    }
}

static void api_on_redis_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    struct api *api = data;
    if (up && api->pcache)
        problem_cache_redis_up(api->pcache);
    if (up)
        log_info("connected to Redis");
    else
        log_warn("Redis unavailable: %s (retrying)", why);
}

/* A Redis failover: the new primary may lack the last jobs the old one
 * acknowledged (store/resweep.h). */
static void api_on_redis_switch(struct redis *r, void *data)
{
    struct api *api = data;
    resweep_start(api->pg, r, "api");
}

static void api_on_closed(void *data)
{
    (void)data;
}

/* Closes what api_start opened; safe on a half-started api. */
static void api_close(struct api *api)
{
    if (api->intake_started)
        api__intake_stop(api);
    api->intake_started = false;
    if (api->http)
        http_server_close(api->http, api_on_closed, api);
    if (api->metrics_http)
        http_server_close(api->metrics_http, api_on_closed, api);
    api__lanes_stop(api);
    api__judge0_stop(api);
    submission_batch_free(api->batch);
    queue_batch_free(api->queue);
    /* Before the stores: it sends nothing more, and outlives their last
     * callbacks (problem_cache.h). */
    problem_cache_free(api->pcache);
    api->pcache = NULL;
    pg_free(api->pg);
    redis_free(api->redis);
    api->batch = NULL;
    api->queue = NULL;
    api->pg = NULL;
    api->redis = NULL;
}

void api_stop(struct api *api)
{
    if (api->stopping)
        return;
    api->stopping = true;
    api_close(api);
}

void api_free(struct api *api)
{
    if (api == NULL)
        return;
    http_server_free(api->http);
    if (api->metrics_http)
        http_server_free(api->metrics_http);
    api__problems_dispose(api);
    free(api->languages_json);
    buf_dispose(&api->marks[0]);
    buf_dispose(&api->marks[1]);
    free(api);
}

int api_port(const struct api *api)
{
    return http_server_port(api->http);
}

/* --metrics-addr: "host:port" ("[::1]:9100" for IPv6), port 0 for any. */
static int api_listen_metrics(struct api *api, const char *addr, char *err, size_t errlen)
{
    char host[256];
    int port;
    if (http_split_addr(addr, host, sizeof(host), &port) < 0) {
        snprintf(err, errlen, "--metrics-addr: '%.200s' is not host:port", addr);
        return -1;
    }
    struct http_limits limits;
    http_limits_default(&limits);
    limits.max_body_bytes = 1024;
    api->metrics_http = http_server_new(api->loop, &limits, api__on_metrics_request, api);
    int rc = http_server_listen(api->metrics_http, host, (int)port);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, uv_strerror(rc));
        return -1;
    }
    log_info("metrics on http://%s:%d/metrics", host, http_server_port(api->metrics_http));
    return 0;
}

static int api_listen(struct api *api, const struct api_config *cfg, char *err, size_t errlen)
{
    struct http_limits limits;
    http_limits_default(&limits);
    /* JSON escapes can make code up to 6x longer on the wire (\u00XX). */
    limits.max_body_bytes = api->max_code * 6 + 4096;
    /* A whole problem (PUT, as JSON or a zip; PATCH) may be larger: only the
     * admin's routes take these methods, and its token is checked once the
     * body is in, so this bounds what an unauthenticated client can make the
     * api buffer, too. */
    limits.max_upload_bytes = (size_t)cfg->max_upload_kb * 1024;
    api->max_unpacked = 64ull * limits.max_upload_bytes;
    limits.header_timeout_ms = (unsigned)cfg->http_timeout_ms;
    limits.body_timeout_ms = (unsigned)cfg->http_timeout_ms;
    api->http = http_server_new(api->loop, &limits, api__on_request, api);
    int rc = http_server_listen(api->http, cfg->host, (int)cfg->port);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s:%ld: %s", cfg->host, cfg->port, uv_strerror(rc));
        return -1;
    }
    log_info("listening on http://%s:%d", cfg->host, http_server_port(api->http));
    return cfg->metrics_addr ? api_listen_metrics(api, cfg->metrics_addr, err, errlen) : 0;
}

int api_start(uv_loop_t *loop, const struct api_config *cfg, struct api **out, char *err,
              size_t errlen)
{
    struct api *api = xcalloc(1, sizeof(*api));
    *out = api;
    api->loop = loop;
    api->gateway_url = cfg->gateway_url;
    api->admin_token = cfg->admin_token;
    api->auth_secret = cfg->auth_secret && cfg->auth_secret[0] ? cfg->auth_secret : NULL;
    api->max_code = (size_t)cfg->max_code_kb * 1024;
    api->submit_rate = cfg->submit_rate;
    api->worker_wait_ms = (uint64_t)cfg->worker_wait_ms;
    api->settle_wait_ms = (uint64_t)cfg->settle_wait_ms;
    api->judge0_keep_s = cfg->judge0_keep_s > 0 ? cfg->judge0_keep_s : 86400;
    api->judge0_callback_hosts = cfg->judge0_callback_hosts;
    api->languages_json = languages_json();
    buf_init(&api->marks[0]);
    buf_init(&api->marks[1]);

    api->pg = pg_new(loop, cfg->db, api_stmts, err, errlen);
    if (api->pg == NULL)
        goto fail;
    pg_on_state(api->pg, api_on_pg_state, api);
    api->batch = submission_batch_new(loop, api->pg);
    api->redis = redis_new(loop, cfg->redis, err, errlen);
    if (api->redis == NULL)
        goto fail;
    redis_on_state(api->redis, api_on_redis_state, api);
    redis_on_switch(api->redis, api_on_redis_switch, api);
    redis_set_wait_replicas(api->redis, (unsigned)cfg->redis_wait_replicas);
    api->queue = queue_batch_new(loop, api->redis);
    api->pcache = problem_cache_new(loop, api->pg, api->redis);
    if (api__judge0_start(api, cfg->redis, err, errlen) < 0)
        goto fail;
    if (api__lanes_start(api, cfg->redis, err, errlen) < 0)
        goto fail;
    if (api_listen(api, cfg, err, errlen) < 0)
        goto fail;
    api__intake_start(api);
    api->intake_started = true;
    if (api->auth_secret)
        log_info("auth on: submitting and reading submissions need a bearer token");
    else
        log_warn("auth off (no --auth-secret): anyone may submit as any user and read any "
                 "submission whose id they know (tutorial mode)");
    return 0;
fail:
    api_close(api);
    return -1;
}

/*** The role: options, and the runner's three calls ***/

#define API_CFG struct api_config
static const struct config_opt api_options[] = {
    CONFIG_INT(API_CFG, port, "--port", "VERDICT_PORT", "3000", 0, 65535,
               "TCP port (0 = any free)"),
    CONFIG_STR(API_CFG, host, "--host", "VERDICT_HOST", "0.0.0.0", "address to bind"),
    CONFIG_REDIS(API_CFG, redis),
    CONFIG_REDIS_WAIT(API_CFG, redis_wait_replicas),
    CONFIG_DB(API_CFG, db),
    CONFIG_STR(API_CFG, gateway_url, "--gateway-url", "VERDICT_GATEWAY_URL",
               "ws://localhost:3001/ws", "WebSocket address the page is told to use"),
    CONFIG_STR(API_CFG, admin_token, "--admin-token", "VERDICT_ADMIN_TOKEN", NULL,
               "bearer token of the admin routes (unset: they answer 403)"),
    CONFIG_STR(API_CFG, auth_secret, "--auth-secret", "VERDICT_AUTH_SECRET", NULL,
               "signs and checks user tokens; with it, user routes need a bearer token"),
    CONFIG_INT(API_CFG, max_code_kb, "--max-code-kb", "VERDICT_MAX_CODE_KB", "64", 1, 16384,
               "largest accepted code, in KiB"),
    CONFIG_INT(API_CFG, max_upload_kb, "--max-upload-kb", "VERDICT_MAX_UPLOAD_KB", "65536", 1,
               1048576,
               "largest PUT/PATCH body (a whole problem as JSON or zip), in KiB; 413 over it"),
    CONFIG_STR(API_CFG, metrics_addr, "--metrics-addr", "VERDICT_METRICS_ADDR", NULL,
               "host:port serving GET /metrics instead of the public port (unset: public)"),
    CONFIG_INT(API_CFG, http_timeout_ms, "--http-timeout-ms", "VERDICT_HTTP_TIMEOUT_MS", "10000",
               100, 600000, "time a client has to send a request's headers, and then its body"),
    CONFIG_INT(API_CFG, submit_rate, "--submit-rate", "VERDICT_SUBMIT_RATE", "0", 0, 1000000,
               "submissions a user may make per minute, over all api instances (0 = no limit)"),
    CONFIG_INT(API_CFG, judge0_keep_s, "--judge0-keep", "VERDICT_JUDGE0_KEEP", "86400", 60, 604800,
               "seconds a submission of the Judge0-compatible API stays readable by its token"),
    CONFIG_STR(API_CFG, judge0_callback_hosts, "--judge0-callback-hosts",
               "VERDICT_JUDGE0_CALLBACK_HOSTS", NULL,
               "hosts (names or addresses, comma-separated) a Judge0 callback_url may name; "
               "unset: callbacks are refused"),
    CONFIG_INT(API_CFG, worker_wait_ms, "--worker-wait-ms", "VERDICT_WORKER_WAIT_MS", "20000", 100,
               600000,
               "time a worker has to check a run's input with input validators (503 after)"),
    CONFIG_INT(API_CFG, settle_wait_ms, "--settle-wait-ms", "VERDICT_SETTLE_WAIT_MS", "120000",
               1000, 3600000,
               "time a worker has to settle a PUT package zip (input validators, time limit)"),
};

ROLE_DEFINE(api, struct api_config, struct api, "verdict api [options]");

int api_main(int argc, char **argv)
{
    struct api_config cfg = {0};
    return role_main(&api_role, &cfg, argc, argv);
}
