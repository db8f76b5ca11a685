/* WebSocket connections: the handshake (on a request of the HTTP server),
 * reading into the server's shared buffer, the close handshake, pings, and
 * shutdown. Frames are decoded in ws_read.c and sent in ws_send.c. */
#include "net/ws.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "net/internal.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

void ws_limits_default(struct ws_limits *l)
{
    l->max_message_bytes = 64 * 1024;
    l->max_queue_bytes = 1024 * 1024;
    l->ping_interval_ms = 30000;
    l->close_timeout_ms = 5000;
    l->max_connections = 20000;
}

/*** Lifecycle ***/

static void server_maybe_done(struct ws_server *srv);

static void conn_on_close(uv_handle_t *h)
{
    struct ws_conn *c = h->data;
    struct ws_server *srv = c->srv;
    net__ws_free_queue(c);
    free(c->msg);
    free(c->ctl);
    free(c);
    srv->nalloc--;
    server_maybe_done(srv);
}

static void early_remove(struct ws_server *srv, struct ws_conn *c)
{
    for (unsigned i = 0; i < srv->nearly; i++) {
        if (srv->early[i] == c) {
            srv->early[i] = srv->early[--srv->nearly];
            return;
        }
    }
}

static void conn_close_now(struct ws_conn *c)
{
    if (c->tcp_closing)
        return;
    c->tcp_closing = true;
    list_remove(&c->cnode);
    uv_close((uv_handle_t *)&c->tcp, conn_on_close);
}

/* Reports the end once: after this the connection is the user's no more. */
static void conn_report(struct ws_conn *c, int code)
{
    if (c->state == NET_WS_CLOSED)
        return;
    struct ws_server *srv = c->srv;
    c->state = NET_WS_CLOSED;
    list_remove(&c->node);
    early_remove(srv, c);
    srv->nconns--;
    if (srv->cb.on_close)
        srv->cb.on_close(c, code, srv->data);
}

void net__ws_destroy(struct ws_conn *c, int code)
{
    conn_report(c, code);
    conn_close_now(c);
}

static void close_timer_arm(struct ws_server *srv);

static void conn_on_shutdown(uv_shutdown_t *sr, int status)
{
    struct ws_conn *c = sr->data;
    free(sr);
    if (status < 0 && status != UV_ECANCELED)
        conn_close_now(c);
}

/* Our close frame is written: send FIN and wait (bounded by the close
 * timeout) for the peer's, dropping what it still sends, so that unread
 * input does not turn the close into an RST that destroys our close frame. */
void net__ws_finish(struct ws_conn *c)
{
    if (c->tcp_closing)
        return;
    conn_report(c, c->code);
    c->broken = true;
    struct ws_server *srv = c->srv;
    list_remove(&c->cnode);
    c->close_deadline = uv_now(srv->loop) + srv->limits.close_timeout_ms;
    list_push(&srv->closing, &c->cnode);
    if (srv->closing.next == &c->cnode)
        close_timer_arm(srv);
    uv_shutdown_t *sr = xmalloc(sizeof(*sr));
    sr->data = c;
    if (uv_shutdown(sr, (uv_stream_t *)&c->tcp, conn_on_shutdown) < 0) {
        free(sr);
        conn_close_now(c);
    }
}

void net__ws_start_close(struct ws_conn *c, int code, const char *reason)
{
    if (c->state != NET_WS_OPEN)
        return;
    uint8_t p[125];
    size_t len = 0;
    if (code != WS_CLOSE_NO_STATUS) {
        p[0] = (uint8_t)(code >> 8);
        p[1] = (uint8_t)code;
        len = 2;
        if (reason) {
            size_t r = strlen(reason);
            if (r > 123)
                r = 123;
            memcpy(p + 2, reason, r);
            len += r;
        }
    }
    c->state = NET_WS_CLOSING;
    c->code = (uint16_t)code;
    struct ws_server *srv = c->srv;
    c->close_deadline = uv_now(srv->loop) + srv->limits.close_timeout_ms;
    list_push(&srv->closing, &c->cnode);
    if (srv->closing.next == &c->cnode)
        close_timer_arm(srv);
    net__ws_send_control(c, WS_OP_CLOSE, p, len);
}

void net__ws_fail(struct ws_conn *c, int code, const char *reason)
{
    c->broken = true;
    net__ws_start_close(c, code, reason);
    c->flush_close = true;
    if (c->qhead == NULL)
        net__ws_finish(c);
}

void ws_close(struct ws_conn *c, int code, const char *reason)
{
    net__ws_start_close(c, code, reason);
}

/*** Reading ***/

static void conn_on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
    (void)hint;
    struct ws_conn *c = h->data;
    struct ws_server *srv = c->srv;
    if (!srv->rbuf_busy) {
        srv->rbuf_busy = true;
        *b = uv_buf_init(srv->rbuf, NET_READ_BUF_SIZE);
    } else {
        *b = uv_buf_init(xmalloc(NET_READ_BUF_SIZE), NET_READ_BUF_SIZE);
    }
}

static void conn_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
    struct ws_conn *c = s->data;
    struct ws_server *srv = c->srv;
    if (nread < 0)
        net__ws_destroy(c,
                        c->close_rcvd || c->state == NET_WS_CLOSING ? c->code : WS_CLOSE_ABNORMAL);
    else if (nread > 0 && !c->broken)
        net__ws_read(c, b->base, (size_t)nread);
    if (b->base == srv->rbuf)
        srv->rbuf_busy = false;
    else
        free(b->base);
}

/*** Timers ***/

static void close_on_timer(uv_timer_t *t)
{
    struct ws_server *srv = t->data;
    uint64_t now = uv_now(srv->loop);
    while (!list_empty(&srv->closing)) {
        struct ws_conn *c = container_of(srv->closing.next, struct ws_conn, cnode);
        if (c->close_deadline > now)
            break;
        net__ws_destroy(c, c->code); /* or, if reported, just closes */
    }
    close_timer_arm(srv);
}

static void close_timer_arm(struct ws_server *srv)
{
    if (list_empty(&srv->closing) || srv->open_handles == 0)
        return;
    struct ws_conn *c = container_of(srv->closing.next, struct ws_conn, cnode);
    uint64_t now = uv_now(srv->loop);
    uv_timer_start(&srv->close_timer, close_on_timer,
                   c->close_deadline > now ? c->close_deadline - now : 0, 0);
}

/* Every interval: a connection that sent nothing since the last ping is
 * dropped; the others get a ping (one shared frame). */
static void ping_on_timer(uv_timer_t *t)
{
    struct ws_server *srv = t->data;
    struct list *pos, *tmp;
    list_foreach_safe(pos, tmp, &srv->conns)
    {
        struct ws_conn *c = container_of(pos, struct ws_conn, node);
        if (c->state != NET_WS_OPEN)
            continue;
        if (c->pinged && !c->alive) {
            net__ws_destroy(c, WS_CLOSE_ABNORMAL);
            continue;
        }
        c->alive = false;
        c->pinged = true;
        ws_send_frame(c, srv->ping);
    }
}

/*** Server ***/

static void server_on_idle(uv_idle_t *idle);

struct ws_server *ws_server_new(uv_loop_t *loop, const struct ws_limits *limits,
                                const struct ws_callbacks *cb, void *data)
{
    struct ws_server *srv = xcalloc(1, sizeof(*srv));
    srv->loop = loop;
    if (limits)
        srv->limits = *limits;
    else
        ws_limits_default(&srv->limits);
    srv->cb = *cb;
    srv->data = data;
    list_init(&srv->conns);
    list_init(&srv->closing);
    srv->rbuf = xmalloc(NET_READ_BUF_SIZE);
    srv->ping = net__ws_frame_new(WS_OP_PING, NULL, 0);
    uv_timer_init(loop, &srv->ping_timer);
    uv_timer_init(loop, &srv->close_timer);
    uv_idle_init(loop, &srv->idle);
    srv->ping_timer.data = srv;
    srv->close_timer.data = srv;
    srv->idle.data = srv;
    uv_unref((uv_handle_t *)&srv->ping_timer);
    uv_unref((uv_handle_t *)&srv->close_timer);
    srv->open_handles = 3;
    if (srv->limits.ping_interval_ms)
        uv_timer_start(&srv->ping_timer, ping_on_timer, srv->limits.ping_interval_ms,
                       srv->limits.ping_interval_ms);
    return srv;
}

unsigned ws_server_count(const struct ws_server *srv)
{
    return srv->nconns;
}

static void server_on_handle_close(uv_handle_t *h)
{
    struct ws_server *srv = h->data;
    srv->open_handles--;
    server_maybe_done(srv);
}

static void server_maybe_done(struct ws_server *srv)
{
    if (!srv->shutting)
        return;
    if (srv->nalloc == 0 && srv->open_handles == 3) {
        uv_close((uv_handle_t *)&srv->ping_timer, server_on_handle_close);
        uv_close((uv_handle_t *)&srv->close_timer, server_on_handle_close);
        uv_close((uv_handle_t *)&srv->idle, server_on_handle_close);
        return;
    }
    if (srv->open_handles == 0 && srv->shutdown_cb) {
        void (*cb)(void *) = srv->shutdown_cb;
        srv->shutdown_cb = NULL;
        cb(srv->shutdown_data);
    }
}

void ws_server_shutdown(struct ws_server *srv, void (*cb)(void *data), void *data)
{
    if (srv->shutting)
        return;
    srv->shutting = true;
    srv->shutdown_cb = cb;
    srv->shutdown_data = data;
    struct list *pos, *tmp;
    list_foreach_safe(pos, tmp, &srv->conns)
    {
        ws_close(container_of(pos, struct ws_conn, node), WS_CLOSE_GOING_AWAY,
                 "server shutting down");
    }
    server_maybe_done(srv);
}

void ws_server_free(struct ws_server *srv)
{
    if (srv == NULL)
        return;
    ws_frame_unref(srv->ping);
    free(srv->rbuf);
    free(srv->early);
    free(srv);
}

/*** Handshake ***/

/* True when the comma-separated header value v contains token t. */
static bool header_has_token(const char *v, size_t vlen, const char *t)
{
    size_t tl = strlen(t);
    size_t i = 0;
    while (i < vlen) {
        while (i < vlen && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t start = i;
        while (i < vlen && v[i] != ',')
            i++;
        size_t end = i;
        while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
            end--;
        if (end - start == tl && strncasecmp(v + start, t, tl) == 0)
            return true;
    }
    return false;
}

static void reject(struct http_request *req, int status, const char *extra, const char *msg)
{
    struct buf body;
    buf_init(&body);
    buf_puts(&body, "{\"error\":");
    buf_json_str(&body, msg, strlen(msg));
    buf_puts(&body, "}");
    http_respond(req, status, "application/json", extra, body.data, body.len);
    buf_dispose(&body);
}

/* Sec-WebSocket-Key must be base64 of 16 bytes: 22 characters and "==". */
static bool key_valid(const char *key, size_t len)
{
    if (key == NULL || len != 24 || key[22] != '=' || key[23] != '=')
        return false;
    unsigned char out[24];
    return EVP_DecodeBlock(out, (const unsigned char *)key, 24) == 18;
}

static void server_on_idle(uv_idle_t *idle)
{
    struct ws_server *srv = idle->data;
    while (srv->nearly > 0) {
        struct ws_conn *c = srv->early[--srv->nearly];
        char *bytes = c->msg; /* parked here by ws_accept */
        size_t len = c->msg_len;
        c->msg = NULL;
        c->msg_len = 0;
        c->msg_cap = 0;
        net__ws_read(c, bytes, len);
        free(bytes);
    }
    uv_idle_stop(idle);
}

struct ws_conn *ws_accept(struct ws_server *srv, struct http_request *req)
{
    size_t ulen = 0, klen = 0, vlen = 0;
    const char *up = http_request_header(req, "upgrade", &ulen);
    const char *key = http_request_header(req, "sec-websocket-key", &klen);
    const char *ver = http_request_header(req, "sec-websocket-version", &vlen);
    if (http_request_method(req) != HTTP_METHOD_GET || up == NULL ||
        !header_has_token(up, ulen, "websocket")) {
        reject(req, 400, NULL, "not a websocket handshake");
        return NULL;
    }
    if (ver == NULL || vlen != 2 || memcmp(ver, "13", 2) != 0) {
        reject(req, 400, "Sec-WebSocket-Version: 13\r\n", "unsupported websocket version");
        return NULL;
    }
    if (!key_valid(key, klen)) {
        reject(req, 400, NULL, "bad Sec-WebSocket-Key");
        return NULL;
    }
    if (srv->shutting || srv->nconns >= srv->limits.max_connections) {
        reject(req, 503, NULL, "too many connections");
        return NULL;
    }
    unsigned char sha[SHA_DIGEST_LENGTH];
    char in[24 + sizeof(WS_GUID)];
    memcpy(in, key, 24);
    memcpy(in + 24, WS_GUID, sizeof(WS_GUID) - 1);
    SHA1((const unsigned char *)in, 24 + sizeof(WS_GUID) - 1, sha);
    char accept[32];
    EVP_EncodeBlock((unsigned char *)accept, sha, SHA_DIGEST_LENGTH);
    const char *peer = http_request_peer(req);

    struct ws_conn *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->tcp.data = c;
    list_init(&c->node);
    list_init(&c->cnode);
    list_init(&c->link);
    snprintf(c->peer, sizeof(c->peer), "%s", peer);
    struct buf rest;
    buf_init(&rest);
    srv->nalloc++;
    if (http_upgrade_take(req, &c->tcp, &rest) < 0) {
        c->state = NET_WS_CLOSED;
        uv_close((uv_handle_t *)&c->tcp, conn_on_close);
        buf_dispose(&rest);
        return NULL;
    }
    char answer[160];
    int n = snprintf(answer, sizeof(answer),
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                     accept);
    /* A fresh socket takes the answer whole; it is written here, so that a
     * failure closes c silently (no on_close for a connection never seen).
     * A socket that cannot take 130 bytes now is refused the same way: queueing
     * the rest would go through the send path, whose failure reports a close
     * before the caller even has c. */
    uv_buf_t b = uv_buf_init(answer, (unsigned)n);
    int w = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
    if (w != n || uv_read_start((uv_stream_t *)&c->tcp, conn_on_alloc, conn_on_read) < 0) {
        c->state = NET_WS_CLOSED;
        uv_close((uv_handle_t *)&c->tcp, conn_on_close);
        buf_dispose(&rest);
        return NULL;
    }
    srv->nconns++;
    list_push(&srv->conns, &c->node);
    if (rest.len > 0) {
        /* Frames sent with the handshake: decoded on the next loop turn,
         * so that no callback fires before the caller has c. */
        c->msg_len = (uint32_t)rest.len;
        c->msg = buf_steal(&rest);
        if (srv->nearly == srv->early_cap) {
            srv->early_cap = srv->early_cap ? srv->early_cap * 2 : 8;
            srv->early = xrealloc(srv->early, srv->early_cap * sizeof(*srv->early));
        }
        srv->early[srv->nearly++] = c;
        uv_idle_start(&srv->idle, server_on_idle);
    }
    buf_dispose(&rest);
    return c;
}

/*** Accessors ***/

void ws_conn_set_data(struct ws_conn *c, void *data)
{
    c->data = data;
}

void *ws_conn_data(const struct ws_conn *c)
{
    return c->data;
}

struct list *ws_conn_link(struct ws_conn *c)
{
    return &c->link;
}

struct ws_conn *ws_conn_from_link(struct list *link)
{
    return container_of(link, struct ws_conn, link);
}

const char *ws_conn_peer(const struct ws_conn *c)
{
    return c->peer;
}
