/* The checker build requests and answers on Redis (checker_builds.h). */
#include "store/checker_builds.h"

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

#define ANSWER_TTL_S "60"

static void result_key(char *out, size_t size, const char *token)
{
    snprintf(out, size, "%s%.40s", KEY_CHECKER_RESULT_PREFIX, token);
}

int checker_builds_request(struct redis *r, const char *token, const char *source, size_t len,
                           uint64_t deadline_ms, void (*cb)(int status, void *data), void *data)
{
    struct buf job;
    buf_init(&job);
    buf_puts(&job, "{\"token\":");
    buf_json_str(&job, token, strlen(token));
    buf_printf(&job, ",\"deadline\":%llu,\"source\":", (unsigned long long)deadline_ms);
    buf_json_str(&job, source, len);
    buf_puts(&job, "}");
    const char *argv[3] = {"LPUSH", KEY_CHECKER_BUILDS, job.data};
    size_t lens[3] = {5, strlen(KEY_CHECKER_BUILDS), job.len};
    int rc = store__redis_call(r, 0, 3, argv, lens, store__on_status, (store__fn)cb, data);
    buf_dispose(&job);
    return rc;
}

static void result_on_reply(struct redis *r, int status, const struct redis_reply *reply,
                            void *data)
{
    (void)r;
    void *cb_data;
    checker_builds_result_cb cb = (checker_builds_result_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    if (status < 0 || v == NULL || len == 0) {
        cb(status, CHECKER_BUILD_PENDING, NULL, cb_data);
        return;
    }
    /* "<outcome>\n<message>" */
    char *text = xstrndup(v, len);
    const char *nl = strchr(text, '\n');
    int outcome = text[0] - '0';
    if (outcome < CHECKER_BUILD_OK || outcome > CHECKER_BUILD_INTERNAL)
        outcome = CHECKER_BUILD_INTERNAL;
    cb(0, (enum checker_build_outcome)outcome, nl ? nl + 1 : "", cb_data);
    free(text);
}

int checker_builds_result(struct redis *r, const char *token, checker_builds_result_cb cb,
                          void *data)
{
    char key[96];
    result_key(key, sizeof(key), token);
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
    checker_builds_take_cb cb = (checker_builds_take_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    if (v == NULL) {
        cb(status, NULL, NULL, 0, cb_data);
        return;
    }
    cJSON *doc = cJSON_ParseWithLength(v, len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(doc, "source");
    const cJSON *dl = cJSON_GetObjectItemCaseSensitive(doc, "deadline");
    /* A malformed request, or one its api gave up on, is dropped. */
    if (cJSON_IsString(tok) && strlen(tok->valuestring) < CHECKER_BUILDS_TOKEN_MAX &&
        cJSON_IsString(src) && cJSON_IsNumber(dl) && dl->valuedouble > (double)now_ms())
        cb(0, tok->valuestring, src->valuestring, strlen(src->valuestring), cb_data);
    else
        cb(0, NULL, NULL, 0, cb_data);
    cJSON_Delete(doc);
}

int checker_builds_take(struct redis *r, checker_builds_take_cb cb, void *data)
{
    const char *argv[2] = {"RPOP", KEY_CHECKER_BUILDS};
    return store__redis_call(r, 0, 2, argv, NULL, take_on_reply, (store__fn)cb, data);
}

int checker_builds_answer(struct redis *r, const char *token, enum checker_build_outcome outcome,
                          const char *msg, void (*cb)(int status, void *data), void *data)
{
    char key[96];
    result_key(key, sizeof(key), token);
    struct buf v;
    buf_init(&v);
    buf_printf(&v, "%d\n", (int)outcome);
    buf_puts(&v, msg ? msg : "");
    const char *argv[5] = {"SET", key, v.data, "EX", ANSWER_TTL_S};
    size_t lens[5] = {3, strlen(key), v.len, 2, strlen(ANSWER_TTL_S)};
    int rc = store__redis_call(r, 0, 5, argv, lens, store__on_status, (store__fn)cb, data);
    buf_dispose(&v);
    return rc;
}
