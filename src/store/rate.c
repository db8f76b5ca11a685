/* The per-user submission counter of rate.h: a fixed one-minute window, by
 * Redis's clock (the api instances' clocks may differ; Redis has one). */
#include "store/rate.h"

#include "contract/ids.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* KEYS: the user's counter. ARGV: limit. Returns {allowed, seconds left in
 * the window}. The counter expires at the end of the minute it was created
 * in (EXPIREAT on Redis's TIME), and one without an expiry (never left by
 * this script, but cheap to repair) is given one. */
static const char hit_script[] = "local now = tonumber(redis.call('TIME')[1])\n"
                                 "local n = redis.call('INCR', KEYS[1])\n"
                                 "local ttl = redis.call('TTL', KEYS[1])\n"
                                 "if ttl < 0 then\n"
                                 "  ttl = 60 - now % 60\n"
                                 "  redis.call('EXPIREAT', KEYS[1], now + ttl)\n"
                                 "end\n"
                                 "if ttl < 1 then ttl = 1 end\n"
                                 "if n > tonumber(ARGV[1]) then return {0, ttl} end\n"
                                 "return {1, ttl}\n";

static void rate_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    rate_cb cb = (rate_cb)store__call_end(data, &cb_data);
    bool allowed = false;
    long retry = 1;
    if (status == 0) {
        if (redis_reply_type(reply) == REDIS_T_ARRAY && redis_reply_count(reply) == 2 &&
            redis_reply_type(redis_reply_elem(reply, 0)) == REDIS_T_INTEGER &&
            redis_reply_type(redis_reply_elem(reply, 1)) == REDIS_T_INTEGER) {
            allowed = redis_reply_int(redis_reply_elem(reply, 0)) == 1;
            retry = (long)redis_reply_int(redis_reply_elem(reply, 1));
        } else {
            status = -EPROTO;
        }
    }
    cb(status, allowed, retry, cb_data);
}

int rate_hit(struct redis *r, const char *user, long limit, rate_cb cb, void *data)
{
    char key[sizeof(KEY_RATE_PREFIX) + IDS_USER_MAX + 1], lim[24];
    if (strlen(user) > IDS_USER_MAX)
        return -ENAMETOOLONG;
    snprintf(key, sizeof(key), "%s%s", KEY_RATE_PREFIX, user);
    snprintf(lim, sizeof(lim), "%ld", limit);
    const char *argv[5] = {"EVAL", hit_script, "1", key, lim};
    return store__redis_call(r, 0, 5, argv, NULL, rate_on_reply, (store__fn)cb, data);
}
