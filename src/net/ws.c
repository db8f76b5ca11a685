/* The WebSocket server and its handshake: a request of the HTTP server
 * becomes a connection here. The rest of net/ws is split by concern, calls
 * going one way: ws.c -> ws_read.c (decoder) -> ws_conn.c (sending, closing,
 * timers) -> ws_queue.c (send queue) -> ws_frame.c (encoding). */
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

/*** Server ***/

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
        uv_timer_start(&srv->ping_timer, net__ws_ping_on_timer, srv->limits.ping_interval_ms,
                       srv->limits.ping_interval_ms);
    return srv;
}

unsigned ws_server_count(const struct ws_server *srv)
{
    return srv->nconns;
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
    net__ws_server_maybe_done(srv);
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

/* Checks the handshake and answers a refusal; on success sets accept to
 * Sec-WebSocket-Accept (RFC 6455 §4.2.2), NUL-terminated. */
static bool handshake_check(struct ws_server *srv, struct http_request *req, char accept[32])
{
    size_t ulen = 0, klen = 0, vlen = 0;
    const char *up = http_request_header(req, "upgrade", &ulen);
    const char *key = http_request_header(req, "sec-websocket-key", &klen);
    const char *ver = http_request_header(req, "sec-websocket-version", &vlen);
    if (http_request_method(req) != HTTP_METHOD_GET || up == NULL ||
        !header_has_token(up, ulen, "websocket")) {
        reject(req, 400, NULL, "not a websocket handshake");
        return false;
    }
    if (ver == NULL || vlen != 2 || memcmp(ver, "13", 2) != 0) {
        reject(req, 400, "Sec-WebSocket-Version: 13\r\n", "unsupported websocket version");
        return false;
    }
    if (!key_valid(key, klen)) {
        reject(req, 400, NULL, "bad Sec-WebSocket-Key");
        return false;
    }
    if (srv->shutting || srv->nconns >= srv->limits.max_connections) {
        reject(req, 503, NULL, "too many connections");
        return false;
    }
    unsigned char sha[SHA_DIGEST_LENGTH];
    char in[24 + sizeof(WS_GUID)];
    memcpy(in, key, 24);
    memcpy(in + 24, WS_GUID, sizeof(WS_GUID) - 1);
    SHA1((const unsigned char *)in, 24 + sizeof(WS_GUID) - 1, sha);
    EVP_EncodeBlock((unsigned char *)accept, sha, SHA_DIGEST_LENGTH);
    return true;
}

/* Bytes that came with the handshake are decoded on the next loop turn, so
 * that no callback fires before the caller of ws_accept has c. Takes rest's
 * bytes. */
static void early_park(struct ws_server *srv, struct ws_conn *c, struct buf *rest)
{
    c->msg_len = (uint32_t)rest->len;
    c->msg = buf_steal(rest);
    if (srv->nearly == srv->early_cap) {
        srv->early_cap = srv->early_cap ? srv->early_cap * 2 : 8;
        srv->early = xrealloc(srv->early, srv->early_cap * sizeof(*srv->early));
    }
    srv->early[srv->nearly++] = c;
    uv_idle_start(&srv->idle, server_on_idle);
}

struct ws_conn *ws_accept(struct ws_server *srv, struct http_request *req)
{
    char accept[32];
    if (!handshake_check(srv, req, accept))
        return NULL;
    struct ws_conn *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->tcp.data = c;
    list_init(&c->node);
    list_init(&c->cnode);
    list_init(&c->link);
    snprintf(c->peer, sizeof(c->peer), "%s", http_request_peer(req));
    struct buf rest;
    buf_init(&rest);
    srv->nalloc++;
    if (http_upgrade_take(req, &c->tcp, &rest) < 0)
        goto fail;
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
    if (uv_try_write((uv_stream_t *)&c->tcp, &b, 1) != n || net__ws_read_start(c) < 0)
        goto fail;
    srv->nconns++;
    list_push(&srv->conns, &c->node);
    if (rest.len > 0)
        early_park(srv, c, &rest);
    buf_dispose(&rest);
    return c;
fail:
    net__ws_discard(c);
    buf_dispose(&rest);
    return NULL;
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
