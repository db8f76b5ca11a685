/* The gateway's users: a hash map from user id to the user's connections
 * (intrusive lists, no allocation per connection or per event), and each
 * user's subscription to its own channel, so that Redis sends a gateway only
 * the events of the users it holds. */
#include "gateway/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "store/events.h"
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define USERS_MIN_BUCKETS 1024
/* Channels per SUBSCRIBE when renewing them all after a reconnect. */
#define USERS_SUBSCRIBE_BATCH 512

static uint32_t users_hash(const char *id, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)id[i]) * 16777619u;
    return h;
}

void gateway__users_init(struct gateway *gw)
{
    gw->nbuckets = USERS_MIN_BUCKETS;
    gw->buckets = xcalloc(gw->nbuckets, sizeof(*gw->buckets));
    gw->nusers = 0;
    list_init(&gw->idle);
}

static void users_free_one(struct gateway *gw, struct user *u)
{
    struct user **pp = &gw->buckets[u->hash & (gw->nbuckets - 1)];
    while (*pp != u)
        pp = &(*pp)->next;
    *pp = u->next;
    list_remove(&u->idle);
    gw->nusers--;
    free(u);
}

void gateway__users_dispose(struct gateway *gw)
{
    for (size_t i = 0; i < gw->nbuckets; i++) {
        while (gw->buckets[i]) {
            struct user *u = gw->buckets[i];
            gw->buckets[i] = u->next;
            free(u);
        }
    }
    free(gw->buckets);
    gw->buckets = NULL;
    gw->nusers = 0;
}

struct user *gateway__user_find(struct gateway *gw, const char *id, size_t len)
{
    uint32_t h = users_hash(id, len);
    for (struct user *u = gw->buckets[h & (gw->nbuckets - 1)]; u; u = u->next)
        if (u->hash == h && u->len == len && memcmp(u->id, id, len) == 0)
            return u;
    return NULL;
}

/* Doubles the table when users outnumber buckets: chains stay short. */
static void users_grow(struct gateway *gw)
{
    size_t n = gw->nbuckets * 2;
    struct user **b = xcalloc(n, sizeof(*b));
    for (size_t i = 0; i < gw->nbuckets; i++) {
        while (gw->buckets[i]) {
            struct user *u = gw->buckets[i];
            gw->buckets[i] = u->next;
            u->next = b[u->hash & (n - 1)];
            b[u->hash & (n - 1)] = u;
        }
    }
    free(gw->buckets);
    gw->buckets = b;
    gw->nbuckets = n;
}

static void users_subscribe(struct gateway *gw, struct user *u)
{
    char chan[CHANNEL_USER_MAX];
    int n = keys_user_channel(chan, u->id, u->len);
    const char *ch = chan;
    size_t len = n < 0 ? 0 : (size_t)n;
    /* Down: every user is subscribed again when the connection comes back. */
    if (n >= 0 && redis_pubsub(gw->sub, true, 1, &ch, &len) == 0) {
        u->sub_pending++;
        u->state = USER_SUBSCRIBING;
    } else {
        u->state = USER_DOWN;
    }
}

void gateway__user_join(struct gateway *gw, struct session *s, const char *id, size_t len)
{
    struct user *u = gateway__user_find(gw, id, len);
    if (u == NULL) {
        if (gw->nusers >= gw->nbuckets)
            users_grow(gw);
        u = xcalloc(1, sizeof(*u) + len + 1);
        memcpy(u->id, id, len);
        u->len = (uint8_t)len;
        u->hash = users_hash(id, len);
        list_init(&u->conns);
        list_init(&u->idle);
        u->state = USER_DOWN;
        u->next = gw->buckets[u->hash & (gw->nbuckets - 1)];
        gw->buckets[u->hash & (gw->nbuckets - 1)] = u;
        gw->nusers++;
    }
    list_remove(&u->idle);
    list_push(&u->conns, ws_conn_link(s->c));
    s->user = u;
    s->state = SESSION_WAIT;
    gw->nsessions++;
    if (u->state == USER_DOWN || u->state == USER_LEAVING)
        users_subscribe(gw, u);
    else if (u->state == USER_LIVE)
        gateway__session_replay(s);
}

void gateway__user_leave(struct gateway *gw, struct session *s)
{
    struct user *u = s->user;
    list_remove(ws_conn_link(s->c));
    s->user = NULL;
    gw->nsessions--;
    if (!list_empty(&u->conns))
        return;
    /* Not while a walk of its connections is under way: a send that fails in
     * the walk closes its session at once, and the walk goes on reading the
     * user (its list head, its hash chain). It lingers instead, and
     * gateway__users_expire() frees it. */
    if (u->state == USER_DOWN && u->sub_pending == 0 && u->walkers == 0) {
        users_free_one(gw, u);
        return;
    }
    u->idle_since = uv_now(gw->loop);
    list_push(&gw->idle, &u->idle);
}

void gateway__users_expire(struct gateway *gw)
{
    uint64_t now = uv_now(gw->loop);
    while (!list_empty(&gw->idle)) {
        struct user *u = container_of(gw->idle.next, struct user, idle);
        if (now - u->idle_since < gw->linger_ms)
            return;
        list_remove(&u->idle);
        char chan[CHANNEL_USER_MAX];
        int n = keys_user_channel(chan, u->id, u->len);
        const char *ch = chan;
        size_t len = n < 0 ? 0 : (size_t)n;
        /* Freed when Redis confirms: a confirmation must find no stranger. */
        if (u->state != USER_DOWN && n >= 0 && redis_pubsub(gw->sub, false, 1, &ch, &len) == 0)
            u->state = USER_LEAVING;
        else
            users_free_one(gw, u);
    }
}

/* After a reconnect Redis holds none of our channels: subscribe every user
 * that has connections again, in batches; each session then replays from its
 * own position, so what was published meanwhile is not lost. */
static void users_resubscribe(struct gateway *gw)
{
    size_t n = 0, cap = 64;
    struct user **todo = xmalloc(cap * sizeof(*todo));
    for (size_t i = 0; i < gw->nbuckets; i++) {
        for (struct user *u = gw->buckets[i]; u; u = u->next) {
            if (u->state != USER_DOWN || list_empty(&u->conns))
                continue;
            if (n == cap)
                todo = xrealloc(todo, (cap *= 2) * sizeof(*todo));
            todo[n++] = u;
        }
    }
    const char *chans[USERS_SUBSCRIBE_BATCH];
    size_t lens[USERS_SUBSCRIBE_BATCH];
    struct user *batch[USERS_SUBSCRIBE_BATCH];
    char *names = xmalloc(USERS_SUBSCRIBE_BATCH * CHANNEL_USER_MAX);
    for (size_t start = 0; start < n; start += USERS_SUBSCRIBE_BATCH) {
        size_t k = n - start < USERS_SUBSCRIBE_BATCH ? n - start : USERS_SUBSCRIBE_BATCH;
        size_t m = 0;
        for (size_t j = 0; j < k; j++) {
            struct user *u = todo[start + j];
            char *name = names + m * CHANNEL_USER_MAX;
            int len = keys_user_channel(name, u->id, u->len);
            if (len < 0)
                continue; /* stays down: its id makes no channel name */
            chans[m] = name;
            lens[m] = (size_t)len;
            batch[m++] = u;
        }
        if (m > 0 && redis_pubsub(gw->sub, true, m, chans, lens) < 0)
            break; /* down again: the next up event starts over */
        for (size_t j = 0; j < m; j++) {
            batch[j]->sub_pending++;
            batch[j]->state = USER_SUBSCRIBING;
        }
    }
    free(names);
    free(todo);
}

void gateway__users_on_redis(struct gateway *gw, bool up)
{
    if (up) {
        users_resubscribe(gw);
        return;
    }
    /* Redis dropped every subscription and will confirm nothing more. */
    for (size_t i = 0; i < gw->nbuckets; i++) {
        struct user *next;
        for (struct user *u = gw->buckets[i]; u; u = next) {
            next = u->next;
            u->sub_pending = 0;
            if (list_empty(&u->conns)) {
                users_free_one(gw, u);
                continue;
            }
            u->state = USER_DOWN;
            struct list *pos;
            list_foreach(pos, &u->conns)
            {
                struct session *s = ws_conn_data(ws_conn_from_link(pos));
                if (s->state == SESSION_LIVE || s->state == SESSION_REPLAY)
                    s->state = SESSION_WAIT;
            }
        }
    }
}

static void users_on_confirm(struct gateway *gw, struct user *u, bool subscribed)
{
    if (!subscribed) {
        if (u->state == USER_LEAVING && u->sub_pending == 0 && list_empty(&u->conns))
            users_free_one(gw, u);
        return;
    }
    if (u->sub_pending > 0)
        u->sub_pending--;
    if (u->sub_pending > 0 || u->state != USER_SUBSCRIBING)
        return;
    u->state = USER_LIVE;
    struct list *pos;
    list_foreach(pos, &u->conns)
    {
        struct session *s = ws_conn_data(ws_conn_from_link(pos));
        if (s->state == SESSION_WAIT)
            gateway__session_replay(s);
    }
}

/* Hands one event to every connection of u; the frame is encoded once, and
 * only when someone is there to get it. */
static void users_deliver(struct gateway *gw, struct user *u, int64_t seq, const char *msg,
                          size_t len)
{
    struct ws_frame *f = NULL;
    struct list *pos, *tmp;
    u->walkers++;
    list_foreach_safe(pos, tmp, &u->conns)
    {
        struct session *s = ws_conn_data(ws_conn_from_link(pos));
        if (f == NULL)
            f = ws_frame_new_text(msg, len);
        gateway__session_event(s, seq, f);
    }
    u->walkers--;
    if (f)
        ws_frame_unref(f);
    gw->stats.events++;
}

void gateway__users_on_pubsub(struct redis *r, enum redis_pubsub_kind kind, const char *channel,
                              size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    struct gateway *gw = data;
    size_t id_len;
    const char *id = keys_channel_user(channel, channel_len, &id_len);
    if (id == NULL)
        return;
    struct user *u = gateway__user_find(gw, id, id_len);
    if (u == NULL)
        return; /* left since: the UNSUBSCRIBE is on its way */
    if (kind == REDIS_PUBSUB_MESSAGE)
        users_deliver(gw, u, events_seq(msg, len), msg, len);
    else
        users_on_confirm(gw, u, kind == REDIS_PUBSUB_SUBSCRIBED);
}

/* A publisher that does not use events_publish() (e.g. redis-cli PUBLISH
 * problem_done '{"userId":...}'): routed by its userId. Events that carry a
 * seq came through events_publish() and reached us on the user's channel. */
void gateway__on_done(struct redis *r, const char *pattern, const char *channel, size_t channel_len,
                      const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct gateway *gw = data;
    if (events_seq(msg, len) >= 0)
        return;
    cJSON *doc = cJSON_ParseWithLength(msg, len);
    const cJSON *uid = cJSON_GetObjectItemCaseSensitive(doc, "userId");
    if (cJSON_IsString(uid)) {
        struct user *u = gateway__user_find(gw, uid->valuestring, strlen(uid->valuestring));
        if (u)
            users_deliver(gw, u, -1, msg, len);
    }
    cJSON_Delete(doc);
}

void gateway__on_broadcast(struct redis *r, const char *pattern, const char *channel,
                           size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct gateway *gw = data;
    gw->stats.broadcasts++;
    uint64_t t0 = uv_hrtime(), sent = 0;
    struct ws_frame *f = ws_frame_new_text(msg, len);
    for (size_t i = 0; i < gw->nbuckets; i++) {
        for (struct user *u = gw->buckets[i]; u; u = u->next) {
            /* A failed send closes its session now; the pin keeps the user
             * (and so u->next) alive until the walk is past it. */
            struct list *pos, *tmp;
            u->walkers++;
            list_foreach_safe(pos, tmp, &u->conns)
            {
                struct session *s = ws_conn_data(ws_conn_from_link(pos));
                if (s->ready && ws_send_frame(s->c, f) >= 0)
                    sent++;
            }
            u->walkers--;
        }
    }
    ws_frame_unref(f);
    gw->stats.frames += sent;
    /* Mostly the kernel's time: one write per connection (bench/RESULTS.md). */
    gw->stats.broadcast_last_ns = uv_hrtime() - t0;
    log_info("broadcast: %llu connections in %.1f ms", (unsigned long long)sent,
             (double)gw->stats.broadcast_last_ns / 1e6);
}
