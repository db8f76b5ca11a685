/* User events on Redis: the one place that publishes what a user's browser
 * tabs must hear (verdicts, progress, broadcasts), and the short per-user
 * history that lets a reconnecting client get what it missed.
 *
 * A user's durable event (a result, anything that is not progress) is, in one
 * atomic script (one round trip, pipelined with the publisher's other
 * commands):
 *   - numbered: INCR events:{user}:seq gives it "seq" N, spliced in front of
 *     its fields: {"seq":N,"type":"result",...};
 *   - kept: ZADD events:{user} N <event>, capped to the newest
 *     EVENTS_HISTORY_MAX, expiring a day after the user's last event;
 *   - published on the user's channel user:{user}, which only the gateways
 *     holding a connection of that user subscribe to;
 *   - published on problem_done too: that channel is the public contract
 *     (redis-cli SUBSCRIBE problem_done shows every result).
 * Progress events are live only: "seq":0, no history (a missed progress
 * event is harmless, and 50 of them must not push a verdict out of the
 * history).
 *
 * A client holding the last seq it processed asks for the rest with
 * events_replay(); a hole older than the history is reported as a gap (the
 * client then resyncs from PostgreSQL through the api). */
#ifndef STORE_EVENTS_H
#define STORE_EVENTS_H

#include "contract/ids.h"
#include "store/pg.h"
#include "store/redis.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Events kept per user for replay. */
#define EVENTS_HISTORY_MAX 100
/* Longest user id (contract/ids.h has the rule). */
#define EVENTS_USER_MAX IDS_USER_MAX

/* status 0 with the event's seq (0 for a live-only event) or the number of
 * gateways that received a broadcast; else a negative errno as redis_cmd's
 * callback reports it. */
typedef void (*events_cb)(int status, long long n, void *data);

/* Publishes json (an object: it must start with '{') for user_id as described
 * above. cb may be NULL. Returns 0 and calls cb once later, or a negative
 * errno (-EINVAL for a bad user id or a document that is not an object,
 * -ENOTCONN when Redis is down) and never calls cb. */
int events_publish(struct redis *r, const char *user_id, const char *json, size_t len, events_cb cb,
                   void *data);

/* events_publish() with channel also in place of problem_done (a run's
 * result goes to CHANNEL_RUN_DONE, not to the submissions' channel). */
int events_publish_on(struct redis *r, const char *user_id, const char *json, size_t len,
                      const char *also, events_cb cb, void *data);

/* Publishes json on the broadcast channel: every connected user gets it, live
 * only (a broadcast's lasting effect, such as coins, is in PostgreSQL).
 * Returns as events_publish(). */
int events_broadcast(struct redis *r, const char *json, size_t len, events_cb cb, void *data);

/* What events_broadcast_record() did: inserted is false when the id was
 * already recorded (a retry: nothing credited); credited counts the users
 * whose coins grew; sent says whether an earlier attempt published it. */
struct events_record {
    bool inserted;
    long credited;
    bool sent;
};
typedef void (*events_record_cb)(int status, const struct events_record *rec, void *data);

/* Records broadcast id with its message and coins and credits the coins to
 * every user (those with a row or a submission), all in one statement: the
 * coins of one id are credited once, however often it is retried. Returns
 * 0 and calls cb once later, or a negative errno and never calls cb. */
int events_broadcast_record(struct pg *pg, const char *id, const char *message, long long coins,
                            events_record_cb cb, void *data);
/* Marks broadcast id as published (cb may be NULL). Returns as above. */
int events_broadcast_sent(struct pg *pg, const char *id, events_cb cb, void *data);

/* What events_replay() found. */
struct events_replay {
    long long seq; /* the user's latest seq now */
    bool gap;      /* events after since are missing from the history */
    size_t count;  /* events after since, oldest first */
    const struct redis_reply *reply;
};
/* status 0 with rp borrowed during the call, else a negative errno (rp NULL). */
typedef void (*events_replay_cb)(int status, const struct events_replay *rp, void *data);

/* Reads the user's events with seq > since (since < 0: none, only the latest
 * seq). A since beyond the latest seq means the counter was lost (Redis
 * flushed): every kept event is returned and gap is set. Returns as
 * events_publish(). */
int events_replay(struct redis *r, const char *user_id, size_t user_len, long long since,
                  events_replay_cb cb, void *data);
/* The i-th event of a replay (i < rp->count), borrowed during the callback. */
const char *events_replay_event(const struct events_replay *rp, size_t i, size_t *len);

/* True when id (len bytes) can name a broadcast: 1 to 64 bytes, no control
 * characters. An admin picks it (it makes retries safe); it is no user id. */
bool events_broadcast_id_valid(const char *id, size_t len);

/* Reads the seq at the head of an event ({"seq":N,...}): N, or -1 when the
 * event carries none (published straight to problem_done by a publisher that
 * does not use events_publish()). */
long long events_seq(const char *json, size_t len);

#endif
