/* The input check requests and answers on Redis (input_checks.h). */
#include "store/input_checks.h"

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
    snprintf(out, size, "%s%.40s", KEY_INPUT_RESULT_PREFIX, token);
}

int input_checks_request(struct redis *r, const char *token, const char *problem, const char *input,
                         size_t len, uint64_t deadline_ms, void (*cb)(int status, void *data),
                         void *data)
{
    struct buf job;
    buf_init(&job);
    buf_puts(&job, "{\"token\":");
    buf_json_str(&job, token, strlen(token));
    buf_puts(&job, ",\"problem\":");
    buf_json_str(&job, problem, strlen(problem));
    buf_printf(&job, ",\"deadline\":%llu,\"input\":", (unsigned long long)deadline_ms);
    buf_json_str(&job, input, len);
    buf_puts(&job, "}");
    const char *argv[3] = {"LPUSH", KEY_INPUT_CHECKS, job.data};
    size_t lens[3] = {5, strlen(KEY_INPUT_CHECKS), job.len};
    int rc = store__redis_call(r, 0, 3, argv, lens, store__on_status, (store__fn)cb, data);
    buf_dispose(&job);
    return rc;
}

static void result_on_reply(struct redis *r, int status, const struct redis_reply *reply,
                            void *data)
{
    (void)r;
    void *cb_data;
    input_checks_result_cb cb = (input_checks_result_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    if (status < 0 || v == NULL || len == 0) {
        cb(status, INPUT_CHECK_PENDING, NULL, cb_data);
        return;
    }
    /* "<outcome>\n<message>" */
    char *text = xstrndup(v, len);
    const char *nl = strchr(text, '\n');
    int outcome = text[0] - '0';
    if (outcome < INPUT_CHECK_VALID || outcome > INPUT_CHECK_INTERNAL)
        outcome = INPUT_CHECK_INTERNAL;
    cb(0, (enum input_check_outcome)outcome, nl ? nl + 1 : "", cb_data);
    free(text);
}

int input_checks_result(struct redis *r, const char *token, input_checks_result_cb cb, void *data)
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
    input_checks_take_cb cb = (input_checks_take_cb)store__call_end(data, &cb_data);
    size_t len = 0;
    const char *v = status == 0 ? redis_reply_str(reply, &len) : NULL;
    if (v == NULL) {
        cb(status, NULL, cb_data);
        return;
    }
    cJSON *doc = cJSON_ParseWithLength(v, len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(doc, "problem");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(doc, "input");
    const cJSON *dl = cJSON_GetObjectItemCaseSensitive(doc, "deadline");
    /* A malformed request, or one its api gave up on, is dropped. An input
     * with a NUL byte cannot pass the JSON text intact: the api refuses
     * those before asking. */
    if (cJSON_IsString(tok) && strlen(tok->valuestring) < INPUT_CHECKS_TOKEN_MAX &&
        cJSON_IsString(pid) && cJSON_IsString(in) && cJSON_IsNumber(dl) &&
        dl->valuedouble > (double)now_ms()) {
        struct input_check_request req = {.token = tok->valuestring,
                                          .problem = pid->valuestring,
                                          .input = in->valuestring,
                                          .input_len = strlen(in->valuestring)};
        cb(0, &req, cb_data);
    } else {
        cb(0, NULL, cb_data);
    }
    cJSON_Delete(doc);
}

int input_checks_take(struct redis *r, input_checks_take_cb cb, void *data)
{
    const char *argv[2] = {"RPOP", KEY_INPUT_CHECKS};
    return store__redis_call(r, 0, 2, argv, NULL, take_on_reply, (store__fn)cb, data);
}

int input_checks_answer(struct redis *r, const char *token, enum input_check_outcome outcome,
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
