/* 'verdict gateway': the live WebSocket side. Each connection identifies as a
 * user and gets that user's events (from its own Redis channel, replayed from
 * the user's history after a reconnect) and every broadcast.
 *
 * Theory of operation. One process, one libuv loop, no threads, two Redis
 * connections: "sub" (SUBSCRIBE user:<id> for the users it holds, the
 * broadcast channel, and problem_done if --route-problem-done) and "cmd"
 * (reads the per-user history for replays).
 *
 *   browser ──WS──▶ session.c: identify {"userId","token","since"} ─▶ users.c:
 *     user → its connections (hash map); first tab of a user: SUBSCRIBE
 *   Redis user:<id> ──▶ users.c: one frame encoded once, queued by reference
 *     to every tab of that user (net/ws send queue, capped per connection)
 *   Redis broadcast ──▶ every identified connection
 *
 * A connection that sees a gap in seq, reconnects with "since", or whose
 * gateway lost Redis replays from the history (store/events). A user stays
 * subscribed --linger-ms after its last tab closes. SIGINT/SIGTERM close
 * every connection with 1001, then Redis; the loop then ends. */
#include "gateway/gateway.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/role.h"
#include "gateway/internal.h"
#include "net/route.h"
#include "store/keys.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GATEWAY_TICK_MS 250

uint32_t gateway__now(const struct gateway *gw)
{
    return (uint32_t)(uv_now(gw->loop) - gw->start_ms);
}

static void gateway_healthz(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct gateway *gw = data;
    bool up = redis_connected(gw->sub) && redis_connected(gw->cmd);
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "{\"status\":\"%s\",\"redis\":%s,\"connections\":%u,\"users\":%zu}",
               up ? "ok" : "degraded", up ? "true" : "false", ws_server_count(gw->ws), gw->nusers);
    http_respond(req, up ? 200 : 503, "application/json", NULL, b.data, b.len);
    buf_dispose(&b);
}

static void gateway_metrics(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct gateway *gw = data;
    const struct gateway_stats *st = &gw->stats;
    struct buf b;
    buf_init(&b);
    buf_printf(&b,
               "verdict_gateway_connections %u\nverdict_gateway_identified %zu\n"
               "verdict_gateway_users %zu\nverdict_gateway_accepted_total %llu\n"
               "verdict_gateway_identified_total %llu\nverdict_gateway_events_total %llu\n"
               "verdict_gateway_broadcasts_total %llu\nverdict_gateway_frames_total %llu\n"
               "verdict_gateway_replays_total %llu\nverdict_gateway_rejected_total %llu\n"
               "verdict_gateway_broadcast_last_seconds %.6f\n",
               ws_server_count(gw->ws), gw->nsessions, gw->nusers, (unsigned long long)st->accepted,
               (unsigned long long)st->identified, (unsigned long long)st->events,
               (unsigned long long)st->broadcasts, (unsigned long long)st->frames,
               (unsigned long long)st->replays, (unsigned long long)st->rejected,
               (double)st->broadcast_last_ns / 1e9);
    http_respond(req, 200, "text/plain; version=0.0.4", NULL, b.data, b.len);
    buf_dispose(&b);
}

/* The gateway's plain HTTP routes; a WebSocket upgrade never gets here. */
static const struct route gateway_routes[] = {
    {HTTP_METHOD_GET, "/healthz", gateway_healthz, 0},
    {HTTP_METHOD_GET, "/metrics", gateway_metrics, 0},
};

static void gateway_on_http(struct http_request *req, void *data)
{
    struct gateway *gw = data;
    size_t len;
    const char *path = http_request_path(req, &len);
    struct route_match m;
    const struct route *r = route_find(gateway_routes, CONFIG_COUNT(gateway_routes),
                                       http_request_method(req), path, len, &m);
    if (r && r->handler == gateway_metrics && gw->metrics_http) {
        /* --metrics-addr: not on the public port. */
        static const char body[] = "{\"error\":\"no such route\"}";
        http_respond(req, 404, "application/json", NULL, body, sizeof(body) - 1);
    } else if (r) {
        r->handler(req, &m, data);
    } else if (m.allowed) {
        static const char body[] = "{\"error\":\"method not allowed\"}";
        char allow[ROUTE_ALLOW_MAX];
        route_allow(&m, allow, sizeof(allow));
        http_respond(req, 405, "application/json", allow, body, sizeof(body) - 1);
    } else {
        static const char body[] = "{\"error\":\"this is the WebSocket gateway: upgrade on /ws\"}";
        http_respond(req, 426, "application/json", "Upgrade: websocket\r\n", body,
                     sizeof(body) - 1);
    }
}

/* --metrics-addr's port: GET /metrics only. */
static void gateway_on_metrics_http(struct http_request *req, void *data)
{
    size_t len;
    const char *path = http_request_path(req, &len);
    enum http_method m = http_request_method(req);
    if (len == 8 && memcmp(path, "/metrics", 8) == 0 &&
        (m == HTTP_METHOD_GET || m == HTTP_METHOD_HEAD)) {
        gateway_metrics(req, NULL, data);
        return;
    }
    static const char body[] = "{\"error\":\"no such route (this port serves GET /metrics only)\"}";
    http_respond(req, 404, "application/json", NULL, body, sizeof(body) - 1);
}

static int gateway_listen_metrics(struct gateway *gw, const char *addr, char *err, size_t errlen)
{
    char host[256];
    int port;
    if (http_split_addr(addr, host, sizeof(host), &port) < 0) {
        snprintf(err, errlen, "--metrics-addr: '%.200s' is not host:port", addr);
        return -1;
    }
    struct http_limits hl;
    http_limits_default(&hl);
    hl.max_body_bytes = 1024;
    gw->metrics_http = http_server_new(gw->loop, &hl, gateway_on_metrics_http, gw);
    int rc = http_server_listen(gw->metrics_http, host, port);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, uv_strerror(rc));
        return -1;
    }
    log_info("metrics on http://%s:%d/metrics", host, http_server_port(gw->metrics_http));
    return 0;
}

static void gateway_on_tick(uv_timer_t *t)
{
    struct gateway *gw = t->data;
    gateway__sessions_tick(gw);
    gateway__users_expire(gw);
}

static void gateway_on_sub_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    struct gateway *gw = data;
    if (up)
        log_info("subscriptions: connected to Redis; subscribing %zu users", gw->nusers);
    else
        log_warn("subscriptions: Redis unavailable: %s (retrying; clients replay afterwards)", why);
    gateway__users_on_redis(gw, up);
}

static void gateway_on_cmd_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)data;
    if (up)
        log_info("history: connected to Redis");
    else
        log_warn("history: Redis unavailable: %s (retrying)", why);
}

static void gateway_on_stopped(void *data)
{
    struct gateway *gw = data;
    /* The WebSocket and HTTP servers both report here; Redis goes last, once
     * no session can start a replay any more. */
    if (++gw->stopping < 3)
        return;
    redis_free(gw->sub);
    redis_free(gw->cmd);
    gw->sub = gw->cmd = NULL;
}

void gateway_stop(struct gateway *gw)
{
    if (gw->stopping)
        return;
    log_info("closing %u connections with 1001", ws_server_count(gw->ws));
    uv_close((uv_handle_t *)&gw->tick, NULL);
    gw->stopping = 1;
    http_server_close(gw->http, gateway_on_stopped, gw);
    ws_server_shutdown(gw->ws, gateway_on_stopped, gw);
    /* Reads only counters: it may close after Redis. */
    if (gw->metrics_http)
        http_server_close(gw->metrics_http, NULL, NULL);
}

void gateway_free(struct gateway *gw)
{
    if (gw == NULL)
        return;
    if (gw->ws)
        ws_server_free(gw->ws);
    if (gw->http)
        http_server_free(gw->http);
    if (gw->metrics_http)
        http_server_free(gw->metrics_http);
    gateway__users_dispose(gw);
    free(gw);
}

int gateway_port(const struct gateway *gw)
{
    return http_server_port(gw->http);
}

/* Two Redis connections: one subscribed (user channels, broadcasts), one for
 * the replay history. */
static int gateway_redis_open(struct gateway *gw, const char *url, char *err, size_t errlen)
{
    gw->sub = redis_new(gw->loop, url, err, errlen);
    if (gw->sub == NULL)
        return -1;
    gw->cmd = redis_new(gw->loop, url, err, errlen);
    if (gw->cmd == NULL)
        return -1;
    redis_on_state(gw->sub, gateway_on_sub_state, gw);
    redis_on_state(gw->cmd, gateway_on_cmd_state, gw);
    redis_on_pubsub(gw->sub, gateway__users_on_pubsub, gw);
    redis_subscribe(gw->sub, CHANNEL_BROADCAST, false, gateway__on_broadcast, gw);
    if (gw->listen_done)
        redis_subscribe(gw->sub, CHANNEL_DONE, false, gateway__on_done, gw);
    return 0;
}

static int gateway_listen(struct gateway *gw, const struct gateway_config *cfg, char *err,
                          size_t errlen)
{
    struct ws_limits wl;
    ws_limits_default(&wl);
    wl.max_message_bytes = 4096; /* the identify message is all a client sends */
    wl.max_queue_bytes = (size_t)cfg->max_queue_kb * 1024;
    wl.ping_interval_ms = (unsigned)cfg->ping_ms;
    wl.max_connections = (unsigned)cfg->max_connections;
    struct ws_callbacks cbs = {.on_message = gateway__on_message, .on_close = gateway__on_close};
    gw->ws = ws_server_new(gw->loop, &wl, &cbs, gw);

    struct http_limits hl;
    http_limits_default(&hl);
    hl.max_body_bytes = 1024;
    hl.max_connections = (unsigned)cfg->max_connections;
    gw->http = http_server_new(gw->loop, &hl, gateway_on_http, gw);
    http_server_set_upgrade(gw->http, gateway__on_upgrade, gw);
    http_server_set_reuse_port(gw->http, cfg->reuse_port);
    int rc = http_server_listen(gw->http, cfg->host, (int)cfg->port);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s:%ld: %s", cfg->host, cfg->port, uv_strerror(rc));
        return -1;
    }
    log_info("listening on ws://%s:%d/ws", cfg->host, http_server_port(gw->http));
    return cfg->metrics_addr ? gateway_listen_metrics(gw, cfg->metrics_addr, err, errlen) : 0;
}

int gateway_start(uv_loop_t *loop, const struct gateway_config *cfg, struct gateway **out,
                  char *err, size_t errlen)
{
    struct gateway *gw = xcalloc(1, sizeof(*gw));
    *out = gw;
    gw->loop = loop;
    gw->start_ms = uv_now(loop);
    gw->auth_secret = cfg->auth_secret && cfg->auth_secret[0] ? cfg->auth_secret : NULL;
    gw->admin_token = cfg->admin_token && cfg->admin_token[0] ? cfg->admin_token : NULL;
    gw->allowed_origins =
        cfg->allowed_origins && cfg->allowed_origins[0] ? cfg->allowed_origins : NULL;
    gw->identify_timeout_ms = (unsigned)cfg->identify_timeout_ms;
    gw->linger_ms = (unsigned)cfg->linger_ms;
    gw->listen_done = cfg->route_problem_done;
    list_init(&gw->hello);
    gateway__users_init(gw);
    /* Said before "listening on", which tests and scripts wait for. */
    if (gw->auth_secret)
        log_info("auth on: identify must carry a token signed with --auth-secret");
    else
        log_warn("auth off (no --auth-secret): any client may listen as any user "
                 "(tutorial mode; do not expose this port)");
    if (gateway_redis_open(gw, cfg->redis, err, errlen) < 0 ||
        gateway_listen(gw, cfg, err, errlen) < 0) {
        if (gw->http)
            http_server_close(gw->http, NULL, NULL);
        if (gw->metrics_http)
            http_server_close(gw->metrics_http, NULL, NULL);
        if (gw->ws)
            ws_server_shutdown(gw->ws, NULL, NULL);
        redis_free(gw->sub);
        redis_free(gw->cmd);
        gw->sub = gw->cmd = NULL;
        return -1;
    }
    uv_timer_init(loop, &gw->tick);
    gw->tick.data = gw;
    uv_timer_start(&gw->tick, gateway_on_tick, GATEWAY_TICK_MS, GATEWAY_TICK_MS);
    return 0;
}

/*** The role: options, and the runner's three calls ***/

#define GW_CFG struct gateway_config
static const struct config_opt gateway_options[] = {
    CONFIG_INT(GW_CFG, port, "--port", "VERDICT_GATEWAY_PORT", "3001", 0, 65535,
               "TCP port (0 = any free)"),
    CONFIG_STR(GW_CFG, host, "--host", "VERDICT_GATEWAY_HOST", "0.0.0.0", "address"),
    CONFIG_REDIS(GW_CFG, redis),
    {.flag = "--db",
     .env = "VERDICT_DB",
     .alt_env = "DATABASE_URL",
     .help = "accepted like every role's; the gateway needs only Redis",
     .type = CONFIG_STR,
     .offset = CONFIG__AT(GW_CFG, db, const char *)},
    CONFIG_STR(GW_CFG, auth_secret, "--auth-secret", "VERDICT_AUTH_SECRET", NULL,
               "identify needs a token signed with it (unset: open, tutorial mode)"),
    CONFIG_STR(GW_CFG, admin_token, "--admin-token", "VERDICT_ADMIN_TOKEN", NULL,
               "the api's admin token: with auth on, it identifies as any userId"),
    CONFIG_ONOFF(GW_CFG, route_problem_done, "--route-problem-done", "VERDICT_ROUTE_PROBLEM_DONE",
                 "on",
                 "on: also route events PUBLISHed straight to problem_done (off once every "
                 "publisher uses events_publish)"),
    CONFIG_INT(GW_CFG, identify_timeout_ms, "--identify-timeout-ms", "VERDICT_IDENTIFY_TIMEOUT_MS",
               "10000", 10, 3600000, "time a client has to identify"),
    CONFIG_INT(GW_CFG, ping_ms, "--ping-ms", "VERDICT_PING_MS", "30000", 10, 3600000,
               "ping interval; a peer silent for two is dropped"),
    CONFIG_INT(GW_CFG, max_queue_kb, "--max-queue-kb", "VERDICT_MAX_QUEUE_KB", "256", 1, 1048576,
               "unsent bytes per connection before it is closed as slow (4008)"),
    CONFIG_INT(GW_CFG, max_connections, "--max-connections", "VERDICT_MAX_CONNECTIONS", "100000", 1,
               10000000, "connections beyond it are refused (503)"),
    CONFIG_SWITCH(GW_CFG, reuse_port, "--reuse-port", "VERDICT_REUSE_PORT",
                  "share the port with other gateways of this host (SO_REUSEPORT): one per core"),
    CONFIG_INT(GW_CFG, linger_ms, "--linger-ms", "VERDICT_LINGER_MS", "30000", 0, 86400000,
               "how long a user stays subscribed after its last connection"),
    CONFIG_STR(GW_CFG, allowed_origins, "--allowed-origins", "VERDICT_ALLOWED_ORIGINS", NULL,
               "comma-separated page origins allowed to connect (unset: any; a client "
               "without Origin is not a browser and is let in)"),
    CONFIG_STR(GW_CFG, metrics_addr, "--metrics-addr", "VERDICT_GATEWAY_METRICS_ADDR", NULL,
               "host:port serving GET /metrics instead of the public port (unset: public)"),
};

ROLE_DEFINE(gateway, struct gateway_config, struct gateway, "verdict gateway [options]");

int gateway_main(int argc, char **argv)
{
    struct gateway_config cfg = {0};
    return role_main(&gateway_role, &cfg, argc, argv);
}
