/* The settle requests, zips and answers on Redis (settles.h). Each side is
 * one script, so a request is never queued without its zip, and a taken
 * request comes with its zip. */
#include "store/settles.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "store/internal.h"
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ZIP_TTL_S "600"
#define ANSWER_TTL_S "60"

/* KEYS: zip, list; ARGV: zip bytes, ttl, request. */
static const char request_lua[] = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) "
                                  "return redis.call('LPUSH', KEYS[2], ARGV[3])";

/* KEYS: list; ARGV: the zip keys' prefix. Returns {request, zip or false}. */
static const char take_lua[] = "local q = redis.call('RPOP', KEYS[1]) "
                               "if not q then return nil end "
                               "local t = cjson.decode(q).token "
                               "if type(t) ~= 'string' then return {q, false} end "
                               "local k = ARGV[1] .. t "
                               "local z = redis.call('GET', k) redis.call('DEL', k) "
                               "return {q, z}";

int settles_request(struct redis *r, const char *token, const char *zip, size_t len,
                    uint64_t deadline_ms, void (*cb)(int status, void *data), void *data)
{
    char key[96];
    snprintf(key, sizeof(key), "%s%.40s", KEY_SETTLE_ZIP_PREFIX, token);
    struct buf req;
    buf_init(&req);
    buf_puts(&req, "{\"token\":");
    buf_json_str(&req, token, strlen(token));
    buf_printf(&req, ",\"deadline\":%llu}", (unsigned long long)deadline_ms);
    const char *argv[8] = {"EVAL", request_lua, "2", key, KEY_SETTLES, zip, ZIP_TTL_S, req.data};
    size_t lens[8] = {4,   strlen(request_lua), 1,      strlen(key), strlen(KEY_SETTLES),
                      len, strlen(ZIP_TTL_S),   req.len};
    int rc = store__redis_call(r, 0, 8, argv, lens, store__on_status, (store__fn)cb, data);
    buf_dispose(&req);
    return rc;
}

static void result_on_reply(struct redis *r, int status, const struct redis_reply *reply,
                            void *data)
{
    (void)r;
    void *cb_data;
    settles_result_cb cb = (settles_result_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    cb(status, v && len ? v : NULL, len, cb_data);
}

int settles_result(struct redis *r, const char *token, settles_result_cb cb, void *data)
{
    char key[96];
    snprintf(key, sizeof(key), "%s%.40s", KEY_SETTLE_RESULT_PREFIX, token);
    const char *argv[2] = {"GET", key};
    return store__redis_call(r, 0, 2, argv, NULL, result_on_reply, (store__fn)cb, data);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void take_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    settles_take_cb cb = (settles_take_cb)store__call_end(data, &cb_data);
    if (status < 0 || redis_reply_type(reply) != REDIS_T_ARRAY || redis_reply_count(reply) != 2) {
        cb(status, NULL, 0, NULL, 0, cb_data);
        return;
    }
    size_t qlen = 0, zlen = 0;
    const char *q = redis_reply_str(redis_reply_elem(reply, 0), &qlen);
    const char *zip = redis_reply_str(redis_reply_elem(reply, 1), &zlen);
    cJSON *doc = q ? cJSON_ParseWithLength(q, qlen) : NULL;
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
    const cJSON *dl = cJSON_GetObjectItemCaseSensitive(doc, "deadline");
    /* A malformed request, or one its api gave up on, is dropped. */
    if (cJSON_IsString(tok) && strlen(tok->valuestring) < SETTLES_TOKEN_MAX && cJSON_IsNumber(dl) &&
        dl->valuedouble > (double)now_ms())
        cb(0, tok->valuestring, (uint64_t)dl->valuedouble, zip, zlen, cb_data);
    else
        cb(0, NULL, 0, NULL, 0, cb_data);
    cJSON_Delete(doc);
}

int settles_take(struct redis *r, settles_take_cb cb, void *data)
{
    const char *argv[5] = {"EVAL", take_lua, "1", KEY_SETTLES, KEY_SETTLE_ZIP_PREFIX};
    return store__redis_call(r, 0, 5, argv, NULL, take_on_reply, (store__fn)cb, data);
}

int settles_answer(struct redis *r, const char *token, const char *answer, size_t len,
                   void (*cb)(int status, void *data), void *data)
{
    char key[96];
    snprintf(key, sizeof(key), "%s%.40s", KEY_SETTLE_RESULT_PREFIX, token);
    const char *argv[5] = {"SET", key, answer, "EX", ANSWER_TTL_S};
    size_t lens[5] = {3, strlen(key), len, 2, strlen(ANSWER_TTL_S)};
    return store__redis_call(r, 0, 5, argv, lens, store__on_status, (store__fn)cb, data);
}
