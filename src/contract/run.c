/* Run jobs and results as JSON, both ways (see run.h). cJSON reads the bytes;
 * everything it returns is checked here. The api's body goes through
 * job_parse_body() first, so a run's code, language and ids follow exactly
 * the rules of a submission's. */
#include "contract/run.h"

#include "common/utf8.h"
#include "contract/ids.h"
#include "contract/job.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

static bool run_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool run_id_valid(const char *s, size_t len)
{
    if (len != RUN_ID_LEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !run_hex(s[i]))
            return false;
    }
    return true;
}

int run_id_new(char out[RUN_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[16];
    ssize_t n = getrandom(r, sizeof(r), 0);
    if (n < 0)
        return -errno;
    if ((size_t)n != sizeof(r))
        return -EIO;
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40); /* version 4 */
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    size_t o = 0;
    for (size_t i = 0; i < sizeof(r); i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[r[i] >> 4];
        out[o++] = hex[r[i] & 15];
    }
    out[o] = '\0';
    return 0;
}

bool run_job_is(const char *raw, size_t len)
{
    /* The usual job is a submission's: one fast pass says no. */
    if (memmem(raw, len, "\"runId\"", 7) == NULL)
        return false;
    cJSON *doc = cJSON_ParseWithLength(raw, len);
    bool is = cJSON_IsObject(doc) && cJSON_GetObjectItemCaseSensitive(doc, "runId") != NULL;
    cJSON_Delete(doc);
    return is;
}

static int run_fail(char *reason, size_t reason_len, const char *what, const char *field)
{
    snprintf(reason, reason_len, "malformed run job: '%s' %s", field, what);
    return -EINVAL;
}

/* Reads member name as a string: 0 with *s and *len set, 1 when absent or
 * null, -EINVAL when of another type. */
static int run_str(const cJSON *doc, const char *name, const char **s, size_t *len)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, name);
    if (f == NULL || cJSON_IsNull(f))
        return 1;
    if (!cJSON_IsString(f))
        return -EINVAL;
    *s = f->valuestring;
    *len = strlen(f->valuestring);
    return 0;
}

/* Reads a whole positive number member into *v, capped at max; absent
 * leaves *v as it is. */
static int run_uint(const cJSON *obj, const char *name, uint32_t max, uint32_t *v)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (f == NULL || cJSON_IsNull(f))
        return 0;
    double d = cJSON_IsNumber(f) ? f->valuedouble : NAN;
    /* Only a finite number is converted (JSON's 1e400 reads as infinity);
     * one past the maximum needs no conversion to be capped. */
    if (!isfinite(d) || d < 1)
        return -EINVAL;
    if (d > max) {
        *v = max;
        return 0;
    }
    if (d != (double)(uint32_t)d) /* 1 <= d <= max: the conversion is defined */
        return -EINVAL;
    *v = (uint32_t)d;
    return 0;
}

/* The run's ids: runId, userId, problemId (optional), language. */
static int run_read_ids(struct run_job *out, char *reason, size_t reason_len)
{
    const char *s = NULL;
    size_t n = 0;
    if (run_str(out->doc, "runId", &s, &n) != 0 || !run_id_valid(s, n))
        return run_fail(reason, reason_len, "must be a run id", "runId");
    out->id = s;
    if (run_str(out->doc, "userId", &s, &n) != 0 || !ids_user_valid(s, n))
        return run_fail(reason, reason_len, "must be " IDS_USER_RULE, "userId");
    out->user = s;
    int rc = run_str(out->doc, "problemId", &s, &n);
    if (rc < 0 || (rc == 0 && !ids_problem_valid(s, n)))
        return run_fail(reason, reason_len, "must be " IDS_PROBLEM_RULE, "problemId");
    out->problem = rc == 0 ? s : NULL;
    if (run_str(out->doc, "language", &s, &n) != 0 || n == 0 || n > JOB_LANGUAGE_MAX)
        return run_fail(reason, reason_len, "must be a language", "language");
    out->language = s;
    return 0;
}

/* The run's texts: code, input, expectedOutput. */
static int run_read_texts(struct run_job *out, size_t max_code, char *reason, size_t reason_len)
{
    if (run_str(out->doc, "code", &out->code, &out->code_len) != 0)
        return run_fail(reason, reason_len, "must be a string", "code");
    if (out->code_len == 0 || out->code_len > max_code) {
        snprintf(reason, reason_len, "code of %zu bytes is not 1 to %zu bytes", out->code_len,
                 max_code);
        return -EINVAL;
    }
    int rc = run_str(out->doc, "input", &out->input, &out->input_len);
    if (rc < 0 || out->input_len > RUN_INPUT_MAX)
        return run_fail(reason, reason_len, "must be a string of at most 256 KiB", "input");
    if (rc == 1)
        out->input = "";
    rc = run_str(out->doc, "expectedOutput", &out->expected, &out->expected_len);
    if (rc < 0)
        return run_fail(reason, reason_len, "must be a string", "expectedOutput");
    return 0;
}

/* The limits and the keep (defaults filled in, capped). */
static int run_read_limits(struct run_job *out, char *reason, size_t reason_len)
{
    out->cpu_ms = RUN_DEFAULT_CPU_MS;
    out->wall_ms = RUN_DEFAULT_WALL_MS;
    out->memory_kb = RUN_DEFAULT_MEMORY_KB;
    out->keep_s = RUN_KEEP_DEFAULT_S;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(out->doc, "limits");
    if (l != NULL && !cJSON_IsNull(l)) {
        if (!cJSON_IsObject(l))
            return run_fail(reason, reason_len, "must be an object", "limits");
        if (run_uint(l, "cpuMs", RUN_MAX_CPU_MS, &out->cpu_ms) < 0 ||
            run_uint(l, "wallMs", RUN_MAX_WALL_MS, &out->wall_ms) < 0 ||
            run_uint(l, "memoryKb", RUN_MAX_MEMORY_KB, &out->memory_kb) < 0)
            return run_fail(reason, reason_len, "must hold whole positive numbers", "limits");
    }
    if (run_uint(out->doc, "keepS", RUN_KEEP_MAX_S, &out->keep_s) < 0)
        return run_fail(reason, reason_len, "must be a whole positive number", "keepS");
    if (out->keep_s < RUN_KEEP_MIN_S)
        out->keep_s = RUN_KEEP_MIN_S;
    return 0;
}

int run_job_parse(const char *raw, size_t len, size_t max_code, struct run_job *out, char *reason,
                  size_t reason_len)
{
    memset(out, 0, sizeof(*out));
    /* A job refused half way is still reported, and kept this long. */
    out->keep_s = RUN_KEEP_DEFAULT_S;
    reason[0] = '\0';
    if (!utf8_valid(raw, len)) {
        snprintf(reason, reason_len, "malformed run job: not valid UTF-8");
        return -EINVAL;
    }
    out->doc = cJSON_ParseWithLength(raw, len);
    if (!cJSON_IsObject(out->doc)) {
        snprintf(reason, reason_len, "malformed run job: not a JSON object");
        return -EINVAL;
    }
    int rc = run_read_ids(out, reason, reason_len);
    /* cJSON ends a string at an escaped NUL: what it read would be a
     * truncated copy. No run carries one (the api refuses them); code that
     * spells '\u0000' is no NUL (job_nul_member() tells them apart). */
    const char *nul_name;
    size_t nul_len;
    if (rc == 0 && job_nul_member(raw, len, &nul_name, &nul_len)) {
        snprintf(reason, reason_len, "malformed run job: a field holds a NUL byte");
        rc = -EINVAL;
    }
    if (rc == 0)
        rc = run_read_texts(out, max_code, reason, reason_len);
    if (rc == 0)
        rc = run_read_limits(out, reason, reason_len);
    return rc;
}

void run_job_dispose(struct run_job *j)
{
    cJSON_Delete(j->doc);
    memset(j, 0, sizeof(*j));
}

int run_body_parse(const char *body, size_t len, bool need_user, size_t max_code,
                   struct run_body *out, struct job_error *err)
{
    memset(out, 0, sizeof(*out));
    int rc = job_parse_body(body, len, need_user, max_code, &out->base, err);
    if (rc < 0)
        return rc;
    /* job_parse_body() refused an escaped NUL anywhere, input included. */
    rc = run_str(out->base.doc, "input", &out->input, &out->input_len);
    if (rc < 0) {
        *err = (struct job_error){JOB_FAULT_TYPE, "input", 0};
    } else if (out->input_len > RUN_INPUT_MAX) {
        *err = (struct job_error){JOB_FAULT_CODE_SIZE, "input", out->input_len};
        rc = -EINVAL;
    }
    if (rc == 1)
        out->input = "";
    if (rc < 0) {
        run_body_dispose(out);
        return -EINVAL;
    }
    return 0;
}

void run_body_dispose(struct run_body *b)
{
    job_dispose(&b->base);
    memset(b, 0, sizeof(*b));
}

static void run_put(struct buf *out, const char *name, const char *s)
{
    buf_printf(out, ",\"%s\":", name);
    buf_json_str(out, s, strlen(s));
}

void run_job_build(struct buf *out, const char *id, const char *user, const char *problem,
                   const char *language, const char *code, size_t code_len, const char *input,
                   size_t input_len, const struct run_opts *opts)
{
    buf_puts(out, "{\"runId\":");
    buf_json_str(out, id, strlen(id));
    run_put(out, "userId", user);
    if (problem)
        run_put(out, "problemId", problem);
    run_put(out, "language", language);
    buf_puts(out, ",\"code\":");
    buf_json_str(out, code, code_len);
    buf_puts(out, ",\"input\":");
    buf_json_str(out, input, input_len);
    if (opts && (opts->cpu_ms || opts->wall_ms || opts->memory_kb)) {
        const char *sep = "";
        buf_puts(out, ",\"limits\":{");
        const struct {
            const char *name;
            uint32_t v;
        } l[] = {{"cpuMs", opts->cpu_ms}, {"wallMs", opts->wall_ms}, {"memoryKb", opts->memory_kb}};
        for (size_t i = 0; i < 3; i++) {
            if (l[i].v == 0)
                continue;
            buf_printf(out, "%s\"%s\":%u", sep, l[i].name, (unsigned)l[i].v);
            sep = ",";
        }
        buf_puts(out, "}");
    }
    if (opts && opts->expected) {
        buf_puts(out, ",\"expectedOutput\":");
        buf_json_str(out, opts->expected, opts->expected_len);
    }
    if (opts && opts->keep_s)
        buf_printf(out, ",\"keepS\":%u", (unsigned)opts->keep_s);
    buf_puts(out, "}");
}
