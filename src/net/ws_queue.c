/* A WebSocket connection's send queue, which exists only while the socket is
 * full. The common case, an empty queue, is one uv_try_write straight from
 * the frame's bytes: no allocation, no copy. The queue decides nothing about
 * the connection: it says what happened, and its caller (ws_conn.c) closes or
 * finishes the connection, in the write callback it passes in. */
#include "common/alloc.h"
#include "net/internal.h"

#include <stdlib.h>
#include <string.h>

/* Caps the writev of one flight. */
#define WS_FLIGHT_MAX 16

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

int net__ws_queue_send(struct ws_conn *c, struct ws_frame *f, uv_write_cb on_written)
{
    if (c->qhead) {
        queue_push(c, f, 0);
        return 0;
    }
    uv_buf_t b = uv_buf_init(f->bytes, f->len);
    int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
    if (n >= 0 && (uint32_t)n == f->len)
        return 0;
    if (n < 0 && n != UV_EAGAIN)
        return n;
    queue_push(c, f, n > 0 ? (uint32_t)n : 0);
    return net__ws_queue_flush(c, on_written);
}

/* uv_write tries the socket at once and keeps the rest for when it drains. */
int net__ws_queue_flush(struct ws_conn *c, uv_write_cb on_written)
{
    if (c->qhead == NULL || c->tcp_closing)
        return 0;
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
    int rc = uv_write(&fl->req, (uv_stream_t *)&c->tcp, bufs, n, on_written);
    if (rc < 0) {
        c->flight = NULL;
        free(fl);
    }
    return rc;
}

struct ws_conn *net__ws_queue_conn(uv_write_t *wr)
{
    return container_of(wr, struct net__ws_flight, req)->conn;
}

bool net__ws_queue_written(struct ws_conn *c, int status)
{
    struct net__ws_flight *fl = c->flight;
    if (status < 0) {
        c->flight = NULL;
        free(fl);
        return false;
    }
    for (unsigned i = 0; i < fl->n; i++) {
        struct net__ws_out *o = c->qhead;
        c->qbytes -= o->frame->len - c->qoff;
        c->qoff = 0;
        c->qhead = o->next;
        ws_frame_unref(o->frame);
        free(o);
    }
    if (c->qhead)
        return true; /* the flight is reused by the next flush */
    c->qtail = NULL;
    c->flight = NULL;
    free(fl);
    return false;
}

/* Keeps only the frames of the write in flight: the socket is not drained,
 * so what waits behind them would only grow. */
void net__ws_queue_drop(struct ws_conn *c)
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

/* The flight is freed here too: a write that completed just before the
 * socket was closed reports success from the close, with frames still queued
 * behind it that no flush may start any more, and it leaves its flight. */
void net__ws_queue_free(struct ws_conn *c)
{
    while (c->qhead) {
        struct net__ws_out *o = c->qhead;
        c->qhead = o->next;
        ws_frame_unref(o->frame);
        free(o);
    }
    free(c->flight);
    c->flight = NULL;
    c->qtail = NULL;
    c->qbytes = 0;
    c->qoff = 0;
}
