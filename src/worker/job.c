/* Job JSON parsing (see job.h). cJSON reads the bytes; everything it returns
 * is checked here: types, lengths, UTF-8, NUL bytes. */
#include "worker/job.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A submission id: 1 to 18 decimal digits (fits a bigint), no sign. */
static bool id_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* True when the JSON text holds an escaped NUL (\u0000 after an odd number of
 * backslashes). cJSON would end the string there and judge a truncated copy,
 * and PostgreSQL text cannot hold the byte anyway. */
static bool has_nul_escape(const char *raw, size_t len)
{
    const char *p = raw, *end = raw + len;
    while ((p = memmem(p, (size_t)(end - p), "\\u0000", 6)) != NULL) {
        size_t slashes = 0;
        for (size_t i = (size_t)(p - raw) + 1; i > 0 && raw[i - 1] == '\\'; i--)
            slashes++;
        if (slashes % 2 == 1)
            return true;
        p += 6;
    }
    return false;
}

/* Reads field name as a short string (an id). Numbers are accepted for ids
 * too, as clients send them. Returns 0, 1 when absent, -1 when invalid. */
static int short_field(const cJSON *obj, const char *name, char **out, char *reason,
                       size_t reason_len)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (f == NULL || cJSON_IsNull(f))
        return 1;
    char tmp[32];
    const char *s;
    if (cJSON_IsString(f)) {
        s = f->valuestring;
    } else if (cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble < 1e15 &&
               f->valuedouble == (double)(long long)f->valuedouble) {
        snprintf(tmp, sizeof(tmp), "%lld", (long long)f->valuedouble);
        s = tmp;
    } else {
        snprintf(reason, reason_len, "malformed job: '%s' must be a string", name);
        return -1;
    }
    size_t n = strlen(s);
    if (n == 0 || n > JOB_FIELD_MAX) {
        snprintf(reason, reason_len, "malformed job: '%s' must be 1 to %d bytes", name,
                 JOB_FIELD_MAX);
        return -1;
    }
    *out = xstrdup(s);
    return 0;
}

enum job_status job_parse(const char *raw, size_t len, size_t max_job, size_t max_code,
                          struct job *out, char *reason, size_t reason_len)
{
    memset(out, 0, sizeof(*out));
    reason[0] = '\0';
    if (len > max_job) {
        snprintf(reason, reason_len, "job of %zu bytes is over the %zu-byte limit", len, max_job);
        return JOB_TOO_LARGE;
    }
    /* PostgreSQL and every JSON consumer downstream want valid UTF-8. */
    if (!utf8_valid(raw, len)) {
        snprintf(reason, reason_len, "malformed job: not valid UTF-8");
        return JOB_MALFORMED;
    }
    cJSON *root = cJSON_ParseWithLength(raw, len);
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        snprintf(reason, reason_len, "malformed job: not a JSON object");
        return JOB_MALFORMED;
    }
    enum job_status st = JOB_MALFORMED;
    int rc = short_field(root, "submissionId", &out->submission_id, reason, reason_len);
    if (rc < 0)
        goto out;
    if (rc == 0 && !id_valid(out->submission_id)) {
        snprintf(reason, reason_len, "malformed job: bad submissionId");
        goto out;
    }
    if (short_field(root, "userId", &out->user, reason, reason_len) < 0 ||
        short_field(root, "problemId", &out->problem, reason, reason_len) < 0 ||
        short_field(root, "language", &out->language, reason, reason_len) < 0)
        goto out;
    if (out->submission_id) {
        /* The row is the truth: its code, problem and language are judged. */
        st = JOB_OK;
        goto out;
    }
    if (out->problem == NULL || out->language == NULL) {
        snprintf(reason, reason_len, "malformed job: '%s' is missing",
                 out->problem == NULL ? "problemId" : "language");
        goto out;
    }
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");
    if (!cJSON_IsString(code)) {
        snprintf(reason, reason_len, "malformed job: 'code' must be a string");
        goto out;
    }
    size_t code_len = strlen(code->valuestring);
    if (code_len > max_code) {
        snprintf(reason, reason_len, "code of %zu bytes is over the %zu-byte limit", code_len,
                 max_code);
        st = JOB_BAD_CODE;
        goto out;
    }
    if (has_nul_escape(raw, len)) {
        snprintf(reason, reason_len, "code must not contain NUL bytes");
        st = JOB_BAD_CODE;
        goto out;
    }
    out->code = xstrndup(code->valuestring, code_len);
    out->code_len = code_len;
    st = JOB_OK;
out:
    cJSON_Delete(root);
    return st;
}

void job_dispose(struct job *j)
{
    free(j->submission_id);
    free(j->user);
    free(j->problem);
    free(j->language);
    free(j->code);
    memset(j, 0, sizeof(*j));
}
