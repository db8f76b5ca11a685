/* User events on Redis: numbered, kept for replay and published in one Lua
 * script per event (see events.h for the keys and the contract). */
#include "store/events.h"

#include "contract/ids.h"
#include "store/internal.h"
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The history expires a day after a user's last event; the counter lives a
 * week, so a client back within the week is told of a gap rather than
 * silently restarting from 1. */
#define EVENTS_HISTORY_TTL "86400"
#define EVENTS_SEQ_TTL "604800"
#define EVENTS_KEY_MAX (EVENTS_USER_MAX + 16)

/* KEYS: seq counter, history. ARGV: event, user channel, problem_done (or run_done),
 * durable, cap, history ttl, counter ttl. Numbering, keeping and publishing
 * happen atomically, so a client that reads the history after seeing an
 * event on its channel always finds that event there. */
static const char publish_lua[] =
    "local n = 0\n"
    "if ARGV[4] == '1' then\n"
    "  n = redis.call('INCR', KEYS[1])\n"
    "  redis.call('EXPIRE', KEYS[1], ARGV[7])\n"
    "end\n"
    "local body = string.sub(ARGV[1], 2)\n"
    "local ev\n"
    "if string.match(body, '^%s*}') then ev = '{\"seq\":' .. n .. '}'\n"
    "else ev = '{\"seq\":' .. n .. ',' .. body end\n"
    "if n > 0 then\n"
    "  redis.call('ZADD', KEYS[2], n, ev)\n"
    "  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[5]) + 1))\n"
    "  redis.call('EXPIRE', KEYS[2], ARGV[6])\n"
    "end\n"
    "redis.call('PUBLISH', ARGV[2], ev)\n"
    "redis.call('PUBLISH', ARGV[3], ev)\n"
    "return n\n";

/* KEYS: seq counter, history. ARGV: since. Returns {seq, gap, events...}. */
static const char replay_lua[] =
    "local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
    "local since = tonumber(ARGV[1])\n"
    "if since < 0 then return {cur, 0} end\n"
    "local gap = 0\n"
    "if since > cur then since = 0; gap = 1 end\n"
    "local evs = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. since, '+inf', 'WITHSCORES')\n"
    "if #evs > 0 then\n"
    "  if tonumber(evs[2]) > since + 1 then gap = 1 end\n"
    "elseif cur > since then gap = 1 end\n"
    "local out = {cur, gap}\n"
    "for i = 1, #evs, 2 do out[#out + 1] = evs[i] end\n"
    "return out\n";

/* The data of the reply and result callbacks below is a store__call
 * (store/internal.h): the caller's callback and data. */

bool events_broadcast_id_valid(const char *id, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)id[i];
        if (ch < 0x20 || ch == 0x7f)
            return false;
    }
    return true;
}

long long events_seq(const char *json, size_t len)
{
    static const char head[] = "{\"seq\":";
    size_t hl = sizeof(head) - 1;
    if (len <= hl || memcmp(json, head, hl) != 0)
        return -1;
    long long n = 0;
    size_t i = hl;
    for (; i < len && json[i] >= '0' && json[i] <= '9' && i < hl + 18; i++)
        n = n * 10 + (json[i] - '0');
    if (i == hl || i == len || (json[i] != ',' && json[i] != '}'))
        return -1;
    return n;
}

/* The user's keys, with the id as a hash tag so that both land on one slot
 * of a Redis Cluster. */
static void events_keys(const char *user, size_t ulen, char *seq, char *hist)
{
    snprintf(seq, EVENTS_KEY_MAX, "events:{%.*s}:seq", (int)ulen, user);
    snprintf(hist, EVENTS_KEY_MAX, "events:{%.*s}", (int)ulen, user);
}

/* A progress event is live only; everything else is durable. */
static int events_classify(const char *json, size_t len, bool *durable)
{
    if (len < 2 || json[0] != '{')
        return -EINVAL;
    cJSON *doc = cJSON_ParseWithLength(json, len);
    if (doc == NULL || !cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        return -EINVAL;
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "type");
    *durable = !(cJSON_IsString(type) && strcmp(type->valuestring, "progress") == 0);
    cJSON_Delete(doc);
    return 0;
}

int events_publish(struct redis *r, const char *user_id, const char *json, size_t len, events_cb cb,
                   void *data)
{
    return events_publish_on(r, user_id, json, len, CHANNEL_DONE, cb, data);
}

int events_publish_on(struct redis *r, const char *user_id, const char *json, size_t len,
                      const char *also, events_cb cb, void *data)
{
    size_t ulen = strlen(user_id);
    bool durable;
    if (!ids_user_valid(user_id, ulen) || events_classify(json, len, &durable) < 0)
        return -EINVAL;
    char seq[EVENTS_KEY_MAX], hist[EVENTS_KEY_MAX], chan[CHANNEL_USER_MAX], cap[16];
    if (keys_user_channel(chan, user_id, ulen) < 0)
        return -EINVAL;
    events_keys(user_id, ulen, seq, hist);
    snprintf(cap, sizeof(cap), "%d", EVENTS_HISTORY_MAX);
    const char *argv[] = {
        "EVAL", publish_lua,        "2",           seq, hist, json, chan, also, durable ? "1" : "0",
        cap,    EVENTS_HISTORY_TTL, EVENTS_SEQ_TTL};
    int argc = (int)(sizeof(argv) / sizeof(argv[0]));
    size_t lens[sizeof(argv) / sizeof(argv[0])];
    for (int i = 0; i < argc; i++)
        lens[i] = argv[i] == json ? len : strlen(argv[i]); /* json need not end in NUL */
    return store__redis_call(r, 0, argc, argv, lens, store__on_int, (store__fn)cb, data);
}

int events_broadcast(struct redis *r, const char *json, size_t len, events_cb cb, void *data)
{
    if (len < 2 || json[0] != '{')
        return -EINVAL;
    const char *argv[] = {"PUBLISH", CHANNEL_BROADCAST, json};
    size_t lens[] = {7, strlen(CHANNEL_BROADCAST), len};
    return store__redis_call(r, 0, 3, argv, lens, store__on_int, (store__fn)cb, data);
}

static void events_on_replay(struct redis *r, int status, const struct redis_reply *reply,
                             void *data)
{
    (void)r;
    void *cb_data;
    events_replay_cb cb = (events_replay_cb)store__call_end(data, &cb_data);
    struct events_replay rp = {0};
    if (status == 0 && (redis_reply_type(reply) != REDIS_T_ARRAY || redis_reply_count(reply) < 2))
        status = -EPROTO;
    if (status == 0) {
        rp.seq = redis_reply_int(redis_reply_elem(reply, 0));
        rp.gap = redis_reply_int(redis_reply_elem(reply, 1)) != 0;
        rp.count = redis_reply_count(reply) - 2;
        rp.reply = reply;
    }
    cb(status, status == 0 ? &rp : NULL, cb_data);
}

int events_replay(struct redis *r, const char *user_id, size_t user_len, long long since,
                  events_replay_cb cb, void *data)
{
    if (!ids_user_valid(user_id, user_len))
        return -EINVAL;
    char seq[EVENTS_KEY_MAX], hist[EVENTS_KEY_MAX], from[24];
    events_keys(user_id, user_len, seq, hist);
    snprintf(from, sizeof(from), "%lld", since < 0 ? -1 : since);
    const char *argv[] = {"EVAL", replay_lua, "2", seq, hist, from};
    return store__redis_call(r, 0, 6, argv, NULL, events_on_replay, (store__fn)cb, data);
}

const char *events_replay_event(const struct events_replay *rp, size_t i, size_t *len)
{
    const struct redis_reply *e = redis_reply_elem(rp->reply, i + 2);
    const char *s = redis_reply_str(e, len);
    if (s == NULL) {
        *len = 0;
        return "";
    }
    return s;
}

static void events_on_record(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    events_record_cb cb = (events_record_cb)store__call_end(data, &cb_data);
    struct events_record rec = {0};
    if (status == 0 && (pg_result_rows(res) != 1 || pg_result_cols(res) != 3))
        status = -EPROTO;
    if (status == 0) {
        rec.inserted = strcmp(pg_result_value(res, 0, 0, NULL), "1") == 0;
        rec.credited = strtol(pg_result_value(res, 0, 1, NULL), NULL, 10);
        rec.sent = strcmp(pg_result_value(res, 0, 2, NULL), "t") == 0;
    }
    cb(status, status == 0 ? &rec : NULL, cb_data);
}

int events_broadcast_record(struct pg *pg, const char *id, const char *message, long long coins,
                            events_record_cb cb, void *data)
{
    char c[STORE_NUM_MAX];
    const char *params[] = {id, message, store__num(c, coins)};
    return store__pg_call(pg, "broadcast_record", 3, params, NULL, events_on_record, (store__fn)cb,
                          data);
}

static void events_on_sent(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    events_cb cb = (events_cb)store__call_end(data, &cb_data);
    if (cb)
        cb(status, status == 0 ? pg_result_affected(res) : 0, cb_data);
}

int events_broadcast_sent(struct pg *pg, const char *id, events_cb cb, void *data)
{
    const char *params[] = {id};
    return store__pg_call(pg, "broadcast_sent", 1, params, NULL, events_on_sent, (store__fn)cb,
                          data);
}
