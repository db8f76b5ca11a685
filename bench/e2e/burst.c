/* bench_e2e: one burst of submissions through a whole judge (verdict's api →
 * queue → workers → gateway, or the tutorial's Node stack), timed from the
 * user's side. It connects --users WebSocket users (user <prefix><i>), waits
 * until every one is identified, then POSTs line i of --bodies for user i over
 * --http-conns keep-alive connections as fast as the server answers, and
 * waits for each user's verdict (the first message with a "status" that is
 * not a progress event) on its socket.
 * Output, one line per submission on stdout (times: CLOCK_REALTIME ns, to be
 * joined with the workers' logs):  i sent_ns acked_ns recv_ns http id status
 * and a summary line on stderr. With --users-ws 0 (no sockets) it only posts:
 * the queue-filling phase of bench/e2e/run.sh. */
#include "net/ws_client.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_INFLIGHT 256 /* WebSocket handshakes at once */

struct sub {
    char *body;
    size_t body_len;
    uint64_t sent, acked, recv;
    int http;
    int results; /* verdicts seen on the user's socket: 1 expected */
    char id[64];
    char status[16];
};

struct hconn {
    uv_tcp_t tcp;
    uv_connect_t connect;
    uv_write_t write;
    struct burst *b;
    int cur; /* the submission in flight, -1: none */
    char *req;
    char *rbuf;
    size_t rlen, rcap;
};

struct burst {
    uv_loop_t *loop;
    struct sockaddr_in ws_dst, http_dst;
    char ws_host[64], ws_path[64], http_host[64];
    const char *route, *prefix;
    int users, ws_on;
    struct sub *subs;
    int ws_started, ws_ready, ws_closed, ws_failed;
    int hconns, hconnected, next_post, acked, verdicts, http_errors, extra;
    struct hconn *hc;
    uv_timer_t deadline;
    bool going, timed_out;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void burst_stop(struct burst *b)
{
    uv_timer_stop(&b->deadline);
    uv_stop(b->loop);
}

static void burst_check_done(struct burst *b)
{
    bool posted = b->acked + b->http_errors == b->users;
    if (posted && (!b->ws_on || b->verdicts == b->users - b->http_errors))
        burst_stop(b);
}

/* Copies the JSON string value of "name" from msg into out ("" if absent). */
static void json_str(const char *msg, size_t len, const char *name, char *out, size_t outlen)
{
    out[0] = '\0';
    char key[32];
    int n = snprintf(key, sizeof(key), "\"%s\":\"", name);
    const char *p = memmem(msg, len, key, (size_t)n);
    if (p == NULL)
        return;
    p += n;
    size_t i = 0;
    while (p < msg + len && *p != '"' && i + 1 < outlen)
        out[i++] = *p++;
    out[i] = '\0';
}

/*** HTTP: keep-alive connections posting the bodies in turn ***/

static void hconn_send_next(struct hconn *h);

static void hconn_on_close(uv_handle_t *handle)
{
    struct hconn *h = handle->data;
    free(h->req);
    free(h->rbuf);
    h->req = h->rbuf = NULL;
}

static void hconn_fail(struct hconn *h, const char *what, int status)
{
    if (h->cur >= 0) {
        fprintf(stderr, "http: %s: %s (submission %d)\n", what, uv_strerror(status), h->cur);
        h->b->http_errors++;
        h->cur = -1;
    }
    if (!uv_is_closing((uv_handle_t *)&h->tcp))
        uv_close((uv_handle_t *)&h->tcp, hconn_on_close);
    burst_check_done(h->b);
}

static void hconn_on_alloc(uv_handle_t *handle, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    struct hconn *h = handle->data;
    if (h->rcap - h->rlen < 4096) {
        h->rcap = h->rcap ? h->rcap * 2 : 16384;
        h->rbuf = realloc(h->rbuf, h->rcap);
        if (h->rbuf == NULL)
            abort();
    }
    *buf = uv_buf_init(h->rbuf + h->rlen, (unsigned)(h->rcap - h->rlen));
}

/* A whole response in rbuf: records it and returns its length, else 0. */
static size_t hconn_parse(struct hconn *h)
{
    char *end = memmem(h->rbuf, h->rlen, "\r\n\r\n", 4);
    if (end == NULL)
        return 0;
    size_t head = (size_t)(end - h->rbuf) + 4, cl = 0;
    for (char *p = h->rbuf; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        p += *p == '\n';
        if (strncasecmp(p, "content-length:", 15) == 0)
            cl = strtoul(p + 15, NULL, 10);
    }
    if (h->rlen < head + cl)
        return 0;
    struct sub *s = &h->b->subs[h->cur];
    s->acked = now_ns();
    s->http = h->rlen > 12 ? (int)strtol(h->rbuf + 9, NULL, 10) : 0;
    json_str(h->rbuf + head, cl, "id", s->id, sizeof(s->id));
    return head + cl;
}

static void hconn_on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct hconn *h = stream->data;
    if (nread < 0) {
        hconn_fail(h, "read", (int)nread);
        return;
    }
    h->rlen += (size_t)nread;
    if (h->cur < 0)
        return;
    size_t used = hconn_parse(h);
    if (used == 0)
        return;
    memmove(h->rbuf, h->rbuf + used, h->rlen - used);
    h->rlen -= used;
    struct sub *s = &h->b->subs[h->cur];
    if (s->http >= 200 && s->http < 300) {
        h->b->acked++;
    } else {
        fprintf(stderr, "http: submission %d answered %d\n", h->cur, s->http);
        h->b->http_errors++;
    }
    h->cur = -1;
    hconn_send_next(h);
    burst_check_done(h->b);
}

static void hconn_on_write(uv_write_t *req, int status)
{
    struct hconn *h = req->data;
    if (status < 0)
        hconn_fail(h, "write", status);
}

static void hconn_send_next(struct hconn *h)
{
    struct burst *b = h->b;
    if (b->next_post >= b->users) {
        uv_close((uv_handle_t *)&h->tcp, hconn_on_close);
        return;
    }
    h->cur = b->next_post++;
    struct sub *s = &b->subs[h->cur];
    free(h->req);
    size_t cap = s->body_len + 256;
    h->req = malloc(cap);
    if (h->req == NULL)
        abort();
    int n = snprintf(h->req, cap,
                     "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     b->route, b->http_host, s->body_len);
    memcpy(h->req + n, s->body, s->body_len);
    uv_buf_t buf = uv_buf_init(h->req, (unsigned)((size_t)n + s->body_len));
    s->sent = now_ns();
    int rc = uv_write(&h->write, (uv_stream_t *)&h->tcp, &buf, 1, hconn_on_write);
    if (rc < 0)
        hconn_fail(h, "write", rc);
}

static void burst_go(struct burst *b)
{
    if (b->going || b->hconnected < b->hconns || (b->ws_on && b->ws_ready < b->users))
        return;
    b->going = true;
    fprintf(stderr, "burst: %d users ready, posting %d submissions over %d connections\n",
            b->ws_on ? b->ws_ready : 0, b->users, b->hconns);
    for (int i = 0; i < b->hconns; i++)
        hconn_send_next(&b->hc[i]);
}

static void hconn_on_connect(uv_connect_t *req, int status)
{
    struct hconn *h = req->data;
    if (status < 0) {
        fprintf(stderr, "http: connect: %s\n", uv_strerror(status));
        burst_stop(h->b);
        return;
    }
    uv_read_start((uv_stream_t *)&h->tcp, hconn_on_alloc, hconn_on_read);
    h->b->hconnected++;
    burst_go(h->b);
}

static int burst_connect_http(struct burst *b)
{
    b->hc = calloc((size_t)b->hconns, sizeof(*b->hc));
    if (b->hc == NULL)
        return -ENOMEM;
    for (int i = 0; i < b->hconns; i++) {
        struct hconn *h = &b->hc[i];
        h->b = b;
        h->cur = -1;
        uv_tcp_init(b->loop, &h->tcp);
        uv_tcp_nodelay(&h->tcp, 1);
        h->tcp.data = h->connect.data = h->write.data = h;
        int rc = uv_tcp_connect(&h->connect, &h->tcp, (const struct sockaddr *)&b->http_dst,
                                hconn_on_connect);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/*** WebSocket users ***/

static struct burst *the_burst;

static void ws_start_more(struct burst *b);

static void user_on_open(struct ws_client *c, int status, void *data)
{
    (void)data;
    if (status < 0)
        return;
    char hello[96];
    int i = (int)(intptr_t)ws_client_data(c);
    int n = snprintf(hello, sizeof(hello), "{\"userId\":\"%s%d\"}", the_burst->prefix, i);
    ws_client_send_text(c, hello, (size_t)n);
}

static void user_on_message(struct ws_client *c, const char *msg, size_t len, void *data)
{
    (void)data;
    struct burst *b = the_burst;
    uint64_t t = now_ns();
    if (len >= 15 && memcmp(msg, "{\"type\":\"ready\"", 15) == 0) {
        b->ws_ready++;
        ws_start_more(b);
        burst_go(b);
        return;
    }
    if (memmem(msg, len, "\"status\":\"", 10) == NULL ||
        memmem(msg, len, "\"type\":\"progress\"", 17) != NULL)
        return;
    struct sub *s = &b->subs[(int)(intptr_t)ws_client_data(c)];
    if (++s->results > 1) {
        b->extra++;
        return;
    }
    s->recv = t;
    json_str(msg, len, "status", s->status, sizeof(s->status));
    b->verdicts++;
    burst_check_done(b);
}

static void user_on_close(struct ws_client *c, int code, const char *reason, void *data)
{
    (void)data;
    struct burst *b = the_burst;
    b->ws_closed++;
    if (b->ws_failed++ < 5)
        fprintf(stderr, "user %d: closed %d %s\n", (int)(intptr_t)ws_client_data(c), code, reason);
    ws_start_more(b);
}

static const struct ws_client_callbacks user_cb = {
    .on_open = user_on_open,
    .on_message = user_on_message,
    .on_close = user_on_close,
};

static void ws_start_more(struct burst *b)
{
    while (b->ws_on && b->ws_started < b->users &&
           b->ws_started - b->ws_ready - b->ws_closed < MAX_INFLIGHT) {
        int i = b->ws_started++, err;
        if (ws_client_connect(b->loop, (const struct sockaddr *)&b->ws_dst, NULL, b->ws_host,
                              b->ws_path, &user_cb, (void *)(intptr_t)i, &err) == NULL) {
            fprintf(stderr, "ws: connect: %s\n", uv_strerror(err));
            b->ws_closed++;
        }
    }
}

/*** Set-up and report ***/

/* Reads one body per line; returns the count read or a negative errno. */
static int burst_read_bodies(struct burst *b, const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -errno;
    b->subs = calloc((size_t)b->users, sizeof(*b->subs));
    if (b->subs == NULL) {
        fclose(f);
        return -ENOMEM;
    }
    int n = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (n < b->users && (len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        b->subs[n].body = strdup(line);
        b->subs[n].body_len = (size_t)len;
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

static void burst_on_deadline(uv_timer_t *t)
{
    struct burst *b = t->data;
    b->timed_out = true;
    uv_stop(b->loop);
}

static void burst_report(const struct burst *b)
{
    for (int i = 0; i < b->users; i++) {
        const struct sub *s = &b->subs[i];
        printf("%d %llu %llu %llu %d %s %s\n", i, (unsigned long long)s->sent,
               (unsigned long long)s->acked, (unsigned long long)s->recv, s->http,
               s->id[0] ? s->id : "-", s->status[0] ? s->status : "-");
    }
    fprintf(stderr,
            "burst: %d posted (%d errors), %d verdicts on the sockets, %d extra, %d sockets "
            "closed%s\n",
            b->acked, b->http_errors, b->verdicts, b->extra, b->ws_closed,
            b->timed_out ? ", TIMED OUT" : "");
}

static int parse_addr(const char *hostport, char *host, size_t hostlen, struct sockaddr_in *out)
{
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || (size_t)(colon - hostport) >= hostlen)
        return -EINVAL;
    snprintf(host, hostlen, "%.*s", (int)(colon - hostport), hostport);
    return uv_ip4_addr(host, (int)strtol(colon + 1, NULL, 10), out);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct burst b = {.loop = &loop, .route = "/api/submissions", .prefix = "u", .hconns = 32};
    const char *ws = NULL, *http = NULL, *bodies = NULL;
    int timeout_s = 600;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--ws"))
            ws = v;
        else if (!strcmp(k, "--http"))
            http = v;
        else if (!strcmp(k, "--route"))
            b.route = v;
        else if (!strcmp(k, "--bodies"))
            bodies = v;
        else if (!strcmp(k, "--users"))
            b.users = (int)strtol(v, NULL, 10);
        else if (!strcmp(k, "--user-prefix"))
            b.prefix = v;
        else if (!strcmp(k, "--http-conns"))
            b.hconns = (int)strtol(v, NULL, 10);
        else if (!strcmp(k, "--timeout-s"))
            timeout_s = (int)strtol(v, NULL, 10);
    }
    int port;
    b.ws_on = ws != NULL && strcmp(ws, "none") != 0;
    if (http == NULL || bodies == NULL || b.users <= 0 || b.hconns <= 0 ||
        parse_addr(http, b.http_host, sizeof(b.http_host), &b.http_dst) < 0 ||
        (b.ws_on && (ws_client_parse_url(ws, b.ws_host, sizeof(b.ws_host), &port, b.ws_path,
                                         sizeof(b.ws_path)) < 0 ||
                     uv_ip4_addr(b.ws_host, port, &b.ws_dst) < 0))) {
        fprintf(stderr, "usage: bench_e2e --http HOST:PORT --bodies FILE --users N "
                        "[--ws URL|none] [--route PATH] [--user-prefix P] [--http-conns C] "
                        "[--timeout-s S]\n");
        return 2;
    }
    int n = burst_read_bodies(&b, bodies);
    if (n != b.users) {
        fprintf(stderr, "%s: %d bodies for %d users\n", bodies, n, b.users);
        return 1;
    }
    if (b.hconns > b.users)
        b.hconns = b.users;
    the_burst = &b;
    uv_timer_init(&loop, &b.deadline);
    b.deadline.data = &b;
    uv_timer_start(&b.deadline, burst_on_deadline, (uint64_t)timeout_s * 1000, 0);
    if (burst_connect_http(&b) < 0) {
        fprintf(stderr, "http: cannot connect to %s\n", http);
        return 1;
    }
    ws_start_more(&b);
    uv_run(&loop, UV_RUN_DEFAULT);
    burst_report(&b);
    return b.timed_out || b.http_errors ? 1 : 0; /* the kernel closes what is left */
}
