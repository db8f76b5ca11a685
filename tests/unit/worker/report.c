/* Tests of src/worker/report.c: stored tests and published events are JSON
 * whatever the user wrote. */
#include "worker/report.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

Test(report, tests_json_lists_each_test)
{
    struct judge_test t[3] = {
        {.verdict = VERDICT_AC, .time_ms = 5, .memory_kb = 100},
        {.verdict = VERDICT_AC, .time_ms = 7, .memory_kb = 300},
        {.verdict = VERDICT_RE, .time_ms = 1, .memory_kb = 50, .exit_code = -1, .signal = SIGSEGV},
    };
    struct judge_result res = {
        .verdict = VERDICT_RE, .tests = t, .ntests = 3, .total = 10, .nsamples = 1};
    struct buf b;
    buf_init(&b);
    report_tests_json(&res, &b);
    cr_assert_str_eq(
        b.data, "[{\"test\":1,\"sample\":true,\"verdict\":\"AC\",\"timeMs\":5,\"memoryKb\":100},"
                "{\"test\":2,\"sample\":false,\"verdict\":\"AC\",\"timeMs\":7,\"memoryKb\":300},"
                "{\"test\":3,\"sample\":false,\"verdict\":\"RE\",\"timeMs\":1,\"memoryKb\":50,"
                "\"signal\":\"SIGSEGV\"}]");
    buf_dispose(&b);
}

Test(report, result_event_escapes_and_parses)
{
    struct report_who who = {"12", "al\"ice", "a-plus-b", "c"};
    struct report_outcome o = {.verdict = "CE",
                               .message = "compilation failed",
                               .compile_out = "main.c:1: error: \xe2\x80\x98x\xe2\x80\x99\n\t"};
    struct buf b;
    buf_init(&b);
    report_result_event(&who, &o, &b);
    cJSON *j = cJSON_Parse(b.data);
    cr_assert_not_null(j, "%s", b.data);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "type")->valuestring, "result");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "submissionId")->valuestring, "12");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "userId")->valuestring, "al\"ice");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "CE");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "compileOutput")->valuestring, o.compile_out);
    cr_assert(cJSON_IsObject(cJSON_GetObjectItem(j, "tests")));
    cJSON_Delete(j);
    buf_dispose(&b);
}

Test(report, progress_event)
{
    struct report_who who = {"5", "bob", "p", "py"};
    struct buf b;
    buf_init(&b);
    report_progress_event(&who, "running", 3, 12, &b);
    cr_assert_str_eq(b.data, "{\"type\":\"progress\",\"submissionId\":\"5\",\"userId\":\"bob\","
                             "\"problemId\":\"p\",\"stage\":\"running\",\"test\":3,\"of\":12}");
    buf_reset(&b);
    report_progress_event(&who, "compiling", 0, 12, &b);
    cr_assert_null(strstr(b.data, "\"test\""));
    buf_dispose(&b);
}

Test(report, rejudge_fields_go_inside_the_result_event)
{
    struct report_who who = {"ab12", "alice", "a-plus-b", "python"};
    struct report_outcome o = {.verdict = "WA", .message = ""};
    struct buf b;
    buf_init(&b);
    report_result_event(&who, &o, &b);
    report_rejudge_fields(&b, "7", "AC");
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    cr_assert_not_null(j, "%.*s", (int)b.len, b.data);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "type")->valuestring, "result");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "WA");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "rejudge")->valuestring, "7");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "previousStatus")->valuestring, "AC");
    cJSON_Delete(j);
    buf_dispose(&b);
}
