/* Tests of src/worker/job.c: untrusted job JSON. */
#include "worker/job.h"

#include <criterion/criterion.h>
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
    cr_assert_str_eq(j.user, "alice");
    job_dispose(&j);
    cr_assert_eq(parse("{\"submissionId\":\"77\"}", &j, reason), JOB_OK);
    cr_assert_str_eq(j.submission_id, "77");
    cr_assert_null(j.code);
    job_dispose(&j);
    /* A numeric id is read as the same digits. */
    cr_assert_eq(parse("{\"submissionId\":42}", &j, reason), JOB_OK);
    cr_assert_str_eq(j.submission_id, "42");
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
}

Test(job, malformed_jobs_say_why)
{
    struct {
        const char *raw;
        const char *reason;
    } cases[] = {
        {"not json", "malformed job: not a JSON object"},
        {"[1,2]", "malformed job: not a JSON object"},
        {"\"str\"", "malformed job: not a JSON object"},
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
         "malformed job: 'problemId' must be 1 to 64 bytes"},
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

Test(job, code_over_the_limit_or_with_nul_is_bad_code)
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
    job_dispose(&j);
    /* An escaped backslash followed by "u0000" is text, not a NUL. */
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"c\",\"code\":\"a\\\\u0000b\"}", &j, reason),
        JOB_OK);
    cr_assert_str_eq(j.code, "a\\u0000b");
    job_dispose(&j);
}
