/* A small WebSocket client on libuv (see ws_client.h): the upgrade request,
 * the server's frames (unmasked, text, ping, close), masked text frames out. */
#include "net/ws_client.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/list.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WSC_READ_BUF (64 * 1024)
#define WSC_MAX_HANDSHAKE 8192
#define WSC_MAX_MESSAGE (16 * 1024 * 1024)

enum wsc_state { WSC_CONNECTING, WSC_HANDSHAKE, WSC_OPEN, WSC_CLOSED };

struct ws_client {
    uv_tcp_t tcp;
    uv_connect_t connect;
    const struct ws_client_callbacks *cb;
    void *data;
    struct buf *pending; /* bytes of an unfinished response or frame; NULL when none */
    char *reason;        /* the server's close reason, once it sent one */
    uint16_t code;
    uint8_t state;
    bool opened;
};

struct wsc_write {
    uv_write_t req;
    size_t len;
    char bytes[];
};

/* One read buffer for every client on the process's loop (the gateway's
 * load tool runs 7,500 of them per process). */
static char wsc_rbuf[WSC_READ_BUF];
static bool wsc_rbuf_busy;
static uint64_t wsc_rng;

/* Masks need only be unpredictable to proxies on the path (RFC 6455 §10.3),
 * not secret: xorshift seeded from the clock and pid. */
static uint32_t wsc_random(void)
{
    if (wsc_rng == 0)
        wsc_rng = uv_hrtime() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ull;
    wsc_rng ^= wsc_rng << 13;
    wsc_rng ^= wsc_rng >> 7;
    wsc_rng ^= wsc_rng << 17;
    return (uint32_t)wsc_rng;
}

void *ws_client_data(const struct ws_client *c)
{
    return c->data;
}

static void wsc_free_handle(uv_handle_t *h)
{
    free(h->data);
}

static void wsc_on_closed(uv_handle_t *h)
{
    struct ws_client *c = h->data;
    if (!c->opened && c->cb->on_open)
        c->cb->on_open(c, -ECONNRESET, c->data);
    if (c->cb->on_close)
        c->cb->on_close(c, c->code ? c->code : 1006, c->reason ? c->reason : "", c->data);
    if (c->pending) {
        buf_dispose(c->pending);
        free(c->pending);
    }
    free(c->reason);
    free(c);
}

static void wsc_drop(struct ws_client *c)
{
    if (c->state == WSC_CLOSED)
        return;
    c->state = WSC_CLOSED;
    uv_close((uv_handle_t *)&c->tcp, wsc_on_closed);
}

static void wsc_on_write(uv_write_t *req, int status)
{
    (void)status; /* a failed write shows up as a failed read */
    free(container_of(req, struct wsc_write, req));
}

static int wsc_write(struct ws_client *c, const char *bytes, size_t len)
{
    struct wsc_write *w = xmalloc(sizeof(*w) + len);
    w->len = len;
    memcpy(w->bytes, bytes, len);
    uv_buf_t b = uv_buf_init(w->bytes, (unsigned)len);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, wsc_on_write);
    if (rc < 0) {
        free(w);
        return rc;
    }
    return 0;
}

static int wsc_send_frame(struct ws_client *c, int opcode, const char *msg, size_t len)
{
    size_t hl = len < 126 ? 2 : len < 65536 ? 4 : 10;
    struct wsc_write *w = xmalloc(sizeof(*w) + hl + 4 + len);
    uint8_t *p = (uint8_t *)w->bytes;
    p[0] = (uint8_t)(0x80 | opcode);
    if (len < 126) {
        p[1] = (uint8_t)(0x80 | len);
    } else if (len < 65536) {
        p[1] = 0x80 | 126;
        p[2] = (uint8_t)(len >> 8);
        p[3] = (uint8_t)len;
    } else {
        p[1] = 0x80 | 127;
        for (int i = 0; i < 8; i++)
            p[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    }
    uint32_t m = wsc_random();
    memcpy(p + hl, &m, 4);
    for (size_t i = 0; i < len; i++)
        p[hl + 4 + i] = (uint8_t)msg[i] ^ p[hl + (i & 3)];
    w->len = hl + 4 + len;
    uv_buf_t b = uv_buf_init(w->bytes, (unsigned)w->len);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, wsc_on_write);
    if (rc < 0) {
        free(w);
        return rc;
    }
    return 0;
}

int ws_client_send_text(struct ws_client *c, const char *msg, size_t len)
{
    if (c->state != WSC_OPEN)
        return -EPIPE;
    return wsc_send_frame(c, 0x1, msg, len);
}

void ws_client_close(struct ws_client *c, int code)
{
    if (c->state == WSC_OPEN) {
        char p[2] = {(char)(code >> 8), (char)code};
        wsc_send_frame(c, 0x8, p, 2);
    }
    if (c->code == 0)
        c->code = (uint16_t)code;
    wsc_drop(c);
}

/* Handles the frames in p; returns the bytes used (a partial frame stays). */
static size_t wsc_frames(struct ws_client *c, const uint8_t *p, size_t n)
{
    size_t used = 0;
    while (c->state == WSC_OPEN && n - used >= 2) {
        const uint8_t *f = p + used;
        size_t avail = n - used, hl = 2;
        uint64_t len = f[1] & 0x7f;
        if (len == 126) {
            if (avail < 4)
                break;
            len = (uint64_t)f[2] << 8 | f[3];
            hl = 4;
        } else if (len == 127) {
            if (avail < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | f[2 + i];
            hl = 10;
        }
        int op = f[0] & 0x0f;
        if ((f[1] & 0x80) || !(f[0] & 0x80) || len > WSC_MAX_MESSAGE) {
            ws_client_close(c, 1002); /* masked, fragmented or huge: not our server */
            break;
        }
        if (avail - hl < len)
            break;
        const char *payload = (const char *)f + hl;
        used += hl + (size_t)len;
        if (op == 0x1) {
            if (c->cb->on_message)
                c->cb->on_message(c, payload, (size_t)len, c->data);
        } else if (op == 0x9) {
            wsc_send_frame(c, 0xA, payload, (size_t)len);
        } else if (op == 0x8) {
            c->code = len >= 2 ? (uint16_t)((uint8_t)payload[0] << 8 | (uint8_t)payload[1]) : 1005;
            if (len > 2)
                c->reason = xstrndup(payload + 2, (size_t)len - 2);
            ws_client_close(c, c->code);
        }
    }
    return used;
}

/* The upgrade answer; returns the bytes it took, or 0 while incomplete. */
static size_t wsc_handshake(struct ws_client *c, const char *p, size_t n)
{
    const char *end = memmem(p, n, "\r\n\r\n", 4);
    if (end == NULL) {
        if (n > WSC_MAX_HANDSHAKE)
            wsc_drop(c);
        return 0;
    }
    c->opened = true;
    if (n < 12 || memcmp(p, "HTTP/1.1 101", 12) != 0) {
        c->code = 1006;
        if (c->cb->on_open)
            c->cb->on_open(c, -EPROTO, c->data);
        wsc_drop(c);
        return 0;
    }
    c->state = WSC_OPEN;
    if (c->cb->on_open)
        c->cb->on_open(c, 0, c->data);
    return (size_t)(end + 4 - p);
}

static size_t wsc_consume(struct ws_client *c, const char *p, size_t n)
{
    size_t used = 0;
    if (c->state == WSC_HANDSHAKE) {
        used = wsc_handshake(c, p, n);
        if (used == 0)
            return 0;
    }
    return used + wsc_frames(c, (const uint8_t *)p + used, n - used);
}

static void wsc_on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
    (void)h;
    (void)hint;
    if (!wsc_rbuf_busy) {
        wsc_rbuf_busy = true;
        *b = uv_buf_init(wsc_rbuf, WSC_READ_BUF);
    } else {
        *b = uv_buf_init(xmalloc(WSC_READ_BUF), WSC_READ_BUF);
    }
}

static void wsc_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
    struct ws_client *c = s->data;
    if (nread < 0) {
        wsc_drop(c);
    } else if (nread > 0 && c->state != WSC_CLOSED) {
        if (c->pending) {
            buf_append(c->pending, b->base, (size_t)nread);
            size_t used = wsc_consume(c, c->pending->data, c->pending->len);
            if (c->pending && used > 0) {
                memmove(c->pending->data, c->pending->data + used, c->pending->len - used);
                c->pending->len -= used;
            }
            if (c->pending && c->pending->len == 0) {
                buf_dispose(c->pending);
                free(c->pending);
                c->pending = NULL;
            }
        } else {
            size_t used = wsc_consume(c, b->base, (size_t)nread);
            if (used < (size_t)nread && c->state != WSC_CLOSED) {
                c->pending = xmalloc(sizeof(*c->pending));
                buf_init(c->pending);
                buf_append(c->pending, b->base + used, (size_t)nread - used);
            }
        }
    }
    if (b->base == wsc_rbuf)
        wsc_rbuf_busy = false;
    else
        free(b->base);
}

static void wsc_on_connect(uv_connect_t *req, int status)
{
    struct ws_client *c = req->data;
    if (status < 0 || c->state == WSC_CLOSED) {
        c->code = 1006;
        c->opened = true;
        if (c->cb->on_open)
            c->cb->on_open(c, status < 0 ? status : -ECANCELED, c->data);
        wsc_drop(c);
        return;
    }
    c->state = WSC_HANDSHAKE;
    struct buf *r = c->pending; /* the request waited here */
    c->pending = NULL;
    int rc = wsc_write(c, r->data, r->len);
    buf_dispose(r);
    free(r);
    if (rc < 0 || uv_read_start((uv_stream_t *)&c->tcp, wsc_on_alloc, wsc_on_read) < 0) {
        c->code = 1006;
        wsc_drop(c);
    }
}

struct ws_client *ws_client_connect(uv_loop_t *loop, const struct sockaddr *addr,
                                    const struct sockaddr *src, const char *host, const char *path,
                                    const struct ws_client_callbacks *cb, void *data, int *err)
{
    struct ws_client *c = xcalloc(1, sizeof(*c));
    c->cb = cb;
    c->data = data;
    c->state = WSC_CONNECTING;
    int rc = uv_tcp_init(loop, &c->tcp);
    if (rc < 0) {
        free(c);
        *err = rc;
        return NULL;
    }
    c->tcp.data = c;
    c->connect.data = c;
    if ((src && (rc = uv_tcp_bind(&c->tcp, src, 0)) < 0) ||
        (rc = uv_tcp_connect(&c->connect, &c->tcp, addr, wsc_on_connect)) < 0) {
        *err = rc;
        c->cb = &(const struct ws_client_callbacks){0};
        c->opened = true;
        c->state = WSC_CLOSED;
        uv_close((uv_handle_t *)&c->tcp, wsc_free_handle);
        return NULL;
    }
    uint32_t k[4] = {wsc_random(), wsc_random(), wsc_random(), wsc_random()};
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uint8_t *kb = (const uint8_t *)k;
    char key[25];
    for (int i = 0, o = 0; i < 15; i += 3) {
        uint32_t v = (uint32_t)kb[i] << 16 | (uint32_t)kb[i + 1] << 8 | kb[i + 2];
        for (int j = 3; j >= 0; j--)
            key[o++] = b64[(v >> (6 * j)) & 63];
    }
    key[20] = b64[kb[15] >> 2];
    key[21] = b64[(kb[15] & 3) << 4];
    key[22] = key[23] = '=';
    key[24] = '\0';
    c->pending = xmalloc(sizeof(*c->pending));
    buf_init(c->pending);
    buf_printf(c->pending,
               "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n",
               path, host, key);
    return c;
}

int ws_client_parse_url(const char *url, char *host, size_t hostlen, int *port, char *path,
                        size_t pathlen)
{
    if (strncmp(url, "ws://", 5) != 0)
        return -EINVAL;
    const char *h = url + 5;
    const char *slash = strchr(h, '/');
    const char *end = slash ? slash : h + strlen(h);
    const char *colon = memchr(h, ':', (size_t)(end - h));
    const char *hend = colon ? colon : end;
    if (hend == h || (size_t)(hend - h) >= hostlen)
        return -EINVAL;
    memcpy(host, h, (size_t)(hend - h));
    host[hend - h] = '\0';
    *port = 80;
    if (colon) {
        char *e;
        long p = strtol(colon + 1, &e, 10);
        if (e != end || p <= 0 || p > 65535)
            return -EINVAL;
        *port = (int)p;
    }
    int n = snprintf(path, pathlen, "%s", slash ? slash : "/");
    return n < 0 || (size_t)n >= pathlen ? -EINVAL : 0;
}
