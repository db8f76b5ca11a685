/* 'verdict gateway': the live WebSocket side. Each connection identifies as a
 * user and gets that user's events (from its own Redis channel, replayed from
 * the user's history after a reconnect) and every broadcast. */
#include "gateway/gateway.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/log.h"
#include "gateway/internal.h"
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

static void gateway_on_http(struct http_request *req, void *data)
{
    struct gateway *gw = data;
    size_t len;
    const char *path = http_request_path(req, &len);
    struct buf b;
    buf_init(&b);
    if (len == 8 && memcmp(path, "/healthz", 8) == 0) {
        bool up = redis_connected(gw->sub) && redis_connected(gw->cmd);
        buf_printf(&b, "{\"status\":\"%s\",\"redis\":%s,\"connections\":%u,\"users\":%zu}",
                   up ? "ok" : "degraded", up ? "true" : "false", ws_server_count(gw->ws),
                   gw->nusers);
        http_respond(req, up ? 200 : 503, "application/json", NULL, b.data, b.len);
    } else if (len == 8 && memcmp(path, "/metrics", 8) == 0) {
        const struct gateway_stats *st = &gw->stats;
        buf_printf(&b,
                   "verdict_gateway_connections %u\nverdict_gateway_identified %zu\n"
                   "verdict_gateway_users %zu\nverdict_gateway_accepted_total %llu\n"
                   "verdict_gateway_identified_total %llu\nverdict_gateway_events_total %llu\n"
                   "verdict_gateway_broadcasts_total %llu\nverdict_gateway_frames_total %llu\n"
                   "verdict_gateway_replays_total %llu\nverdict_gateway_rejected_total %llu\n"
                   "verdict_gateway_broadcast_last_seconds %.6f\n",
                   ws_server_count(gw->ws), gw->nsessions, gw->nusers,
                   (unsigned long long)st->accepted, (unsigned long long)st->identified,
                   (unsigned long long)st->events, (unsigned long long)st->broadcasts,
                   (unsigned long long)st->frames, (unsigned long long)st->replays,
                   (unsigned long long)st->rejected, (double)st->broadcast_last_ns / 1e9);
        http_respond(req, 200, "text/plain; version=0.0.4", NULL, b.data, b.len);
    } else {
        static const char body[] = "{\"error\":\"this is the WebSocket gateway: upgrade on /ws\"}";
        http_respond(req, 426, "application/json", "Upgrade: websocket\r\n", body,
                     sizeof(body) - 1);
    }
    buf_dispose(&b);
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

static void gateway_on_signal(uv_signal_t *h, int signum)
{
    struct gateway *gw = h->data;
    log_info("%s: closing %u connections with 1001", signum == SIGINT ? "SIGINT" : "SIGTERM",
             ws_server_count(gw->ws));
    uv_close((uv_handle_t *)&gw->sigint, NULL);
    uv_close((uv_handle_t *)&gw->sigterm, NULL);
    uv_close((uv_handle_t *)&gw->tick, NULL);
    gw->stopping = 1;
    http_server_close(gw->http, gateway_on_stopped, gw);
    ws_server_shutdown(gw->ws, gateway_on_stopped, gw);
}

int gateway_main(int argc, char **argv)
{
    struct config_opt opts[] = {
        {.flag = "--port",
         .env = "VERDICT_GATEWAY_PORT",
         .def = "3001",
         .help = "TCP port (0 = any free)"},
        {.flag = "--host", .env = "VERDICT_GATEWAY_HOST", .def = "0.0.0.0", .help = "address"},
        CONFIG_OPT_REDIS,
        {.flag = "--db",
         .env = "VERDICT_DB",
         .alt_env = "DATABASE_URL",
         .help = "accepted like every role's; the gateway needs only Redis"},
        {.flag = "--auth-secret",
         .env = "VERDICT_AUTH_SECRET",
         .help = "identify needs a token signed with it (unset: open, tutorial mode)"},
        {.flag = "--route-problem-done",
         .env = "VERDICT_ROUTE_PROBLEM_DONE",
         .def = "on",
         .help = "on: also route events PUBLISHed straight to problem_done (off once every "
                 "publisher uses events_publish)"},
        {.flag = "--identify-timeout-ms",
         .env = "VERDICT_IDENTIFY_TIMEOUT_MS",
         .def = "10000",
         .help = "time a client has to identify"},
        {.flag = "--ping-ms",
         .env = "VERDICT_PING_MS",
         .def = "30000",
         .help = "ping interval; a peer silent for two is dropped"},
        {.flag = "--max-queue-kb",
         .env = "VERDICT_MAX_QUEUE_KB",
         .def = "256",
         .help = "unsent bytes per connection before it is closed as slow (4008)"},
        {.flag = "--max-connections",
         .env = "VERDICT_MAX_CONNECTIONS",
         .def = "100000",
         .help = "connections beyond it are refused (503)"},
        {.flag = "--reuse-port",
         .env = "VERDICT_REUSE_PORT",
         .is_switch = true,
         .help = "share the port with other gateways of this host (SO_REUSEPORT): one per core"},
        {.flag = "--linger-ms",
         .env = "VERDICT_LINGER_MS",
         .def = "30000",
         .help = "how long a user stays subscribed after its last connection"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[1], npos;
    long port, idt, ping, queue_kb, maxc, linger;
    if (config_parse(opts, n, argc, argv, 1, pos, 0, &npos, err, sizeof(err)) < 0 ||
        config_int("--port", config_find(opts, n, "--port")->value, 0, 65535, &port, err,
                   sizeof(err)) < 0 ||
        config_int("--identify-timeout-ms", config_find(opts, n, "--identify-timeout-ms")->value,
                   10, 3600000, &idt, err, sizeof(err)) < 0 ||
        config_int("--ping-ms", config_find(opts, n, "--ping-ms")->value, 10, 3600000, &ping, err,
                   sizeof(err)) < 0 ||
        config_int("--max-queue-kb", config_find(opts, n, "--max-queue-kb")->value, 1, 1048576,
                   &queue_kb, err, sizeof(err)) < 0 ||
        config_int("--max-connections", config_find(opts, n, "--max-connections")->value, 1,
                   10000000, &maxc, err, sizeof(err)) < 0 ||
        config_int("--linger-ms", config_find(opts, n, "--linger-ms")->value, 0, 86400000, &linger,
                   err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict gateway: %s\n", err);
        return 2;
    }
    const char *route = config_find(opts, n, "--route-problem-done")->value;
    if (strcmp(route, "on") != 0 && strcmp(route, "off") != 0) {
        fprintf(stderr, "verdict gateway: --route-problem-done must be on or off\n");
        return 2;
    }
    if (config_find(opts, n, "--help")->value) {
        config_usage("verdict gateway [options]", opts, n);
        return 0;
    }
    log_init("gateway");
    signal(SIGPIPE, SIG_IGN);

    uv_loop_t loop;
    uv_loop_init(&loop);
    struct gateway *gw = xcalloc(1, sizeof(*gw));
    gw->loop = &loop;
    gw->start_ms = uv_now(&loop);
    gw->auth_secret = config_find(opts, n, "--auth-secret")->value;
    if (gw->auth_secret && gw->auth_secret[0] == '\0')
        gw->auth_secret = NULL;
    gw->identify_timeout_ms = (unsigned)idt;
    gw->linger_ms = (unsigned)linger;
    gw->listen_done = strcmp(route, "on") == 0;
    list_init(&gw->hello);
    gateway__users_init(gw);
    int rc = 2;

    const char *url = config_find(opts, n, "--redis")->value;
    gw->sub = redis_new(&loop, url, err, sizeof(err));
    if (gw->sub == NULL)
        goto fail;
    gw->cmd = redis_new(&loop, url, err, sizeof(err));
    if (gw->cmd == NULL)
        goto fail;
    redis_on_state(gw->sub, gateway_on_sub_state, gw);
    redis_on_state(gw->cmd, gateway_on_cmd_state, gw);
    redis_on_pubsub(gw->sub, gateway__users_on_pubsub, gw);
    redis_subscribe(gw->sub, CHANNEL_BROADCAST, false, gateway__on_broadcast, gw);
    if (gw->listen_done)
        redis_subscribe(gw->sub, CHANNEL_DONE, false, gateway__on_done, gw);

    struct ws_limits wl;
    ws_limits_default(&wl);
    wl.max_message_bytes = 4096; /* the identify message is all a client sends */
    wl.max_queue_bytes = (size_t)queue_kb * 1024;
    wl.ping_interval_ms = (unsigned)ping;
    wl.max_connections = (unsigned)maxc;
    struct ws_callbacks cbs = {.on_message = gateway__on_message, .on_close = gateway__on_close};
    gw->ws = ws_server_new(&loop, &wl, &cbs, gw);

    struct http_limits hl;
    http_limits_default(&hl);
    hl.max_body_bytes = 1024;
    hl.max_connections = (unsigned)maxc;
    gw->http = http_server_new(&loop, &hl, gateway_on_http, gw);
    http_server_set_upgrade(gw->http, gateway__on_upgrade, gw);
    const char *reuse = config_find(opts, n, "--reuse-port")->value;
    http_server_set_reuse_port(gw->http, reuse && strcmp(reuse, "0") != 0);
    const char *host = config_find(opts, n, "--host")->value;
    int lrc = http_server_listen(gw->http, host, (int)port);
    if (lrc < 0) {
        snprintf(err, sizeof(err), "cannot listen on %s:%ld: %s", host, port, uv_strerror(lrc));
        goto fail;
    }
    uv_timer_init(&loop, &gw->tick);
    gw->tick.data = gw;
    uv_timer_start(&gw->tick, gateway_on_tick, GATEWAY_TICK_MS, GATEWAY_TICK_MS);
    uv_signal_init(&loop, &gw->sigint);
    uv_signal_init(&loop, &gw->sigterm);
    gw->sigint.data = gw->sigterm.data = gw;
    uv_signal_start(&gw->sigint, gateway_on_signal, SIGINT);
    uv_signal_start(&gw->sigterm, gateway_on_signal, SIGTERM);
    if (gw->auth_secret)
        log_info("auth on: identify must carry a token signed with --auth-secret");
    else
        log_warn("auth off (no --auth-secret): any client may listen as any user "
                 "(tutorial mode; do not expose this port)");
    log_info("listening on ws://%s:%d/ws", host, http_server_port(gw->http));

    uv_run(&loop, UV_RUN_DEFAULT);
    rc = 0;
    ws_server_free(gw->ws);
    http_server_free(gw->http);
    gateway__users_dispose(gw);
    free(gw);
    if (uv_loop_close(&loop) != 0) {
        log_error("handles left open at exit");
        rc = 1;
    }
    return rc;

fail:
    fprintf(stderr, "verdict gateway: %s\n", err);
    if (gw->http) {
        http_server_close(gw->http, NULL, NULL);
    }
    if (gw->ws)
        ws_server_shutdown(gw->ws, NULL, NULL);
    redis_free(gw->sub);
    redis_free(gw->cmd);
    uv_run(&loop, UV_RUN_DEFAULT);
    if (gw->ws)
        ws_server_free(gw->ws);
    if (gw->http)
        http_server_free(gw->http);
    gateway__users_dispose(gw);
    free(gw);
    uv_loop_close(&loop);
    return rc;
}
