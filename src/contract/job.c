/* Job JSON both ways (see job.h). cJSON reads the bytes; everything it
 * returns is checked here: types, lengths, the id rules, NUL bytes. A client's
 * body and a queue job go through the same reader, so the two cannot drift. */
#include "contract/job.h"

#include "common/utf8.h"
#include "contract/ids.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Who sent the bytes. A client is held to the API's types; a queue job may be
 * the tutorial's, pushed by hand. */
enum job_mode {
    JOB_MODE_QUEUE = 0,
    JOB_MODE_CLIENT = 1,    /* ids are strings; a submissionId is refused */
    JOB_MODE_NEED_USER = 2, /* userId is required */
};

static int job_fail(struct job_error *err, enum job_fault fault, const char *field, size_t at)
{
    *err = (struct job_error){fault, field, at};
    return -EINVAL;
}

/* Parses raw into out->doc: UTF-8, one JSON value and nothing after it but
 * whitespace, an object. */
static int job_read_doc(const char *raw, size_t len, struct job *out, struct job_error *err)
{
    if (len == 0)
        return job_fail(err, JOB_FAULT_EMPTY, NULL, 0);
    /* PostgreSQL and every JSON consumer downstream want valid UTF-8. cJSON
     * decodes escapes to valid UTF-8 (it refuses lone surrogates), so the
     * strings it returns need no second look. */
    if (!utf8_valid(raw, len))
        return job_fail(err, JOB_FAULT_UTF8, NULL, 0);
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(raw, len, &end, 0);
    if (doc == NULL) {
        size_t at = end && end >= raw ? (size_t)(end - raw) : 0;
        return job_fail(err, JOB_FAULT_SYNTAX, NULL, at);
    }
    out->doc = doc;
    for (const char *p = end; p < raw + len; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            return job_fail(err, JOB_FAULT_TRAILING, NULL, (size_t)(p - raw));
    if (!cJSON_IsObject(doc))
        return job_fail(err, JOB_FAULT_NOT_OBJECT, NULL, 0);
    return 0;
}

bool job_nul_member(const char *raw, size_t len, const char **name, size_t *name_len)
{
    *name = NULL;
    *name_len = 0;
    if (memmem(raw, len, "\\u0000", 6) == NULL)
        return false; /* the usual case: one fast pass */
    int depth = 0;
    bool in_string = false, is_key = false, want_key = false;
    const char *start = raw;
    for (size_t i = 0; i < len; i++) {
        char c = raw[i];
        if (in_string) {
            bool nul = c == '\\' && len - i >= 6 && memcmp(raw + i + 1, "u0000", 5) == 0;
            if ((c == '"' || nul) && is_key) {
                *name = start;
                *name_len = (size_t)(raw + i - start);
            }
            if (nul) {
                if (*name == NULL)
                    *name = raw; /* unnamed: matches no field */
                return true;
            }
            in_string = c != '"';
            i += c == '\\'; /* the escaped character, which may be '\\' or '"' */
        } else if (c == '"') {
            in_string = true;
            start = raw + i + 1;
            is_key = want_key;
            want_key = false;
        } else if (c == '{' || c == '[') {
            want_key = ++depth == 1 && c == '{';
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',') {
            want_key = depth == 1;
        }
    }
    return false; /* the text found was an escaped backslash and "u0000" */
}

/* Reads member name as a string into *dst (borrowed). A queue job may send an
 * id as a whole number; its text is written to num. Returns 0, 1 when absent
 * or null, or -EINVAL (not a string). */
static int job_read_string(const cJSON *doc, const char *name, bool numbers, char num[24],
                           const char **dst, struct job_error *err)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, name);
    if (f == NULL || cJSON_IsNull(f))
        return 1;
    if (cJSON_IsString(f)) {
        *dst = f->valuestring;
        return 0;
    }
    if (numbers && cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble < 1e15 &&
        f->valuedouble == (double)(long long)f->valuedouble) {
        snprintf(num, 24, "%lld", (long long)f->valuedouble);
        *dst = num;
        return 0;
    }
    return job_fail(err, JOB_FAULT_TYPE, name, 0);
}

/* A length bound, not a rule: lang_find() alone says which languages exist. */
static bool job_language_fits(const char *s, size_t len)
{
    (void)s;
    return len > 0 && len <= JOB_LANGUAGE_MAX;
}

/* Reads the id fields of a job without a row, in order, each by its rule;
 * nul is the member holding an escaped NUL, if any. */
static int job_read_ids(struct job *out, unsigned mode, const char *nul, size_t nul_len,
                        struct job_error *err)
{
    const struct {
        const char *name;
        bool (*valid)(const char *s, size_t len);
        const char **dst;
        bool required;
    } fields[] = {
        {"userId", ids_user_valid, &out->user, mode & JOB_MODE_NEED_USER},
        {"problemId", ids_problem_valid, &out->problem, true},
        {"language", job_language_fits, &out->language, true},
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const char *name = fields[i].name, *s = NULL;
        if (nul && nul_len == strlen(name) && memcmp(nul, name, nul_len) == 0)
            return job_fail(err, JOB_FAULT_NUL, name, 0);
        int rc = job_read_string(out->doc, name, !(mode & JOB_MODE_CLIENT), out->numbers[i + 1], &s,
                                 err);
        if (rc < 0)
            return rc;
        if (rc == 1 && fields[i].required)
            return job_fail(err, JOB_FAULT_MISSING, name, 0);
        if (rc == 0 && !fields[i].valid(s, strlen(s)))
            return job_fail(err, JOB_FAULT_INVALID, name, 0);
        *fields[i].dst = s;
    }
    return 0;
}

/* Reads the code of a job without a row: a string of 1 to max_code bytes with
 * no NUL, and no NUL anywhere else in the job either. */
static int job_read_code(struct job *out, size_t max_code, const char *nul, size_t nul_len,
                         struct job_error *err)
{
    bool nul_in_code = nul && nul_len == 4 && memcmp(nul, "code", 4) == 0;
    if (nul_in_code)
        return job_fail(err, JOB_FAULT_NUL, "code", 0);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(out->doc, "code");
    if (code == NULL || cJSON_IsNull(code))
        return job_fail(err, JOB_FAULT_MISSING, "code", 0);
    if (!cJSON_IsString(code))
        return job_fail(err, JOB_FAULT_TYPE, "code", 0);
    size_t n = strlen(code->valuestring);
    if (n == 0)
        return job_fail(err, JOB_FAULT_EMPTY_CODE, "code", 0);
    if (n > max_code)
        return job_fail(err, JOB_FAULT_CODE_SIZE, "code", n);
    if (nul)
        return job_fail(err, JOB_FAULT_NUL, NULL, 0);
    out->code = code->valuestring;
    out->code_len = n;
    return 0;
}

/* Reads the optional rejudge id of a job with a row: decimal digits, the
 * same rule as a row id. */
static int job_read_rejudge(struct job *out, struct job_error *err)
{
    const char *r = NULL;
    int rc = job_read_string(out->doc, "rejudge", true, out->numbers[4], &r, err);
    if (rc < 0)
        return rc;
    if (rc == 0 && !ids_submission_valid(r, strlen(r)))
        return job_fail(err, JOB_FAULT_INVALID, "rejudge", 0);
    out->rejudge = rc == 0 ? r : NULL;
    return 0;
}

/* The one reader of jobs and bodies (see job.h); out->doc is set whenever
 * the bytes parsed, even on failure. */
static int job_read(const char *raw, size_t len, unsigned mode, size_t max_code, struct job *out,
                    struct job_error *err)
{
    memset(out, 0, sizeof(*out));
    *err = (struct job_error){JOB_FAULT_NONE, NULL, 0};
    int rc = job_read_doc(raw, len, out, err);
    if (rc < 0)
        return rc;
    if (mode & JOB_MODE_CLIENT) {
        /* The worker takes the row a job names as the truth: a client naming
         * one would have another submission judged (and its attempts
         * counted) again. */
        if (cJSON_GetObjectItemCaseSensitive(out->doc, "submissionId"))
            return job_fail(err, JOB_FAULT_ID_GIVEN, "submissionId", 0);
        /* Nor a rejudge: the body's members go into the job as they are, and
         * the worker would judge the submission as that rejudge's. */
        if (cJSON_GetObjectItemCaseSensitive(out->doc, "rejudge"))
            return job_fail(err, JOB_FAULT_ID_GIVEN, "rejudge", 0);
    } else {
        rc = job_read_string(out->doc, "submissionId", true, out->numbers[0], &out->submission_id,
                             err);
        if (rc < 0)
            return rc;
        if (rc == 0 && !ids_submission_valid(out->submission_id, strlen(out->submission_id))) {
            out->submission_id = NULL;
            return job_fail(err, JOB_FAULT_INVALID, "submissionId", 0);
        }
        if (rc == 0)
            return job_read_rejudge(out, err); /* the row holds the rest */
    }
    const char *nul;
    size_t nul_len;
    if (!job_nul_member(raw, len, &nul, &nul_len))
        nul = NULL;
    rc = job_read_ids(out, mode, nul, nul_len, err);
    if (rc == 0)
        rc = job_read_code(out, max_code, nul, nul_len, err);
    return rc;
}

int job_parse_body(const char *body, size_t len, bool need_user, size_t max_code, struct job *out,
                   struct job_error *err)
{
    unsigned mode = JOB_MODE_CLIENT | (need_user ? JOB_MODE_NEED_USER : 0);
    int rc = job_read(body, len, mode, max_code, out, err);
    if (rc < 0)
        job_dispose(out);
    return rc;
}

/* Words a queue job's fault for the record of the failed job (the messages
 * tests and clients of the first worker match) and says how it ends. */
static enum job_status job_reason(const struct job_error *e, size_t max_code, char *reason,
                                  size_t reason_len)
{
    const char *f = e->field ? e->field : "";
    switch (e->fault) {
    case JOB_FAULT_NONE:
        return JOB_OK;
    case JOB_FAULT_UTF8:
        snprintf(reason, reason_len, "malformed job: not valid UTF-8");
        break;
    case JOB_FAULT_TRAILING:
        snprintf(reason, reason_len, "malformed job: trailing data at byte %zu", e->at);
        break;
    case JOB_FAULT_MISSING:
    case JOB_FAULT_TYPE:
        /* A job without code was always told its code "must be a string". */
        if (e->fault == JOB_FAULT_MISSING && strcmp(f, "code") != 0)
            snprintf(reason, reason_len, "malformed job: '%s' is missing", f);
        else
            snprintf(reason, reason_len, "malformed job: '%s' must be a string", f);
        break;
    case JOB_FAULT_INVALID:
        if (strcmp(f, "submissionId") == 0 || strcmp(f, "rejudge") == 0)
            snprintf(reason, reason_len, "malformed job: bad %s", f);
        else if (strcmp(f, "userId") == 0)
            snprintf(reason, reason_len, "malformed job: 'userId' must be " IDS_USER_RULE);
        else if (strcmp(f, "problemId") == 0)
            snprintf(reason, reason_len, "malformed job: 'problemId' must be " IDS_PROBLEM_RULE);
        else
            snprintf(reason, reason_len, "malformed job: '%s' must be 1 to %d bytes", f,
                     JOB_LANGUAGE_MAX);
        break;
    case JOB_FAULT_NUL:
        if (strcmp(f, "code") == 0) {
            snprintf(reason, reason_len, "code must not contain NUL bytes");
            return JOB_BAD_CODE;
        }
        if (e->field)
            snprintf(reason, reason_len, "malformed job: '%s' must not contain NUL bytes", f);
        else
            snprintf(reason, reason_len, "malformed job: a field holds a NUL byte");
        break;
    case JOB_FAULT_EMPTY_CODE:
        snprintf(reason, reason_len, "code is empty");
        return JOB_BAD_CODE;
    case JOB_FAULT_CODE_SIZE:
        snprintf(reason, reason_len, "code of %zu bytes is over the %zu-byte limit", e->at,
                 max_code);
        return JOB_BAD_CODE;
    default: /* empty, not JSON, not an object; a submissionId is never refused here */
        snprintf(reason, reason_len, "malformed job: not a JSON object");
        break;
    }
    return JOB_MALFORMED;
}

enum job_status job_parse(const char *raw, size_t len, size_t max_job, size_t max_code,
                          struct job *out, char *reason, size_t reason_len)
{
    reason[0] = '\0';
    if (len > max_job) {
        memset(out, 0, sizeof(*out));
        snprintf(reason, reason_len, "job of %zu bytes is over the %zu-byte limit", len, max_job);
        return JOB_TOO_LARGE;
    }
    struct job_error err;
    if (job_read(raw, len, JOB_MODE_QUEUE, max_code, out, &err) == 0)
        return JOB_OK;
    return job_reason(&err, max_code, reason, reason_len);
}

void job_dispose(struct job *j)
{
    cJSON_Delete(j->doc);
    memset(j, 0, sizeof(*j));
}

/* Appends {"submissionId":"<id>" (no closing brace): every built job's head. */
static void job_put_id(struct buf *out, const char *id)
{
    buf_puts(out, "{\"submissionId\":");
    buf_json_str(out, id, strlen(id));
}

const char *job_of_body(struct buf *out, const char *id, const char *body, size_t len,
                        size_t *job_len)
{
    return job_of_body_for(out, id, NULL, body, len, job_len);
}

const char *job_of_body_for(struct buf *out, const char *id, const char *user, const char *body,
                            size_t len, size_t *job_len)
{
    if (id == NULL && user == NULL) {
        *job_len = len;
        return body;
    }
    size_t start = out->len;
    if (id != NULL) {
        job_put_id(out, id);
    } else {
        buf_puts(out, "{\"userId\":");
        buf_json_str(out, user, strlen(user));
        user = NULL;
    }
    if (user != NULL) {
        buf_puts(out, ",\"userId\":");
        buf_json_str(out, user, strlen(user));
    }
    /* The body is an object: its first '{' opens it (only whitespace or a
     * byte order mark come before), and its members follow the id's. */
    const char *brace = memchr(body, '{', len), *end = body + len;
    const char *p = brace ? brace + 1 : end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    if (p < end && *p != '}')
        buf_puts(out, ",");
    if (brace)
        buf_append(out, brace + 1, (size_t)(end - brace - 1));
    else
        buf_puts(out, "}");
    *job_len = out->len - start;
    return out->data + start;
}

void job_build_id(struct buf *out, const char *id)
{
    job_put_id(out, id);
    buf_puts(out, "}");
}

void job_build_rejudge(struct buf *out, const char *id, const char *rejudge)
{
    job_put_id(out, id);
    buf_puts(out, ",\"rejudge\":");
    buf_json_str(out, rejudge, strlen(rejudge));
    buf_puts(out, "}");
}

void job_build_id_user(struct buf *out, const char *id, const char *user)
{
    job_put_id(out, id);
    buf_puts(out, ",\"userId\":");
    buf_json_str(out, user, strlen(user));
    buf_puts(out, "}");
}

void job_build_row(struct buf *out, const char *id, const char *user, const char *problem,
                   const char *language, const char *code, size_t code_len)
{
    job_put_id(out, id);
    buf_puts(out, ",\"userId\":");
    buf_json_str(out, user, strlen(user));
    buf_puts(out, ",\"problemId\":");
    buf_json_str(out, problem, strlen(problem));
    buf_puts(out, ",\"language\":");
    buf_json_str(out, language, strlen(language));
    buf_puts(out, ",\"code\":");
    buf_json_str(out, code, code_len);
    buf_puts(out, "}");
}
