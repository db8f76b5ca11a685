/* Tests of src/worker/report.c: stored tests and published events are JSON
 * whatever the user wrote. */
#include "worker/report.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
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
    report_rejudge_fields(&b, "7", "AC", NULL);
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    cr_assert_not_null(j, "%.*s", (int)b.len, b.data);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "type")->valuestring, "result");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "WA");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "rejudge")->valuestring, "7");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "previousStatus")->valuestring, "AC");
    cr_assert_null(cJSON_GetObjectItem(j, "previousScore"));
    cJSON_Delete(j);
    buf_dispose(&b);
}

/* A scoring problem's tests: numbered by the judge's index (the rest of a
 * group may be skipped), each with its score. */
Test(report, scored_tests_json_numbers_by_index_with_scores)
{
    struct judge_test t[3] = {
        {.verdict = VERDICT_AC, .time_ms = 5, .memory_kb = 100, .index = 0, .score = 0},
        {.verdict = VERDICT_WA, .time_ms = 7, .memory_kb = 300, .index = 2, .score = 0},
        {.verdict = VERDICT_AC, .time_ms = 1, .memory_kb = 50, .index = 5, .score = 0.1},
    };
    struct judge_result res = {.verdict = VERDICT_WA,
                               .tests = t,
                               .ntests = 3,
                               .total = 6,
                               .nsamples = 1,
                               .scored = true,
                               .score = 0.1,
                               .max_score = 1};
    struct buf b;
    buf_init(&b);
    report_tests_json(&res, &b);
    cr_assert_str_eq(b.data,
                     "[{\"test\":1,\"sample\":true,\"verdict\":\"AC\",\"timeMs\":5,\"memoryKb\":"
                     "100,\"score\":0},"
                     "{\"test\":3,\"sample\":false,\"verdict\":\"WA\",\"timeMs\":7,\"memoryKb\":"
                     "300,\"score\":0},"
                     "{\"test\":6,\"sample\":false,\"verdict\":\"AC\",\"timeMs\":1,\"memoryKb\":50,"
                     "\"score\":0.1}]");
    buf_dispose(&b);
}

static cJSON *event_of(const struct report_outcome *o)
{
    struct report_who who = {"ab12", "alice", "oddecho", "cpp"};
    struct buf b;
    buf_init(&b);
    report_result_event(&who, o, &b);
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    cr_assert_not_null(j, "%.*s", (int)b.len, b.data);
    buf_dispose(&b);
    return j;
}

Test(report, scored_result_event_has_score_max_and_partial)
{
    struct report_outcome o = {.verdict = "AC",
                               .message = "",
                               .scored = true,
                               .score = 40,
                               .max_score = 100,
                               .team_message = "case 3: \"x\" is too small\n"};
    cJSON *j = event_of(&o);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring, "AC");
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 40);
    cr_assert_eq(cJSON_GetObjectItem(j, "maxScore")->valuedouble, 100);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "partial")));
    cr_assert_str_eq(cJSON_GetObjectItem(j, "feedback")->valuestring, o.team_message);
    cr_assert_null(cJSON_GetObjectItem(j, "judgeMessage"), "never published");
    cJSON_Delete(j);

    o.score = 100;
    j = event_of(&o);
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "partial")), "full marks");
    cJSON_Delete(j);

    o.max_score = -1;
    o.score = 1234.5;
    j = event_of(&o);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "maxScore")), "unbounded");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "partial")));
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 1234.5);
    cJSON_Delete(j);

    o.verdict = "WA";
    o.max_score = 100;
    o.score = 40;
    j = event_of(&o);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "partial")), "rejected, with points");
    cJSON_Delete(j);
}

/* A pass-fail problem's event is what it always was: no score fields. */
Test(report, unscored_result_event_has_no_score_fields)
{
    struct report_outcome o = {.verdict = "WA", .message = "wrong answer on test 2"};
    cJSON *j = event_of(&o);
    cr_assert_null(cJSON_GetObjectItem(j, "score"));
    cr_assert_null(cJSON_GetObjectItem(j, "maxScore"));
    cr_assert_null(cJSON_GetObjectItem(j, "partial"));
    cr_assert_null(cJSON_GetObjectItem(j, "feedback"));
    cJSON_Delete(j);
}

/* Scores are written as the shortest text that reads back exactly. */
Test(report, scores_are_short_and_exact)
{
    struct report_outcome o = {.verdict = "AC", .scored = true, .max_score = 100};
    double cases[] = {0.1, 100.0 / 3, 1e-300, 0.30000000000000004, 12345678901234567.0};
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        o.score = cases[k];
        struct report_who who = {"1", "u", "p", "c"};
        struct buf b;
        buf_init(&b);
        report_result_event(&who, &o, &b);
        const char *at = strstr(b.data, "\"score\":");
        cr_assert_not_null(at);
        cr_assert_eq(strtod(at + 8, NULL), cases[k], "%s", b.data);
        if (k == 0)
            cr_assert_not_null(strstr(b.data, "\"score\":0.1,"), "%s", b.data);
        buf_dispose(&b);
    }
}

Test(report, rejudge_of_a_scored_result_names_the_previous_score)
{
    struct report_outcome o = {.verdict = "AC", .scored = true, .score = 70, .max_score = 100};
    struct report_who who = {"ab12", "alice", "p", "c"};
    struct buf b;
    buf_init(&b);
    report_result_event(&who, &o, &b);
    double prev = 40;
    report_rejudge_fields(&b, "9", "AC", &prev);
    cJSON *j = cJSON_ParseWithLength(b.data, b.len);
    cr_assert_not_null(j, "%.*s", (int)b.len, b.data);
    cr_assert_eq(cJSON_GetObjectItem(j, "previousScore")->valuedouble, 40);
    cr_assert_eq(cJSON_GetObjectItem(j, "score")->valuedouble, 70);
    cJSON_Delete(j);
    buf_dispose(&b);
}

Test(report, partial_rule)
{
    cr_assert(report_partial(true, 99.5, 100));
    cr_assert(report_partial(true, 5, 100), "whatever the verdict");
    cr_assert(!report_partial(true, 100, 100));
    cr_assert(!report_partial(true, 0, 100), "nothing earned");
    cr_assert(!report_partial(false, 0, 0));
    cr_assert(!report_partial(true, 5, -1), "no maximum to fall short of");
}

/* Feedback (README.md "Feedback"): the first failed test, how far it got,
 * the summary, and a visible test's data escaped as JSON. */
Test(report, feedback_names_the_failed_test_and_its_data)
{
    struct judge_test t[3] = {
        {.verdict = VERDICT_AC},
        {.verdict = VERDICT_AC},
        {.verdict = VERDICT_WA},
    };
    struct judge_result res = {.verdict = VERDICT_WA, .tests = t, .ntests = 3, .total = 20};
    cr_assert_eq(report_failed_test(&res), 3);
    struct judge_shown shown = {
        .test = 3,
        .input = {"1 \"2\"\n", 6, false},
        .expected = {"3\n", 2, false},
        .output = {"xxxx", 4, true},
    };
    struct report_outcome o = {.verdict = "WA",
                               .tests_run = 3,
                               .tests_total = 20,
                               .tests_passed = 2,
                               .failed_test = 3,
                               .shown = &shown};
    struct buf b;
    buf_init(&b);
    report_feedback_json(&o, &b);
    cJSON *j = cJSON_Parse(b.data);
    cr_assert_not_null(j, "%s", b.data);
    cr_assert_eq(cJSON_GetObjectItem(j, "failedTest")->valueint, 3);
    cr_assert_eq(cJSON_GetObjectItem(j, "passed")->valueint, 2);
    cr_assert_eq(cJSON_GetObjectItem(j, "total")->valueint, 20);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "summary")->valuestring,
                     "Wrong Answer on test 3 of 20 (passed 2/20)");
    const cJSON *c = cJSON_GetObjectItem(j, "failedCase");
    cr_assert_str_eq(cJSON_GetObjectItem(c, "input")->valuestring, "1 \"2\"\n");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(c, "inputCut")));
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(c, "outputCut")));
    cJSON_Delete(j);
    buf_dispose(&b);
}

/* A hidden failure: no failedCase; an AC: no failed test; a CE: no tests. */
Test(report, feedback_without_data_or_failure)
{
    struct judge_test t[2] = {{.verdict = VERDICT_AC}, {.verdict = VERDICT_AC}};
    struct judge_result res = {.verdict = VERDICT_AC, .tests = t, .ntests = 2, .total = 2};
    cr_assert_eq(report_failed_test(&res), 0);
    struct report_outcome ac = {
        .verdict = "AC", .tests_run = 2, .tests_total = 2, .tests_passed = 2};
    struct report_outcome ce = {.verdict = "CE", .tests_total = 2};
    struct report_outcome tle = {
        .verdict = "TLE", .tests_run = 5, .tests_total = 9, .tests_passed = 4, .failed_test = 5};
    const char *want[] = {
        "{\"failedTest\":null,\"passed\":2,\"total\":2,\"summary\":\"Accepted (passed 2/2)\"}",
        "{\"failedTest\":null,\"passed\":0,\"total\":2,\"summary\":\"Compilation Error\"}",
        "{\"failedTest\":5,\"passed\":4,\"total\":9,\"summary\":\"Time Limit Exceeded on test 5 "
        "of 9 (passed 4/9)\"}",
    };
    const struct report_outcome *os[] = {&ac, &ce, &tle};
    for (int i = 0; i < 3; i++) {
        struct buf b;
        buf_init(&b);
        report_feedback_json(os[i], &b);
        cr_assert_str_eq(b.data, want[i]);
        buf_dispose(&b);
    }
}

Test(report, beats_fields_close_the_event)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "{\"type\":\"result\"}");
    report_beats_fields(&b, 60, 33.33);
    cr_assert_str_eq(b.data, "{\"type\":\"result\",\"runtimeBeats\":60,\"memoryBeats\":33.33}");
    buf_reset(&b);
    buf_puts(&b, "{\"type\":\"result\"}");
    report_beats_fields(&b, NAN, NAN);
    cr_assert_str_eq(b.data, "{\"type\":\"result\",\"runtimeBeats\":null,\"memoryBeats\":null}");
    buf_dispose(&b);
}

/* A scoring problem names its failed test by the judge's index: the tests
 * of a group after a rejection are skipped, not run. */
Test(report, failed_test_of_a_scored_problem_is_its_index)
{
    struct judge_test t[2] = {{.verdict = VERDICT_AC, .index = 0},
                              {.verdict = VERDICT_WA, .index = 4}};
    struct judge_result res = {
        .verdict = VERDICT_WA, .tests = t, .ntests = 2, .total = 9, .scored = true};
    cr_assert_eq(report_failed_test(&res), 5);
}
