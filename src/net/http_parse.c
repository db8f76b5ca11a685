/* The llhttp side of the HTTP server: callbacks that copy a request's parts
 * into its buffers and enforce the header and body limits, and the request
 * accessors of http.h. */
#include "common/alloc.h"
#include "net/internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct http_conn *parser_conn(llhttp_t *p)
{
    return p->data;
}

/* Fails the request from inside a callback: the status is answered once
 * llhttp_execute returns. */
static int parser_fail(llhttp_t *p, int status, const char *msg)
{
    struct http_conn *c = parser_conn(p);
    c->err_status = (uint16_t)status;
    c->err_msg = msg;
    llhttp_set_error_reason(p, msg);
    return HPE_USER;
}

/* Counts header bytes for the 431 limit. Raw bytes of earlier reads plus the
 * spans of this one: see conn_parse in http.c. */
static int parser_count(llhttp_t *p, size_t len)
{
    struct http_conn *c = parser_conn(p);
    c->header_span += len + 2;
    if (c->header_bytes + c->header_span > c->srv->limits.max_header_bytes)
        return parser_fail(p, 431, "request headers too large");
    return 0;
}

static int on_message_begin(llhttp_t *p)
{
    struct http_conn *c = parser_conn(p);
    c->phase = NET_PHASE_HEADERS;
    c->header_bytes = 0;
    c->header_span = 0;
    net__timeout_set(c, NET_TQ_HEADER);
    return 0;
}

static int on_url(llhttp_t *p, const char *at, size_t len)
{
    struct http_conn *c = parser_conn(p);
    if (parser_count(p, len))
        return HPE_USER;
    buf_append(&c->req.text, at, len);
    return 0;
}

static int on_url_complete(llhttp_t *p)
{
    struct http_request *req = &parser_conn(p)->req;
    size_t url_len = req->text.len;
    buf_append(&req->text, "", 1);
    char *q = memchr(req->text.data, '?', url_len);
    if (q == NULL) {
        req->path_len = (uint32_t)url_len;
    } else {
        *q = '\0';
        req->path_len = (uint32_t)(q - req->text.data);
        req->query = req->path_len + 1;
        req->query_len = (uint32_t)(url_len - req->query);
    }
    return 0;
}

static int on_header_field(llhttp_t *p, const char *at, size_t len)
{
    struct http_request *req = &parser_conn(p)->req;
    if (parser_count(p, len))
        return HPE_USER;
    if (req->nheaders == req->headers_cap) {
        req->headers_cap = req->headers_cap ? req->headers_cap * 2 : 16;
        req->headers = xrealloc(req->headers, req->headers_cap * sizeof(*req->headers));
    }
    if (!req->in_field) { /* else a continued span of the same name */
        req->headers[req->nheaders].name = (uint32_t)req->text.len;
        req->in_field = true;
    }
    buf_append(&req->text, at, len);
    return 0;
}

/* RFC 9110 token characters. llhttp 8.1 lets a space inside a header name
 * through; such a name is a smuggling vector, so it is refused here. */
static bool is_token(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch >= '0' && ch <= '9'))
            continue;
        if (ch == 0 || strchr("!#$%&'*+-.^_`|~", ch) == NULL)
            return false;
    }
    return n > 0;
}

static int on_header_field_complete(llhttp_t *p)
{
    struct http_request *req = &parser_conn(p)->req;
    struct net__header *h = &req->headers[req->nheaders];
    h->name_len = (uint32_t)req->text.len - h->name;
    if (!is_token(req->text.data + h->name, h->name_len))
        return parser_fail(p, 400, "invalid header name");
    req->in_field = false;
    buf_append(&req->text, "", 1);
    h->value = (uint32_t)req->text.len;
    if (h->name_len == 6 && strncasecmp(req->text.data + h->name, "expect", 6) == 0)
        req->expect = true;
    return 0;
}

static int on_header_value(llhttp_t *p, const char *at, size_t len)
{
    if (parser_count(p, len))
        return HPE_USER;
    buf_append(&parser_conn(p)->req.text, at, len);
    return 0;
}

static int on_header_value_complete(llhttp_t *p)
{
    struct http_request *req = &parser_conn(p)->req;
    struct net__header *h = &req->headers[req->nheaders];
    size_t end = req->text.len;
    while (end > h->value && (req->text.data[end - 1] == ' ' || req->text.data[end - 1] == '\t'))
        end--;
    req->text.len = end;
    h->value_len = (uint32_t)(end - h->value);
    buf_append(&req->text, "", 1);
    req->nheaders++;
    return 0;
}

/* The body limit of the request's method: uploads (PUT, PATCH) may have a
 * larger one than everything else. */
static size_t body_limit(const llhttp_t *p, const struct http_limits *lim)
{
    bool upload = p->method == HTTP_PUT || p->method == HTTP_PATCH;
    if (upload && lim->max_upload_bytes > 0)
        return lim->max_upload_bytes;
    return lim->max_body_bytes;
}

static int on_headers_complete(llhttp_t *p)
{
    struct http_conn *c = parser_conn(p);
    struct http_request *req = &c->req;
    const struct http_limits *lim = &c->srv->limits;
    req->method = p->method;
    req->head = p->method == HTTP_HEAD;
    req->keep_alive = llhttp_should_keep_alive(p);
    req->upgrade = p->upgrade;
    if ((p->flags & F_CONTENT_LENGTH) && p->content_length > body_limit(p, lim))
        return parser_fail(p, 413, "request body too large");
    if (req->upgrade && ((p->flags & F_CHUNKED) || p->content_length > 0))
        return parser_fail(p, 400, "upgrade request with a body");
    if (req->expect) {
        const char *v = http_request_header(req, "expect", NULL);
        if (v && strcasecmp(v, "100-continue") == 0 && !req->upgrade)
            net__conn_write(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    }
    c->phase = NET_PHASE_BODY;
    net__timeout_set(c, NET_TQ_BODY);
    return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t len)
{
    struct http_conn *c = parser_conn(p);
    if (c->req.body.len + len > body_limit(p, &c->srv->limits))
        return parser_fail(p, 413, "request body too large");
    if (c->req.body.cap == 0 && (p->flags & F_CONTENT_LENGTH))
        buf_reserve(&c->req.body, p->content_length + 1);
    buf_append(&c->req.body, at, len);
    return 0;
}

/* Pauses after each request: the next one on the connection is parsed only
 * once this one is answered (pipelined answers stay in order, and a
 * connection holds one request at a time). */
static int on_message_complete(llhttp_t *p)
{
    struct http_conn *c = parser_conn(p);
    c->phase = NET_PHASE_READY;
    net__timeout_stop(c);
    return HPE_PAUSED;
}

void net__parser_settings(llhttp_settings_t *s)
{
    llhttp_settings_init(s);
    s->on_message_begin = on_message_begin;
    s->on_url = on_url;
    s->on_url_complete = on_url_complete;
    s->on_header_field = on_header_field;
    s->on_header_field_complete = on_header_field_complete;
    s->on_header_value = on_header_value;
    s->on_header_value_complete = on_header_value_complete;
    s->on_headers_complete = on_headers_complete;
    s->on_body = on_body;
    s->on_message_complete = on_message_complete;
}

void net__request_init(struct http_request *req, struct http_conn *c)
{
    memset(req, 0, sizeof(*req));
    req->conn = c;
    buf_init(&req->text);
    buf_init(&req->body);
}

void net__request_reset(struct http_request *req)
{
    /* Keep what a typical request needs; give back what a big one took. */
    if (req->text.cap > 4096)
        buf_dispose(&req->text);
    if (req->body.cap > 16384)
        buf_dispose(&req->body);
    buf_reset(&req->text);
    buf_reset(&req->body);
    req->nheaders = 0;
    req->in_field = false;
    req->path_len = 0;
    req->query = 0;
    req->query_len = 0;
    req->keep_alive = false;
    req->upgrade = false;
    req->head = false;
    req->expect = false;
}

void net__request_dispose(struct http_request *req)
{
    buf_dispose(&req->text);
    buf_dispose(&req->body);
    free(req->headers);
    req->headers = NULL;
    req->headers_cap = 0;
    req->nheaders = 0;
}

enum http_method http_request_method(const struct http_request *req)
{
    switch (req->method) {
    case HTTP_GET:
        return HTTP_METHOD_GET;
    case HTTP_HEAD:
        return HTTP_METHOD_HEAD;
    case HTTP_POST:
        return HTTP_METHOD_POST;
    case HTTP_PUT:
        return HTTP_METHOD_PUT;
    case HTTP_DELETE:
        return HTTP_METHOD_DELETE;
    case HTTP_OPTIONS:
        return HTTP_METHOD_OPTIONS;
    case HTTP_PATCH:
        return HTTP_METHOD_PATCH;
    default:
        return HTTP_METHOD_OTHER;
    }
}

const char *http_request_method_name(const struct http_request *req)
{
    return llhttp_method_name((llhttp_method_t)req->method);
}

const char *http_request_path(const struct http_request *req, size_t *len)
{
    if (len)
        *len = req->path_len;
    return req->text.data ? req->text.data : "";
}

const char *http_request_query(const struct http_request *req, size_t *len)
{
    if (req->query == 0)
        return NULL;
    if (len)
        *len = req->query_len;
    return req->text.data + req->query;
}

const char *http_request_header(const struct http_request *req, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (uint32_t i = 0; i < req->nheaders; i++) {
        const struct net__header *h = &req->headers[i];
        if (h->name_len == n && strncasecmp(req->text.data + h->name, name, n) == 0) {
            if (len)
                *len = h->value_len;
            return req->text.data + h->value;
        }
    }
    return NULL;
}

const char *http_request_body(const struct http_request *req, size_t *len)
{
    if (len)
        *len = req->body.len;
    return req->body.data ? req->body.data : "";
}

const char *http_request_peer(const struct http_request *req)
{
    return req->conn->peer;
}
