/* HTTP/1.1 server on libuv + llhttp: connections, keep-alive, pipelining,
 * limits and deadlines. It knows HTTP, not the business: a handler gets a
 * complete request and answers it, now or later. */
#ifndef NET_HTTP_H
#define NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

struct http_server;
struct http_request;

enum http_method {
    HTTP_METHOD_OTHER = 0,
    HTTP_METHOD_GET,
    HTTP_METHOD_HEAD,
    HTTP_METHOD_POST,
    HTTP_METHOD_PUT,
    HTTP_METHOD_DELETE,
    HTTP_METHOD_OPTIONS,
    HTTP_METHOD_PATCH,
};

struct http_limits {
    size_t max_header_bytes; /* request line + headers; over it: 431 */
    size_t max_body_bytes;   /* over it: 413, connection closed */
    /* PUT and PATCH bodies (uploads: a whole problem), instead of
     * max_body_bytes; 0: max_body_bytes for them too. */
    size_t max_upload_bytes;
    unsigned header_timeout_ms; /* first byte to end of headers; over it: 408 */
    unsigned body_timeout_ms;   /* end of headers to end of body; over it: 408 */
    unsigned idle_timeout_ms;   /* keep-alive connection with no request in progress */
    unsigned max_connections;   /* accepted beyond it: closed at once */
};

/* Defaults: 16 KiB headers, 1 MiB body, 10 s header, 30 s body, 60 s idle,
 * 10,000 connections. */
void http_limits_default(struct http_limits *l);

/* Called once per complete request. The request stays valid until
 * http_respond() is called for it, which the handler must do exactly once,
 * synchronously or later from any callback on the same loop. While a request
 * is unanswered, later pipelined requests on its connection wait, so answers
 * go out in order. If the client goes away first, http_respond() still must be
 * called; it then only frees the request. */
typedef void (*http_handler_cb)(struct http_request *req, void *data);

/* Called for a request carrying "Upgrade: websocket" (after the headers; a
 * body is not allowed). The callee either answers it with http_respond() (e.g.
 * 404) or takes the socket with http_upgrade_take(). */
typedef void (*http_upgrade_cb)(struct http_request *req, void *data);

/* Creates a server on loop; nothing listens until http_server_listen(). */
struct http_server *http_server_new(uv_loop_t *loop, const struct http_limits *limits,
                                    http_handler_cb handler, void *data);
void http_server_set_upgrade(struct http_server *srv, http_upgrade_cb cb, void *data);

/* Lets other processes listen on the same port (SO_REUSEPORT): the kernel then
 * spreads new connections over them, one process per core. Before listening. */
void http_server_set_reuse_port(struct http_server *srv, bool on);

/* Binds host:port (port 0 = any free port) and listens. Returns 0 or a
 * negative errno; the bound port is then http_server_port(). */
int http_server_listen(struct http_server *srv, const char *host, int port);

/* Splits an address "host:port" ("[::1]:9100" for IPv6; port 0 to 65535)
 * into host (hsize bytes, NUL-terminated) and *port. Returns 0 or -EINVAL. */
int http_split_addr(const char *addr, char *host, size_t hsize, int *port);
int http_server_port(const struct http_server *srv);

/* Stops listening and closes every connection (unanswered requests are freed
 * when answered); cb fires once everything is closed. */
void http_server_close(struct http_server *srv, void (*cb)(void *data), void *data);
/* Frees a closed server. */
void http_server_free(struct http_server *srv);

/* Request accessors. Strings are borrowed until http_respond(). */
enum http_method http_request_method(const struct http_request *req);
const char *http_request_method_name(const struct http_request *req);
/* The path without its query string, percent-decoding NOT applied. */
const char *http_request_path(const struct http_request *req, size_t *len);
/* The query string without '?', or NULL when there is none. */
const char *http_request_query(const struct http_request *req, size_t *len);
/* Case-insensitive header lookup; NULL when absent. */
const char *http_request_header(const struct http_request *req, const char *name, size_t *len);
const char *http_request_body(const struct http_request *req, size_t *len);
/* The peer's address as text ("127.0.0.1"). */
const char *http_request_peer(const struct http_request *req);

/* Sends the answer. content_type may be NULL (no body type). extra_headers is
 * NULL or complete "Name: value\r\n" lines. The body is copied. */
void http_respond(struct http_request *req, int status, const char *content_type,
                  const char *extra_headers, const void *body, size_t body_len);

/* For an upgrade request (in or after the upgrade callback): moves its
 * connection onto tcp, a handle the caller embeds in its own object, and frees
 * the request. Nothing is written: the caller sends the 101 answer itself.
 * tcp is always initialised on the server's loop on return, so the caller
 * must uv_close() it in every case. Returns 0 when tcp holds the connection,
 * -ENOTCONN when the client already left, or another negative errno. Bytes the
 * client sent after the request (already the new protocol's) are appended to
 * rest when it is not NULL. Earlier pipelined answers are fully written before
 * the upgrade callback runs. */
struct buf;
int http_upgrade_take(struct http_request *req, uv_tcp_t *tcp, struct buf *rest);

#endif
