/* The gateway's shared state: the user map (users.c), the connections
 * (session.c) and the role's wiring (gateway.c). */
#ifndef GATEWAY_INTERNAL_H
#define GATEWAY_INTERNAL_H

#include "common/list.h"
#include "net/http.h"
#include "net/ws.h"
#include "store/redis.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

/* A user's subscription to its channel user:<id> on this gateway. */
enum user_state {
    USER_DOWN,        /* not subscribed (Redis down, or never asked) */
    USER_SUBSCRIBING, /* SUBSCRIBE sent, not confirmed */
    USER_LIVE,        /* confirmed: every event of the user reaches us */
    USER_LEAVING,     /* no connection for a while: UNSUBSCRIBE sent */
};

/* One user with at least one connection here, or lingering after its last
 * one left (a page reload must not cost an UNSUBSCRIBE and a SUBSCRIBE). */
struct user {
    struct user *next; /* hash chain */
    struct list conns; /* its sessions, linked through ws_conn_link() */
    struct list idle;  /* in gateway.idle while conns is empty */
    uint64_t idle_since;
    uint32_t hash;
    uint16_t sub_pending; /* SUBSCRIBEs not confirmed yet */
    uint8_t state;        /* enum user_state */
    uint8_t len;
    uint8_t walkers; /* walks of conns in progress: the user is not freed meanwhile */
    char id[];       /* NUL-terminated */
};

enum session_state {
    SESSION_HELLO,   /* connected, waiting for the identify message */
    SESSION_WAIT,    /* identified; its user's subscription is not confirmed */
    SESSION_REPLAY,  /* reading what it missed from the history */
    SESSION_LIVE,    /* receiving events as they come */
    SESSION_CLOSING, /* closed by us; waiting for the socket to go */
};

/* Per connection: 48 bytes next to the WebSocket layer's own state. */
struct session {
    struct gateway *gw;
    struct ws_conn *c; /* NULL once closed while a replay was in flight */
    struct user *user;
    int64_t seq;      /* last seq delivered (or the start position), -1 before ready */
    int64_t seen;     /* highest seq seen live while not live: replay up to it */
    uint32_t born_ms; /* connect time, for the identify deadline */
    uint32_t tat_ms;  /* flood control: theoretical arrival time (GCRA) */
    uint8_t state;    /* enum session_state */
    bool replaying;   /* an events_replay() call is in flight */
    bool again;       /* replay once more when it returns */
    bool retry;       /* the last replay failed (Redis down): retried on tick */
    bool ready;       /* {"type":"ready"} was sent */
};

struct gateway_stats {
    uint64_t accepted;
    uint64_t identified;
    uint64_t events;     /* user events received from Redis */
    uint64_t broadcasts; /* broadcasts received */
    uint64_t frames;     /* frames handed to connections */
    uint64_t replays;
    uint64_t rejected;          /* closed for bad input, flooding, auth or timeout */
    uint64_t broadcast_last_ns; /* handing the last broadcast to every connection */
};

struct gateway {
    uv_loop_t *loop;
    struct http_server *http;
    struct http_server *metrics_http; /* --metrics-addr's; NULL: /metrics is public */
    struct ws_server *ws;
    struct redis *sub; /* subscriptions only (Redis refuses other commands on it) */
    struct redis *cmd; /* history reads */
    const char *auth_secret;
    const char *allowed_origins; /* NULL: any page may connect */
    const char *admin_token;     /* NULL: none (see gateway_config) */
    unsigned identify_timeout_ms;
    unsigned linger_ms;
    bool listen_done;  /* also route events published straight to problem_done */
    unsigned stopping; /* 1 once asked; each server that finishes adds one */
    uint64_t start_ms;
    struct user **buckets;
    size_t nbuckets;
    size_t nusers;
    size_t nsessions;  /* identified */
    struct list hello; /* sessions not identified yet, oldest first */
    struct list idle;  /* users without connections, oldest first */
    bool retry_replays;
    uv_timer_t tick;
    struct gateway_stats stats;
};

/* Milliseconds since the gateway started (fits 32 bits for 49 days; only
 * differences are used). */
uint32_t gateway__now(const struct gateway *gw);

/* users.c: the user map and its subscriptions. */
void gateway__users_init(struct gateway *gw);
/* Frees every user (all connections must be gone). */
void gateway__users_dispose(struct gateway *gw);
struct user *gateway__user_find(struct gateway *gw, const char *id, size_t len);
/* Adds s to its user's connections (creating and subscribing the user as
 * needed); s->state becomes SESSION_WAIT, or the replay starts at once when
 * the user is live. */
void gateway__user_join(struct gateway *gw, struct session *s, const char *id, size_t len);
/* Removes s from its user; the user lingers when it was the last. */
void gateway__user_leave(struct gateway *gw, struct session *s);
/* Drops users that lingered past linger_ms. */
void gateway__users_expire(struct gateway *gw);
/* The subscription connection went up or down. */
void gateway__users_on_redis(struct gateway *gw, bool up);
/* Messages and confirmations on the subscription connection. */
void gateway__users_on_pubsub(struct redis *r, enum redis_pubsub_kind kind, const char *channel,
                              size_t channel_len, const char *msg, size_t len, void *data);
/* A message on the broadcast channel, or on problem_done. */
void gateway__on_broadcast(struct redis *r, const char *pattern, const char *channel,
                           size_t channel_len, const char *msg, size_t len, void *data);
void gateway__on_done(struct redis *r, const char *pattern, const char *channel, size_t channel_len,
                      const char *msg, size_t len, void *data);

/* session.c: one connection. */
void gateway__on_upgrade(struct http_request *req, void *data);
void gateway__on_message(struct ws_conn *c, int opcode, const char *msg, size_t len, void *data);
void gateway__on_close(struct ws_conn *c, int code, void *data);
/* Reads what s missed (from s->seq), then makes it live. */
void gateway__session_replay(struct session *s);
/* Delivers an event of s's user: seq > 0 is numbered, 0 live-only, -1 from a
 * publisher without numbering. f is the event's shared frame. */
void gateway__session_event(struct session *s, int64_t seq, struct ws_frame *f);
/* Closes connections that did not identify in time; retries failed replays. */
void gateway__sessions_tick(struct gateway *gw);

#endif
