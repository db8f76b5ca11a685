/* Outgoing WebSocket frames: encoding (server frames are never masked, so a
 * frame's bytes are the same for every recipient and are shared by
 * reference), and a per-connection queue that exists only while the socket
 * is full. The common case, an empty queue, is one uv_try_write straight
 * from the frame's bytes: no allocation, no copy.
 *
 * wslay is not used here: its frame context embeds a 4 KiB input buffer,
 * which alone breaks the gateway's 2 KB-per-connection bar, and a server
 * frame header is 2 to 10 bytes of RFC 6455 §5.2. Tests decode our frames
 * with wslay as the reference. */
#include "common/alloc.h"
#include "net/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Caps the writev of one flight. */
#define WS_FLIGHT_MAX 16

static size_t frame_header(uint8_t *h, int opcode, size_t len)
{
    h[0] = (uint8_t)(0x80 | (opcode & 0x0f));
    if (len < 126) {
        h[1] = (uint8_t)len;
        return 2;
    }
    if (len <= 0xffff) {
        h[1] = 126;
        h[2] = (uint8_t)(len >> 8);
        h[3] = (uint8_t)len;
        return 4;
    }
    h[1] = 127;
    for (int i = 0; i < 8; i++)
        h[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    return 10;
}

struct ws_frame *net__ws_frame_new(int opcode, const void *payload, size_t len)
{
    uint8_t h[10];
    size_t hl = frame_header(h, opcode, len);
    struct ws_frame *f = xmalloc(sizeof(*f) + hl + len);
    f->refs = 1;
    f->len = (uint32_t)(hl + len);
    memcpy(f->bytes, h, hl);
    if (len)
        memcpy(f->bytes + hl, payload, len);
    return f;
}

struct ws_frame *ws_frame_new_text(const char *data, size_t len)
{
    return net__ws_frame_new(WS_OP_TEXT, data, len);
}

void ws_frame_ref(struct ws_frame *f)
{
    f->refs++;
}

void ws_frame_unref(struct ws_frame *f)
{
    if (f && --f->refs == 0)
        free(f);
}

static void flight_start(struct ws_conn *c);

static void flight_on_write(uv_write_t *wr, int status)
{
    struct net__ws_flight *fl = container_of(wr, struct net__ws_flight, req);
    struct ws_conn *c = fl->conn;
    if (status < 0) { /* ECANCELED: closing; else the peer is gone */
        c->flight = NULL;
        free(fl);
        if (status != UV_ECANCELED)
            net__ws_destroy(c, WS_CLOSE_ABNORMAL);
        return;
    }
    for (unsigned i = 0; i < fl->n; i++) {
        struct net__ws_out *o = c->qhead;
        c->qbytes -= o->frame->len - c->qoff;
        c->qoff = 0;
        c->qhead = o->next;
        ws_frame_unref(o->frame);
        free(o);
    }
    if (c->qhead == NULL) {
        c->qtail = NULL;
        c->flight = NULL;
        free(fl);
        if (c->flush_close)
            net__ws_finish(c);
        return;
    }
    flight_start(c);
}

/* Writes the head of the queue (up to WS_FLIGHT_MAX frames in one writev).
 * uv_write tries the socket at once and keeps the rest for when it drains. */
static void flight_start(struct ws_conn *c)
{
    if (c->qhead == NULL || c->tcp_closing)
        return;
    struct net__ws_flight *fl = c->flight;
    if (fl == NULL) {
        fl = xmalloc(sizeof(*fl));
        fl->conn = c;
        c->flight = fl;
    }
    uv_buf_t bufs[WS_FLIGHT_MAX];
    unsigned n = 0;
    for (struct net__ws_out *o = c->qhead; o && n < WS_FLIGHT_MAX; o = o->next, n++) {
        uint32_t off = n == 0 ? c->qoff : 0;
        bufs[n] = uv_buf_init(o->frame->bytes + off, o->frame->len - off);
    }
    fl->n = n;
    int rc = uv_write(&fl->req, (uv_stream_t *)&c->tcp, bufs, n, flight_on_write);
    if (rc < 0) {
        c->flight = NULL;
        free(fl);
        net__ws_destroy(c, WS_CLOSE_ABNORMAL);
    }
}

static void queue_push(struct ws_conn *c, struct ws_frame *f, uint32_t off)
{
    struct net__ws_out *o = xmalloc(sizeof(*o));
    o->next = NULL;
    o->frame = f;
    f->refs++;
    if (c->qtail)
        c->qtail->next = o;
    else
        c->qhead = o;
    c->qtail = o;
    if (c->qhead == o)
        c->qoff = off;
    c->qbytes += f->len - off;
}

/* Sends f: straight to the socket when nothing waits, else queued. A control
 * frame may pass the cap: it is small and must go out. */
static int conn_send(struct ws_conn *c, struct ws_frame *f, bool control)
{
    if (c->state == NET_WS_CLOSED || (c->state == NET_WS_CLOSING && !control))
        return -EPIPE;
    if (c->qhead == NULL) {
        uv_buf_t b = uv_buf_init(f->bytes, f->len);
        int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
        if (n >= 0 && (uint32_t)n == f->len)
            return 0;
        if (n < 0 && n != UV_EAGAIN) {
            net__ws_destroy(c, WS_CLOSE_ABNORMAL);
            return -EPIPE;
        }
        queue_push(c, f, n > 0 ? (uint32_t)n : 0);
        flight_start(c);
        return 0;
    }
    if (!control && c->qbytes + f->len > c->srv->limits.max_queue_bytes) {
        net__ws_drop_queue(c);
        net__ws_start_close(c, WS_CLOSE_SLOW_CONSUMER, "slow consumer");
        return -ENOBUFS;
    }
    queue_push(c, f, 0);
    return 0;
}

int ws_send_frame(struct ws_conn *c, struct ws_frame *f)
{
    return conn_send(c, f, false);
}

int ws_send_text(struct ws_conn *c, const char *data, size_t len)
{
    if (c->state != NET_WS_OPEN)
        return -EPIPE;
    struct ws_frame *f = net__ws_frame_new(WS_OP_TEXT, data, len);
    int rc = conn_send(c, f, false);
    ws_frame_unref(f);
    return rc;
}

int net__ws_send_control(struct ws_conn *c, int opcode, const void *payload, size_t len)
{
    struct ws_frame *f = net__ws_frame_new(opcode, payload, len);
    int rc = conn_send(c, f, true);
    ws_frame_unref(f);
    return rc;
}

/* Keeps only the frames of the write in flight: the socket is not drained,
 * so what waits behind them would only grow. */
void net__ws_drop_queue(struct ws_conn *c)
{
    unsigned keep = c->flight ? c->flight->n : 0;
    struct net__ws_out **pp = &c->qhead, *last = NULL;
    for (unsigned i = 0; i < keep && *pp; i++) {
        last = *pp;
        pp = &(*pp)->next;
    }
    struct net__ws_out *o = *pp;
    *pp = NULL;
    c->qtail = last;
    while (o) {
        struct net__ws_out *next = o->next;
        c->qbytes -= o->frame->len;
        ws_frame_unref(o->frame);
        free(o);
        o = next;
    }
}

void net__ws_free_queue(struct ws_conn *c)
{
    while (c->qhead) {
        struct net__ws_out *o = c->qhead;
        c->qhead = o->next;
        ws_frame_unref(o->frame);
        free(o);
    }
    c->qtail = NULL;
    c->qbytes = 0;
    c->qoff = 0;
}
