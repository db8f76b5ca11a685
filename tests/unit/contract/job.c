/* Tests of src/contract/job.c: untrusted job JSON, read the worker's way and
 * the api's way, and every job built. */
#include "contract/job.h"
#include "contract/ids.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static enum job_status parse(const char *raw, struct job *j, char *reason)
{
    return job_parse(raw, strlen(raw), 1 << 20, 1000, j, reason, 256);
}

Test(job, api_job_needs_only_its_id)
{
    struct job j;
    char reason[256];
    cr_assert_eq(parse("{\"submissionId\":\"123\",\"userId\":\"alice\",\"problemId\":\"a-plus-b\","
                       "\"language\":\"c\",\"code\":\"int main(){}\"}",
                       &j, reason),
                 JOB_OK);
    cr_assert_str_eq(j.submission_id, "123");
    cr_assert_null(j.code); /* the row is the truth: nothing else is read */
    job_dispose(&j);
    cr_assert_eq(parse("{\"submissionId\":\"77\"}", &j, reason), JOB_OK);
    cr_assert_str_eq(j.submission_id, "77");
    cr_assert_null(j.code);
    job_dispose(&j);
    /* A numeric id is read as the same digits. */
    cr_assert_eq(parse("{\"submissionId\":42}", &j, reason), JOB_OK);
    cr_assert_str_eq(j.submission_id, "42");
    job_dispose(&j);
    /* Rows stored before a rule was narrowed still get judged. */
    cr_assert_eq(
        parse("{\"submissionId\":\"9\",\"userId\":\"Ünï code\",\"code\":\"\\u0000\"}", &j, reason),
        JOB_OK);
    job_dispose(&j);
}

Test(job, tutorial_job_without_user)
{
    struct job j;
    char reason[256];
    cr_assert_eq(
        parse("{\"problemId\":\"a-plus-b\",\"code\":\"print(1)\",\"language\":\"py\"}", &j, reason),
        JOB_OK);
    cr_assert_null(j.submission_id);
    cr_assert_null(j.user);
    cr_assert_str_eq(j.problem, "a-plus-b");
    cr_assert_str_eq(j.language, "py");
    cr_assert_str_eq(j.code, "print(1)");
    cr_assert_eq(j.code_len, 8);
    job_dispose(&j);
    /* Ids sent as numbers, as the tutorial's clients do. */
    cr_assert_eq(
        parse("{\"problemId\":7,\"userId\":42,\"code\":\"x\",\"language\":\"c\"}", &j, reason),
        JOB_OK);
    cr_assert_str_eq(j.problem, "7");
    cr_assert_str_eq(j.user, "42");
    job_dispose(&j);
}

Test(job, malformed_jobs_say_why)
{
    struct {
        const char *raw;
        const char *reason;
    } cases[] = {
        {"", "malformed job: not a JSON object"},
        {"not json", "malformed job: not a JSON object"},
        {"[1,2]", "malformed job: not a JSON object"},
        {"\"str\"", "malformed job: not a JSON object"},
        {"{\"submissionId\":\"1\"} x", "malformed job: trailing data at byte 21"},
        {"{\"problemId\":\"p\",\"language\":\"c\"}", "malformed job: 'code' must be a string"},
        {"{\"problemId\":\"p\",\"language\":\"c\",\"code\":5}",
         "malformed job: 'code' must be a string"},
        {"{\"language\":\"c\",\"code\":\"x\"}", "malformed job: 'problemId' is missing"},
        {"{\"problemId\":\"p\",\"code\":\"x\"}", "malformed job: 'language' is missing"},
        {"{\"submissionId\":\"-1\"}", "malformed job: bad submissionId"},
        {"{\"submissionId\":\"1e5\"}", "malformed job: bad submissionId"},
        {"{\"submissionId\":\"1234567890123456789\"}", "malformed job: bad submissionId"},
        {"{\"submissionId\":[1]}", "malformed job: 'submissionId' must be a string"},
        {"{\"submissionId\":1.5}", "malformed job: 'submissionId' must be a string"},
        {"{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\",\"userId\":{}}",
         "malformed job: 'userId' must be a string"},
        {"{\"problemId\":\"\",\"language\":\"c\",\"code\":\"x\"}",
         "malformed job: 'problemId' must be " IDS_PROBLEM_RULE},
        {"{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\",\"userId\":\"a b\"}",
         "malformed job: 'userId' must be " IDS_USER_RULE},
        {"{\"problemId\":\"p\",\"language\":\"\",\"code\":\"x\"}",
         "malformed job: 'language' must be 1 to 64 bytes"},
        {"{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\",\"userId\":\"a\\u0000\"}",
         "malformed job: 'userId' must not contain NUL bytes"},
        {"{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\",\"note\":[\"\\u0000\"]}",
         "malformed job: a field holds a NUL byte"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct job j;
        char reason[256];
        cr_assert_eq(parse(cases[i].raw, &j, reason), JOB_MALFORMED, "%s", cases[i].raw);
        cr_assert_str_eq(reason, cases[i].reason, "%s", cases[i].raw);
        job_dispose(&j);
    }
}

Test(job, keeps_what_it_could_read_for_the_record)
{
    struct job j;
    char reason[256];
    cr_assert_eq(parse("{\"userId\":\"bob\",\"problemId\":\"p\",\"language\":\"c\"}", &j, reason),
                 JOB_MALFORMED);
    cr_assert_str_eq(j.user, "bob");
    cr_assert_str_eq(j.problem, "p");
    cr_assert_null(j.code);
    job_dispose(&j);
}

Test(job, invalid_utf8_is_malformed)
{
    struct job j;
    char reason[256];
    cr_assert_eq(parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\xff\"}", &j, reason),
                 JOB_MALFORMED);
    cr_assert_str_eq(reason, "malformed job: not valid UTF-8");
    job_dispose(&j);
}

Test(job, too_large_is_not_parsed)
{
    struct job j;
    char reason[256];
    const char *raw = "{\"submissionId\":\"1\"}";
    cr_assert_eq(job_parse(raw, strlen(raw), 10, 1000, &j, reason, sizeof(reason)), JOB_TOO_LARGE);
    cr_assert_str_eq(reason, "job of 20 bytes is over the 10-byte limit");
    job_dispose(&j);
}

Test(job, empty_long_or_nul_code_is_bad_code)
{
    struct job j;
    char reason[256];
    char raw[2000];
    snprintf(raw, sizeof(raw), "{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"%01001d\"}", 0);
    cr_assert_eq(parse(raw, &j, reason), JOB_BAD_CODE);
    cr_assert_str_eq(reason, "code of 1001 bytes is over the 1000-byte limit");
    job_dispose(&j);
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"a\\u0000b\"}", &j, reason),
        JOB_BAD_CODE);
    cr_assert_str_eq(reason, "code must not contain NUL bytes");
    job_dispose(&j);
    cr_assert_eq(parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\"}", &j, reason),
                 JOB_BAD_CODE);
    cr_assert_str_eq(reason, "code is empty");
    job_dispose(&j);
    /* An escaped backslash followed by "u0000" is text, not a NUL. */
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"a\\\\u0000b\"}", &j, reason),
        JOB_OK);
    cr_assert_str_eq(j.code, "a\\u0000b");
    job_dispose(&j);
    /* So is a quote escaped before it: the scan stays in step with strings. */
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\\\"\\\\u0000\"}", &j, reason),
        JOB_OK);
    job_dispose(&j);
}

/* The api reads bodies with the same reader, held to the API's types. */
static enum job_fault body(const char *raw, bool need_user, const char **field)
{
    struct job j;
    struct job_error e;
    int rc = job_parse_body(raw, strlen(raw), need_user, 64, &j, &e);
    *field = e.field;
    cr_assert_eq(rc == 0, e.fault == JOB_FAULT_NONE);
    if (rc < 0)
        cr_assert_null(j.doc, "a refused body is disposed");
    job_dispose(&j);
    return e.fault;
}

Test(job, bodies_are_held_to_the_api_types)
{
    const char *f;
    cr_assert_eq(
        body("{\"submissionId\":\"1\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}",
             false, &f),
        JOB_FAULT_ID_GIVEN);
    /* A body's members are spliced into the job the worker reads: a client's
     * "rejudge" would make its live submission a rejudge (fuzz_job found it). */
    cr_assert_eq(body("{\"rejudge\":\"5\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}",
                      false, &f),
                 JOB_FAULT_ID_GIVEN);
    cr_assert_str_eq(f, "rejudge");
    cr_assert_eq(
        body("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\",\"rejudge\":1}", false, &f),
        JOB_FAULT_ID_GIVEN);
    cr_assert_eq(body("{\"problemId\":7,\"language\":\"c\",\"code\":\"x\"}", false, &f),
                 JOB_FAULT_TYPE);
    cr_assert_str_eq(f, "problemId");
    cr_assert_eq(body("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}", true, &f),
                 JOB_FAULT_MISSING);
    cr_assert_str_eq(f, "userId");
    cr_assert_eq(body("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"} \n", false, &f),
                 JOB_FAULT_NONE);
    struct job j;
    struct job_error e;
    const char trailing_nul[] = "{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}\0";
    cr_assert_eq(job_parse_body(trailing_nul, sizeof(trailing_nul), false, 64, &j, &e), -EINVAL);
    cr_assert_eq(e.fault, JOB_FAULT_TRAILING);
    cr_assert_eq(e.at, sizeof(trailing_nul) - 2);
}

Test(job, tutorial_body_is_its_own_job)
{
    const char *b = "{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}";
    size_t n;
    cr_assert_eq(job_of_body(NULL, NULL, b, strlen(b), &n), b);
    cr_assert_eq(n, strlen(b));
}

Test(job, api_job_is_the_body_with_its_id_in_front)
{
    struct {
        const char *body, *job;
    } cases[] = {
        {"{\"userId\":\"a\",\"code\":\"x\"}",
         "{\"submissionId\":\"12\",\"userId\":\"a\",\"code\":\"x\"}"},
        {" \r\n{ \"userId\" : \"a\" } ", "{\"submissionId\":\"12\", \"userId\" : \"a\" } "},
        {"\xef\xbb\xbf{\"a\":1}", "{\"submissionId\":\"12\",\"a\":1}"},
        {"{ }", "{\"submissionId\":\"12\" }"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct buf out;
        buf_init(&out);
        buf_puts(&out, "before");
        size_t n;
        const char *job = job_of_body(&out, "12", cases[i].body, strlen(cases[i].body), &n);
        cr_assert_eq(n, strlen(cases[i].job));
        cr_assert_eq(memcmp(job, cases[i].job, n), 0, "%.*s", (int)n, job);
        struct job j;
        char reason[256];
        cr_assert_eq(job_parse(job, n, 1 << 20, 1000, &j, reason, sizeof(reason)), JOB_OK, "%s",
                     reason);
        cr_assert_str_eq(j.submission_id, "12");
        job_dispose(&j);
        buf_dispose(&out);
    }
}

/* A bearer token's user goes in front of a body that names none, after the
 * id when there is one; the worker reads it back. */
Test(job, a_token_user_is_put_in_front_of_the_body)
{
    const char *b = "{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}";
    struct {
        const char *id, *job;
    } cases[] = {
        {NULL, "{\"userId\":\"ann\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}"},
        {"7", "{\"submissionId\":\"7\",\"userId\":\"ann\",\"problemId\":\"p\",\"language\":"
              "\"c\",\"code\":\"x\"}"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct buf out;
        buf_init(&out);
        size_t n;
        const char *job = job_of_body_for(&out, cases[i].id, "ann", b, strlen(b), &n);
        cr_assert_eq(n, strlen(cases[i].job));
        cr_assert_eq(memcmp(job, cases[i].job, n), 0, "%.*s", (int)n, job);
        struct job j;
        char reason[256];
        cr_assert_eq(job_parse(job, n, 1 << 20, 1000, &j, reason, sizeof(reason)), JOB_OK, "%s",
                     reason);
        if (cases[i].id == NULL)
            cr_assert_str_eq(j.user, "ann");
        job_dispose(&j);
        buf_dispose(&out);
    }
    size_t n;
    cr_assert_eq(job_of_body_for(NULL, NULL, NULL, b, strlen(b), &n), b);
}

Test(job, built_jobs_read_back)
{
    struct buf out;
    buf_init(&out);
    job_build_id(&out, "5");
    cr_assert_str_eq(out.data, "{\"submissionId\":\"5\"}"); /* LREM matches these bytes */
    buf_reset(&out);
    job_build_id_user(&out, "7", "anonymous");
    cr_assert_str_eq(out.data, "{\"submissionId\":\"7\",\"userId\":\"anonymous\"}");
    struct job j;
    char reason[128];
    cr_assert_eq(job_parse(out.data, out.len, 1 << 20, 1 << 16, &j, reason, sizeof(reason)), JOB_OK,
                 "%s", reason);
    cr_assert_str_eq(j.submission_id, "7");
    job_dispose(&j);
    buf_reset(&out);
    const char code[] = "int main(){\n\tputs(\"\\\"é\");\x01}";
    job_build_row(&out, "6", "bob", "a-plus-b", "c", code, sizeof(code) - 1);
    cJSON *doc = cJSON_ParseWithLength(out.data, out.len);
    cr_assert_not_null(doc);
    const char *want[][2] = {{"submissionId", "6"},
                             {"userId", "bob"},
                             {"problemId", "a-plus-b"},
                             {"language", "c"},
                             {"code", code}};
    for (size_t i = 0; i < 5; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, want[i][0]);
        cr_assert(cJSON_IsString(f), "%s", want[i][0]);
        cr_assert_str_eq(f->valuestring, want[i][1]);
    }
    cJSON_Delete(doc);
    buf_dispose(&out);
}

Test(job, rejudge_job_names_its_rejudge)
{
    struct buf out;
    buf_init(&out);
    job_build_rejudge(&out, "12", "3");
    /* No userId and no code: the fair-share take puts it on the bulk lane. */
    cr_assert_str_eq(out.data, "{\"submissionId\":\"12\",\"rejudge\":\"3\"}");
    struct job j;
    char reason[256];
    cr_assert_eq(parse(out.data, &j, reason), JOB_OK, "%s", reason);
    cr_assert_str_eq(j.submission_id, "12");
    cr_assert_str_eq(j.rejudge, "3");
    job_dispose(&j);
    buf_dispose(&out);
    cr_assert_eq(parse("{\"submissionId\":\"12\",\"rejudge\":4}", &j, reason), JOB_OK);
    cr_assert_str_eq(j.rejudge, "4");
    job_dispose(&j);
    cr_assert_eq(parse("{\"submissionId\":\"12\"}", &j, reason), JOB_OK);
    cr_assert_null(j.rejudge);
    job_dispose(&j);
    /* A rejudge id is a row id's digits, or the job is malformed. */
    const char *bad[] = {
        "{\"submissionId\":\"12\",\"rejudge\":\"x\"}", "{\"submissionId\":\"12\",\"rejudge\":\"\"}",
        "{\"submissionId\":\"12\",\"rejudge\":[1]}", "{\"submissionId\":\"12\",\"rejudge\":-1}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(parse(bad[i], &j, reason), JOB_MALFORMED, "%s", bad[i]);
        cr_assert(strstr(reason, "rejudge") != NULL, "%s: %s", bad[i], reason);
        job_dispose(&j);
    }
}
