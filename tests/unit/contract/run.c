/* Tests of src/contract/run.c and run_result.c: run jobs built and read back,
 * untrusted run jobs refused with a reason, POST /api/runs bodies, results
 * capped and valid, and Judge0's output comparison. */
#include "contract/run.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define ID "0f8c2b1e-4a5d-4e6f-8a7b-1c2d3e4f5a6b"

static int parse(const char *raw, struct run_job *j, char *reason)
{
    return run_job_parse(raw, strlen(raw), 1000, j, reason, 256);
}

Test(run, fresh_ids_are_valid_and_differ)
{
    char a[RUN_ID_LEN + 1], b[RUN_ID_LEN + 1];
    cr_assert_eq(run_id_new(a), 0);
    cr_assert_eq(run_id_new(b), 0);
    cr_assert(run_id_valid(a, strlen(a)));
    cr_assert_eq(a[14], '4'); /* a version 4 UUID, as Judge0's tokens */
    cr_assert_str_neq(a, b);
    cr_assert_not(run_id_valid(ID, RUN_ID_LEN - 1));
    cr_assert_not(run_id_valid("0F8C2B1E-4A5D-4E6F-8A7B-1C2D3E4F5A6B", RUN_ID_LEN));
    cr_assert_not(run_id_valid("0f8c2b1e04a5d-4e6f-8a7b-1c2d3e4f5a6b", RUN_ID_LEN));
}

Test(run, built_job_reads_back)
{
    struct buf b;
    buf_init(&b);
    run_job_build(&b, ID, "alice", "two-sum", "py", "print(1)", 8, "1 2\n\"x\"", 7, NULL);
    cr_assert(run_job_is(b.data, b.len));
    struct run_job j;
    char reason[256];
    cr_assert_eq(run_job_parse(b.data, b.len, 1000, &j, reason, sizeof(reason)), 0, "%s", reason);
    cr_assert_str_eq(j.id, ID);
    cr_assert_str_eq(j.user, "alice");
    cr_assert_str_eq(j.problem, "two-sum");
    cr_assert_str_eq(j.language, "py");
    cr_assert_str_eq(j.code, "print(1)");
    cr_assert_eq(j.input_len, 7);
    cr_assert_str_eq(j.input, "1 2\n\"x\"");
    cr_assert_null(j.expected);
    cr_assert_eq(j.cpu_ms, RUN_DEFAULT_CPU_MS);
    cr_assert_eq(j.wall_ms, RUN_DEFAULT_WALL_MS);
    cr_assert_eq(j.memory_kb, RUN_DEFAULT_MEMORY_KB);
    cr_assert_eq(j.keep_s, RUN_KEEP_DEFAULT_S);
    run_job_dispose(&j);
    buf_dispose(&b);
}

Test(run, problemless_job_carries_limits_expected_and_keep)
{
    struct buf b;
    buf_init(&b);
    struct run_opts o = {.cpu_ms = 1500,
                         .memory_kb = 999999999u,
                         .expected = "3\n",
                         .expected_len = 2,
                         .keep_s = 86400};
    run_job_build(&b, ID, "judge0", NULL, "c", "x", 1, "", 0, &o);
    struct run_job j;
    char reason[256];
    cr_assert_eq(run_job_parse(b.data, b.len, 1000, &j, reason, sizeof(reason)), 0, "%s", reason);
    cr_assert_null(j.problem);
    cr_assert_eq(j.cpu_ms, 1500);
    cr_assert_eq(j.wall_ms, RUN_DEFAULT_WALL_MS); /* left out: the default */
    cr_assert_eq(j.memory_kb, RUN_MAX_MEMORY_KB); /* capped */
    cr_assert_str_eq(j.expected, "3\n");
    cr_assert_eq(j.keep_s, 86400);
    cr_assert_str_eq(j.input, "");
    run_job_dispose(&j);
    buf_dispose(&b);
}

Test(run, submission_jobs_are_not_runs)
{
    const char *sub = "{\"submissionId\":\"1\"}";
    cr_assert_not(run_job_is(sub, strlen(sub)));
    /* "runId" inside the code is not a member of the job. */
    const char *tut = "{\"problemId\":\"a\",\"language\":\"c\",\"code\":\"\\\"runId\\\"\"}";
    cr_assert_not(run_job_is(tut, strlen(tut)));
    /* A run job with a bad id is still a run's: refused as one. */
    const char *bad = "{\"runId\":7}";
    cr_assert(run_job_is(bad, strlen(bad)));
}

Test(run, bad_jobs_say_why)
{
    const struct {
        const char *raw, *why;
    } cases[] = {
        {"[1]", "not a JSON object"},
        {"{\"runId\":\"x\"}", "'runId'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a b\"}", "'userId'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"problemId\":\"A\",\"language\":\"c\"}",
         "'problemId'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"code\":\"x\"}", "'language'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"\"}", "code of 0"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\",\"input\":5}",
         "'input'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
         "\"input\":\"a\\u0000\"}",
         "NUL"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
         "\"limits\":{\"cpuMs\":-1}}",
         "'limits'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
         "\"limits\":{\"cpuMs\":1.5}}",
         "'limits'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
         "\"expectedOutput\":[]}",
         "'expectedOutput'"},
        {"{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
         "\"keepS\":\"1\"}",
         "'keepS'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct run_job j;
        char reason[256];
        cr_assert_eq(parse(cases[i].raw, &j, reason), -EINVAL, "case %zu", i);
        cr_assert(strstr(reason, cases[i].why), "case %zu: %s", i, reason);
        run_job_dispose(&j);
    }
    /* The id and user read before a failure stay, for the failure's record. */
    struct run_job j;
    char reason[256];
    cr_assert_eq(parse("{\"runId\":\"" ID "\",\"userId\":\"bob\",\"language\":\"c\"}", &j, reason),
                 -EINVAL);
    cr_assert_str_eq(j.id, ID);
    cr_assert_str_eq(j.user, "bob");
    cr_assert_eq(j.keep_s, RUN_KEEP_DEFAULT_S); /* its report is kept too */
    run_job_dispose(&j);
}

Test(run, body_takes_input_and_refuses_what_a_submission_refuses)
{
    struct run_body b;
    struct job_error e;
    const char *ok = "{\"userId\":\"al\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\","
                     "\"input\":\"1 2\\n\"}";
    cr_assert_eq(run_body_parse(ok, strlen(ok), true, 100, &b, &e), 0);
    cr_assert_str_eq(b.input, "1 2\n");
    cr_assert_str_eq(b.base.problem, "p");
    run_body_dispose(&b);
    const char *none = "{\"userId\":\"al\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}";
    cr_assert_eq(run_body_parse(none, strlen(none), true, 100, &b, &e), 0);
    cr_assert_str_eq(b.input, "");
    run_body_dispose(&b);
    const char *num = "{\"userId\":\"al\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\","
                      "\"input\":3}";
    cr_assert_eq(run_body_parse(num, strlen(num), true, 100, &b, &e), -EINVAL);
    cr_assert_eq(e.fault, JOB_FAULT_TYPE);
    cr_assert_str_eq(e.field, "input");
    const char *nul = "{\"userId\":\"al\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\","
                      "\"input\":\"\\u0000\"}";
    cr_assert_eq(run_body_parse(nul, strlen(nul), true, 100, &b, &e), -EINVAL);
    cr_assert_eq(e.fault, JOB_FAULT_NUL);
    const char *noprob = "{\"userId\":\"al\",\"language\":\"c\",\"code\":\"x\"}";
    cr_assert_eq(run_body_parse(noprob, strlen(noprob), true, 100, &b, &e), -EINVAL);
    cr_assert_eq(e.fault, JOB_FAULT_MISSING);
    cr_assert_str_eq(e.field, "problemId");
}

Test(run, body_input_over_the_cap_is_refused)
{
    struct buf body;
    buf_init(&body);
    buf_puts(&body, "{\"userId\":\"al\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\","
                    "\"input\":\"");
    for (size_t i = 0; i <= RUN_INPUT_MAX; i++)
        buf_append(&body, "7", 1);
    buf_puts(&body, "\"}");
    struct run_body b;
    struct job_error e;
    cr_assert_eq(run_body_parse(body.data, body.len, true, 100, &b, &e), -EINVAL);
    cr_assert_eq(e.fault, JOB_FAULT_CODE_SIZE);
    cr_assert_str_eq(e.field, "input");
    cr_assert_eq(e.at, RUN_INPUT_MAX + 1);
    buf_dispose(&body);
}

Test(run, judge0_comparison_ignores_trailing_space_only)
{
    cr_assert(run_output_equal("3\n", 2, "3", 1));
    cr_assert(run_output_equal("1 2  \n3\t\n\n\n", 12, "1 2\n3", 5));
    cr_assert(run_output_equal("", 0, " \n", 2));
    cr_assert(run_output_equal("\n 7", 3, "7", 1)); /* Ruby's strip: both ends */
    cr_assert_not(run_output_equal("1 2\n3", 5, "1  2\n3", 6));
    cr_assert_not(run_output_equal("1\n\n2", 4, "1\n2", 3));
    cr_assert_not(run_output_equal("3", 1, "4", 1));
}

static cJSON *built(const struct run_result *r)
{
    struct buf b;
    buf_init(&b);
    run_result_build(&b, r);
    cJSON *doc = cJSON_ParseWithLength(b.data, b.len);
    cr_assert_not_null(doc, "%.*s", (int)b.len, b.data);
    buf_dispose(&b);
    return doc;
}

Test(run, result_is_capped_valid_and_complete)
{
    static char big[RUN_SHOW_MAX + 100];
    memset(big, 'a', sizeof(big));
    big[RUN_SHOW_MAX - 1] = '\xc3'; /* a two-byte character across the cap */
    big[RUN_SHOW_MAX] = '\xa9';
    struct run_result r = {.id = ID,
                           .user = "al",
                           .language = "c",
                           .status = "ok",
                           .out = big,
                           .out_len = sizeof(big),
                           .err = "bad \xff byte",
                           .err_len = 10,
                           .time_ms = 5,
                           .wall_ms = 9,
                           .memory_kb = 1024,
                           .exit_code = 0,
                           .match = -1};
    cJSON *doc = built(&r);
    const cJSON *out = cJSON_GetObjectItem(doc, "stdout");
    cr_assert_eq(strlen(out->valuestring), RUN_SHOW_MAX - 1); /* cut before the character */
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(doc, "stdoutCut")));
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "stderr")->valuestring, "bad \xef\xbf\xbd byte");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(doc, "stderrCut")));
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "type")->valuestring, "run");
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(doc, "problemId")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(doc, "output")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(doc, "expected")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(doc, "match")));
    cr_assert_eq(cJSON_GetObjectItem(doc, "memoryKb")->valueint, 1024);
    cr_assert_eq(cJSON_GetObjectItem(doc, "wallMs")->valueint, 9);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "compileOutput")->valuestring, "");
    cJSON_Delete(doc);
}

Test(run, result_with_reference)
{
    struct run_result r = {.id = ID,
                           .user = "al",
                           .problem = "two-sum",
                           .language = "python",
                           .status = "ok",
                           .out = "dbg\n",
                           .out_len = 4,
                           .output = "[0,1]",
                           .output_len = 5,
                           .expected = "[0,1]",
                           .expected_len = 5,
                           .expected_status = "ok",
                           .match = 1,
                           .exit_code = -1,
                           .signal = 9};
    cJSON *doc = built(&r);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "output")->valuestring, "[0,1]");
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "expected")->valuestring, "[0,1]");
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "expectedStatus")->valuestring, "ok");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(doc, "match")));
    cr_assert_eq(cJSON_GetObjectItem(doc, "exitCode")->valueint, -1);
    cr_assert_eq(cJSON_GetObjectItem(doc, "signal")->valueint, 9);
    cJSON_Delete(doc);
}

/* Found by tests/fuzz/run: a limit written as a number beyond any double
 * ("1e400" reads as infinity) was converted to an integer: undefined
 * behaviour. It is refused; a finite number past the maximum is capped. */
Test(regress, run_limit_beyond_any_double)
{
    struct run_job j;
    char reason[256];
    cr_assert_eq(parse("{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
                       "\"limits\":{\"cpuMs\":153e400}}",
                       &j, reason),
                 -EINVAL);
    cr_assert(strstr(reason, "'limits'"), "%s", reason);
    run_job_dispose(&j);
    cr_assert_eq(parse("{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
                       "\"limits\":{\"wallMs\":1e300},\"keepS\":-1e400}",
                       &j, reason),
                 -EINVAL);
    cr_assert(strstr(reason, "'keepS'"), "%s", reason);
    run_job_dispose(&j);
    cr_assert_eq(parse("{\"runId\":\"" ID "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\","
                       "\"limits\":{\"wallMs\":1e300}}",
                       &j, reason),
                 0, "%s", reason);
    cr_assert_eq(j.wall_ms, RUN_MAX_WALL_MS);
    run_job_dispose(&j);
}

/* Found by review: the worker refused any run whose code spelled '\u0000'
 * (Java's char zero, a string escape in Python or JavaScript) as if it held
 * a NUL, and ended the run as an internal error. Only an escaped NUL is one. */
Test(regress, code_that_spells_a_nul_escape_is_no_nul)
{
    const char *code = "class Main { char c = '\\u0000'; }";
    struct buf b;
    buf_init(&b);
    run_job_build(&b, ID, "alice", NULL, "java", code, strlen(code), "x\\u0000y", 8, NULL);
    struct run_job j;
    char reason[256];
    cr_assert_eq(run_job_parse(b.data, b.len, 1000, &j, reason, sizeof(reason)), 0, "%s", reason);
    cr_assert_str_eq(j.code, code);
    cr_assert_eq(j.input_len, 8);
    cr_assert(memcmp(j.input, "x\\u0000y", 8) == 0);
    run_job_dispose(&j);
    buf_dispose(&b);
    cr_assert_eq(parse("{\"runId\":\"" ID
                       "\",\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\\u0000\"}",
                       &j, reason),
                 -EINVAL);
    cr_assert(strstr(reason, "NUL"), "%s", reason);
    run_job_dispose(&j);
}
