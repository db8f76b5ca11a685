/* The HTTP/1.1 server's connections: accept, read into the server's shared
 * buffer, feed llhttp one request at a time, deadlines, close, and handing a
 * socket over to an upgrade (WebSocket). Answers are in http_write.c. */
#include "net/http.h"

#include "common/alloc.h"
#include "net/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void http_limits_default(struct http_limits *l)
{
    l->max_header_bytes = 16 * 1024;
    l->max_body_bytes = 1024 * 1024;
    l->max_upload_bytes = 0;
    l->header_timeout_ms = 10000;
    l->body_timeout_ms = 30000;
    l->idle_timeout_ms = 60000;
    l->max_connections = 10000;
}

/*** Deadlines ***/

static void server_on_timer(uv_timer_t *t);

static void server_arm_timer(struct http_server *srv, uint64_t due)
{
    if (srv->timer_due != 0 && srv->timer_due <= due)
        return;
    uint64_t now = uv_now(srv->loop);
    srv->timer_due = due;
    uv_timer_start(&srv->timer, server_on_timer, due > now ? due - now : 0, 0);
}

/* Puts c at the tail of queue q with a deadline of now + that queue's
 * duration. Each queue has a single duration, so it stays sorted. */
void net__timeout_set(struct http_conn *c, enum net__tq q)
{
    struct http_server *srv = c->srv;
    list_remove(&c->tnode);
    c->deadline = uv_now(srv->loop) + srv->tq_ms[q];
    list_push(&srv->tq[q], &c->tnode);
    server_arm_timer(srv, c->deadline);
}

void net__timeout_stop(struct http_conn *c)
{
    list_remove(&c->tnode);
}

static void conn_expire(struct http_conn *c, enum net__tq q)
{
    net__timeout_stop(c);
    if (q == NET_TQ_HEADER || q == NET_TQ_BODY)
        net__conn_fail(c, 408, "request timeout");
    else
        net__conn_close(c);
}

static void server_on_timer(uv_timer_t *t)
{
    struct http_server *srv = t->data;
    uint64_t now = uv_now(srv->loop);
    uint64_t next = 0;
    srv->timer_due = 0;
    for (int q = 0; q < NET_TQ_COUNT; q++) {
        while (!list_empty(&srv->tq[q])) {
            struct http_conn *c = container_of(srv->tq[q].next, struct http_conn, tnode);
            if (c->deadline > now) {
                if (next == 0 || c->deadline < next)
                    next = c->deadline;
                break;
            }
            conn_expire(c, (enum net__tq)q);
        }
    }
    if (next != 0)
        server_arm_timer(srv, next);
}

/*** Connections ***/

static void conn_on_close(uv_handle_t *h);
static void conn_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b);

void net__conn_free(struct http_conn *c)
{
    net__request_dispose(&c->req);
    free(c->pend);
    free(c);
}

static void server_on_idle(uv_idle_t *idle)
{
    struct http_server *srv = idle->data;
    while (!list_empty(&srv->ready)) {
        struct http_conn *c = container_of(srv->ready.next, struct http_conn, rnode);
        list_remove(&c->rnode);
        net__conn_process(c);
    }
    uv_idle_stop(idle);
}

void net__conn_schedule(struct http_conn *c)
{
    struct http_server *srv = c->srv;
    if (c->rnode.next != &c->rnode)
        return;
    list_push(&srv->ready, &c->rnode);
    uv_idle_start(&srv->idle, server_on_idle);
}

void net__conn_close(struct http_conn *c)
{
    if (c->closed)
        return;
    c->closed = true;
    net__timeout_stop(c);
    list_remove(&c->rnode);
    list_remove(&c->node);
    uv_close((uv_handle_t *)&c->tcp, conn_on_close);
}

static void server_maybe_closed(struct http_server *srv)
{
    if (srv->closing && srv->nconns == 0 && srv->open_handles == 0 && srv->close_cb) {
        void (*cb)(void *) = srv->close_cb;
        srv->close_cb = NULL;
        cb(srv->close_data);
    }
}

static void conn_on_close(uv_handle_t *h)
{
    struct http_conn *c = h->data;
    struct http_server *srv = c->srv;
    srv->nconns--;
    if (c->req_out)
        c->handle_gone = true; /* freed by http_respond */
    else
        net__conn_free(c);
    server_maybe_closed(srv);
}

static void conn_read_start(struct http_conn *c);

static void conn_on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
    (void)hint;
    struct http_conn *c = h->data;
    struct http_server *srv = c->srv;
    if (!srv->rbuf_busy) {
        srv->rbuf_busy = true;
        *b = uv_buf_init(srv->rbuf, NET_READ_BUF_SIZE);
    } else { /* not expected: libuv reads one stream at a time */
        *b = uv_buf_init(xmalloc(NET_READ_BUF_SIZE), NET_READ_BUF_SIZE);
    }
}

static void conn_pend_append(struct http_conn *c, const char *data, size_t len)
{
    if (c->pend_off > 0 && c->pend_off == c->pend_len) {
        c->pend_off = 0;
        c->pend_len = 0;
    }
    if (c->pend_len + len > c->pend_cap) {
        size_t cap = c->pend_cap ? c->pend_cap : 1024;
        while (cap < c->pend_len + len)
            cap *= 2;
        c->pend = xrealloc(c->pend, cap);
        c->pend_cap = (uint32_t)cap;
    }
    memcpy(c->pend + c->pend_len, data, len);
    c->pend_len += (uint32_t)len;
}

/* Feeds data to llhttp. Returns the bytes consumed (all, or up to the end of
 * a complete request, which leaves the phase at READY), or -1 once the
 * connection has failed and been answered. */
static ssize_t conn_parse(struct http_conn *c, const char *data, size_t len)
{
    c->header_span = 0;
    llhttp_errno_t e = llhttp_execute(&c->parser, data, len);
    if (e == HPE_OK) {
        /* The whole read went to the headers: count it raw, so that bytes
         * llhttp skips (whitespace) count towards the limit too. */
        if (c->phase == NET_PHASE_HEADERS) {
            c->header_bytes += len;
            c->header_span = 0;
            if (c->header_bytes > c->srv->limits.max_header_bytes) {
                net__conn_fail(c, 431, "request headers too large");
                return -1;
            }
        }
        return (ssize_t)len;
    }
    if (e == HPE_PAUSED) {
        llhttp_resume(&c->parser);
        return llhttp_get_error_pos(&c->parser) - data;
    }
    if (c->err_status) { /* HPE_USER, or HPE_CB_HEADERS_COMPLETE */
        net__conn_fail(c, c->err_status, c->err_msg);
    } else {
        const char *reason = llhttp_get_error_reason(&c->parser);
        net__conn_fail(c, 400, reason && *reason ? reason : "bad request");
    }
    return -1;
}

/* Hands the complete request to the handler or to the upgrade callback. */
static void conn_dispatch(struct http_conn *c)
{
    struct http_server *srv = c->srv;
    c->phase = NET_PHASE_HANDLER;
    if (c->req.upgrade && srv->upgrade) {
        if (c->writes > 0) { /* earlier answers first: the socket moves */
            c->upgrade_wait = true;
            return;
        }
        c->req_out = true;
        srv->upgrade(&c->req, srv->upgrade_data);
        return;
    }
    if (c->req.upgrade) /* nobody speaks the protocol: plain answer, then close */
        c->req.keep_alive = false;
    c->req_out = true;
    srv->handler(&c->req, srv->data);
}

/* Called by the write path when the last write finished. */
void net__on_write_done(struct http_conn *c)
{
    if (c->upgrade_wait) {
        c->upgrade_wait = false;
        c->req_out = true;
        c->srv->upgrade(&c->req, c->srv->upgrade_data);
    } else if (c->close_after) {
        net__conn_finish(c);
    } else {
        net__conn_process(c);
    }
}

static bool conn_write_blocked(struct http_conn *c)
{
    return uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) > NET_WRITE_HIGH;
}

void net__conn_process(struct http_conn *c)
{
    if (c->in_process)
        return;
    c->in_process = true;
    while (!c->closed && c->pend_off < c->pend_len && (c->phase < NET_PHASE_READY) &&
           !conn_write_blocked(c)) {
        ssize_t n = conn_parse(c, c->pend + c->pend_off, c->pend_len - c->pend_off);
        if (n < 0)
            break;
        c->pend_off += (uint32_t)n;
        if (c->phase == NET_PHASE_READY)
            conn_dispatch(c);
    }
    if (c->pend_off == c->pend_len) {
        c->pend_off = 0;
        c->pend_len = 0;
        if (c->pend_cap > 16384) {
            free(c->pend);
            c->pend = NULL;
            c->pend_cap = 0;
        }
    }
    c->in_process = false;
    if (!c->closed && !c->reading && c->pend_len < NET_PENDING_MAX)
        conn_read_start(c);
}

/* Direct path: parse straight from the shared read buffer, and copy only
 * what is left after a complete request. */
static void conn_feed(struct http_conn *c, const char *data, size_t len)
{
    c->in_process = true;
    ssize_t n = conn_parse(c, data, len);
    if (n >= 0 && (size_t)n < len)
        conn_pend_append(c, data + n, len - (size_t)n);
    if (n >= 0 && c->phase == NET_PHASE_READY)
        conn_dispatch(c);
    c->in_process = false;
    net__conn_process(c);
}

static void conn_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
    struct http_conn *c = s->data;
    struct http_server *srv = c->srv;
    if (nread < 0) {
        /* EOF or error. A request with the handler is freed when answered. */
        net__conn_close(c);
    } else if (nread > 0 && c->phase != NET_PHASE_CLOSING) {
        if (c->phase >= NET_PHASE_READY || c->pend_len > 0 || conn_write_blocked(c)) {
            conn_pend_append(c, b->base, (size_t)nread);
            if (c->pend_len >= NET_PENDING_MAX) {
                uv_read_stop(s);
                c->reading = false;
            }
            net__conn_process(c);
        } else {
            conn_feed(c, b->base, (size_t)nread);
        }
    }
    if (b->base == srv->rbuf)
        srv->rbuf_busy = false;
    else
        free(b->base);
}

static void conn_read_start(struct http_conn *c)
{
    int rc = uv_read_start((uv_stream_t *)&c->tcp, conn_on_alloc, conn_on_read);
    if (rc < 0)
        net__conn_close(c);
    else
        c->reading = true;
}

static void conn_on_shutdown(uv_shutdown_t *sr, int status)
{
    struct http_conn *c = sr->data;
    free(sr);
    if (status == UV_ECANCELED)
        return; /* closed meanwhile */
    if (status < 0)
        net__conn_close(c);
    else if (!c->closed)
        net__timeout_set(c, NET_TQ_LINGER);
}

/* The connection's last answer is queued: once it is written, send FIN and
 * keep reading (and dropping) until the client closes or the linger time
 * ends, so that unread request bytes do not turn our close into an RST that
 * destroys the answer in flight. */
void net__conn_finish(struct http_conn *c)
{
    if (c->closed)
        return;
    c->phase = NET_PHASE_CLOSING;
    net__timeout_stop(c);
    if (c->writes > 0) {
        c->close_after = true;
        net__timeout_set(c, NET_TQ_IDLE); /* the client must read it */
        return;
    }
    c->close_after = false;
    if (!c->reading)
        conn_read_start(c);
    uv_shutdown_t *sr = xmalloc(sizeof(*sr));
    sr->data = c;
    if (uv_shutdown(sr, (uv_stream_t *)&c->tcp, conn_on_shutdown) < 0) {
        free(sr);
        net__conn_close(c);
    }
}

static void server_on_connection(uv_stream_t *ls, int status)
{
    struct http_server *srv = ls->data;
    if (status < 0)
        return;
    struct http_conn *c = xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->tcp.data = c;
    list_init(&c->node);
    list_init(&c->tnode);
    list_init(&c->rnode);
    uv_tcp_init(srv->loop, &c->tcp);
    srv->nconns++;
    list_push(&srv->conns, &c->node);
    net__request_init(&c->req, c);
    if (uv_accept(ls, (uv_stream_t *)&c->tcp) < 0 || srv->closing ||
        srv->nconns > srv->limits.max_connections) {
        net__conn_close(c);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    llhttp_init(&c->parser, HTTP_REQUEST, &srv->settings);
    c->parser.data = c;
    struct sockaddr_storage sa;
    int salen = sizeof(sa);
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&sa, &salen) == 0) {
        if (sa.ss_family == AF_INET6)
            uv_ip6_name((struct sockaddr_in6 *)&sa, c->peer, sizeof(c->peer));
        else
            uv_ip4_name((struct sockaddr_in *)&sa, c->peer, sizeof(c->peer));
    }
    net__timeout_set(c, NET_TQ_HEADER);
    conn_read_start(c);
}

/*** Server ***/

struct http_server *http_server_new(uv_loop_t *loop, const struct http_limits *limits,
                                    http_handler_cb handler, void *data)
{
    struct http_server *srv = xcalloc(1, sizeof(*srv));
    srv->loop = loop;
    if (limits)
        srv->limits = *limits;
    else
        http_limits_default(&srv->limits);
    srv->handler = handler;
    srv->data = data;
    net__parser_settings(&srv->settings);
    list_init(&srv->conns);
    list_init(&srv->ready);
    for (int q = 0; q < NET_TQ_COUNT; q++)
        list_init(&srv->tq[q]);
    srv->tq_ms[NET_TQ_HEADER] = srv->limits.header_timeout_ms;
    srv->tq_ms[NET_TQ_BODY] = srv->limits.body_timeout_ms;
    srv->tq_ms[NET_TQ_IDLE] = srv->limits.idle_timeout_ms;
    srv->tq_ms[NET_TQ_LINGER] = NET_LINGER_MS;
    srv->rbuf = xmalloc(NET_READ_BUF_SIZE);
    buf_init(&srv->out);
    uv_tcp_init(loop, &srv->listener);
    srv->listener.data = srv;
    uv_timer_init(loop, &srv->timer);
    srv->timer.data = srv;
    uv_unref((uv_handle_t *)&srv->timer); /* the connections keep the loop alive */
    uv_idle_init(loop, &srv->idle);
    srv->idle.data = srv;
    srv->open_handles = 3;
    return srv;
}

void http_server_set_upgrade(struct http_server *srv, http_upgrade_cb cb, void *data)
{
    srv->upgrade = cb;
    srv->upgrade_data = data;
}

void http_server_set_reuse_port(struct http_server *srv, bool on)
{
    srv->reuse_port = on;
}

/* libuv 1.44 creates the socket inside uv_tcp_bind(): for SO_REUSEPORT, which
 * must precede bind(), we create it and hand it over. */
static int listener_reuse_port(struct http_server *srv, int family)
{
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    int rc = 0;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
        rc = -errno;
    else if ((rc = uv_tcp_open(&srv->listener, fd)) == 0)
        return 0;
    close(fd);
    return rc;
}

int http_server_listen(struct http_server *srv, const char *host, int port)
{
    struct sockaddr_storage sa;
    int rc = uv_ip4_addr(host, port, (struct sockaddr_in *)&sa);
    if (rc < 0)
        rc = uv_ip6_addr(host, port, (struct sockaddr_in6 *)&sa);
    if (rc < 0)
        return rc;
    if (srv->reuse_port && (rc = listener_reuse_port(srv, sa.ss_family)) < 0)
        return rc;
    rc = uv_tcp_bind(&srv->listener, (const struct sockaddr *)&sa, 0);
    if (rc < 0)
        return rc;
    rc = uv_listen((uv_stream_t *)&srv->listener, 4096, server_on_connection);
    if (rc < 0)
        return rc;
    return 0;
}

int http_server_port(const struct http_server *srv)
{
    struct sockaddr_storage sa;
    int len = sizeof(sa);
    if (uv_tcp_getsockname(&srv->listener, (struct sockaddr *)&sa, &len) < 0)
        return -1;
    if (sa.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
    return ntohs(((struct sockaddr_in *)&sa)->sin_port);
}

static void server_on_handle_close(uv_handle_t *h)
{
    struct http_server *srv = h->data;
    srv->open_handles--;
    server_maybe_closed(srv);
}

void http_server_close(struct http_server *srv, void (*cb)(void *data), void *data)
{
    if (srv->closing)
        return;
    srv->closing = true;
    srv->close_cb = cb;
    srv->close_data = data;
    struct list *pos, *tmp;
    list_foreach_safe(pos, tmp, &srv->conns)
    {
        net__conn_close(container_of(pos, struct http_conn, node));
    }
    uv_close((uv_handle_t *)&srv->listener, server_on_handle_close);
    uv_close((uv_handle_t *)&srv->timer, server_on_handle_close);
    uv_close((uv_handle_t *)&srv->idle, server_on_handle_close);
}

void http_server_free(struct http_server *srv)
{
    if (srv == NULL)
        return;
    free(srv->rbuf);
    buf_dispose(&srv->out);
    free(srv);
}

/*** Upgrade ***/

/* The socket moves to the caller's handle through a duplicate descriptor: a
 * libuv handle cannot move in memory, and the caller's object (a WebSocket
 * connection) should not carry the HTTP connection's state. Closing our
 * handle removes the old descriptor from epoll before closing it. */
int http_upgrade_take(struct http_request *req, uv_tcp_t *tcp, struct buf *rest)
{
    struct http_conn *c = req->conn;
    uv_tcp_init(c->srv->loop, tcp);
    c->req_out = false;
    if (c->closed) {
        if (c->handle_gone)
            net__conn_free(c);
        return -ENOTCONN;
    }
    uv_os_fd_t fd;
    int rc = uv_fileno((uv_handle_t *)&c->tcp, &fd);
    int nfd = rc < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (nfd < 0)
        rc = rc < 0 ? rc : -errno;
    else if ((rc = uv_tcp_open(tcp, nfd)) < 0)
        close(nfd);
    if (rc == 0 && rest && c->pend_len > c->pend_off)
        buf_append(rest, c->pend + c->pend_off, c->pend_len - c->pend_off);
    net__conn_close(c);
    return rc;
}

int http_split_addr(const char *addr, char *host, size_t hsize, int *port)
{
    const char *colon = strrchr(addr, ':');
    if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) > 5)
        return -EINVAL;
    long p = 0;
    for (const char *c = colon + 1; *c; c++) {
        if (*c < '0' || *c > '9')
            return -EINVAL;
        p = p * 10 + (*c - '0');
    }
    size_t hlen = (size_t)(colon - addr);
    if (hlen >= 2 && addr[0] == '[' && addr[hlen - 1] == ']') {
        addr++;
        hlen -= 2;
    }
    if (p > 65535 || hlen == 0 || hlen >= hsize)
        return -EINVAL;
    memcpy(host, addr, hlen);
    host[hlen] = '\0';
    *port = (int)p;
    return 0;
}
