/* A Judge0 submission as the api keeps it (one Redis value per token): every
 * attribute, text in base64 so that any bytes survive, numbers as numbers. */
#include "api/judge0.h"

#include "common/alloc.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <string.h>

static void store_text(struct buf *out, const char *name, const struct judge0_text *t)
{
    if (t->data == NULL)
        return;
    buf_printf(out, ",\"%s\":\"", name);
    struct buf b;
    buf_init(&b);
    judge0_base64_encode(&b, t->data, t->len);
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] != '\n')
            buf_append(out, &b.data[i], 1);
    buf_dispose(&b);
    buf_puts(out, "\"");
}

void judge0_store_write(struct buf *out, const struct judge0_submission *s)
{
    buf_printf(out, "{\"token\":\"%s\",\"language_id\":%d,\"status_id\":%d", s->token,
               s->language ? s->language->id : 0, s->status_id);
    buf_printf(out,
               ",\"cpu_time_limit\":%.6g,\"cpu_extra_time\":%.6g,\"wall_time_limit\":%.6g"
               ",\"memory_limit\":%ld,\"stack_limit\":%ld,\"max_processes\":%ld"
               ",\"max_file_size\":%ld,\"number_of_runs\":%ld",
               s->cpu_time_limit, s->cpu_extra_time, s->wall_time_limit, s->memory_limit,
               s->stack_limit, s->max_processes, s->max_file_size, s->number_of_runs);
    buf_printf(out,
               ",\"time\":%.6g,\"wall_time\":%.6g,\"memory\":%ld,\"exit_code\":%ld"
               ",\"exit_signal\":%ld,\"created_at\":%lld,\"finished_at\":%lld",
               s->time, s->wall_time, s->memory, s->exit_code, s->exit_signal,
               (long long)s->created_at_ms, (long long)s->finished_at_ms);
    if (s->user[0] != '\0') {
        buf_puts(out, ",\"user\":");
        buf_json_str(out, s->user, strlen(s->user));
    }
    if (s->callback_url != NULL) {
        buf_puts(out, ",\"callback_url\":");
        buf_json_str(out, s->callback_url, strlen(s->callback_url));
    }
    store_text(out, "source_code", &s->source_code);
    store_text(out, "stdin", &s->stdin_text);
    store_text(out, "expected_output", &s->expected_output);
    store_text(out, "stdout", &s->stdout_text);
    store_text(out, "stderr", &s->stderr_text);
    store_text(out, "compile_output", &s->compile_output);
    store_text(out, "message", &s->message);
    buf_puts(out, "}");
}

static double store_num(const cJSON *o, const char *name, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static void store_read_text(const cJSON *o, const char *name, struct judge0_text *t)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v))
        return;
    struct buf b;
    buf_init(&b);
    judge0_base64_decode(&b, v->valuestring, strlen(v->valuestring));
    t->len = b.len;
    t->data = b.data != NULL ? buf_steal(&b) : xstrdup("");
}

static void store_read_numbers(const cJSON *o, struct judge0_submission *s)
{
    s->status_id = (int)store_num(o, "status_id", JUDGE0_INTERNAL_ERROR);
    s->cpu_time_limit = store_num(o, "cpu_time_limit", s->cpu_time_limit);
    s->cpu_extra_time = store_num(o, "cpu_extra_time", s->cpu_extra_time);
    s->wall_time_limit = store_num(o, "wall_time_limit", s->wall_time_limit);
    s->memory_limit = (long)store_num(o, "memory_limit", (double)s->memory_limit);
    s->stack_limit = (long)store_num(o, "stack_limit", (double)s->stack_limit);
    s->max_processes = (long)store_num(o, "max_processes", (double)s->max_processes);
    s->max_file_size = (long)store_num(o, "max_file_size", (double)s->max_file_size);
    s->number_of_runs = (long)store_num(o, "number_of_runs", (double)s->number_of_runs);
    s->time = store_num(o, "time", -1);
    s->wall_time = store_num(o, "wall_time", -1);
    s->memory = (long)store_num(o, "memory", -1);
    s->exit_code = (long)store_num(o, "exit_code", -1);
    s->exit_signal = (long)store_num(o, "exit_signal", 0);
    s->created_at_ms = (int64_t)store_num(o, "created_at", 0);
    s->finished_at_ms = (int64_t)store_num(o, "finished_at", 0);
}

int judge0_store_read(const char *json, size_t len, struct judge0_submission *s)
{
    judge0_submission_init(s);
    cJSON *o = cJSON_ParseWithLength(json, len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(o, "token");
    if (!cJSON_IsString(tok) || strlen(tok->valuestring) != JUDGE0_TOKEN_LEN) {
        cJSON_Delete(o);
        return -1;
    }
    memcpy(s->token, tok->valuestring, JUDGE0_TOKEN_LEN + 1);
    s->language = judge0_tables_language((long)store_num(o, "language_id", 0));
    store_read_numbers(o, s);
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(o, "user");
    if (cJSON_IsString(user) && strlen(user->valuestring) < sizeof(s->user))
        memcpy(s->user, user->valuestring, strlen(user->valuestring) + 1);
    const cJSON *cb = cJSON_GetObjectItemCaseSensitive(o, "callback_url");
    if (cJSON_IsString(cb))
        s->callback_url = xstrdup(cb->valuestring);
    store_read_text(o, "source_code", &s->source_code);
    store_read_text(o, "stdin", &s->stdin_text);
    store_read_text(o, "expected_output", &s->expected_output);
    store_read_text(o, "stdout", &s->stdout_text);
    store_read_text(o, "stderr", &s->stderr_text);
    store_read_text(o, "compile_output", &s->compile_output);
    store_read_text(o, "message", &s->message);
    cJSON_Delete(o);
    return 0;
}

long judge0_store_ttl_s(long keep_s)
{
    return keep_s > LONG_MAX / 2 ? LONG_MAX : 2 * keep_s;
}

bool judge0_store_run_expired(int64_t created_at_ms, long keep_s, int64_t now_ms)
{
    return now_ms - created_at_ms >= (int64_t)keep_s * 1000;
}
