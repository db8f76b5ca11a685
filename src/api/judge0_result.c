/* A run's result (contract/run.h) as a Judge0 submission's result: the
 * status, the texts, the figures in Judge0's units, and a message in Judge0's
 * words (isolate's) with what verdict knows and Judge0 does not. */
#include "api/judge0.h"

#include "common/alloc.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* A string member as a text; "" is null where Judge0 says null (no compiler
 * output, no message). */
static void result_text(const cJSON *o, const char *name, bool empty_is_null, struct judge0_text *t)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v) || (empty_is_null && v->valuestring[0] == '\0'))
        return;
    t->len = strlen(v->valuestring);
    t->data = xstrndup(v->valuestring, t->len);
}

static double result_num(const cJSON *o, const char *name, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static bool result_flag(const cJSON *o, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* Judge0's message is isolate's ("Time limit exceeded", "Exited with error
 * status 1", "Caught fatal signal 11"); verdict's own words for what Judge0
 * cannot tell, and the run's reason for what isolate does not say. */
static void result_message(struct judge0_submission *s, const cJSON *o, const char *status)
{
    struct buf m;
    buf_init(&m);
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(o, "message");
    const char *reason = cJSON_IsString(why) ? why->valuestring : "";
    if (strcmp(status, "TLE") == 0)
        buf_puts(&m, "Time limit exceeded");
    else if (strcmp(status, "MLE") == 0)
        buf_printf(&m, "Memory limit exceeded (verdict: the run used more than its %ld KB)",
                   s->memory_limit);
    else if (strcmp(status, "OLE") == 0)
        buf_puts(&m, "Output limit exceeded (verdict)");
    else if (strcmp(status, "RE") == 0 && s->exit_signal > 0)
        buf_printf(&m, "Caught fatal signal %ld", s->exit_signal);
    else if (strcmp(status, "RE") == 0)
        buf_printf(&m, "Exited with error status %ld", s->exit_code);
    else if (strcmp(status, "IE") == 0 || strcmp(status, "BAD_INPUT") == 0)
        buf_puts(&m, reason[0] ? reason : "internal error");
    if (result_flag(o, "stdoutCut"))
        buf_puts(&m, m.len ? "; stdout cut at 64 KiB (verdict)" : "stdout cut at 64 KiB (verdict)");
    if (result_flag(o, "stderrCut"))
        buf_puts(&m, m.len ? "; stderr cut at 64 KiB (verdict)" : "stderr cut at 64 KiB (verdict)");
    if (m.len > 0) {
        s->message.len = m.len;
        s->message.data = buf_steal(&m);
    }
    buf_dispose(&m);
}

int judge0_result_apply(struct judge0_submission *s, const char *status, const char *result,
                        size_t len)
{
    if (result == NULL) {
        s->status_id = judge0_tables_status_of(status, 0);
        if (s->status_id == JUDGE0_INTERNAL_ERROR)
            s->status_id = JUDGE0_IN_QUEUE;
        return 0;
    }
    cJSON *o = cJSON_ParseWithLength(result, len);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
    if (!cJSON_IsObject(o) || !cJSON_IsString(st)) {
        cJSON_Delete(o);
        s->status_id = JUDGE0_INTERNAL_ERROR;
        return -1;
    }
    s->exit_signal = (long)result_num(o, "signal", 0);
    s->exit_code = (long)result_num(o, "exitCode", -1);
    if (s->exit_signal > 0)
        s->exit_code = -1;
    s->status_id = judge0_tables_status_of(st->valuestring, (int)s->exit_signal);
    bool compiled = strcmp(st->valuestring, "CE") != 0;
    if (compiled) {
        result_text(o, "stdout", false, &s->stdout_text);
        result_text(o, "stderr", false, &s->stderr_text);
        s->time = result_num(o, "timeMs", -1000) / 1000.0;
        s->wall_time = result_num(o, "wallMs", -1000) / 1000.0;
        s->memory = (long)result_num(o, "memoryKb", -1);
    } else {
        s->exit_code = -1;
    }
    result_text(o, "compileOutput", true, &s->compile_output);
    result_message(s, o, st->valuestring);
    cJSON_Delete(o);
    return 0;
}
