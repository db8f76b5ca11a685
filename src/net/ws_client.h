/* A small WebSocket client (RFC 6455) on libuv, for `verdict submit` and the
 * gateway's load tool: text messages only, no extensions. Built to be held
 * by the thousand: a client keeps its socket and a few words while idle;
 * reads go to one buffer per loop, and bytes are kept only for a frame that
 * arrives in pieces. */
#ifndef NET_WS_CLIENT_H
#define NET_WS_CLIENT_H

#include <netinet/in.h>
#include <stddef.h>
#include <uv.h>

struct ws_client;

/* The handshake ended: status 0 (messages may be sent from here) or a
 * negative errno (-ECONNREFUSED, -EPROTO for a refused upgrade...), in which
 * case on_close follows. */
typedef void (*ws_client_open_cb)(struct ws_client *c, int status, void *data);
/* A whole text message, borrowed during the call. */
typedef void (*ws_client_message_cb)(struct ws_client *c, const char *msg, size_t len, void *data);
/* Fires once per connect, last: code is the server's close code, 1006 when
 * the connection dropped without one, or 1005 for an empty close frame. The
 * client is freed after it returns. */
typedef void (*ws_client_close_cb)(struct ws_client *c, int code, const char *reason, void *data);

struct ws_client_callbacks {
    ws_client_open_cb on_open;
    ws_client_message_cb on_message;
    ws_client_close_cb on_close;
};

/* Connects to addr (from src when not NULL: load tests spread their sockets
 * over 127.0.0.x) and upgrades on path with Host: host. Returns the client,
 * whose callbacks fire later, or NULL with *err set (no callback fires). */
struct ws_client *ws_client_connect(uv_loop_t *loop, const struct sockaddr *addr,
                                    const struct sockaddr *src, const char *host, const char *path,
                                    const struct ws_client_callbacks *cb, void *data, int *err);

/* Sends a text message (copied, masked). Returns 0, or -EPIPE before the
 * handshake ended or once closing. */
int ws_client_send_text(struct ws_client *c, const char *msg, size_t len);

/* Sends a close frame with code and drops the connection; on_close fires
 * later with code. */
void ws_client_close(struct ws_client *c, int code);

void *ws_client_data(const struct ws_client *c);

/* Splits "ws://host[:port][/path]" into host (NUL-terminated, at most hostlen
 * bytes), port (80 when absent) and path ("/" when absent). Returns 0 or
 * -EINVAL (wss:// is refused: no TLS here). */
int ws_client_parse_url(const char *url, char *host, size_t hostlen, int *port, char *path,
                        size_t pathlen);

#endif
