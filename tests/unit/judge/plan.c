/* Tests of src/judge/plan.c: the judging plan document, good and bad. */
#include "judge/plan.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A scoring, interactive plan with every field used: two groups under the
 * root, three tests. */
static const char *const good =
    "{\"format\": 1, \"types\": [\"scoring\", \"interactive\"],"
    " \"validator\": {\"language\": \"c++\", \"files\": ["
    "   {\"name\": \"validate.cc\", \"text\": \"#include \\\"validate.h\\\"\\n\"},"
    "   {\"name\": \"lib/validate.h\", \"text\": \"\"}]},"
    " \"include\": [{\"language\": \"python3\", \"files\": [{\"name\": \"driver.py\","
    "   \"text\": \"print(1)\"}]}],"
    " \"inputValidators\": [{\"path\": \"input_validators/v\", \"dir\": true,"
    "   \"language\": \"c\", \"files\": [{\"name\": \"v.c\", \"text\": \"int main;\"},"
    "   {\"name\": \"v.h\", \"text\": \"\"}], \"args\": [\"--max\", \"9\"],"
    "   \"cpuMs\": 5000, \"memoryMb\": 512}],"
    " \"groups\": ["
    "   {\"name\": \"\", \"parent\": -1, \"aggregation\": \"sum\", \"onReject\": \"continue\","
    "    \"acceptScore\": 1, \"rejectScore\": 0, \"range\": null, \"maxScore\": 100,"
    "    \"graderFlags\": [\"ignore_sample\"], \"requirePass\": []},"
    "   {\"name\": \"sample\", \"parent\": 0, \"aggregation\": \"pass-fail\","
    "    \"onReject\": \"break\", \"acceptScore\": 0, \"rejectScore\": 0},"
    "   {\"name\": \"secret/group1\", \"parent\": 0, \"aggregation\": \"min\","
    "    \"onReject\": \"break\", \"acceptScore\": 30, \"rejectScore\": 0,"
    "    \"range\": [0, 30], \"maxScore\": null, \"graderFlags\": [\"first_error\","
    "    \"always_accept\"], \"requirePass\": [\"sample\", \"sample/1\"]}],"
    " \"tests\": ["
    "   {\"name\": \"sample/1\", \"group\": 1, \"fullFeedback\": true, \"desc\": \"d\","
    "    \"hint\": null},"
    "   {\"name\": \"secret/group1/01\", \"group\": 2, \"args\": [\"--n\", \"5\"],"
    "    \"validatorArgs\": [\"float_tolerance\", \"1e-6\"]},"
    "   {\"name\": \"secret/group1/02\", \"group\": 2, \"args\": [], \"validatorArgs\": []}]}";

Test(plan, parses_every_field)
{
    char err[256] = "";
    struct plan *p = plan_parse(good, strlen(good), 3, err, sizeof(err));
    cr_assert_not_null(p, "%s", err);
    cr_expect(p->scoring);
    cr_expect(p->interactive);
    cr_assert_not_null(p->validator);
    cr_expect_str_eq(p->validator->language, "cpp");
    cr_assert_eq(p->validator->n, 2);
    cr_expect_str_eq(p->validator->v[1].name, "lib/validate.h");
    cr_expect_eq(p->validator->v[0].len, strlen("#include \"validate.h\"\n"));
    cr_assert_eq(p->ngroups, 3);
    cr_expect_eq(p->groups[0].parent, -1);
    cr_expect_eq(p->groups[0].aggregation, PLAN_AGG_SUM);
    cr_expect(p->groups[0].on_reject_continue);
    cr_expect_eq(p->groups[0].max_score, 100);
    cr_expect(isinf(p->groups[0].range_min) && p->groups[0].range_min < 0);
    cr_expect_eq(p->groups[0].grader_flags, PLAN_IGNORE_SAMPLE);
    cr_expect_eq(p->groups[1].aggregation, PLAN_AGG_PASS_FAIL);
    cr_expect_lt(p->groups[1].max_score, 0);
    cr_expect_eq(p->groups[2].range_max, 30);
    cr_expect_eq(p->groups[2].grader_flags, PLAN_FIRST_ERROR | PLAN_ALWAYS_ACCEPT);
    cr_assert_eq(p->groups[2].n_require_pass, 2);
    cr_expect_str_eq(p->groups[2].require_pass[1], "sample/1");
    cr_assert_eq(p->ntests, 3);
    cr_expect(p->tests[0].full_feedback);
    cr_expect_str_eq(p->tests[0].desc, "d");
    cr_expect_null(p->tests[0].hint);
    cr_expect_eq(p->tests[0].nargs, 0);
    cr_expect_null(p->tests[0].args[0]);
    cr_assert_eq(p->tests[1].nargs, 2);
    cr_expect_str_eq(p->tests[1].args[1], "5");
    cr_expect_null(p->tests[1].args[2]);
    cr_expect_str_eq(p->tests[1].validator_args[0], "float_tolerance");
    cr_expect_eq(p->tests[2].group, 2);
    cr_expect_not_null(plan_include_for(p, "python"));
    cr_expect_not_null(plan_include_for(p, "py3"));
    cr_expect_null(plan_include_for(p, "cpp"));
    cr_expect_null(plan_include_for(p, "cobol"));
    cr_assert_eq(p->ninput_validators, 1);
    const struct plan_input_validator *v = &p->input_validators[0];
    cr_expect_str_eq(v->path, "input_validators/v");
    cr_expect(v->dir);
    cr_expect_str_eq(v->files.language, "c");
    cr_assert_eq(v->files.n, 2);
    cr_expect_str_eq(v->files.v[1].name, "v.h");
    cr_assert_eq(v->nargs, 2);
    cr_expect_str_eq(v->args[1], "9");
    cr_expect_null(v->args[2]);
    cr_expect_eq(v->cpu_ms, 5000);
    cr_expect_eq(v->memory_mb, 512);
    /* A plan without argSets (written before them) has one set: args. */
    cr_assert_eq(p->ninput_arg_sets, 1);
    cr_assert_eq(v->narg_sets, 1);
    cr_assert_eq(v->arg_sets[0].n, 2);
    cr_expect_str_eq(v->arg_sets[0].v[1], "9");
    cr_expect_null(v->arg_sets[0].v[2]);
    cr_expect_eq(p->tests[1].input_args, 0);
    cr_expect_eq(p->input_run_sets, 1u);
    plan_free(p);
}

Test(plan, the_smallest_plan)
{
    const char *doc = "{\"format\": 1, \"types\": [\"pass-fail\"], \"groups\": [{\"name\": \"\","
                      " \"parent\": -1, \"aggregation\": \"pass-fail\", \"onReject\": \"break\","
                      " \"acceptScore\": 1, \"rejectScore\": 0}], \"tests\": []}";
    char err[256] = "";
    struct plan *p = plan_parse(doc, strlen(doc), 0, err, sizeof(err));
    cr_assert_not_null(p, "%s", err);
    cr_expect_not(p->scoring);
    cr_expect_null(p->validator);
    cr_expect_eq(p->ninclude, 0);
    cr_expect_null(plan_include_for(p, "cpp"));
    plan_free(p);
    plan_free(NULL);
}

/* good with the first occurrence of from replaced by to. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(good, from);
    cr_assert_not_null(at, "%s not in the good plan", from);
    size_t len = strlen(good) - strlen(from) + strlen(to);
    char *out = malloc(len + 1);
    cr_assert_not_null(out);
    snprintf(out, len + 1, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
    return out;
}

Test(plan, refuses_bad_documents)
{
    static const char *const cases[][3] = {
        /* from, to, a word of the reason */
        {"\"format\": 1", "\"format\": 2", "format"},
        {"\"format\": 1", "\"format\": \"1\"", "format"},
        {"\"scoring\", \"interactive\"", "\"scoring\", \"multi-pass\"", "types"},
        {"\"scoring\", \"interactive\"", "\"scoring\", \"pass-fail\"", "types"},
        {"\"scoring\", \"interactive\"", "\"interactive\"", "types"},
        {"\"scoring\", \"interactive\"", "\"scoring\", \"interactive\", \"interactive\"", "types"},
        {"\"c++\"", "\"cobol\"", "language"},
        {"\"lib/validate.h\"", "\"../validate.h\"", "name"},
        {"\"lib/validate.h\"", "\"lib/../../x\"", "name"},
        {"\"lib/validate.h\"", "\"/etc/passwd\"", "name"},
        {"\"lib/validate.h\"", "\"validate.cc\"", "twice"},
        {"\"lib/validate.h\"", "\"\"", "name"},
        {"\"lib/validate.h\"", "\"a//b\"", "name"},
        {"\"text\": \"\"", "\"text\": 7", "string"},
        {"\"--n\", \"5\"", "\"--n\", 5", "string"},
        {"[\"float_tolerance\", \"1e-6\"]", "[true]", "string"},
        {"\"group\": 2", "\"group\": 3", "group"},
        {"\"group\": 2", "\"group\": -1", "group"},
        {"\"group\": 2", "\"group\": 1.5", "group"},
        {"\"parent\": 0, \"aggregation\": \"min\"", "\"parent\": 2, \"aggregation\": \"min\"",
         "parent"},
        {"\"parent\": -1", "\"parent\": 0", "parent"},
        {"\"parent\": 0, \"aggregation\": \"pass-fail\"",
         "\"parent\": -1, \"aggregation\": \"pass-fail\"", "parent"},
        {"\"aggregation\": \"sum\"", "\"aggregation\": \"product\"", "group 0"},
        {"\"onReject\": \"continue\"", "\"onReject\": \"stop\"", "group 0"},
        {"\"range\": [0, 30]", "\"range\": [30, 0]", "range"},
        {"\"range\": [0, 30]", "\"range\": [0]", "range"},
        {"\"maxScore\": 100", "\"maxScore\": -1", "maxScore"},
        {"\"ignore_sample\"", "\"no_such_flag\"", "flag"},
        {"[\"sample\", \"sample/1\"]", "[\"nothing\"]", "requirePass"},
        {"\"name\": \"sample\"", "\"name\": \"secret/group1\"", "twice"},
        {"\"name\": \"\"", "\"name\": \"root\"", "name"},
        {"\"name\": \"sample/1\"", "\"name\": \"../1\"", "name"},
        {"\"fullFeedback\": true", "\"fullFeedback\": 1", "fullFeedback"},
        {"\"desc\": \"d\"", "\"desc\": 3", "string"},
        {"\"hint\": null", "\"hint\": null, \"hint\": null", "twice"},
        {"\"hint\": null", "\"hints\": null", "unknown"},
        {"\"format\": 1", "\"format\": 1, \"extra\": 0", "unknown"},
        {"\"tests\": [", "\"tests\": {\"a\": 1}, \"x\": [", "unknown"},
        {"{\"language\": \"python3\"", "{\"language\": \"python\"}, {\"language\": \"py\"",
         "files"},
        {"\"dir\": true", "\"dir\": 1", "'dir'"},
        {"\"dir\": true", "\"dir\": false", "one file"},
        {"\"path\": \"input_validators/v\"", "\"path\": \"../v\"", "'path'"},
        {"\"path\": \"input_validators/v\"", "\"path\": 3", "input validator 0"},
        {"\"cpuMs\": 5000", "\"cpuMs\": 0", "input validator 0"},
        {"\"memoryMb\": 512", "\"memoryMb\": 512, \"extra\": 1", "unknown"},
        {"\"language\": \"c\"", "\"language\": \"ctd\"", "language"},
        {"[\"--max\", \"9\"]", "[9]", "string"},
        {"\"inputValidators\": [", "\"inputValidators\": {\"a\": 1}, \"x\": [", "unknown"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *doc = edit(cases[i][0], cases[i][1]);
        char err[256] = "";
        struct plan *p = plan_parse(doc, strlen(doc), 3, err, sizeof(err));
        cr_expect_null(p, "case %zu accepted: %s", i, doc);
        cr_expect(strstr(err, cases[i][2]) != NULL, "case %zu: '%s' lacks '%s'", i, err,
                  cases[i][2]);
        plan_free(p);
        free(doc);
    }
}

Test(plan, refuses_counts_sizes_and_garbage)
{
    char err[256] = "";
    cr_expect_null(plan_parse(good, strlen(good), 2, err, sizeof(err)));
    cr_expect(strstr(err, "3 tests") != NULL, "%s", err);
    cr_expect_null(plan_parse(good, strlen(good), 4, err, sizeof(err)));
    cr_expect_null(plan_parse(good, strlen(good) - 1, 3, err, sizeof(err)));
    cr_expect(strstr(err, "not JSON") != NULL, "%s", err);
    cr_expect_null(plan_parse("[]", 2, 0, err, sizeof(err)));
    cr_expect_null(plan_parse("", 0, 0, err, sizeof(err)));
    /* An argument over 1024 bytes, a name over 255. */
    char big[1200];
    memset(big, 'a', sizeof(big) - 3);
    big[0] = '"';
    big[sizeof(big) - 3] = '"';
    big[sizeof(big) - 2] = '\0';
    char *doc = edit("\"5\"", big);
    cr_expect_null(plan_parse(doc, strlen(doc), 3, err, sizeof(err)));
    free(doc);
    big[300] = '"';
    big[301] = '\0';
    doc = edit("\"sample/1\"", big);
    cr_expect_null(plan_parse(doc, strlen(doc), 3, err, sizeof(err)));
    free(doc);
    /* 65 arguments. */
    char many[65 * 4 + 8] = "[";
    size_t used = 1;
    for (int i = 0; i < 65; i++)
        used += (size_t)snprintf(many + used, sizeof(many) - used, "%s\"a\"", i ? "," : "");
    snprintf(many + used, sizeof(many) - used, "]");
    doc = edit("[\"--n\", \"5\"]", many);
    cr_expect_null(plan_parse(doc, strlen(doc), 3, err, sizeof(err)));
    cr_expect(strstr(err, "at most 64") != NULL, "%s", err);
    free(doc);
    /* Invalid UTF-8 in a file's text. */
    doc = edit("print(1)", "\xff\xfe");
    cr_expect_null(plan_parse(doc, strlen(doc), 3, err, sizeof(err)));
    free(doc);
}

/* Input validator argument sets: set k of every validator together, as
 * many for each; a test names its set. */
Test(plan, input_argument_sets)
{
    char *doc = edit("\"cpuMs\": 5000", "\"argSets\": [[\"--max\", \"9\"], [\"--min\", \"10\"]],"
                                        " \"cpuMs\": 5000");
    size_t cap = strlen(doc) + 64;
    char *two = malloc(cap);
    const char *at = strstr(doc, "\"validatorArgs\": []}");
    cr_assert_not_null(at);
    snprintf(two, cap, "%.*s\"inputArgs\": 1, %s", (int)(at - doc), doc, at);
    char err[256] = "";
    struct plan *p = plan_parse(two, strlen(two), 3, err, sizeof(err));
    cr_assert_not_null(p, "%s", err);
    cr_assert_eq(p->ninput_arg_sets, 2);
    const struct plan_input_validator *v = &p->input_validators[0];
    cr_assert_eq(v->arg_sets[1].n, 2);
    cr_expect_str_eq(v->arg_sets[1].v[0], "--min");
    cr_expect_null(v->arg_sets[1].v[2]);
    cr_expect_eq(p->tests[2].input_args, 1);
    cr_expect_eq(p->tests[1].input_args, 0);
    cr_expect_eq(p->input_run_sets, 3u); /* both are secret tests' */
    plan_free(p);
    free(two);
    two = edit("\"validatorArgs\": []}", "\"validatorArgs\": [], \"inputArgs\": 1}");
    cr_expect_null(plan_parse(two, strlen(two), 3, err, sizeof(err)));
    cr_expect(strstr(err, "inputArgs") != NULL, "%s", err);
    free(two);
    static const char *const bad[] = {"[]", "[[1]]", "[\"--max\"]", "{}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        char sets[64];
        snprintf(sets, sizeof(sets), "\"argSets\": %s, \"cpuMs\": 5000", bad[i]);
        two = edit("\"cpuMs\": 5000", sets);
        cr_expect_null(plan_parse(two, strlen(two), 3, err, sizeof(err)), "%s", bad[i]);
        cr_expect(strstr(err, "argSets") != NULL, "%s: %s", bad[i], err);
        free(two);
    }
    free(doc);
}
