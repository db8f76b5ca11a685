/* The request lanes on Redis (lane.h). */
#include "store/lane.h"

#include "common/buf.h"
#include "store/internal.h"
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A number macro as a command's argument. */
#define LANE_STR_(x) #x
#define LANE_STR(x) LANE_STR_(x)

const struct lane_kind lane_checker_builds = {
    .name = "checker", .list = KEY_CHECKER_BUILDS, .result_prefix = KEY_CHECKER_RESULT_PREFIX};
const struct lane_kind lane_input_checks = {
    .name = "input", .list = KEY_INPUT_CHECKS, .result_prefix = KEY_INPUT_RESULT_PREFIX};
const struct lane_kind lane_settles = {.name = "settle",
                                       .list = KEY_SETTLES,
                                       .result_prefix = KEY_SETTLE_RESULT_PREFIX,
                                       .blob_prefix = KEY_SETTLE_ZIP_PREFIX};

static const struct lane_kind *const kinds[] = {&lane_checker_builds, &lane_input_checks,
                                                &lane_settles};

/* KEYS: list[, blob]; ARGV: request, channel, kind, blob, blob ttl. */
static const char request_lua[] = "if #KEYS > 1 then "
                                  "redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[5]) end "
                                  "local n = redis.call('LPUSH', KEYS[1], ARGV[1]) "
                                  "redis.call('PUBLISH', ARGV[2], ARGV[3]) "
                                  "return n";

/* KEYS: list; ARGV: the blobs' prefix or "", the taker's time (Unix ms).
 * Returns {request, blob or false}, or nil when the list is empty. The
 * blob of a request past its deadline is deleted unread: the taker drops
 * the request (lane_take), and a zip is up to 64 MiB. */
static const char take_lua[] = "local q = redis.call('RPOP', KEYS[1]) "
                               "if not q then return nil end "
                               "if ARGV[1] == '' then return {q, false} end "
                               "local ok, doc = pcall(cjson.decode, q) "
                               "if not ok or type(doc) ~= 'table' "
                               "or type(doc.token) ~= 'string' then return {q, false} end "
                               "local k = ARGV[1] .. doc.token "
                               "if type(doc.deadline) ~= 'number' "
                               "or doc.deadline <= tonumber(ARGV[2]) then "
                               "redis.call('DEL', k) return {q, false} end "
                               "local z = redis.call('GET', k) redis.call('DEL', k) "
                               "return {q, z}";

/* KEYS: result; ARGV: answer, ttl, channel, token. */
static const char answer_lua[] = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) "
                                 "redis.call('PUBLISH', ARGV[3], ARGV[4]) "
                                 "return 1";

const struct lane_kind *lane_kind_named(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strlen(kinds[i]->name) == len && memcmp(kinds[i]->name, name, len) == 0)
            return kinds[i];
    return NULL;
}

uint64_t lane_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* "<prefix><token>" into out (tokens longer than LANE_TOKEN_MAX are cut:
 * no request carries one, lane_take drops them). */
static void lane_key(char *out, size_t size, const char *prefix, const char *token)
{
    snprintf(out, size, "%s%.40s", prefix, token);
}

int lane_request(struct redis *r, const struct lane_kind *k, const char *token,
                 uint64_t deadline_ms, const char *members, const char *blob, size_t blob_len,
                 void (*cb)(int status, void *data), void *data)
{
    if (strlen(token) >= LANE_TOKEN_MAX || (blob != NULL && k->blob_prefix == NULL))
        return -EINVAL;
    struct buf req;
    buf_init(&req);
    buf_puts(&req, "{\"token\":");
    buf_json_str(&req, token, strlen(token));
    buf_printf(&req, ",\"deadline\":%llu", (unsigned long long)deadline_ms);
    if (members && members[0])
        buf_printf(&req, ",%s", members);
    buf_puts(&req, "}");
    char blob_key[96];
    bool with_blob = k->blob_prefix != NULL;
    if (with_blob)
        lane_key(blob_key, sizeof(blob_key), k->blob_prefix, token);
    /* The blob's key, when there is one, comes after the list's. */
    const char *argv[10] = {"EVAL", request_lua, with_blob ? "2" : "1", k->list};
    size_t lens[10] = {4, strlen(request_lua), 1, strlen(k->list)};
    int argc = 4;
    if (with_blob) {
        argv[argc] = blob_key;
        lens[argc++] = strlen(blob_key);
    }
    const char *args[5] = {req.data, CHANNEL_LANES_REQUESTED, k->name, blob ? blob : "",
                           LANE_STR(LANE_BLOB_TTL_S)};
    size_t arg_lens[5] = {req.len, strlen(CHANNEL_LANES_REQUESTED), strlen(k->name),
                          blob ? blob_len : 0, strlen(LANE_STR(LANE_BLOB_TTL_S))};
    for (int i = 0; i < 5; i++) {
        argv[argc] = args[i];
        lens[argc++] = arg_lens[i];
    }
    int rc = store__redis_call(r, 0, argc, argv, lens, store__on_status, (store__fn)cb, data);
    buf_dispose(&req);
    return rc;
}

static void result_on_reply(struct redis *r, int status, const struct redis_reply *reply,
                            void *data)
{
    (void)r;
    void *cb_data;
    lane_result_cb cb = (lane_result_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    cb(status, v && len ? v : NULL, v && len ? len : 0, cb_data);
}

int lane_result(struct redis *r, const struct lane_kind *k, const char *token, lane_result_cb cb,
                void *data)
{
    char key[96];
    lane_key(key, sizeof(key), k->result_prefix, token);
    const char *argv[2] = {"GET", key};
    return store__redis_call(r, 0, 2, argv, NULL, result_on_reply, (store__fn)cb, data);
}

static void take_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    lane_take_cb cb = (lane_take_cb)store__call_end(data, &cb_data);
    if (status < 0 || redis_reply_type(reply) != REDIS_T_ARRAY || redis_reply_count(reply) != 2) {
        cb(status, NULL, cb_data); /* nil: the list is empty */
        return;
    }
    size_t qlen = 0, blen = 0;
    const char *q = redis_reply_str(redis_reply_elem(reply, 0), &qlen);
    const char *blob = redis_reply_str(redis_reply_elem(reply, 1), &blen);
    cJSON *doc = q ? cJSON_ParseWithLength(q, qlen) : NULL;
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
    const cJSON *dl = cJSON_GetObjectItemCaseSensitive(doc, "deadline");
    /* A malformed request, or one its api gave up on, is dropped. */
    if (cJSON_IsString(tok) && strlen(tok->valuestring) < LANE_TOKEN_MAX && cJSON_IsNumber(dl) &&
        dl->valuedouble > (double)lane_now_ms()) {
        struct lane_request req = {.token = tok->valuestring,
                                   .deadline_ms = (uint64_t)dl->valuedouble,
                                   .doc = (const struct cJSON *)doc,
                                   .blob = blob,
                                   .blob_len = blob ? blen : 0};
        cb(0, &req, cb_data);
    } else {
        cb(-ESTALE, NULL, cb_data);
    }
    cJSON_Delete(doc);
}

int lane_take(struct redis *r, const struct lane_kind *k, lane_take_cb cb, void *data)
{
    const char *prefix = k->blob_prefix ? k->blob_prefix : "";
    /* The script's clock is ours: what it finds stale, take_on_reply does
     * too (it looks later). */
    char now[24];
    snprintf(now, sizeof(now), "%llu", (unsigned long long)lane_now_ms());
    const char *argv[6] = {"EVAL", take_lua, "1", k->list, prefix, now};
    return store__redis_call(r, 0, 6, argv, NULL, take_on_reply, (store__fn)cb, data);
}

int lane_answer(struct redis *r, const struct lane_kind *k, const char *token, const char *answer,
                size_t len, void (*cb)(int status, void *data), void *data)
{
    char key[96];
    lane_key(key, sizeof(key), k->result_prefix, token);
    const char *argv[8] = {
        "EVAL", answer_lua, "1", key, answer, LANE_STR(LANE_ANSWER_TTL_S), CHANNEL_LANES_ANSWERED,
        token};
    size_t lens[8] = {4,
                      strlen(answer_lua),
                      1,
                      strlen(key),
                      len,
                      strlen(LANE_STR(LANE_ANSWER_TTL_S)),
                      strlen(CHANNEL_LANES_ANSWERED),
                      strlen(token)};
    return store__redis_call(r, 0, 8, argv, lens, store__on_status, (store__fn)cb, data);
}
