/* Answers: one buffer per answer (status line, headers, body), written with
 * uv_try_write and, only for what the socket would not take at once, a
 * uv_write of a private copy. */
#include "common/alloc.h"
#include "net/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct net__write {
    uv_write_t req;
    struct http_conn *conn;
    char data[];
};

static const char *status_reason(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

static void conn_on_write(uv_write_t *wr, int status)
{
    struct net__write *w = container_of(wr, struct net__write, req);
    struct http_conn *c = w->conn;
    free(w);
    c->writes--;
    if (c->closed)
        return;
    if (status < 0) {
        net__conn_close(c);
        return;
    }
    if (c->writes == 0)
        net__on_write_done(c);
    else if (!c->close_after && c->phase < NET_PHASE_READY)
        net__conn_process(c); /* maybe below the high-water mark again */
}

void net__conn_write(struct http_conn *c, const char *data, size_t len)
{
    if (c->closed)
        return;
    if (c->writes == 0) {
        uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
        int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
        if (n >= 0 && (size_t)n == len)
            return;
        if (n < 0 && n != UV_EAGAIN) {
            net__conn_close(c);
            return;
        }
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
    }
    struct net__write *w = xmalloc(sizeof(*w) + len);
    w->conn = c;
    memcpy(w->data, data, len);
    uv_buf_t b = uv_buf_init(w->data, (unsigned)len);
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, conn_on_write) < 0) {
        free(w);
        net__conn_close(c);
        return;
    }
    c->writes++;
}

/* "Date: <IMF-fixdate>\r\n", rebuilt at most once a second. */
static void server_date(struct http_server *srv)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME_COARSE, &ts);
    if (ts.tv_sec == srv->date_sec)
        return;
    srv->date_sec = ts.tv_sec;
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    srv->date_len =
        strftime(srv->date, sizeof(srv->date), "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
}

static void out_str(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

static void out_uint(struct buf *b, size_t v)
{
    char tmp[24];
    char *p = tmp + sizeof(tmp);
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_append(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Builds the answer in srv->out. */
static void build_answer(struct http_server *srv, const struct http_request *req, int status,
                         const char *content_type, const char *extra, const void *body,
                         size_t body_len, bool keep_alive)
{
    struct buf *b = &srv->out;
    buf_reset(b);
    buf_reserve(b, 160 + body_len);
    out_str(b, "HTTP/1.1 ");
    out_uint(b, (size_t)(status % 1000));
    buf_append(b, " ", 1);
    out_str(b, status_reason(status));
    buf_append(b, "\r\n", 2);
    server_date(srv);
    buf_append(b, srv->date, srv->date_len);
    bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (content_type) {
        out_str(b, "Content-Type: ");
        out_str(b, content_type);
        buf_append(b, "\r\n", 2);
    }
    if (!no_body) {
        out_str(b, "Content-Length: ");
        out_uint(b, body_len);
        buf_append(b, "\r\n", 2);
    }
    if (!keep_alive)
        out_str(b, "Connection: close\r\n");
    else if (req && req->conn->parser.http_minor == 0 && req->conn->parser.http_major == 1)
        out_str(b, "Connection: keep-alive\r\n");
    if (extra)
        out_str(b, extra);
    buf_append(b, "\r\n", 2);
    if (!no_body && !(req && req->head) && body_len)
        buf_append(b, body, body_len);
}

void http_respond(struct http_request *req, int status, const char *content_type,
                  const char *extra_headers, const void *body, size_t body_len)
{
    struct http_conn *c = req->conn;
    c->req_out = false;
    if (c->closed) { /* the client left while the handler worked */
        net__request_reset(req);
        if (c->handle_gone)
            net__conn_free(c);
        return;
    }
    struct http_server *srv = c->srv;
    /* After an upgrade request the bytes that follow are not HTTP. */
    bool keep = req->keep_alive && !req->upgrade && !srv->closing;
    build_answer(srv, req, status, content_type, extra_headers, body, body_len, keep);
    net__conn_write(c, srv->out.data, srv->out.len);
    net__request_reset(req);
    if (c->closed)
        return;
    if (!keep) {
        net__conn_finish(c);
        return;
    }
    c->phase = NET_PHASE_IDLE;
    net__timeout_set(c, NET_TQ_IDLE);
    if (!c->in_process && (c->pend_off < c->pend_len || !c->reading))
        net__conn_schedule(c); /* else the dispatch loop on the stack goes on */
}

void net__conn_fail(struct http_conn *c, int status, const char *msg)
{
    struct http_server *srv = c->srv;
    struct buf body;
    buf_init(&body);
    buf_puts(&body, "{\"error\":");
    buf_json_str(&body, msg, strlen(msg));
    buf_puts(&body, "}");
    build_answer(srv, NULL, status, "application/json", NULL, body.data, body.len, false);
    buf_dispose(&body);
    net__conn_write(c, srv->out.data, srv->out.len);
    net__request_reset(&c->req);
    net__conn_finish(c);
}
