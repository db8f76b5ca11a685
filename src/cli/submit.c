/* 'verdict submit': sends a file to the api and waits for its verdict on the
 * gateway's WebSocket. The socket is connected and identified before the
 * POST, so no event of the submission can be missed; a dropped socket is
 * reopened with "since" (the last seq seen) and replays what it missed.
 * Exit code: 0 for AC, 1 for any other verdict, 2 for an error. */
#include "cli/submit.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/role.h"
#include "net/ws_client.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SUBMIT_MAX_FILE (1024 * 1024)
/* Results that arrive before the api has told us our id (a fast judge). */
#define SUBMIT_EARLY 32

struct submit {
    uv_loop_t *loop;
    struct sockaddr_storage gw_addr, api_addr;
    char gw_host[256], gw_path[512], api_host[256];
    const char *user, *token, *problem, *lang;
    char *code;
    size_t code_len;
    struct ws_client *ws;
    long long seq; /* last event seq seen, -1 before the first ready */
    bool posted;
    char id[64]; /* the submission's (public) id once the api answered */
    char *early[SUBMIT_EARLY];
    int nearly;
    int exit_code; /* -1 while waiting */
    uv_tcp_t http;
    uv_connect_t http_connect;
    struct buf http_in;
    uv_timer_t deadline;
    uv_timer_t retry;
    bool timers; /* deadline and retry are open (closed by submit_finish) */
};

static void submit_finish(struct submit *s, int code)
{
    if (s->exit_code >= 0)
        return;
    s->exit_code = code;
    if (s->timers) {
        uv_close((uv_handle_t *)&s->deadline, NULL);
        uv_close((uv_handle_t *)&s->retry, NULL);
    }
    if (s->ws)
        ws_client_close(s->ws, 1000);
    /* An api that accepted but never answers must not outlive --timeout-s. */
    if (s->posted && !uv_is_closing((uv_handle_t *)&s->http))
        uv_close((uv_handle_t *)&s->http, NULL);
}

/* A scoring problem's score after the verdict: " 40/100", " 1234.5" when
 * the maximum is unbounded, and " (partial)" when accepted below it. */
static void submit_show_score(const cJSON *ev)
{
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(ev, "score");
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(ev, "maxScore");
    const cJSON *partial = cJSON_GetObjectItemCaseSensitive(ev, "partial");
    if (!cJSON_IsNumber(score))
        return;
    printf(" %.6g", score->valuedouble);
    if (cJSON_IsNumber(max))
        printf("/%.6g", max->valuedouble);
    if (cJSON_IsTrue(partial))
        printf(" (partial)");
}

/* One text of a failed visible test, indented, with a note when cut. */
static void submit_show_text(const cJSON *c, const char *key, const char *title)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(c, key);
    char cut_key[32];
    snprintf(cut_key, sizeof(cut_key), "%sCut", key);
    if (!cJSON_IsString(text))
        return;
    printf("%s%s:\n", title,
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, cut_key)) ? " (cut: its first 4 KB)"
                                                                      : "");
    const char *line = text->valuestring;
    while (*line) {
        const char *nl = strchr(line, '\n');
        int len = nl ? (int)(nl - line) : (int)strlen(line);
        printf("  %.*s\n", len, line);
        line += len + (nl ? 1 : 0);
    }
}

/* The feedback of a result (README.md "Feedback", "Beats X%"): the summary,
 * a failed visible test's data, an accepted one's beats. */
static void submit_show_feedback(const cJSON *ev)
{
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(ev, "summary");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(ev, "failedCase");
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(ev, "runtimeBeats");
    const cJSON *mem = cJSON_GetObjectItemCaseSensitive(ev, "memoryBeats");
    if (cJSON_IsString(summary))
        printf("%s\n", summary->valuestring);
    if (cJSON_IsNumber(rt) && cJSON_IsNumber(mem))
        printf("runtime beats %.2f%%, memory beats %.2f%% of accepted submissions\n",
               rt->valuedouble, mem->valuedouble);
    if (!cJSON_IsObject(c))
        return;
    const cJSON *test = cJSON_GetObjectItemCaseSensitive(c, "test");
    printf("test %d:\n", cJSON_IsNumber(test) ? test->valueint : 0);
    submit_show_text(c, "input", "input");
    submit_show_text(c, "expected", "expected output");
    submit_show_text(c, "output", "your output");
}

/* Prints a progress or result event of our submission; true when final. */
static bool submit_show(struct submit *s, const cJSON *ev)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(ev, "type");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "progress") == 0) {
        const cJSON *stage = cJSON_GetObjectItemCaseSensitive(ev, "stage");
        const cJSON *test = cJSON_GetObjectItemCaseSensitive(ev, "test");
        const cJSON *of = cJSON_GetObjectItemCaseSensitive(ev, "of");
        printf("  %s", cJSON_IsString(stage) ? stage->valuestring : "running");
        if (cJSON_IsNumber(test) && cJSON_IsNumber(of))
            printf(" %d/%d", test->valueint, of->valueint);
        printf("\n");
        fflush(stdout);
        return false;
    }
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(ev, "status");
    if (!cJSON_IsString(status))
        status = cJSON_GetObjectItemCaseSensitive(ev, "verdict");
    const char *v = cJSON_IsString(status) ? status->valuestring : "IE";
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(ev, "timeMs");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(ev, "memoryKb");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(ev, "message");
    const cJSON *ce = cJSON_GetObjectItemCaseSensitive(ev, "compileOutput");
    const cJSON *fb = cJSON_GetObjectItemCaseSensitive(ev, "feedback");
    printf("%s", v);
    submit_show_score(ev);
    if (cJSON_IsNumber(t))
        printf("  %.0f ms", t->valuedouble);
    if (cJSON_IsNumber(m))
        printf("  %.1f MB", m->valuedouble / 1024.0);
    printf("\n");
    submit_show_feedback(ev);
    if (cJSON_IsString(msg) && msg->valuestring[0])
        printf("%s\n", msg->valuestring);
    if (cJSON_IsString(ce) && ce->valuestring[0])
        printf("%s\n", ce->valuestring);
    if (cJSON_IsString(fb) && fb->valuestring[0])
        printf("%s\n", fb->valuestring);
    fflush(stdout);
    submit_finish(s, strcmp(v, "AC") == 0 ? 0 : 1);
    return true;
}

/* An event of our user (msg, parsed as ev): ours when its submissionId is our id. */
static void submit_event(struct submit *s, const cJSON *ev, const char *msg, size_t len)
{
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(ev, "submissionId");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(ev, "type");
    if (cJSON_IsString(sid) && cJSON_IsString(type)) {
        if (s->id[0] && strcmp(sid->valuestring, s->id) == 0)
            submit_show(s, ev);
        else if (!s->id[0] && strcmp(type->valuestring, "result") == 0 && s->nearly < SUBMIT_EARLY)
            s->early[s->nearly++] = xstrndup(msg, len);
    }
}

static void submit_post(struct submit *s);

static void submit_on_message(struct ws_client *c, const char *msg, size_t len, void *data)
{
    (void)c;
    struct submit *s = data;
    cJSON *ev = cJSON_ParseWithLength(msg, len);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(ev, "type");
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(ev, "seq");
    bool ready = cJSON_IsString(type) && strcmp(type->valuestring, "ready") == 0;
    if (cJSON_IsNumber(seq) && seq->valuedouble > (double)s->seq)
        s->seq = (long long)seq->valuedouble;
    if (ready) {
        if (!s->posted)
            submit_post(s);
    } else {
        submit_event(s, ev, msg, len);
    }
    cJSON_Delete(ev);
}

static void submit_on_open(struct ws_client *c, int status, void *data)
{
    struct submit *s = data;
    if (status < 0)
        return; /* on_close follows */
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "{\"userId\":");
    buf_json_str(&b, s->user, strlen(s->user));
    if (s->token) {
        buf_puts(&b, ",\"token\":");
        buf_json_str(&b, s->token, strlen(s->token));
    }
    if (s->seq >= 0)
        buf_printf(&b, ",\"since\":%lld", s->seq);
    buf_puts(&b, "}");
    ws_client_send_text(c, b.data, b.len);
    buf_dispose(&b);
}

static void submit_connect(struct submit *s);

static void submit_on_retry(uv_timer_t *t)
{
    submit_connect(t->data);
}

static void submit_on_close(struct ws_client *c, int code, const char *reason, void *data)
{
    (void)c;
    struct submit *s = data;
    s->ws = NULL;
    if (s->exit_code >= 0)
        return;
    if (code >= 4400 && code < 4500) {
        fprintf(stderr, "verdict submit: the gateway refused us (%d): %s\n", code, reason);
        submit_finish(s, 2);
        return;
    }
    if (!s->posted) {
        fprintf(stderr, "verdict submit: cannot reach the gateway at ws://%s%s (%d %s)\n",
                s->gw_host, s->gw_path, code, reason);
        submit_finish(s, 2);
        return;
    }
    /* Reopened with since: the history gives back what we missed. */
    fprintf(stderr, "verdict submit: gateway connection lost (%d); reconnecting\n", code);
    uv_timer_start(&s->retry, submit_on_retry, 500, 0);
}

static const struct ws_client_callbacks submit_ws_cb = {
    .on_open = submit_on_open,
    .on_message = submit_on_message,
    .on_close = submit_on_close,
};

static void submit_connect(struct submit *s)
{
    int err;
    s->ws = ws_client_connect(s->loop, (const struct sockaddr *)&s->gw_addr, NULL, s->gw_host,
                              s->gw_path, &submit_ws_cb, s, &err);
    if (s->ws == NULL) {
        fprintf(stderr, "verdict submit: cannot connect to the gateway: %s\n", uv_strerror(err));
        submit_finish(s, 2);
    }
}

/*** The POST, on a connection of its own (Connection: close) ***/

static void submit_http_on_closed(uv_handle_t *h)
{
    struct submit *s = h->data;
    const char *in = s->http_in.data ? s->http_in.data : "";
    int status = 0;
    if (sscanf(in, "HTTP/1.1 %d", &status) != 1)
        status = 0;
    const char *body = strstr(in, "\r\n\r\n");
    body = body ? body + 4 : "";
    cJSON *doc = cJSON_Parse(body);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(doc, "error");
    if (status == 202 && cJSON_IsString(id) && strlen(id->valuestring) < sizeof(s->id)) {
        snprintf(s->id, sizeof(s->id), "%s", id->valuestring);
        printf("submission %s queued\n", s->id);
        fflush(stdout);
        for (int i = 0; i < s->nearly; i++) {
            if (s->exit_code < 0) {
                cJSON *ev = cJSON_Parse(s->early[i]);
                submit_event(s, ev, s->early[i], strlen(s->early[i]));
                cJSON_Delete(ev);
            }
            free(s->early[i]);
        }
        s->nearly = 0;
    } else if (s->exit_code < 0) {
        fprintf(stderr, "verdict submit: the api answered %d: %s\n", status,
                cJSON_IsString(err) ? err->valuestring : (status ? body : "no answer"));
        submit_finish(s, 2);
    }
    cJSON_Delete(doc);
    buf_dispose(&s->http_in);
}

static void submit_http_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
    (void)h;
    (void)hint;
    static char rbuf[16384];
    *b = uv_buf_init(rbuf, sizeof(rbuf));
}

static void submit_http_on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b)
{
    struct submit *s = st->data;
    if (n > 0 && s->http_in.len < 4 * 1024 * 1024)
        buf_append(&s->http_in, b->base, (size_t)n);
    if (n < 0)
        uv_close((uv_handle_t *)&s->http, submit_http_on_closed);
}

static void submit_http_on_write(uv_write_t *w, int status)
{
    (void)status;
    free(w->data);
    free(w);
}

static void submit_http_on_connect(uv_connect_t *req, int status)
{
    struct submit *s = req->data;
    if (status < 0) {
        fprintf(stderr, "verdict submit: cannot reach the api at http://%s: %s\n", s->api_host,
                uv_strerror(status));
        uv_close((uv_handle_t *)&s->http, NULL);
        submit_finish(s, 2);
        return;
    }
    struct buf body, req_text;
    buf_init(&body);
    buf_puts(&body, "{\"userId\":");
    buf_json_str(&body, s->user, strlen(s->user));
    buf_puts(&body, ",\"problemId\":");
    buf_json_str(&body, s->problem, strlen(s->problem));
    buf_puts(&body, ",\"language\":");
    buf_json_str(&body, s->lang, strlen(s->lang));
    buf_puts(&body, ",\"code\":");
    buf_json_str(&body, s->code, s->code_len);
    buf_puts(&body, "}");
    buf_init(&req_text);
    buf_printf(&req_text,
               "POST /api/submissions HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
               "Content-Length: %zu\r\nConnection: close\r\n",
               s->api_host, body.len);
    /* The same token as the identify's: an api with --auth-secret needs it. */
    if (s->token)
        buf_printf(&req_text, "Authorization: Bearer %s\r\n", s->token);
    buf_puts(&req_text, "\r\n");
    buf_append(&req_text, body.data, body.len);
    buf_dispose(&body);
    uv_write_t *w = xmalloc(sizeof(*w));
    w->data = buf_steal(&req_text);
    uv_buf_t ub = uv_buf_init(w->data, (unsigned)strlen(w->data));
    int rc = uv_write(w, (uv_stream_t *)&s->http, &ub, 1, submit_http_on_write);
    if (rc < 0) {
        free(w->data); /* refused: no callback will free them */
        free(w);
    }
    if (rc < 0 ||
        uv_read_start((uv_stream_t *)&s->http, submit_http_alloc, submit_http_on_read) < 0) {
        fprintf(stderr, "verdict submit: cannot send to the api\n");
        uv_close((uv_handle_t *)&s->http, NULL);
        submit_finish(s, 2);
    }
}

static void submit_post(struct submit *s)
{
    s->posted = true;
    uv_tcp_init(s->loop, &s->http);
    s->http.data = s;
    s->http_connect.data = s;
    int rc = uv_tcp_connect(&s->http_connect, &s->http, (const struct sockaddr *)&s->api_addr,
                            submit_http_on_connect);
    if (rc < 0) {
        fprintf(stderr, "verdict submit: cannot reach the api: %s\n", uv_strerror(rc));
        uv_close((uv_handle_t *)&s->http, NULL);
        submit_finish(s, 2);
    }
}

static void submit_on_deadline(uv_timer_t *t)
{
    struct submit *s = t->data;
    fprintf(stderr, "verdict submit: no verdict in time\n");
    submit_finish(s, 2);
}

/* Resolves host:port before the loop runs (a one-shot CLI may wait here). */
static int submit_resolve(uv_loop_t *loop, const char *host, int port, struct sockaddr_storage *out)
{
    char p[8];
    snprintf(p, sizeof(p), "%d", port);
    uv_getaddrinfo_t req;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    int rc = uv_getaddrinfo(loop, &req, NULL, host, p, &hints);
    if (rc < 0)
        return rc;
    memcpy(out, req.addrinfo->ai_addr, req.addrinfo->ai_addrlen);
    uv_freeaddrinfo(req.addrinfo);
    return 0;
}

static int submit_read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct buf b;
    buf_init(&b);
    char chunk[8192];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0 && b.len <= SUBMIT_MAX_FILE)
        buf_append(&b, chunk, (size_t)n);
    int rc = n < 0 ? -errno : b.len > SUBMIT_MAX_FILE ? -EFBIG : 0;
    close(fd);
    if (rc < 0) {
        buf_dispose(&b);
        return rc;
    }
    *len = b.len;
    *out = b.data ? buf_steal(&b) : xstrdup("");
    return 0;
}

struct submit_config {
    const char *api, *gateway, *problem, *lang, *user, *token;
    long timeout_s;
};

#define SUBMIT_CFG struct submit_config
static const struct config_opt submit_options[] = {
    CONFIG_STR(SUBMIT_CFG, api, "--api", "VERDICT_API_URL", "http://localhost:3000",
               "the api's URL"),
    CONFIG_STR(SUBMIT_CFG, gateway, "--gateway", "VERDICT_GATEWAY_URL", "ws://localhost:3001/ws",
               "the gateway's WebSocket URL"),
    CONFIG_STR(SUBMIT_CFG, problem, "--problem", NULL, NULL, "problem id"),
    CONFIG_STR(SUBMIT_CFG, lang, "--lang", NULL, NULL, "language id (c, cpp, python, ...)"),
    CONFIG_STR(SUBMIT_CFG, user, "--user", "VERDICT_USER", NULL, "user id"),
    CONFIG_STR(SUBMIT_CFG, token, "--token", "VERDICT_TOKEN", NULL,
               "user token: sent to the gateway and as the api's bearer token"),
    CONFIG_INT(SUBMIT_CFG, timeout_s, "--timeout-s", NULL, "300", 1, 86400,
               "give up waiting after this long"),
};

/* Reads the file and resolves both addresses; the api URL is read with the
 * WebSocket URL parser (http://host:port). */
static int submit_prepare(struct submit *s, const struct submit_config *cfg, const char *file,
                          char *err, size_t errlen)
{
    int rc = submit_read_file(file, &s->code, &s->code_len);
    if (rc < 0) {
        snprintf(err, errlen, "cannot read %.300s: %s", file, strerror(-rc));
        return -1;
    }
    char api_url[300], api_path[8];
    int gw_port, api_port;
    const char *api = cfg->api;
    snprintf(api_url, sizeof(api_url), "ws://%s", strncmp(api, "http://", 7) == 0 ? api + 7 : api);
    if (ws_client_parse_url(cfg->gateway, s->gw_host, sizeof(s->gw_host), &gw_port, s->gw_path,
                            sizeof(s->gw_path)) < 0 ||
        ws_client_parse_url(api_url, s->api_host, sizeof(s->api_host), &api_port, api_path,
                            sizeof(api_path)) < 0) {
        snprintf(err, errlen, "bad URL (ws://host:port/path, http://host:port)");
        return -1;
    }
    if ((rc = submit_resolve(s->loop, s->gw_host, gw_port, &s->gw_addr)) < 0 ||
        (rc = submit_resolve(s->loop, s->api_host, api_port, &s->api_addr)) < 0) {
        snprintf(err, errlen, "cannot resolve: %s", uv_strerror(rc));
        return -1;
    }
    size_t used = strlen(s->api_host);
    snprintf(s->api_host + used, sizeof(s->api_host) - used, ":%d", api_port);
    return 0;
}

static int submit_start(uv_loop_t *loop, const void *config, const struct config_args *args,
                        void **state, char *err, size_t errlen)
{
    const struct submit_config *cfg = config;
    if (args->n != 1 || !cfg->user || !cfg->problem || !cfg->lang) {
        snprintf(err, errlen, "--user, --problem, --lang and one FILE are needed (see --help)");
        return -1;
    }
    /* It goes into a header line: a token is printable ASCII without spaces. */
    for (const char *p = cfg->token; p && *p; p++) {
        if (*p <= ' ' || *p > '~') {
            snprintf(err, errlen, "--token: not a token (printable ASCII, no spaces)");
            return -1;
        }
    }
    struct submit *s = xcalloc(1, sizeof(*s));
    *state = s;
    s->seq = -1;
    s->exit_code = -1;
    s->loop = loop;
    s->user = cfg->user;
    s->problem = cfg->problem;
    s->lang = cfg->lang;
    s->token = cfg->token;
    buf_init(&s->http_in);
    if (submit_prepare(s, cfg, args->arg[0], err, errlen) < 0)
        return -1;
    uv_timer_init(loop, &s->deadline);
    uv_timer_init(loop, &s->retry);
    s->deadline.data = s->retry.data = s;
    uv_timer_start(&s->deadline, submit_on_deadline, (uint64_t)cfg->timeout_s * 1000, 0);
    s->timers = true;
    submit_connect(s);
    return 0;
}

static void submit_stop(void *state)
{
    fprintf(stderr, "verdict submit: interrupted\n");
    submit_finish(state, 2);
}

static int submit_end(void *state)
{
    struct submit *s = state;
    int rc = s->exit_code < 0 ? 2 : s->exit_code;
    for (int i = 0; i < s->nearly; i++)
        free(s->early[i]);
    free(s->code);
    buf_dispose(&s->http_in);
    free(s);
    return rc;
}

static const struct role submit_role = {
    .name = "submit",
    .usage = "verdict submit --api URL --gateway URL --problem ID --lang L --user NAME FILE",
    .opts = submit_options,
    .nopts = CONFIG_COUNT(submit_options),
    .max_args = 1,
    .start = submit_start,
    .stop = submit_stop,
    .end = submit_end,
};

int submit_main(int argc, char **argv)
{
    struct submit_config cfg = {0};
    return role_main(&submit_role, &cfg, argc, argv);
}
