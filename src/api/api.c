/* 'verdict api': HTTP intake and reads. Wires net/http to the store. */
#include "api/api.h"

#include "api/internal.h"
#include "common/alloc.h"
#include "common/config.h"
#include "common/log.h"
#include "judge/lang.h"
#include "store/api_stmts.h"

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
    } else {
        log_warn("PostgreSQL unavailable: %s (retrying)", why);
    }
}

static void api_on_redis_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)data;
    if (up)
        log_info("connected to Redis");
    else
        log_warn("Redis unavailable: %s (retrying)", why);
}

static void api_on_closed(void *data)
{
    (void)data;
}

static void api_on_signal(uv_signal_t *h, int signum)
{
    struct api *api = h->data;
    log_info("%s: shutting down", signum == SIGINT ? "SIGINT" : "SIGTERM");
    uv_close((uv_handle_t *)&api->sigint, NULL);
    uv_close((uv_handle_t *)&api->sigterm, NULL);
    api__intake_stop(api);
    http_server_close(api->http, api_on_closed, api);
    submission_batch_free(api->batch);
    queue_batch_free(api->queue);
    pg_free(api->pg);
    redis_free(api->redis);
}

int api_main(int argc, char **argv)
{
    struct config_opt opts[] = {
        {.flag = "--port", .env = "VERDICT_PORT", .def = "3000", .help = "TCP port (0 = any free)"},
        {.flag = "--host", .env = "VERDICT_HOST", .def = "0.0.0.0", .help = "address to bind"},
        CONFIG_OPT_REDIS,
        CONFIG_OPT_DB,
        {.flag = "--gateway-url",
         .env = "VERDICT_GATEWAY_URL",
         .def = "ws://localhost:3001/ws",
         .help = "WebSocket address the page is told to use"},
        {.flag = "--admin-token",
         .env = "VERDICT_ADMIN_TOKEN",
         .help = "bearer token of the admin routes (unset: they answer 403)"},
        {.flag = "--auth-secret",
         .env = "VERDICT_AUTH_SECRET",
         .help = "signs gateway tokens (POST /api/tokens); the gateway's --auth-secret"},
        {.flag = "--max-code-kb",
         .env = "VERDICT_MAX_CODE_KB",
         .def = "64",
         .help = "largest accepted code, in KiB"},
        {.flag = "--http-timeout-ms",
         .env = "VERDICT_HTTP_TIMEOUT_MS",
         .def = "10000",
         .help = "time a client has to send a request's headers, and then its body"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[1], npos;
    long port, max_code_kb, http_timeout;
    if (config_parse(opts, n, argc, argv, 1, pos, 0, &npos, err, sizeof(err)) < 0 ||
        config_int("--port", config_find(opts, n, "--port")->value, 0, 65535, &port, err,
                   sizeof(err)) < 0 ||
        config_int("--max-code-kb", config_find(opts, n, "--max-code-kb")->value, 1, 16384,
                   &max_code_kb, err, sizeof(err)) < 0 ||
        config_int("--http-timeout-ms", config_find(opts, n, "--http-timeout-ms")->value, 100,
                   600000, &http_timeout, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict api: %s\n", err);
        return 2;
    }
    if (config_find(opts, n, "--help")->value) {
        config_usage("verdict api [options]", opts, n);
        return 0;
    }
    log_init("api");
    signal(SIGPIPE, SIG_IGN);

    uv_loop_t loop;
    uv_loop_init(&loop);
    struct api *api = xcalloc(1, sizeof(*api));
    api->loop = &loop;
    api->gateway_url = config_find(opts, n, "--gateway-url")->value;
    api->admin_token = config_find(opts, n, "--admin-token")->value;
    api->auth_secret = config_find(opts, n, "--auth-secret")->value;
    api->max_code = (size_t)max_code_kb * 1024;
    api->languages_json = languages_json();
    buf_init(&api->marks[0]);
    buf_init(&api->marks[1]);
    int rc = 2;

    api->pg = pg_new(&loop, config_find(opts, n, "--db")->value, api_stmts, err, sizeof(err));
    if (api->pg == NULL)
        goto fail;
    pg_on_state(api->pg, api_on_pg_state, api);
    api->batch = submission_batch_new(&loop, api->pg);
    api->redis = redis_new(&loop, config_find(opts, n, "--redis")->value, err, sizeof(err));
    if (api->redis == NULL)
        goto fail;
    redis_on_state(api->redis, api_on_redis_state, api);
    api->queue = queue_batch_new(&loop, api->redis);

    struct http_limits limits;
    http_limits_default(&limits);
    /* JSON escapes can make code up to 6x longer on the wire (\u00XX). */
    limits.max_body_bytes = api->max_code * 6 + 4096;
    limits.header_timeout_ms = (unsigned)http_timeout;
    limits.body_timeout_ms = (unsigned)http_timeout;
    api->http = http_server_new(&loop, &limits, api__on_request, api);
    const char *host = config_find(opts, n, "--host")->value;
    int lrc = http_server_listen(api->http, host, (int)port);
    if (lrc < 0) {
        snprintf(err, sizeof(err), "cannot listen on %s:%ld: %s", host, port, uv_strerror(lrc));
        goto fail;
    }
    api__intake_start(api);
    uv_signal_init(&loop, &api->sigint);
    uv_signal_init(&loop, &api->sigterm);
    api->sigint.data = api->sigterm.data = api;
    uv_signal_start(&api->sigint, api_on_signal, SIGINT);
    uv_signal_start(&api->sigterm, api_on_signal, SIGTERM);
    log_info("listening on http://%s:%d", host, http_server_port(api->http));

    uv_run(&loop, UV_RUN_DEFAULT);
    http_server_free(api->http);
    rc = uv_loop_close(&loop) == 0 ? 0 : 1;
    if (rc != 0)
        log_error("handles left open at exit");
    goto out;
fail:
    fprintf(stderr, "verdict api: %s\n", err);
    submission_batch_free(api->batch);
    queue_batch_free(api->queue);
    pg_free(api->pg);
    redis_free(api->redis);
    if (api->http)
        http_server_close(api->http, api_on_closed, api);
    uv_run(&loop, UV_RUN_DEFAULT);
    http_server_free(api->http);
    uv_loop_close(&loop);
out:
    api__problems_dispose(api);
    free(api->languages_json);
    buf_dispose(&api->marks[0]);
    buf_dispose(&api->marks[1]);
    free(api);
    return rc;
}
