/* WebSocket server connections (RFC 6455) on sockets taken over from the
 * HTTP server. Built for many mostly idle connections that receive small
 * server pushes: a connection holds no buffers while idle (reads go to one
 * buffer per server), and a frame sent to many connections is encoded once
 * and shared by reference.
 *
 * Gateway use:
 *
 *     static void on_upgrade(struct http_request *req, void *data)
 *     {
 *         struct ws_conn *c = ws_accept(gw->ws, req);   // answers 101 or 400
 *         if (c)
 *             ws_conn_set_data(c, session_new(gw, c));
 *     }
 *     static void on_message(struct ws_conn *c, int opcode, const char *msg,
 *                            size_t len, void *data) { ...identify... }
 *     static void on_close(struct ws_conn *c, int code, void *data)
 *     {
 *         session_free(ws_conn_data(c));   // c is gone after this returns
 *     }
 *
 *     struct ws_frame *f = ws_frame_new_text(json, json_len);   // encode once
 *     list_foreach(pos, &user->conns)                            // ws_conn_link
 *         ws_send_frame(ws_conn_from_link(pos), f);              // no copy
 *     ws_frame_unref(f);
 */
#ifndef NET_WS_H
#define NET_WS_H

#include "common/list.h"
#include "net/http.h"

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct ws_server;
struct ws_conn;
struct ws_frame;

enum ws_opcode {
    WS_OP_CONTINUATION = 0x0,
    WS_OP_TEXT = 0x1,
    WS_OP_BINARY = 0x2,
    WS_OP_CLOSE = 0x8,
    WS_OP_PING = 0x9,
    WS_OP_PONG = 0xA,
};

/* Close codes (RFC 6455 §7.4) and ours. */
enum ws_close_code {
    WS_CLOSE_NORMAL = 1000,
    WS_CLOSE_GOING_AWAY = 1001,  /* server shutting down: reconnect elsewhere */
    WS_CLOSE_PROTOCOL = 1002,    /* unmasked frame, bad opcode, bad fragmentation... */
    WS_CLOSE_UNSUPPORTED = 1003, /* a binary message: this server speaks text */
    WS_CLOSE_NO_STATUS = 1005,   /* reported only: the peer's close frame had no code */
    WS_CLOSE_ABNORMAL = 1006,    /* reported only: dropped without a close handshake */
    WS_CLOSE_BAD_DATA = 1007,    /* text that is not UTF-8 */
    WS_CLOSE_POLICY = 1008,
    WS_CLOSE_TOO_BIG = 1009, /* a message over max_message_bytes */
    WS_CLOSE_INTERNAL = 1011,
    /* The client does not read fast enough: its send queue passed
     * max_queue_bytes. In the private range so clients can tell it from a
     * generic policy close (1008) and back off before reconnecting. */
    WS_CLOSE_SLOW_CONSUMER = 4008,
};

struct ws_limits {
    size_t max_message_bytes;  /* incoming, after reassembly; over it: close 1009 */
    size_t max_queue_bytes;    /* unsent outgoing bytes per connection; over it: 4008 */
    unsigned ping_interval_ms; /* a ping every interval; no answer by the next one: dropped */
    unsigned close_timeout_ms; /* how long a closing connection waits for the peer */
    unsigned max_connections;  /* handshakes beyond it get 503 */
};

/* Defaults: 64 KiB messages, 1 MiB queue, ping every 30 s, close timeout 5 s,
 * 20,000 connections. */
void ws_limits_default(struct ws_limits *l);

/* A complete message: opcode is WS_OP_TEXT (binary ones are refused with
 * 1003), msg is valid UTF-8, borrowed during the call and not NUL-terminated.
 * The callee may send on or close c (or any connection) from here. */
typedef void (*ws_message_cb)(struct ws_conn *c, int opcode, const char *msg, size_t len,
                              void *data);
/* Fires exactly once per accepted connection when it ends, with the peer's
 * close code if it sent one (WS_CLOSE_NO_STATUS for an empty close), else
 * the code this side sent, else WS_CLOSE_ABNORMAL. c is freed after it
 * returns: drop every pointer to it here. Sends from here fail. */
typedef void (*ws_close_cb)(struct ws_conn *c, int code, void *data);

struct ws_callbacks {
    ws_message_cb on_message;
    ws_close_cb on_close;
};

/* Creates a server on loop; data is passed to every callback. limits may be
 * NULL for the defaults. */
struct ws_server *ws_server_new(uv_loop_t *loop, const struct ws_limits *limits,
                                const struct ws_callbacks *cb, void *data);

/* Completes the handshake of an upgrade request (from http_upgrade_cb): checks
 * GET, "Upgrade: websocket", Sec-WebSocket-Version 13 and a well-formed
 * Sec-WebSocket-Key, and answers 400 (or 503 past max_connections, or while
 * shutting down) when they fail, returning NULL. Otherwise it answers 101,
 * takes the socket and returns the new connection; no callback fires for it
 * before this returns. The request is consumed in every case. */
struct ws_conn *ws_accept(struct ws_server *srv, struct http_request *req);

/* Open connections (not yet reported closed). */
unsigned ws_server_count(const struct ws_server *srv);

/* Closes every connection with 1001; cb fires once all are gone and the
 * server's own handles are closed. Then ws_server_free(). */
void ws_server_shutdown(struct ws_server *srv, void (*cb)(void *data), void *data);
void ws_server_free(struct ws_server *srv);

/* The user's pointer (NULL at first). */
void ws_conn_set_data(struct ws_conn *c, void *data);
void *ws_conn_data(const struct ws_conn *c);
/* An intrusive list node inside the connection, free for the user (e.g. to
 * link a user's connections without an allocation). Self-linked at first;
 * the user must unlink it in on_close. */
struct list *ws_conn_link(struct ws_conn *c);
struct ws_conn *ws_conn_from_link(struct list *link);
/* The peer's address as text. */
const char *ws_conn_peer(const struct ws_conn *c);

/* Sends a text message (copied). Returns 0 when written or queued, -EPIPE
 * once the connection is closing, -ENOBUFS when the queue cap was hit (the
 * connection is then being closed with WS_CLOSE_SLOW_CONSUMER). */
int ws_send_text(struct ws_conn *c, const char *data, size_t len);

/* A text frame encoded once, for many connections: the caller holds one
 * reference and drops it with ws_frame_unref() when done sending. */
struct ws_frame *ws_frame_new_text(const char *data, size_t len);
/* Sends f on c; c takes its own reference only if the bytes must wait in its
 * queue. Returns as ws_send_text(). */
int ws_send_frame(struct ws_conn *c, struct ws_frame *f);
void ws_frame_ref(struct ws_frame *f);
void ws_frame_unref(struct ws_frame *f);

/* Starts the close handshake with code and reason (reason may be NULL; it is
 * cut to 123 bytes): no message is delivered or sent afterwards, and the
 * socket closes when the peer answers or after close_timeout_ms. */
void ws_close(struct ws_conn *c, int code, const char *reason);

#endif
