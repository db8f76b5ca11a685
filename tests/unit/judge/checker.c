/* Tests of src/judge/checker.c: the built-in checkers and their specs. */
#include "judge/checker.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool cmp(const char *spec, const char *expected, const char *output)
{
    struct checker c;
    cr_assert_eq(checker_parse(spec, &c), 0, "spec %s", spec);
    return checker_compare(&c, expected, strlen(expected), output, strlen(output));
}

Test(checker, parses_every_spec)
{
    struct checker c;
    cr_assert_eq(checker_parse(NULL, &c), 0);
    cr_assert_eq(c.kind, CHECKER_TOKENS);
    cr_assert_eq(checker_parse("exact", &c), 0);
    cr_assert_eq(c.kind, CHECKER_EXACT);
    cr_assert_eq(checker_parse("custom", &c), 0);
    cr_assert_eq(c.kind, CHECKER_CUSTOM);
    cr_assert_eq(checker_parse("validator", &c), 0);
    cr_assert_eq(c.kind, CHECKER_VALIDATOR);
    cr_assert_eq(checker_parse("validator:x", &c), -EINVAL);
    cr_assert_eq(checker_parse("float:1e-6", &c), 0);
    cr_assert_eq(c.kind, CHECKER_FLOAT);
    cr_assert_float_eq(c.eps, 1e-6, 1e-12);
    /* Every plain decimal form of an EPS in [0, 1). */
    const char *good[] = {
        "float:0",    "float:0.5",   "float:.5",   "float:0.",    "float:1E-3",
        "float:9e-1", "float:0.999", "float:00.1", "float:1e-400" /* underflows to 0 */};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        cr_assert_eq(checker_parse(good[i], &c), 0, "%s", good[i]);
        cr_assert_eq(c.kind, CHECKER_FLOAT);
    }
}

Test(checker, rejects_bad_specs)
{
    struct checker c;
    const char *bad[] = {"float:",    "float:abc",  "float:1e-6x", "float:-1",     "float:2",
                         "float:nan", "Tokens",     "diff",        "float",        "",
                         "float:1",   "float:+0.1", "float: 0.1",  "float:0x1p-3", "float:inf",
                         "float:.",   "float:1e",   "float:1e+",   "float:1.2.3",  "float:e-6"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(checker_parse(bad[i], &c), -EINVAL, "%s", bad[i]);
}

Test(checker, tokens_ignore_whitespace_kind_and_amount)
{
    cr_assert(cmp("tokens", "1 2 3\n", "1 2 3"));
    cr_assert(cmp("tokens", "1 2 3\n", "  1\t2\r\n3  \n\n"));
    cr_assert(cmp("tokens", "", ""));
    cr_assert(cmp("tokens", "\n", "   "));
}

Test(checker, tokens_compare_bytes)
{
    cr_assert_not(cmp("tokens", "1 2 3", "1 2"));
    cr_assert_not(cmp("tokens", "1 2", "1 2 3"));
    cr_assert_not(cmp("tokens", "12", "1 2"));
    cr_assert_not(cmp("tokens", "1.0", "1"));
    cr_assert_not(cmp("tokens", "yes", "YES"));
    cr_assert_not(cmp("tokens", "", "0"));
    cr_assert_not(cmp("tokens", "0", ""));
}

Test(checker, tokens_handle_nul_bytes)
{
    struct checker c = {.kind = CHECKER_TOKENS};
    cr_assert_not(checker_compare(&c, "1 2", 3, "1\0002", 3));
    cr_assert(checker_compare(&c, "a\0b", 3, "a\0b\n", 4));
}

Test(checker, exact_is_byte_for_byte)
{
    cr_assert(cmp("exact", " a b \n", " a b \n"));
    cr_assert_not(cmp("exact", " a b \n", " a b "));
    cr_assert_not(cmp("exact", "a b\n", "a  b\n"));
    cr_assert_not(cmp("exact", "a\n", "a\r\n"));
    cr_assert(cmp("exact", "", ""));
    cr_assert_not(cmp("exact", "", "\n"));
}

Test(checker, float_absolute_and_relative)
{
    cr_assert(cmp("float:1e-6", "1.0", "1.0000005"));
    cr_assert(cmp("float:1e-6", "0.5", "0.4999995"));
    cr_assert_not(cmp("float:1e-6", "1.0", "1.00001"));
    /* Large values: relative error counts. */
    cr_assert(cmp("float:1e-6", "4000000000000", "4000000001000"));
    cr_assert_not(cmp("float:1e-6", "4000000000000", "4000010000000"));
    /* Exactly at the tolerance, despite binary rounding. */
    cr_assert(cmp("float:1e-6", "0.1", "0.100001"));
    cr_assert(cmp("float:1e-6", "1e3", "1000.0000001"));
    cr_assert(cmp("float:0", "2.5", "2.50"));
}

Test(checker, float_refuses_what_is_not_a_decimal)
{
    cr_assert_not(cmp("float:1e-6", "1.0", "nan"));
    cr_assert_not(cmp("float:1e-6", "1.0", "inf"));
    cr_assert_not(cmp("float:1e-6", "1.0", "0x1p0"));
    cr_assert_not(cmp("float:1e-6", "1.0", "1.0x"));
    cr_assert_not(cmp("float:1e-6", "1e400",
                      "1e400"
                      "0"));
    cr_assert(cmp("float:1e-6", "-1", "-1.0000000"));
    cr_assert(cmp("float:1e-6", "+2.", "2"));
    cr_assert(cmp("float:1e-6", ".5", "0.5"));
    /* Words are compared as they are. */
    cr_assert(cmp("float:1e-6", "IMPOSSIBLE 1.5", "IMPOSSIBLE 1.5000001"));
    cr_assert_not(cmp("float:1e-6", "IMPOSSIBLE", "impossible"));
    cr_assert_not(cmp("float:1e-6", "1 2", "1"));
}

Test(checker, kattis_specs)
{
    struct checker c;
    cr_assert_eq(checker_parse("kattis", &c), 0);
    cr_assert_eq(c.kind, CHECKER_KATTIS);
    cr_assert(!c.case_sensitive && !c.space_change_sensitive && c.abs_tol < 0 && c.rel_tol < 0);
    cr_assert_eq(checker_parse("kattis:case_sensitive float_absolute_tolerance 0.5", &c), 0);
    cr_assert(c.case_sensitive && !c.space_change_sensitive);
    cr_assert_float_eq(c.abs_tol, 0.5, 1e-12);
    cr_assert(c.rel_tol < 0);
    cr_assert_eq(checker_parse("kattis:float_tolerance 1e-6 space_change_sensitive", &c), 0);
    cr_assert(c.space_change_sensitive);
    cr_assert_float_eq(c.abs_tol, 1e-6, 1e-15);
    cr_assert_float_eq(c.rel_tol, 1e-6, 1e-15);
    const char *bad[] = {"kattis:float_tolerance",
                         "kattis:float_tolerance -1",
                         "kattis:float_tolerance x",
                         "kattis:float_tolerance 1e999",
                         "kattis:bogus",
                         "kattis:case_sensitive 1",
                         "kattisx",
                         "Kattis"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_expect_eq(checker_parse(bad[i], &c), -EINVAL, "%s", bad[i]);
}

/* A JSON string column, decoded; the caller frees it. */
static char *json_text(const char *col, size_t *len)
{
    cJSON *j = cJSON_Parse(col);
    cr_assert(cJSON_IsString(j), "bad column %s", col);
    *len = strlen(j->valuestring);
    char *out = strdup(j->valuestring);
    cJSON_Delete(j);
    return out;
}

/* The table scripts/check-problems.py is held to as well. */
Test(checker, kattis_cases_table)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s", __FILE__);
    char *slash = strrchr(path, '/');
    cr_assert_not_null(slash);
    snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path), "kattis_cases.tsv");
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[1024];
    int n = 0, rows = 0;
    while (fgets(line, sizeof(line), f)) {
        n++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *verdict = strtok(line, "\t"), *spec = strtok(NULL, "\t");
        char *exp_col = strtok(NULL, "\t"), *out_col = strtok(NULL, "\t");
        cr_assert(verdict && spec && exp_col && out_col, "line %d", n);
        size_t elen, olen;
        char *e = json_text(exp_col, &elen), *o = json_text(out_col, &olen);
        struct checker c;
        cr_assert_eq(checker_parse(spec, &c), 0, "line %d: %s", n, spec);
        bool ok = checker_compare(&c, e, elen, o, olen);
        cr_expect_eq(ok, strcmp(verdict, "AC") == 0, "line %d: %s %s %s -> %s", n, spec, exp_col,
                     out_col, ok ? "AC" : "WA");
        free(e);
        free(o);
        rows++;
    }
    fclose(f);
    cr_assert_gt(rows, 30);
}

/* A function problem's checkers (issue 13): the returned value as JSON. */
Test(checker, json_and_unordered_compare_json_values)
{
    struct checker c;
    cr_assert_eq(checker_parse("json", &c), 0);
    cr_assert_eq(c.kind, CHECKER_JSON);
    cr_assert_eq(checker_parse("unordered", &c), 0);
    cr_assert_eq(c.kind, CHECKER_UNORDERED);
    cr_assert_eq(checker_parse("Unordered", &c), -EINVAL);
    cr_assert_eq(checker_parse("json:x", &c), -EINVAL);
    cr_assert(cmp("json", "[1,2]\n", "[1, 2]"));
    cr_assert(cmp("json", "1", "1.0"));
    cr_assert(cmp("json", "\"\\u00e9\"", "\"é\""));
    cr_assert_not(cmp("json", "[1,2]", "[2,1]"));
    cr_assert_not(cmp("json", "[1,2]", "[1,2] [3]"));
    cr_assert_not(cmp("json", "9223372036854775807", "9223372036854775806"));
    cr_assert_not(cmp("json", "[]", ""));
    /* unordered: the top-level array as a multiset; inner arrays keep order. */
    cr_assert(cmp("unordered", "[[1,7],[8,10],[15,18]]", "[[15,18],[1,7],[8,10]]"));
    cr_assert(cmp("unordered", "[1,1,2]", "[2,1,1]"));
    cr_assert(cmp("unordered", "[]", "[ ]"));
    cr_assert_not(cmp("unordered", "[1,1,2]", "[2,2,1]"));
    cr_assert_not(cmp("unordered", "[1,1,2]", "[1,2]"));
    cr_assert_not(cmp("unordered", "[[1,7]]", "[[7,1]]"));
    cr_assert_not(cmp("unordered", "[1,2]", "not json"));
}
