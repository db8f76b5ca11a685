/* Submission body validation: every rule answers with its own message, so a
 * client knows exactly which field to fix. */
#include "api/intake.h"

#include "common/utf8.h"
#include "judge/lang.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

bool intake_valid_user(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '@' || c == '-'))
            return false;
    }
    return true;
}

bool intake_valid_problem(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

/* lang_installed() asks the file system; intake asks once per language per
 * process (an access() per request cost 10% of POST /submit's time). */
static bool intake_lang_installed(const struct lang *l)
{
    static const struct lang *known[32];
    static bool installed[32];
    size_t i = 0;
    for (; i < 32 && known[i]; i++)
        if (known[i] == l)
            return installed[i];
    bool ok = lang_installed(l);
    if (i < 32) {
        known[i] = l;
        installed[i] = ok;
    }
    return ok;
}

/* True when the JSON text has a \u0000 escape (outside an escaped backslash). */
static bool intake_has_nul_escape(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < len && memcmp(s + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character, which may be a backslash */
    }
    return false;
}

/* Returns the member's string, or NULL with a reason: missing or not a string. */
static const char *intake_string(const cJSON *root, const char *name, bool required, char *err,
                                 size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (v == NULL || cJSON_IsNull(v)) {
        if (required)
            snprintf(err, errlen, "missing field '%s'", name);
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        snprintf(err, errlen, "field '%s' must be a string", name);
        return NULL;
    }
    return v->valuestring;
}

int intake_parse(const char *body, size_t len, bool require_user, size_t max_code,
                 struct intake *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (len == 0) {
        snprintf(err, errlen, "empty body: expected a JSON object");
        return 400;
    }
    if (!utf8_valid(body, len)) {
        snprintf(err, errlen, "body is not valid UTF-8");
        return 400;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (root == NULL) {
        size_t at = end && end >= body ? (size_t)(end - body) : 0;
        snprintf(err, errlen, "malformed JSON near byte %zu", at);
        return 400;
    }
    out->root = root;
    /* A trailing NUL or spaces are fine; anything else after the value is not. */
    for (const char *p = end; p && p < body + len; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            snprintf(err, errlen, "malformed JSON: trailing data at byte %zu", (size_t)(p - body));
            return 400;
        }
    }
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "body must be a JSON object");
        return 400;
    }
    /* The worker takes the row a job names as the truth: a client naming one
     * would have another submission judged (and its attempts counted) again. */
    if (cJSON_GetObjectItemCaseSensitive(root, "submissionId")) {
        snprintf(err, errlen, "field 'submissionId' is the server's to set");
        return 400;
    }
    err[0] = '\0';
    out->user = intake_string(root, "userId", require_user, err, errlen);
    if (err[0])
        return 400;
    if (out->user && !intake_valid_user(out->user, strlen(out->user))) {
        snprintf(err, errlen, "field 'userId' must be 1-64 characters of A-Z a-z 0-9 _ . @ -");
        return 400;
    }
    out->problem = intake_string(root, "problemId", true, err, errlen);
    if (err[0])
        return 400;
    if (!intake_valid_problem(out->problem, strlen(out->problem))) {
        snprintf(err, errlen, "field 'problemId' must be 1-64 characters of a-z 0-9 -");
        return 400;
    }
    const char *language = intake_string(root, "language", true, err, errlen);
    if (err[0])
        return 400;
    out->lang = lang_find(language);
    if (out->lang == NULL || !intake_lang_installed(out->lang)) {
        snprintf(err, errlen, "unknown language '%.40s' (GET /api/languages lists them)", language);
        return 400;
    }
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");
    if (code == NULL || cJSON_IsNull(code)) {
        snprintf(err, errlen, "missing field 'code'");
        return 400;
    }
    if (!cJSON_IsString(code)) {
        snprintf(err, errlen, "field 'code' must be a string");
        return 400;
    }
    /* cJSON stops a string at a decoded \u0000, so a NUL shows up as a
     * length shorter than what the escapes promise; PostgreSQL text cannot
     * hold NUL either. */
    if (intake_has_nul_escape(body, len)) {
        snprintf(err, errlen, "field 'code' must not contain NUL characters");
        return 400;
    }
    out->code = code->valuestring;
    out->code_len = strlen(out->code);
    if (out->code_len == 0) {
        snprintf(err, errlen, "field 'code' is empty");
        return 400;
    }
    if (out->code_len > max_code) {
        snprintf(err, errlen, "field 'code' is %zu bytes; the limit is %zu", out->code_len,
                 max_code);
        return 413;
    }
    if (!utf8_valid(out->code, out->code_len)) {
        snprintf(err, errlen, "field 'code' is not valid UTF-8");
        return 400;
    }
    return 0;
}

void intake_dispose(struct intake *in)
{
    cJSON_Delete(in->root);
    in->root = NULL;
}
