/* A WebSocket connection's life after the handshake: what may be sent when,
 * the close handshake, the ping and close timers, and the end of the
 * connection (and of the server, once shutting down, when its last connection
 * is gone). Calls go one way: ws.c (handshake) and ws_read.c (decoder) call
 * in here; this file calls ws_queue.c and ws_frame.c, which call nothing back. */
#include "net/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*** The end of a connection ***/

static void server_on_handle_close(uv_handle_t *h)
{
    struct ws_server *srv = h->data;
    srv->open_handles--;
    net__ws_server_maybe_done(srv);
}

void net__ws_server_maybe_done(struct ws_server *srv)
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

static void conn_on_close(uv_handle_t *h)
{
    struct ws_conn *c = h->data;
    struct ws_server *srv = c->srv;
    net__ws_queue_free(c);
    free(c->msg);
    free(c->ctl);
    free(c);
    srv->nalloc--;
    net__ws_server_maybe_done(srv);
}

static void conn_close_now(struct ws_conn *c)
{
    if (c->tcp_closing)
        return;
    c->tcp_closing = true;
    list_remove(&c->cnode);
    uv_close((uv_handle_t *)&c->tcp, conn_on_close);
}

void net__ws_discard(struct ws_conn *c)
{
    c->state = NET_WS_CLOSED;
    conn_close_now(c);
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

/*** Timers ***/

static void close_timer_arm(struct ws_server *srv);

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

/* Puts c at the end of the closing list (all share one timeout, so the list
 * stays sorted by deadline). */
static void close_deadline_set(struct ws_conn *c)
{
    struct ws_server *srv = c->srv;
    list_remove(&c->cnode);
    c->close_deadline = uv_now(srv->loop) + srv->limits.close_timeout_ms;
    list_push(&srv->closing, &c->cnode);
    if (srv->closing.next == &c->cnode)
        close_timer_arm(srv);
}

/* Every interval: a connection that sent nothing since the last ping is
 * dropped; the others get a ping (one shared frame). */
void net__ws_ping_on_timer(uv_timer_t *t)
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

/*** Closing ***/

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
static void conn_finish(struct ws_conn *c)
{
    if (c->tcp_closing)
        return;
    conn_report(c, c->code);
    c->broken = true;
    close_deadline_set(c);
    uv_shutdown_t *sr = xmalloc(sizeof(*sr));
    sr->data = c;
    if (uv_shutdown(sr, (uv_stream_t *)&c->tcp, conn_on_shutdown) < 0) {
        free(sr);
        conn_close_now(c);
    }
}

void net__ws_finish_after_queue(struct ws_conn *c)
{
    c->flush_close = true;
    if (c->qhead == NULL)
        conn_finish(c);
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
    close_deadline_set(c);
    net__ws_send_control(c, WS_OP_CLOSE, p, len);
}

void net__ws_fail(struct ws_conn *c, int code, const char *reason)
{
    c->broken = true;
    net__ws_start_close(c, code, reason);
    net__ws_finish_after_queue(c);
}

void net__ws_slow_consumer(struct ws_conn *c)
{
    net__ws_queue_drop(c);
    net__ws_start_close(c, WS_CLOSE_SLOW_CONSUMER, "slow consumer");
}

void ws_close(struct ws_conn *c, int code, const char *reason)
{
    net__ws_start_close(c, code, reason);
}

/*** Sending ***/

/* A write of the queue completed: go on with the rest, or end the connection
 * if it waited for the queue (its close frame is out), or if the peer is
 * gone. UV_ECANCELED: the socket is closing already. */
static void conn_on_written(uv_write_t *wr, int status)
{
    struct ws_conn *c = net__ws_queue_conn(wr);
    if (net__ws_queue_written(c, status)) {
        if (net__ws_queue_flush(c, conn_on_written) < 0)
            net__ws_destroy(c, WS_CLOSE_ABNORMAL);
        return;
    }
    if (status < 0) {
        if (status != UV_ECANCELED)
            net__ws_destroy(c, WS_CLOSE_ABNORMAL);
        return;
    }
    if (c->flush_close)
        conn_finish(c);
}

/* Sends f: straight to the socket when nothing waits, else queued. A control
 * frame may pass the cap: it is small and must go out. A socket that fails
 * ends the connection here (on_close has fired when this returns -EPIPE). */
static int conn_send(struct ws_conn *c, struct ws_frame *f, bool control)
{
    if (c->state == NET_WS_CLOSED || (c->state == NET_WS_CLOSING && !control))
        return -EPIPE;
    if (!control && c->qhead && c->qbytes + f->len > c->srv->limits.max_queue_bytes) {
        net__ws_slow_consumer(c);
        return -ENOBUFS;
    }
    if (net__ws_queue_send(c, f, conn_on_written) < 0) {
        net__ws_destroy(c, WS_CLOSE_ABNORMAL);
        return -EPIPE;
    }
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
