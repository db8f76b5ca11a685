#include "api/intake.h"
#include "judge/lang.h"

#include <criterion/criterion.h>
#include <string.h>

static int parse(const char *body, bool require_user, struct intake *in, char *err)
{
    return intake_parse(body, strlen(body), require_user, 64, in, err, 256);
}

Test(intake, accepts_a_full_submission_and_normalises_the_language)
{
    struct intake in;
    char err[256];
    cr_assert_eq(parse("{\"userId\":\"alice\",\"problemId\":\"a-plus-b\",\"language\":\"C++\","
                       "\"code\":\"int main(){}\"}",
                       true, &in, err),
                 0, "%s", err);
    cr_assert_str_eq(in.user, "alice");
    cr_assert_str_eq(in.lang->id, "cpp");
    cr_assert_eq(in.code_len, 12);
    intake_dispose(&in);
}

Test(intake, tutorial_body_needs_no_user)
{
    struct intake in;
    char err[256];
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"py\",\"code\":\"print(1)\"}", false, &in, err),
        0, "%s", err);
    cr_assert_null(in.user);
    intake_dispose(&in);
    cr_assert_eq(
        parse("{\"problemId\":\"p\",\"language\":\"py\",\"code\":\"print(1)\"}", true, &in, err),
        400);
    cr_assert_str_eq(err, "missing field 'userId'");
    intake_dispose(&in);
}

struct bad_case {
    const char *body;
    int status;
    const char *msg;
};

Test(intake, every_bad_input_has_its_own_message)
{
    static const struct bad_case cases[] = {
        {"", 400, "empty body"},
        {"{", 400, "malformed JSON"},
        {"{} x", 400, "trailing data"},
        {"\"str\"", 400, "JSON object"},
        {"{\"userId\":1,\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}", 400,
         "'userId' must be a string"},
        {"{\"userId\":\"a b\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"x\"}", 400,
         "'userId' must be 1-64"},
        {"{\"userId\":\"a\",\"language\":\"c\",\"code\":\"x\"}", 400, "missing field 'problemId'"},
        {"{\"userId\":\"a\",\"problemId\":\"P!\",\"language\":\"c\",\"code\":\"x\"}", 400,
         "'problemId' must be 1-64"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"cobol\",\"code\":\"x\"}", 400,
         "unknown language"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\"}", 400, "missing field 'code'"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":7}", 400,
         "'code' must be a string"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\"}", 400,
         "'code' is empty"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"a\\u0000\"}", 400,
         "NUL"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\\ud800\"}", 400,
         "malformed JSON"}, /* a lone surrogate cannot be decoded */
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":\"\xff\"}", 400,
         "body is not valid UTF-8"},
        {"{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\",\"code\":"
         "\"01234567890123456789012345678901234567890123456789012345678901234\"}",
         413, "limit is 64"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct intake in;
        char err[256];
        int st = parse(cases[i].body, true, &in, err);
        cr_expect_eq(st, cases[i].status, "case %zu: status %d", i, st);
        cr_expect(strstr(err, cases[i].msg) != NULL, "case %zu: '%s'", i, err);
        intake_dispose(&in);
    }
}

/* The row a job names is the truth to the worker: a client naming one would
 * have someone else's submission judged again. */
Test(intake, a_client_cannot_name_the_submission)
{
    static const char body[] = "{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\","
                               "\"code\":\"x\",\"submissionId\":\"1\"}";
    for (int require_user = 0; require_user < 2; require_user++) {
        struct intake in;
        char err[256];
        cr_expect_eq(parse(body, require_user, &in, err), 400);
        cr_expect(strstr(err, "'submissionId'") != NULL, "'%s'", err);
        intake_dispose(&in);
    }
}

Test(intake, escaped_backslash_before_u0000_is_plain_text)
{
    struct intake in;
    char err[256];
    cr_assert_eq(parse("{\"userId\":\"a\",\"problemId\":\"p\",\"language\":\"c\","
                       "\"code\":\"x\\\\u0000\"}",
                       true, &in, err),
                 0, "%s", err);
    cr_assert_str_eq(in.code, "x\\u0000");
    intake_dispose(&in);
}
