/* Submission body validation: every rule answers with its own message, so a
 * client knows exactly which field to fix. The rules are the contract's
 * (contract/job.h, contract/ids.h) and judge/lang.c's; only the words are
 * the api's. */
#include "api/intake.h"

#include "contract/ids.h"
#include "contract/run.h"
#include "judge/lang.h"

#include <stdio.h>
#include <string.h>

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

/* Words a fault of the body for its client. Returns the HTTP status. */
static int intake_refuse(const struct job_error *e, size_t max_code, char *err, size_t errlen)
{
    const char *f = e->field ? e->field : "";
    switch (e->fault) {
    case JOB_FAULT_EMPTY:
        snprintf(err, errlen, "empty body: expected a JSON object");
        break;
    case JOB_FAULT_UTF8:
        snprintf(err, errlen, "body is not valid UTF-8");
        break;
    case JOB_FAULT_SYNTAX:
        snprintf(err, errlen, "malformed JSON near byte %zu", e->at);
        break;
    case JOB_FAULT_TRAILING:
        snprintf(err, errlen, "malformed JSON: trailing data at byte %zu", e->at);
        break;
    case JOB_FAULT_NOT_OBJECT:
        snprintf(err, errlen, "body must be a JSON object");
        break;
    case JOB_FAULT_ID_GIVEN:
        snprintf(err, errlen, "field '%s' is the server's to set", f);
        break;
    case JOB_FAULT_MISSING:
        snprintf(err, errlen, "missing field '%s'", f);
        break;
    case JOB_FAULT_TYPE:
        snprintf(err, errlen, "field '%s' must be a string", f);
        break;
    case JOB_FAULT_INVALID:
        if (strcmp(f, "userId") == 0)
            snprintf(err, errlen, "field 'userId' must be " IDS_USER_RULE);
        else if (strcmp(f, "problemId") == 0)
            snprintf(err, errlen, "field 'problemId' must be " IDS_PROBLEM_RULE);
        else
            snprintf(err, errlen, "unknown language (GET /api/languages lists them)");
        break;
    case JOB_FAULT_NUL:
        if (e->field)
            snprintf(err, errlen, "field '%s' must not contain NUL characters", f);
        else
            snprintf(err, errlen, "the body must not contain NUL characters");
        break;
    case JOB_FAULT_EMPTY_CODE:
        snprintf(err, errlen, "field 'code' is empty");
        break;
    case JOB_FAULT_CODE_SIZE:
        snprintf(err, errlen, "field '%s' is %zu bytes; the limit is %zu", e->field ? f : "code",
                 e->at, strcmp(f, "input") == 0 ? (size_t)RUN_INPUT_MAX : max_code);
        return 413;
    case JOB_FAULT_NONE:
        break;
    }
    return 400;
}

/* Checks the language of a parsed body and fills out's views of it. */
static int intake_fill(struct intake *out, char *err, size_t errlen)
{
    out->lang = lang_find(out->job.language);
    if (out->lang == NULL || !intake_lang_installed(out->lang)) {
        snprintf(err, errlen, "unknown language '%.40s' (GET /api/languages lists them)",
                 out->job.language);
        intake_dispose(out);
        return 400;
    }
    out->user = out->job.user;
    out->problem = out->job.problem;
    out->code = out->job.code;
    out->code_len = out->job.code_len;
    return 0;
}

int intake_parse(const char *body, size_t len, bool require_user, size_t max_code,
                 struct intake *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    struct job_error e;
    if (job_parse_body(body, len, require_user, max_code, &out->job, &e) < 0)
        return intake_refuse(&e, max_code, err, errlen);
    return intake_fill(out, err, errlen);
}

int intake_parse_run(const char *body, size_t len, bool require_user, size_t max_code,
                     struct intake *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    struct job_error e;
    struct run_body rb;
    if (run_body_parse(body, len, require_user, max_code, &rb, &e) < 0)
        return intake_refuse(&e, max_code, err, errlen);
    /* The document moves into out->job: input's view stays valid with it. */
    out->job = rb.base;
    out->input = rb.input;
    out->input_len = rb.input_len;
    return intake_fill(out, err, errlen);
}

void intake_dispose(struct intake *in)
{
    job_dispose(&in->job);
    in->user = in->problem = in->code = in->input = NULL;
    in->code_len = in->input_len = 0;
    in->lang = NULL;
}
