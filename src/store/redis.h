/* Redis on the loop: hiredis 0.14's async API with its libuv adapter, plus
 * what 0.14 lacks: command timeouts (uv timers), reconnect with backoff, and
 * subscriptions that come back after a reconnect. The only file that
 * includes hiredis headers. */
#ifndef STORE_REDIS_H
#define STORE_REDIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct redis;
struct redis_reply; /* a view of one reply, borrowed during the callback */

enum redis_type {
    REDIS_T_NIL,
    REDIS_T_STRING,
    REDIS_T_STATUS,
    REDIS_T_ERROR,
    REDIS_T_INTEGER,
    REDIS_T_ARRAY,
};

/* status: 0 (reply may still be nil), -EIO for an error reply (the reply
 * says which), -ENOTCONN/-ECONNRESET when the server is down, -ETIMEDOUT.
 * reply is NULL unless status is 0 or -EIO. */
typedef void (*redis_reply_cb)(struct redis *r, int status, const struct redis_reply *reply,
                               void *data);

/* A message on a subscribed channel; pattern is NULL for SUBSCRIBE. */
typedef void (*redis_message_cb)(struct redis *r, const char *pattern, const char *channel,
                                 size_t channel_len, const char *msg, size_t len, void *data);

/* Parses url and starts connecting. Returns NULL with a reason in err when
 * the URL is malformed. Two forms:
 *   redis://[:password@]host[:port][/db]
 *   sentinel://[:password@]h1[:port],h2[:port],.../<master-name>
 * The second asks the sentinels (port 26379 by default, one after another)
 * for the primary of <master-name>, connects there (the password is the
 * primary's; the sentinels take none), and follows a failover by itself:
 * +switch-master, or the loss of the primary, sends it to the new one, and
 * redis_on_switch() tells the owner. Database 0 only. */
struct redis *redis_new(uv_loop_t *loop, const char *url, char *err, size_t errlen);
/* Fails pending commands (callbacks run before it returns) and frees r once
 * its handles are closed. Must not be called from one of r's callbacks. */
void redis_free(struct redis *r);

void redis_on_state(struct redis *r,
                    void (*cb)(struct redis *r, bool up, const char *why, void *data), void *data);
bool redis_connected(const struct redis *r);

/* Behind Sentinel: cb runs once connected to a primary other than the one
 * last connected to (a failover), after the state callback reported it up.
 * Replication is asynchronous: what the old primary acknowledged last may be
 * missing, so owners push again what PostgreSQL says is still queued. */
void redis_on_switch(struct redis *r, void (*cb)(struct redis *r, void *data), void *data);

/* Sends one command given as an argv (lens may be NULL for C strings); the
 * reply comes to cb exactly once, later (cb NULL: nobody waits for it).
 * timeout_ms 0 = the default; a blocking command passes its own blocking time
 * plus a margin. Returns 0, or a negative errno and never calls cb. */
int redis_cmd(struct redis *r, unsigned timeout_ms, redis_reply_cb cb, void *data, int argc,
              const char **argv, const size_t *lens);

/* Replicated acknowledgements (--redis-wait-replicas): pushes sent with
 * redis_push() count only once n replicas have them (WAIT n), or fail with
 * -EAGAIN after REDIS_WAIT_TIMEOUT_MS. 0 (the default): the primary's
 * acknowledgement is enough. */
#define REDIS_WAIT_TIMEOUT_MS 1000
void redis_set_wait_replicas(struct redis *r, unsigned n);
unsigned redis_wait_replicas(const struct redis *r);

/* redis_cmd() for a command that puts work on the queue (redis_push.c): with
 * redis_set_wait_replicas(r, n), n > 0, a WAIT follows it in the same
 * pipeline and cb answers after it: 0 with WAIT's reply (an integer, the
 * replicas that have it) once n have it; -EAGAIN when fewer had it in time;
 * the push's own failure (an error reply as -EPROTO) with no reply. Note
 * that WAIT holds the connection's later replies for up to its timeout. */
int redis_push(struct redis *r, redis_reply_cb cb, void *data, int argc, const char **argv,
               const size_t *lens);

/* Subscribes to a channel (or, with pattern true, a pattern) until
 * redis_free(); the subscription is renewed after each reconnect. Messages
 * published while disconnected are lost: callers resync from the store. */
int redis_subscribe(struct redis *r, const char *channel, bool pattern, redis_message_cb cb,
                    void *data);

/* A connection of its own to url, subscribed to channel with on_message
 * (redis_subscribe()) and reporting its state to on_state (redis_on_state()):
 * what a role that listens to one channel needs. NULL with err set when it
 * cannot be made. */
struct redis *
redis_new_subscriber(uv_loop_t *loop, const char *url, const char *channel,
                     void (*on_state)(struct redis *r, bool up, const char *why, void *data),
                     redis_message_cb on_message, void *data, char *err, size_t errlen);

/* Dynamic subscriptions, for callers that come and go by the thousand (the
 * gateway subscribes one channel per connected user). What arrives on them,
 * and the server's confirmation of each SUBSCRIBE and UNSUBSCRIBE, goes to one
 * callback per connection: kind says which, msg is NULL for confirmations.
 * Unlike redis_subscribe(), they are not renewed after a reconnect: the caller
 * knows its channels and sends them again when the state callback reports the
 * connection up (every subscription and pending confirmation is dropped when
 * it goes down). Use a connection of its own: once subscribed, Redis refuses
 * other commands on it. */
enum redis_pubsub_kind {
    REDIS_PUBSUB_MESSAGE,
    REDIS_PUBSUB_SUBSCRIBED,
    REDIS_PUBSUB_UNSUBSCRIBED,
};
typedef void (*redis_pubsub_cb)(struct redis *r, enum redis_pubsub_kind kind, const char *channel,
                                size_t channel_len, const char *msg, size_t len, void *data);
void redis_on_pubsub(struct redis *r, redis_pubsub_cb cb, void *data);
/* Sends one SUBSCRIBE (subscribe true) or UNSUBSCRIBE for n channels (lens
 * may be NULL for C strings). Each channel is confirmed separately, later,
 * through the redis_on_pubsub() callback. Returns 0, or -ENOTCONN when the
 * connection is not up (nothing is sent), or -EIO. */
int redis_pubsub(struct redis *r, bool subscribe, size_t n, const char *const *channels,
                 const size_t *lens);

enum redis_type redis_reply_type(const struct redis_reply *reply);
/* String, status or error text; NULL for other types. */
const char *redis_reply_str(const struct redis_reply *reply, size_t *len);
long long redis_reply_int(const struct redis_reply *reply);
size_t redis_reply_count(const struct redis_reply *reply);
const struct redis_reply *redis_reply_elem(const struct redis_reply *reply, size_t i);

#endif
