/* Judge0's submission bodies and query parameters, checked as Judge0's
 * Submission model checks them, with its messages (Rails' validations). */
#include "api/judge0.h"

#include "common/alloc.h"
#include "common/utf8.h"
#include "contract/run.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON number, or a string holding one (Rails casts "4" to 4). Returns 1
 * with *out set, 0 when absent or null, -1 when not a number. */
static int parse_number(const cJSON *obj, const char *name, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (v == NULL || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return isfinite(*out) ? 1 : -1;
    }
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return cJSON_IsString(v) ? 0 : -1;
    char *end;
    errno = 0;
    *out = strtod(v->valuestring, &end);
    while (*end == ' ')
        end++;
    if (errno != 0 || *end != '\0' || !isfinite(*out))
        return -1;
    return 1;
}

/* A limit in (0, max]: Rails' numericality messages. Ruby prints a Float
 * bound as "15.0" and an Integer one as "512000". */
static void parse_limit(const cJSON *obj, const char *name, double max, bool integer, double *out,
                        struct judge0_errors *e)
{
    double v;
    int rc = parse_number(obj, name, &v);
    if (rc == 0)
        return;
    char msg[96];
    if (rc < 0) {
        judge0_errors_add(e, name, "is not a number");
        return;
    }
    if (integer && v != floor(v)) {
        judge0_errors_add(e, name, "must be an integer");
        return;
    }
    if (v <= 0) {
        judge0_errors_add(e, name, "must be greater than 0");
        return;
    }
    if (v > max) {
        if (integer)
            snprintf(msg, sizeof(msg), "must be less than or equal to %.0f", max);
        else
            snprintf(msg, sizeof(msg), "must be less than or equal to %.1f", max);
        judge0_errors_add(e, name, msg);
        return;
    }
    *out = v;
}

static void parse_long_limit(const cJSON *obj, const char *name, long max, long *out,
                             struct judge0_errors *e)
{
    double v = (double)*out;
    parse_limit(obj, name, (double)max, true, &v, e);
    *out = (long)v;
}

/* A text attribute: a string or null; decoded from base64 when asked.
 * Returns false (with an error added) for another type. */
static bool parse_text(const cJSON *obj, const char *name, bool base64, struct judge0_text *out,
                       struct judge0_errors *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (v == NULL || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsString(v)) {
        judge0_errors_add(e, name, "must be a string");
        return false;
    }
    struct buf b;
    buf_init(&b);
    size_t len = strlen(v->valuestring);
    if (base64)
        judge0_base64_decode(&b, v->valuestring, len);
    else
        buf_append(&b, v->valuestring, len);
    out->len = b.len;
    out->data = b.data != NULL ? buf_steal(&b) : xstrdup("");
    return true;
}

/* A boolean Judge0 accepts only as false here (we cannot honour true). */
static bool parse_flag(const cJSON *obj, const char *name, struct judge0_errors *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return false;
    if (cJSON_IsString(v) && (strcmp(v->valuestring, "false") == 0 || v->valuestring[0] == '\0'))
        return false;
    judge0_errors_add(e, name, "this option cannot be enabled");
    return true;
}

/* Attributes Judge0 has and verdict refuses when set: an empty or null value
 * is accepted. */
static void parse_refused(const cJSON *obj, const char *name, const char *msg,
                          struct judge0_errors *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (v == NULL || cJSON_IsNull(v) || (cJSON_IsString(v) && v->valuestring[0] == '\0'))
        return;
    judge0_errors_add(e, name, msg);
}

/* What a run job can carry: UTF-8 text (JSON, and the job reader refuses
 * anything else) without NUL, the input at most RUN_INPUT_MAX bytes. Bytes
 * decoded from base64 that are no UTF-8 text would otherwise make a job no
 * worker can read, and a run that stays "In Queue". */
static void parse_fits(const char *name, const struct judge0_text *t, size_t max,
                       struct judge0_errors *e)
{
    if (t->data == NULL)
        return;
    if (memchr(t->data, '\0', t->len) != NULL)
        judge0_errors_add(e, name, "must not contain a null byte");
    else if (!utf8_valid(t->data, t->len))
        judge0_errors_add(e, name, "must be UTF-8 text");
    else if (t->len > max)
        judge0_errors_add(e, name, "is too long");
}

static bool parse_blank(const struct judge0_text *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (t->data[i] != ' ' && t->data[i] != '\t' && t->data[i] != '\n' && t->data[i] != '\r')
            return false;
    return true;
}

static void parse_language(const cJSON *obj, struct judge0_submission *s, struct judge0_errors *e)
{
    double id;
    int rc = parse_number(obj, "language_id", &id);
    if (rc <= 0 || id != floor(id)) {
        judge0_errors_add(e, "language_id", "can't be blank");
        return;
    }
    s->language = fabs(id) < 1e9 ? judge0_tables_language((long)id) : NULL;
    if (s->language == NULL) {
        char msg[96];
        snprintf(msg, sizeof(msg), "language with id %.0f doesn't exist", id);
        judge0_errors_add(e, "language_id", msg);
    }
}

static void parse_callback(const cJSON *obj, struct judge0_submission *s, struct judge0_errors *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "callback_url");
    if (v == NULL || cJSON_IsNull(v) || (cJSON_IsString(v) && v->valuestring[0] == '\0'))
        return;
    if (!cJSON_IsString(v)) {
        judge0_errors_add(e, "callback_url", "must be a string");
        return;
    }
    s->callback_url = xstrdup(v->valuestring);
}

static void parse_limits(const cJSON *obj, struct judge0_submission *s, struct judge0_errors *e)
{
    parse_long_limit(obj, "number_of_runs", JUDGE0_MAX_NUMBER_OF_RUNS, &s->number_of_runs, e);
    parse_limit(obj, "cpu_time_limit", JUDGE0_MAX_CPU_TIME_LIMIT, false, &s->cpu_time_limit, e);
    parse_limit(obj, "cpu_extra_time", JUDGE0_MAX_CPU_EXTRA_TIME, false, &s->cpu_extra_time, e);
    parse_limit(obj, "wall_time_limit", JUDGE0_MAX_WALL_TIME_LIMIT, false, &s->wall_time_limit, e);
    parse_long_limit(obj, "memory_limit", JUDGE0_MAX_MEMORY_LIMIT, &s->memory_limit, e);
    parse_long_limit(obj, "stack_limit", JUDGE0_MAX_STACK_LIMIT, &s->stack_limit, e);
    parse_long_limit(obj, "max_processes_and_or_threads", JUDGE0_MAX_MAX_PROCESSES,
                     &s->max_processes, e);
    s->per_process_time = parse_flag(obj, "enable_per_process_and_thread_time_limit", e);
    s->per_process_memory = parse_flag(obj, "enable_per_process_and_thread_memory_limit", e);
    parse_long_limit(obj, "max_file_size", JUDGE0_MAX_MAX_FILE_SIZE, &s->max_file_size, e);
}

/* The checks run in the order of Judge0's model, so that a body with several
 * faults gets its fields in Judge0's order. */
int judge0_parse_object(const void *obj_, bool base64, size_t max_code, struct judge0_submission *s,
                        struct judge0_errors *e)
{
    const cJSON *obj = obj_;
    judge0_submission_init(s);
    if (!cJSON_IsObject(obj)) {
        judge0_errors_add(e, "source_code", "can't be blank");
        judge0_errors_add(e, "language_id", "can't be blank");
        return 422;
    }
    if (parse_text(obj, "source_code", base64, &s->source_code, e)) {
        if (s->source_code.data == NULL || parse_blank(&s->source_code))
            judge0_errors_add(e, "source_code", "can't be blank");
        else
            parse_fits("source_code", &s->source_code, max_code, e);
    }
    parse_language(obj, s, e);
    if (parse_text(obj, "stdin", base64, &s->stdin_text, e))
        parse_fits("stdin", &s->stdin_text, RUN_INPUT_MAX, e);
    if (parse_text(obj, "expected_output", base64, &s->expected_output, e))
        parse_fits("expected_output", &s->expected_output, RUN_INPUT_MAX, e);
    parse_limits(obj, s, e);
    parse_refused(obj, "compiler_options", "setting compiler options is not allowed", e);
    parse_refused(obj, "command_line_arguments", "setting command line arguments is not allowed",
                  e);
    s->redirect_stderr = parse_flag(obj, "redirect_stderr_to_stdout", e);
    parse_refused(obj, "additional_files", "additional files are not supported", e);
    s->enable_network = parse_flag(obj, "enable_network", e);
    parse_callback(obj, s, e);
    return e->n > 0 ? 422 : 0;
}

int judge0_parse_body(const char *body, size_t len, bool base64, size_t max_code,
                      struct judge0_submission *s, struct judge0_errors *e, char *err,
                      size_t errlen)
{
    judge0_submission_init(s);
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        snprintf(err, errlen, "{\"error\":\"the body must be a JSON object\"}");
        return 400;
    }
    int rc = judge0_parse_object(root, base64, max_code, s, e);
    cJSON_Delete(root);
    return rc;
}

static int parse_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes [s, s + len) ('+' is a space) into out. */
static void parse_unescape(struct buf *out, const char *s, size_t len)
{
    buf_reset(out);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+')
            c = ' ';
        else if (c == '%' && i + 2 < len && parse_hex(s[i + 1]) >= 0 && parse_hex(s[i + 2]) >= 0) {
            c = (char)(parse_hex(s[i + 1]) * 16 + parse_hex(s[i + 2]));
            i += 2;
        }
        buf_append(out, &c, 1);
    }
    buf_append(out, "", 0);
}

/* tokens=a,b,c: kept in order; one that cannot be a token still counts (it
 * is answered null, as Judge0 answers a token it does not have). */
static void parse_tokens(const char *v, size_t len, struct judge0_query *q)
{
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && v[i] != ',')
            i++;
        size_t b = s, e = i;
        while (b < e && v[b] == ' ')
            b++;
        while (e > b && v[e - 1] == ' ')
            e--;
        i++;
        if (b == e)
            continue;
        if (q->ntokens > JUDGE0_BATCH_MAX)
            return;
        char *t = q->tokens[q->ntokens++];
        if (e - b != JUDGE0_TOKEN_LEN) {
            t[0] = '\0';
            q->tokens_bad = true;
            continue;
        }
        memcpy(t, v + b, JUDGE0_TOKEN_LEN);
        t[JUDGE0_TOKEN_LEN] = '\0';
    }
}

static int parse_param(const char *k, size_t klen, const char *v, size_t vlen,
                       struct judge0_query *out, char *err, size_t errlen)
{
#define PARSE_IS(name) (klen == sizeof(name) - 1 && memcmp(k, name, klen) == 0)
    if (PARSE_IS("base64_encoded"))
        out->base64_encoded = vlen == 4 && memcmp(v, "true", 4) == 0;
    else if (PARSE_IS("wait"))
        out->wait = vlen == 4 && memcmp(v, "true", 4) == 0;
    else if (PARSE_IS("tokens"))
        parse_tokens(v, vlen, out);
    else if (PARSE_IS("fields")) {
        char msg[512];
        if (judge0_fields_parse(v, vlen, &out->fields, msg, sizeof(msg)) < 0) {
            struct buf b;
            buf_init(&b);
            buf_puts(&b, "{\"error\":");
            buf_json_str(&b, msg, strlen(msg));
            buf_puts(&b, "}");
            snprintf(err, errlen, "%s", b.data);
            buf_dispose(&b);
            return 400;
        }
    }
#undef PARSE_IS
    return 0;
}

int judge0_parse_query(const char *q, size_t len, struct judge0_query *out, char *err,
                       size_t errlen)
{
    memset(out, 0, sizeof(*out));
    out->fields = judge0_fields_default();
    struct buf key, val;
    buf_init(&key);
    buf_init(&val);
    int rc = 0;
    size_t i = 0;
    while (q != NULL && i < len && rc == 0) {
        size_t s = i;
        while (i < len && q[i] != '&')
            i++;
        size_t eq = s;
        while (eq < i && q[eq] != '=')
            eq++;
        parse_unescape(&key, q + s, eq - s);
        parse_unescape(&val, q + (eq < i ? eq + 1 : i), eq < i ? i - eq - 1 : 0);
        rc = parse_param(key.data, key.len, val.data, val.len, out, err, errlen);
        i++;
    }
    buf_dispose(&key);
    buf_dispose(&val);
    return rc;
}
