/* Incoming WebSocket frames (RFC 6455 §5): reading into the server's shared
 * buffer, and a decoder whose state is a few bytes per connection. Payloads
 * are unmasked in place; a text message that arrives whole in one read is
 * delivered from the read buffer without a copy. Only text is accepted. What
 * the frames ask for (answers, closes) is done by ws_conn.c. */
#include "common/alloc.h"
#include "common/utf8.h"
#include "net/internal.h"

#include <stdlib.h>
#include <string.h>

static bool valid_close_code(unsigned code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

static void deliver(struct ws_conn *c, const char *msg, size_t len)
{
    if (c->state != NET_WS_OPEN)
        return; /* closing: messages are no longer delivered */
    if (!utf8_valid(msg, len)) {
        net__ws_fail(c, WS_CLOSE_BAD_DATA, "text is not valid UTF-8");
        return;
    }
    struct ws_server *srv = c->srv;
    if (srv->cb.on_message)
        srv->cb.on_message(c, WS_OP_TEXT, msg, len, srv->data);
}

static void on_close_frame(struct ws_conn *c, const uint8_t *p, size_t len)
{
    unsigned code = WS_CLOSE_NO_STATUS;
    if (len == 1) {
        net__ws_fail(c, WS_CLOSE_PROTOCOL, "bad close frame");
        return;
    }
    if (len >= 2) {
        code = (unsigned)p[0] << 8 | p[1];
        if (!valid_close_code(code)) {
            net__ws_fail(c, WS_CLOSE_PROTOCOL, "bad close code");
            return;
        }
        if (!utf8_valid((const char *)p + 2, len - 2)) {
            net__ws_fail(c, WS_CLOSE_BAD_DATA, "close reason is not valid UTF-8");
            return;
        }
    }
    c->close_rcvd = true;
    if (c->state == NET_WS_OPEN) {
        /* Echo the code, then close the socket once it is written. */
        net__ws_start_close(c, (int)code, NULL);
    }
    c->code = (uint16_t)code;
    net__ws_finish_after_queue(c);
}

static void on_control(struct ws_conn *c, const uint8_t *p, size_t len)
{
    switch (c->op) {
    case WS_OP_CLOSE:
        on_close_frame(c, p, len);
        break;
    case WS_OP_PING:
        if (c->state != NET_WS_OPEN)
            break;
        /* Control frames pass the queue cap, so a peer that pings and never
         * reads would grow the queue with pongs for as long as it likes: past
         * the cap it is a slow consumer like any other. */
        if (c->qbytes + len > c->srv->limits.max_queue_bytes) {
            net__ws_slow_consumer(c);
            break;
        }
        net__ws_send_control(c, WS_OP_PONG, p, len);
        break;
    default: /* pong: liveness is noted for every frame */
        break;
    }
}

/* Checks a complete header and sets the frame's state. Returns false when the
 * connection was failed. */
static bool header_done(struct ws_conn *c)
{
    const uint8_t *h = c->hdr;
    uint8_t op = h[0] & 0x0f;
    uint64_t len = h[1] & 0x7f;
    size_t pos = 2;
    if (len == 126) {
        len = (uint64_t)h[2] << 8 | h[3];
        pos = 4;
    } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++)
            len = len << 8 | h[2 + i];
        pos = 10;
    }
    memcpy(c->mask, h + pos, 4);
    c->mask_pos = 0;
    c->fin = (h[0] & 0x80) != 0;
    c->op = op;
    c->remaining = len;
    if (h[0] & 0x70)
        return net__ws_fail(c, WS_CLOSE_PROTOCOL, "reserved bits set"), false;
    if (!(h[1] & 0x80))
        return net__ws_fail(c, WS_CLOSE_PROTOCOL, "client frames must be masked"), false;
    if (len >> 63)
        return net__ws_fail(c, WS_CLOSE_PROTOCOL, "bad length"), false;
    if (op >= 0x8) {
        if (op > WS_OP_PONG)
            return net__ws_fail(c, WS_CLOSE_PROTOCOL, "unknown opcode"), false;
        if (!c->fin || len > 125)
            return net__ws_fail(c, WS_CLOSE_PROTOCOL, "bad control frame"), false;
        return true;
    }
    if (op == WS_OP_BINARY)
        return net__ws_fail(c, WS_CLOSE_UNSUPPORTED, "binary messages are not accepted"), false;
    if (op != WS_OP_TEXT && op != WS_OP_CONTINUATION)
        return net__ws_fail(c, WS_CLOSE_PROTOCOL, "unknown opcode"), false;
    if ((op == WS_OP_CONTINUATION) != (c->msg_op != 0))
        return net__ws_fail(c, WS_CLOSE_PROTOCOL, "bad fragmentation"), false;
    if (c->msg_len + len > c->srv->limits.max_message_bytes)
        return net__ws_fail(c, WS_CLOSE_TOO_BIG, "message too big"), false;
    if (op == WS_OP_TEXT && !c->fin)
        c->msg_op = WS_OP_TEXT;
    return true;
}

/* Header bytes needed so far: 2, then the length and mask fields. */
static size_t header_need(const struct ws_conn *c)
{
    if (c->hdr_len < 2)
        return 2;
    uint8_t l = c->hdr[1] & 0x7f;
    /* No mask bit, no mask key to wait for: header_done() refuses the frame. */
    return 2 + (l == 126 ? 2 : l == 127 ? 8 : 0) + (c->hdr[1] & 0x80 ? 4 : 0);
}

static void unmask(struct ws_conn *c, char *p, size_t n)
{
    uint8_t k = c->mask_pos;
    for (size_t i = 0; i < n; i++)
        p[i] ^= (char)c->mask[(k + i) & 3];
    c->mask_pos = (uint8_t)((k + n) & 3);
}

static void msg_append(struct ws_conn *c, const char *p, size_t n)
{
    if (c->msg_len + n > c->msg_cap) {
        size_t cap = c->msg_cap ? c->msg_cap : 256;
        while (cap < c->msg_len + n)
            cap *= 2;
        c->msg = xrealloc(c->msg, cap);
        c->msg_cap = (uint32_t)cap;
    }
    memcpy(c->msg + c->msg_len, p, n);
    c->msg_len += (uint32_t)n;
}

/* The current frame's payload ended. */
static void frame_done(struct ws_conn *c, char *direct, size_t direct_len)
{
    c->in_payload = false;
    c->hdr_len = 0;
    if (c->op >= 0x8) {
        if (direct) {
            on_control(c, (const uint8_t *)direct, direct_len);
        } else {
            uint8_t len = c->ctl_len;
            char *p = c->ctl;
            c->ctl = NULL;
            c->ctl_len = 0;
            on_control(c, (const uint8_t *)p, len);
            free(p);
        }
        return;
    }
    if (!c->fin)
        return;
    c->msg_op = 0;
    if (direct) {
        deliver(c, direct, direct_len);
        return;
    }
    char *msg = c->msg;
    size_t len = c->msg_len;
    c->msg = NULL;
    c->msg_len = 0;
    c->msg_cap = 0;
    deliver(c, msg ? msg : "", len);
    free(msg);
}

void net__ws_read(struct ws_conn *c, char *data, size_t len)
{
    size_t off = 0;
    c->alive = true;
    while (off < len && !c->broken && c->state != NET_WS_CLOSED) {
        if (!c->in_payload) {
            size_t need = header_need(c);
            while (c->hdr_len < need && off < len) {
                c->hdr[c->hdr_len++] = (uint8_t)data[off++];
                need = header_need(c);
            }
            if (c->hdr_len < need)
                return;
            if (!header_done(c))
                return;
            c->in_payload = true;
            if (c->remaining == 0) {
                frame_done(c, c->op >= 0x8 || c->msg_len == 0 ? data + off : NULL, 0);
                continue;
            }
        }
        size_t n = len - off < c->remaining ? len - off : (size_t)c->remaining;
        if (n == 0)
            break; /* the header ended the read */
        char *p = data + off;
        unmask(c, p, n);
        off += n;
        c->remaining -= n;
        bool whole = c->remaining == 0;
        if (c->op >= 0x8) {
            if (whole && c->ctl == NULL) {
                frame_done(c, p, n);
                continue;
            }
            if (c->ctl == NULL)
                c->ctl = xmalloc(125);
            memcpy(c->ctl + c->ctl_len, p, n);
            c->ctl_len = (uint8_t)(c->ctl_len + n);
            if (whole)
                frame_done(c, NULL, 0);
            continue;
        }
        if (whole && c->fin && c->msg_len == 0 && c->op == WS_OP_TEXT) {
            frame_done(c, p, n); /* the common case: no copy */
            continue;
        }
        msg_append(c, p, n);
        if (whole)
            frame_done(c, NULL, 0);
    }
}

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

int net__ws_read_start(struct ws_conn *c)
{
    return uv_read_start((uv_stream_t *)&c->tcp, conn_on_alloc, conn_on_read);
}
