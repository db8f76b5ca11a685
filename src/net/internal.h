/* What the files of net/ share and nobody else sees: the HTTP server's
 * connection and request structures, split between http.c (connections,
 * reading, deadlines), http_parse.c (llhttp callbacks, request accessors) and
 * http_write.c (answers and the write path); and the WebSocket connection,
 * split by concern, each file calling only those after it: ws.c (server,
 * handshake), ws_read.c (reading, frame decoder), ws_conn.c (sending policy,
 * close handshake, timers, the end of a connection), ws_queue.c (send queue)
 * and ws_frame.c (encoding). */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "common/buf.h"
#include "common/list.h"
#include "net/http.h"
#include "net/ws.h"

#include <llhttp.h>
#include <stdint.h>

/* One read buffer per server (so per loop), reused by every connection: an
 * idle connection holds no read memory. */
#define NET_READ_BUF_SIZE (64 * 1024)
/* Unparsed bytes a connection may hold while its request is with the handler;
 * past this, reading stops until the handler answers (TCP backpressure). */
#define NET_PENDING_MAX (256 * 1024)
/* Queued answer bytes past which no further request is parsed until the
 * client reads (write backpressure). */
#define NET_WRITE_HIGH (1024 * 1024)
/* How long a closing connection keeps reading (and dropping) what the client
 * still sends, so that the answer is not destroyed by an RST. */
#define NET_LINGER_MS 2000

/* Header positions are offsets into the request's text buffer (which may move
 * while it grows). */
struct net__header {
    uint32_t name;
    uint32_t name_len;
    uint32_t value;
    uint32_t value_len;
};

struct http_request {
    struct http_conn *conn;
    struct buf text; /* url, then each name and value, each NUL-terminated */
    struct buf body; /* NUL-terminated */
    struct net__header *headers;
    uint32_t nheaders;
    uint32_t headers_cap;
    uint32_t path_len;  /* the path is text[0, path_len) */
    uint32_t query;     /* offset of the query in text, or 0 when absent */
    uint32_t query_len; /* its length */
    uint8_t method;     /* llhttp_method_t */
    bool keep_alive;
    bool upgrade;
    bool head;
    bool expect;   /* an Expect header was seen */
    bool in_field; /* a header name is being read */
};

enum net__phase {
    NET_PHASE_IDLE,    /* between requests: no byte of the next one yet */
    NET_PHASE_HEADERS, /* request line and headers */
    NET_PHASE_BODY,    /* headers done, body in progress */
    NET_PHASE_READY,   /* request complete, not yet handed out */
    NET_PHASE_HANDLER, /* with the handler (or the upgrade callback) */
    NET_PHASE_CLOSING, /* last answer written or being written; lingering */
};

/* Deadline queues: each holds connections with one fixed duration, so each is
 * sorted by deadline and arming costs O(1) (h2o's timeout lists). */
enum net__tq {
    NET_TQ_HEADER,
    NET_TQ_BODY,
    NET_TQ_IDLE,
    NET_TQ_LINGER,
    NET_TQ_COUNT,
};

struct http_conn {
    uv_tcp_t tcp; /* tcp.data is the connection */
    struct http_server *srv;
    llhttp_t parser;
    struct list node;  /* in srv->conns */
    struct list tnode; /* in one of srv->tq, or self-linked */
    struct list rnode; /* in srv->ready, or self-linked */
    uint64_t deadline;
    struct http_request req; /* the current request (one at a time) */
    char *pend;              /* received bytes not yet parsed */
    uint32_t pend_off;
    uint32_t pend_len;
    uint32_t pend_cap;
    uint32_t writes;     /* uv_write requests in flight */
    size_t header_bytes; /* header bytes in earlier reads of this request */
    size_t header_span;  /* header bytes counted by callbacks in this read */
    const char *err_msg; /* set by a callback that failed the request */
    uint16_t err_status; /* its status */
    uint8_t phase;       /* enum net__phase */
    bool closed;         /* uv_close called */
    bool handle_gone;    /* close callback ran; freed when the request returns */
    bool req_out;        /* the handler holds req */
    bool close_after;    /* shut down once the writes are done */
    bool reading;        /* uv_read_start is in effect */
    bool in_process;     /* conn_process is on the stack */
    bool upgrade_wait;   /* an upgrade waits for earlier answers to be written */
    char peer[48];
};

struct http_server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_timer_t timer;
    uv_idle_t idle; /* runs srv->ready on the next loop iteration */
    struct list ready;
    uint64_t timer_due; /* 0 when the timer is not armed */
    struct http_limits limits;
    http_handler_cb handler;
    void *data;
    http_upgrade_cb upgrade;
    void *upgrade_data;
    llhttp_settings_t settings;
    struct list conns;
    unsigned nconns;
    struct list tq[NET_TQ_COUNT];
    unsigned tq_ms[NET_TQ_COUNT];
    char *rbuf;
    bool rbuf_busy;
    bool reuse_port; /* SO_REUSEPORT on the listener */
    bool closing;
    unsigned open_handles; /* listener, timer and idle, while open */
    void (*close_cb)(void *data);
    void *close_data;
    struct buf out; /* scratch for building answers */
    char date[40];  /* "Date: ...\r\n", rebuilt once a second */
    size_t date_len;
    int64_t date_sec;
};

/* http_parse.c */
void net__parser_settings(llhttp_settings_t *s);
void net__request_init(struct http_request *req, struct http_conn *c);
/* Empties the request for the next one; keeps small buffers for reuse. */
void net__request_reset(struct http_request *req);
void net__request_dispose(struct http_request *req);

/* http.c */
void net__timeout_set(struct http_conn *c, enum net__tq q);
void net__timeout_stop(struct http_conn *c);
/* Closes the socket now; the connection is freed once the handler has
 * answered its request, if it holds one. */
void net__conn_close(struct http_conn *c);
/* Parses what is pending and hands out the next request, if the connection
 * is free to take one. */
void net__conn_process(struct http_conn *c);
/* The same, on the next loop iteration: an answer given outside the handler
 * never calls the handler again before returning. */
void net__conn_schedule(struct http_conn *c);
/* Writes the last answer's end: shut down after the writes, then linger. */
void net__conn_finish(struct http_conn *c);
void net__conn_free(struct http_conn *c);

/* http_write.c */
/* Writes data in order after earlier writes: uv_try_write first, then a
 * copy of the rest in a uv_write. On a write error the connection closes. */
void net__conn_write(struct http_conn *c, const char *data, size_t len);
/* Answers 400/408/413/431 with {"error": msg} and closes. */
void net__conn_fail(struct http_conn *c, int status, const char *msg);
void net__on_write_done(struct http_conn *c);

/*** WebSocket ***/

struct ws_frame {
    uint32_t refs;
    uint32_t len;
    char bytes[];
};

/* A frame waiting in a connection's queue (only when the socket is full). */
struct net__ws_out {
    struct net__ws_out *next;
    struct ws_frame *frame;
};

/* The uv_write of the head of a queue, allocated only while one is in flight. */
struct net__ws_flight {
    uv_write_t req;
    struct ws_conn *conn;
    unsigned n; /* queue entries it covers */
};

enum net__ws_state {
    NET_WS_OPEN,
    NET_WS_CLOSING, /* close frame queued: nothing else goes out */
    NET_WS_CLOSED,  /* on_close reported; the socket lingers or is closing */
};

struct ws_conn {
    uv_tcp_t tcp; /* tcp.data is the connection */
    struct ws_server *srv;
    struct list node;  /* in srv->conns */
    struct list cnode; /* in srv->closing while waiting for the peer */
    struct list link;  /* the user's */
    void *data;
    uint64_t close_deadline;
    /* Receiving. A message is copied to msg only when it is fragmented or
     * split across reads; a whole frame in one read is delivered in place. */
    char *msg;
    uint32_t msg_len;
    uint32_t msg_cap;
    uint64_t remaining; /* payload bytes left in the current frame */
    char *ctl;          /* a control frame's payload split across reads */
    uint8_t ctl_len;
    uint8_t hdr[14]; /* the current frame's header, while incomplete */
    uint8_t hdr_len;
    uint8_t mask[4];
    uint8_t mask_pos;
    uint8_t op;       /* current frame's opcode */
    uint8_t msg_op;   /* opcode of the fragmented message in progress, or 0 */
    bool fin;         /* current frame is final */
    bool in_payload;  /* the header is complete */
    bool broken;      /* protocol error: input is dropped */
    bool close_rcvd;  /* the peer's close frame arrived */
    bool flush_close; /* close the socket once the queue is written */
    bool alive;       /* something arrived since the last ping */
    bool pinged;      /* a ping is outstanding */
    bool tcp_closing; /* uv_close called */
    uint8_t state;    /* enum net__ws_state */
    uint16_t code;    /* the close code to report */
    /* Sending. */
    struct net__ws_out *qhead;
    struct net__ws_out *qtail;
    struct net__ws_flight *flight;
    uint32_t qoff; /* bytes of qhead already written */
    size_t qbytes; /* unwritten bytes in the queue */
    char peer[48];
};

struct ws_server {
    uv_loop_t *loop;
    struct ws_limits limits;
    struct ws_callbacks cb;
    void *data;
    struct list conns;
    unsigned nconns;     /* not yet reported closed */
    unsigned nalloc;     /* allocated (freed in their close callback) */
    struct list closing; /* sorted by close_deadline */
    uv_timer_t ping_timer;
    uv_timer_t close_timer;
    uv_idle_t idle; /* feeds bytes that came with the handshake */
    struct ws_conn **early;
    unsigned nearly;
    unsigned early_cap;
    struct ws_frame *ping; /* shared empty ping */
    char *rbuf;
    bool rbuf_busy;
    bool shutting;
    unsigned open_handles;
    void (*shutdown_cb)(void *data);
    void *shutdown_data;
};

/* ws_read.c */
/* Starts reading c into the server's buffer; returns 0 or a libuv error. */
int net__ws_read_start(struct ws_conn *c);
/* Decodes data (writable: payloads are unmasked in place) and acts on it. */
void net__ws_read(struct ws_conn *c, char *data, size_t len);

/* ws_conn.c */
/* Ends the connection now: reports on_close(code) once and closes the socket. */
void net__ws_destroy(struct ws_conn *c, int code);
/* Closes a connection never handed to the user (a failed ws_accept): no
 * on_close fires. */
void net__ws_discard(struct ws_conn *c);
/* Ends it gracefully once the queue (our close frame last) is written:
 * reports on_close, sends FIN and lingers until the peer closes or the close
 * timeout. */
void net__ws_finish_after_queue(struct ws_conn *c);
/* Fails the connection on bad input: a close frame with code, then the socket
 * closes as soon as it is written; further input is dropped. */
void net__ws_fail(struct ws_conn *c, int code, const char *reason);
/* Starts the close handshake (ws_close without the public checks). */
void net__ws_start_close(struct ws_conn *c, int code, const char *reason);
/* The peer does not read: drops what waits behind the write in flight and
 * closes with WS_CLOSE_SLOW_CONSUMER. */
void net__ws_slow_consumer(struct ws_conn *c);
/* Sends a control frame, which may pass the queue cap. Returns as
 * ws_send_frame(). */
int net__ws_send_control(struct ws_conn *c, int opcode, const void *payload, size_t len);
/* The server's ping timer callback (srv is t->data). */
void net__ws_ping_on_timer(uv_timer_t *t);
/* Once shutting down: closes the server's handles after its last connection
 * and calls the shutdown callback after the last handle. */
void net__ws_server_maybe_done(struct ws_server *srv);

/* ws_queue.c: the queue reports what happened and calls nothing back but the
 * on_written callback its caller passes in. */
/* Writes f at once when nothing waits, else appends it (taking a reference);
 * the part of f the socket does not take is queued and a flight started.
 * Returns 0, or a negative libuv error when the socket failed. */
int net__ws_queue_send(struct ws_conn *c, struct ws_frame *f, uv_write_cb on_written);
/* Starts a flight: one writev of the head of the queue; on_written fires
 * once when it is done. Does nothing when the queue is empty or the socket
 * is closing. Returns 0 or a negative libuv error (no flight then). */
int net__ws_queue_flush(struct ws_conn *c, uv_write_cb on_written);
/* The connection of a flight's write request. */
struct ws_conn *net__ws_queue_conn(uv_write_t *wr);
/* Ends the flight whose write completed with status: on success the frames
 * it wrote leave the queue. Returns true when frames still wait (flush
 * again). */
bool net__ws_queue_written(struct ws_conn *c, int status);
/* Drops what is queued beyond the write in flight (slow consumer). */
void net__ws_queue_drop(struct ws_conn *c);
/* Frees the queue (and any flight) of a connection whose socket is closed. */
void net__ws_queue_free(struct ws_conn *c);

/* ws_frame.c */
struct ws_frame *net__ws_frame_new(int opcode, const void *payload, size_t len);

#endif
