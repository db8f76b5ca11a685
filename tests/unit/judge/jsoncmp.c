/* Tests of src/judge/jsoncmp.c and src/judge/jsonval.c: JSON values compared
 * as values, integers exactly at any size. */
#include "judge/jsoncmp.h"
#include "judge/jsonval.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

static int cmp(const char *e, const char *o, bool tol, double eps, bool unordered, char *why)
{
    struct jsoncmp_options opt = {.tolerance = tol, .eps = eps, .unordered = unordered};
    return jsoncmp_text(e, strlen(e), o, strlen(o), &opt, why, 256);
}

static bool same(const char *e, const char *o)
{
    char why[256];
    return cmp(e, o, false, 0, false, why) == 1;
}

Test(jsoncmp, compares_values_not_bytes)
{
    cr_assert(same("[1,2]", " [ 1 , 2 ] \n"));
    cr_assert(same("\"\\u00e9\"", "\"é\""));
    cr_assert(same("\"\\ud83d\\ude00\"", "\"😀\""));
    cr_assert(same("\"a\\/b\"", "\"a/b\""));
    cr_assert(same("{\"a\":1,\"b\":[true]}", "{\"b\":[true],\"a\":1}"));
    cr_assert(same("null", "null"));
    cr_assert(!same("[1,2]", "[2,1]"));
    cr_assert(!same("[1,2]", "[1,2,3]"));
    cr_assert(!same("\"a\"", "\"A\""));
    cr_assert(!same("true", "1"));
    cr_assert(!same("[]", "{}"));
    cr_assert(!same("[[1],[]]", "[[1]]"));
}

Test(jsoncmp, integers_compare_exactly_beyond_doubles)
{
    cr_assert(same("9223372036854775807", "9223372036854775807"));
    /* 2^63-1 and 2^63-2 are the same double. */
    cr_assert(!same("9223372036854775807", "9223372036854775806"));
    cr_assert(!same("9007199254740993", "9007199254740992"));
    cr_assert(same("-9223372036854775808", "-9223372036854775808"));
    cr_assert(!same("-1", "1"));
    cr_assert(same("0", "-0"));
    cr_assert(same("123456789012345678901234567890", "123456789012345678901234567890"));
    cr_assert(!same("123456789012345678901234567890", "123456789012345678901234567891"));
}

Test(jsoncmp, other_numbers_compare_as_doubles)
{
    cr_assert(same("1", "1.0"));
    cr_assert(same("0.5", "5e-1"));
    cr_assert(same("1e300", "1.0E300"));
    cr_assert(same("100", "1e2"));
    cr_assert(!same("0.3", "0.30000000000000004"));
    char why[256];
    cr_assert_eq(cmp("0.3", "0.30000000000000004", true, 1e-9, false, why), 1);
    cr_assert_eq(cmp("[1.0, 2]", "[1.0000001, 2.0000001]", true, 1e-6, false, why), 1);
    cr_assert_eq(cmp("1000000", "1000000.5", true, 1e-6, false, why), 1, "relative");
    cr_assert_eq(cmp("1", "1.1", true, 1e-6, false, why), 0);
    /* With a tolerance, integer tokens too: a double's 1e15 printed as an integer. */
    cr_assert_eq(cmp("1000000000000000", "1000000000000001", true, 1e-9, false, why), 1);
}

Test(jsoncmp, unordered_compares_the_top_array_as_a_multiset)
{
    char why[256];
    cr_assert_eq(cmp("[[1,2],[3]]", "[[3],[1,2]]", false, 0, true, why), 1);
    cr_assert_eq(cmp("[[1,2],[3]]", "[[3],[2,1]]", false, 0, true, why), 0, "inner order kept");
    cr_assert_eq(cmp("[1,1,2]", "[1,2,2]", false, 0, true, why), 0);
    cr_assert_eq(cmp("[1,1,2]", "[2,1,1]", false, 0, true, why), 1);
    cr_assert_eq(cmp("[\"b\",\"a\",null,true]", "[true,null,\"a\",\"b\"]", false, 0, true, why), 1);
    cr_assert_eq(cmp("[0.1,0.2]", "[0.2000001,0.1000001]", true, 1e-5, true, why), 1);
    cr_assert_eq(cmp("[9223372036854775807,9223372036854775806]",
                     "[9223372036854775806,9223372036854775807]", false, 0, true, why),
                 1);
    cr_assert_eq(cmp("[]", "[]", false, 0, true, why), 1);
}

Test(jsoncmp, says_where_the_difference_is)
{
    char why[256];
    cr_assert_eq(cmp("[[1,2],[3,5]]", "[[1,2],[3,6]]", false, 0, false, why), 0);
    cr_assert_str_eq(why, "$[1][1]: expected 5, got 6");
    cr_assert_eq(cmp("[1,2]", "[1]", false, 0, false, why), 0);
    cr_assert_str_eq(why, "$: expected 2 elements, got 1");
    cr_assert_eq(cmp("[\"a\"]", "[1]", false, 0, false, why), 0);
    cr_assert_str_eq(why, "$[0]: expected a string, got a number");
    cr_assert_eq(cmp("[1]", "[1", false, 0, false, why), 0);
    cr_assert(strstr(why, "the returned value is not JSON") == why, "%s", why);
    cr_assert_eq(cmp("[1", "[1]", false, 0, false, why), -EINVAL);
    cr_assert(strstr(why, "the expected output is not JSON") == why, "%s", why);
}

Test(jsonval, refuses_what_rfc_8259_refuses)
{
    const char *bad[] = {"",      "[1,]",    "01",        "1.",      ".5",  "+1",         "1e",
                         "[1 2]", "{\"a\"}", "\"\t\"",    "\"\\x\"", "nul", "[1] [2]",    "NaN",
                         "-",     "\"abc",   "\"\\u12\"", "{1:2}",   "[",   "\"\\ud800\""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct jsonval *v = NULL;
        char err[128];
        int rc =
            jsonval_parse(bad[i], strlen(bad[i]), JSONVAL_NO_LONE_SURROGATE, &v, err, sizeof(err));
        cr_assert_eq(rc, -EINVAL, "accepted '%s'", bad[i]);
        cr_assert_null(v);
    }
}

Test(jsonval, keeps_number_tokens_and_decodes_strings)
{
    struct jsonval *v;
    char err[128];
    const char *text = "[-12, 1.5e3, \"a\\u0000b\", \"\\ud800\"]";
    cr_assert_eq(jsonval_parse(text, strlen(text), 0, &v, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(v->count, 4);
    cr_assert_str_eq(v->items[0].str, "-12");
    cr_assert(v->items[0].integer);
    cr_assert_str_eq(v->items[1].str, "1.5e3");
    cr_assert(!v->items[1].integer);
    cr_assert_eq(v->items[2].len, 3);
    cr_assert_eq(memcmp(v->items[2].str, "a\0b", 3), 0);
    /* A lone surrogate, when allowed, is its WTF-8 bytes. */
    cr_assert_eq(v->items[3].len, 3);
    cr_assert_eq(memcmp(v->items[3].str, "\xed\xa0\x80", 3), 0);
    jsonval_free(v);
}

Test(jsonval, limits_nesting)
{
    char deep[200];
    memset(deep, '[', sizeof(deep));
    struct jsonval *v;
    char err[128];
    cr_assert_eq(jsonval_parse(deep, sizeof(deep), 0, &v, err, sizeof(err)), -EINVAL);
    cr_assert(strstr(err, "nested too deep"), "%s", err);
}

Test(jsonval, compares_integer_tokens)
{
    cr_assert_lt(jsonval_int_cmp("-5", 2, "3", 1), 0);
    cr_assert_gt(jsonval_int_cmp("10", 2, "9", 1), 0);
    cr_assert_lt(jsonval_int_cmp("-10", 3, "-9", 2), 0);
    cr_assert_eq(jsonval_int_cmp("-0", 2, "0", 1), 0);
    cr_assert_gt(jsonval_int_cmp("0", 1, "-1", 2), 0);
}
