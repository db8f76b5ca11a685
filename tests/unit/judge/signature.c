/* Tests of src/judge/signature.c: the "function" object of problem.json and
 * test data checked against it. */
#include "judge/signature.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const char *json, struct signature *s, char *err, size_t errlen)
{
    cJSON *j = cJSON_Parse(json);
    cr_assert_not_null(j, "bad test JSON: %s", json);
    int rc = signature_parse(j, s, err, errlen);
    cJSON_Delete(j);
    return rc;
}

Test(signature, reads_two_sum)
{
    struct signature s;
    char err[256];
    cr_assert_eq(parse("{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": "
                       "\"int[]\"}, {\"name\": \"target\", \"type\": \"int\"}], \"returns\": "
                       "\"int[]\"}",
                       &s, err, sizeof(err)),
                 0, "%s", err);
    cr_assert_str_eq(s.name, "twoSum");
    cr_assert_eq(s.nparams, 2);
    cr_assert_str_eq(s.params[0].name, "nums");
    cr_assert_eq(s.params[0].type.scalar, SIGNATURE_INT);
    cr_assert_eq(s.params[0].type.dims, 1);
    cr_assert_eq(s.params[1].type.dims, 0);
    cr_assert_eq(s.returns.scalar, SIGNATURE_INT);
    cr_assert_eq(s.returns.dims, 1);
}

Test(signature, reads_every_type_and_round_trips)
{
    const char *types[] = {"int",     "long",     "double",     "bool",     "string",
                           "int[]",   "long[]",   "double[]",   "bool[]",   "string[]",
                           "int[][]", "long[][]", "double[][]", "bool[][]", "string[][]"};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        char json[256], err[256], back[32];
        snprintf(json, sizeof(json),
                 "{\"name\": \"f\", \"params\": [{\"name\": \"x\", \"type\": \"%s\"}], "
                 "\"returns\": \"%s\"}",
                 types[i], types[i]);
        struct signature s;
        cr_assert_eq(parse(json, &s, err, sizeof(err)), 0, "%s: %s", types[i], err);
        signature_type_str(s.params[0].type, back, sizeof(back));
        cr_assert_str_eq(back, types[i]);
        cJSON *j = signature_to_json(&s);
        char *text = cJSON_PrintUnformatted(j);
        struct signature again;
        cr_assert_eq(parse(text, &again, err, sizeof(err)), 0, "%s", err);
        cr_assert_eq(memcmp(&s, &again, sizeof(s)), 0);
        free(text);
        cJSON_Delete(j);
    }
}

Test(signature, allows_no_params)
{
    struct signature s;
    char err[256];
    cr_assert_eq(parse("{\"name\": \"answer\", \"params\": [], \"returns\": \"long\"}", &s, err,
                       sizeof(err)),
                 0, "%s", err);
    cr_assert_eq(s.nparams, 0);
}

Test(signature, snake_cases_as_leetcode)
{
    const char *cases[][2] = {{"twoSum", "two_sum"},
                              {"isValidBST", "is_valid_bst"},
                              {"num2Str", "num2_str"},
                              {"x", "x"},
                              {"getHTTPResponse", "get_http_response"},
                              {"already_snake", "already_snake"},
                              {"ABC", "abc"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[64];
        signature_snake(cases[i][0], out, sizeof(out));
        cr_assert_str_eq(out, cases[i][1]);
    }
}

/* Each bad signature and a piece of the message it must get. */
Test(signature, refuses_bad_signatures_saying_where)
{
    const char *cases[][2] = {
        {"[]", "function: an object"},
        {"{\"params\": [], \"returns\": \"int\"}", "function.name: a name string"},
        {"{\"name\": \"f\", \"returns\": \"int\"}", "function.params: an array"},
        {"{\"name\": \"f\", \"params\": []}", "function.returns: a type name"},
        {"{\"name\": \"f\", \"params\": [], \"returns\": \"int\", \"x\": 1}",
         "function.x: unknown"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", "
         "\"type\": \"int[][][]\"}], \"returns\": \"int\"}",
         "function.params[1].type: unknown type 'int[][][]'"},
        {"{\"name\": \"f\", \"params\": [], \"returns\": \"float\"}", "unknown type 'float'"},
        {"{\"name\": \"f\", \"params\": [], \"returns\": \"int[ ]\"}", "unknown type"},
        {"{\"name\": \"f\", \"params\": [], \"returns\": \"void\"}", "unknown type 'void'"},
        {"{\"name\": \"f\", \"params\": [], \"returns\": 3}", "a type name string"},
        {"{\"name\": \"class\", \"params\": [], \"returns\": \"int\"}", "'class' is a keyword"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"fn\", \"type\": \"int\"}], \"returns\": "
         "\"int\"}",
         "function.params[0].name: 'fn' is a keyword"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"Self\", \"type\": \"int\"}], \"returns\": "
         "\"int\"}",
         "keyword"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"isSelf\", \"type\": \"int\"}, {\"name\": "
         "\"is_self\", \"type\": \"int\"}], \"returns\": \"int\"}",
         "snake_case"},
        {"{\"name\": \"2sum\", \"params\": [], \"returns\": \"int\"}", "does not start with a "
                                                                       "letter"},
        {"{\"name\": \"two-sum\", \"params\": [], \"returns\": \"int\"}", "other than"},
        {"{\"name\": \"a__b\", \"params\": [], \"returns\": \"int\"}", "two underscores"},
        {"{\"name\": \"\", \"params\": [], \"returns\": \"int\"}", "1 to 40"},
        {"{\"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"params\": [], \"returns\": "
         "\"int\"}",
         "1 to 40"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"a\", "
         "\"type\": \"int\"}], \"returns\": \"int\"}",
         "function.params[1].name: 'a' is params[0] too"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, {\"name\": "
         "\"numsSize\", \"type\": \"int\"}], \"returns\": \"int\"}",
         "the C parameter 'numsSize'"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"returnSize\", \"type\": \"int\"}], "
         "\"returns\": \"int[]\"}",
         "the C parameter 'returnSize'"},
        {"{\"name\": \"sqrt\", \"params\": [], \"returns\": \"int\"}", "C library function"},
        {"{\"name\": \"len\", \"params\": [], \"returns\": \"int\"}", "keyword"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"f\", \"type\": \"int\"}], \"returns\": "
         "\"int\"}",
         "the function's name"},
        {"{\"name\": \"verdictMain\", \"params\": [], \"returns\": \"int\"}", "drivers'"},
        {"{\"name\": \"f\", \"params\": [1,2,3,4,5,6,7,8,9], \"returns\": \"int\"}",
         "at most 8 parameters"},
        {"{\"name\": \"f\", \"params\": [3], \"returns\": \"int\"}", "params[0]: an object"},
        {"{\"name\": \"f\", \"params\": [{\"name\": \"x\"}], \"returns\": \"int\"}",
         "function.params[0].type: a type name string"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct signature s;
        char err[256] = "";
        cr_assert_eq(parse(cases[i][0], &s, err, sizeof(err)), -EINVAL, "accepted %s", cases[i][0]);
        cr_assert(strstr(err, cases[i][1]) != NULL, "%s: '%s' does not say '%s'", cases[i][0], err,
                  cases[i][1]);
    }
}

static struct signature sig(const char *params, const char *returns)
{
    char json[512], err[256];
    snprintf(json, sizeof(json), "{\"name\": \"f\", \"params\": %s, \"returns\": \"%s\"}", params,
             returns);
    struct signature s;
    cr_assert_eq(parse(json, &s, err, sizeof(err)), 0, "%s", err);
    return s;
}

static int input(const struct signature *s, const char *text, char *err, size_t errlen)
{
    return signature_check_input(s, text, strlen(text), err, errlen);
}

Test(signature, checks_inputs)
{
    struct signature s = sig("[{\"name\": \"nums\", \"type\": \"int[]\"}, {\"name\": \"k\", "
                             "\"type\": \"long\"}, {\"name\": \"s\", \"type\": \"string[][]\"}]",
                             "int");
    char err[256];
    const char *good[] = {
        "[1,2]\n9223372036854775807\n[[\"a\"],[]]\n",
        "[-2147483648, 2147483647]\r\n-9223372036854775808\r\n[]\r\n\r\n\n",
        "[]\n0\n[[\"\\ud83d\\ude00 \\u00e9 \\\"\"]]",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        cr_assert_eq(input(&s, good[i], err, sizeof(err)), 0, "%s: %s", good[i], err);
    const char *bad[][2] = {
        {"[1,2]\n1\n", "line 3 (s) is missing"},
        {"[1,2]\n1\n[]\n[]\n", "line 4: more lines"},
        {"[1,2.0]\n1\n[]\n", "line 1 (nums): [1]: expected an int, got a number 2.0"},
        {"[2147483648]\n1\n[]\n", "out of range of an int"},
        {"[]\n9223372036854775808\n[]\n", "line 2 (k): 9223372036854775808 is out of range of a "
                                          "long"},
        {"[]\n1\n[[1]]\n", "line 3 (s): [0][0]: expected a string"},
        {"[]\n1\n[\"a\"]\n", "expected string[]"},
        {"[]\n1\n[[\"\\ud800\"]]\n", "lone surrogate"},
        {"[]\n1\n[[\"a\\u0000\"]]\n", "U+0000"},
        {"[]\n1\n[[\"\xff\"]]\n", "not valid UTF-8"},
        {"[1,]\n1\n[]\n", "line 1 (nums): not JSON"},
        {"\n1\n[]\n", "line 1 (nums): not JSON"},
        {"[] []\n1\n[]\n", "more after the value"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(input(&s, bad[i][0], err, sizeof(err)), -EINVAL, "accepted %s", bad[i][0]);
        cr_assert(strstr(err, bad[i][1]) != NULL, "'%s' does not say '%s'", err, bad[i][1]);
    }
}

Test(signature, checks_doubles_and_bools)
{
    struct signature s =
        sig("[{\"name\": \"x\", \"type\": \"double\"}, {\"name\": \"b\", \"type\": \"bool[]\"}]",
            "double[]");
    char err[256];
    cr_assert_eq(input(&s, "7\n[true,false]\n", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(input(&s, "-1.5e-400\n[]\n", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(input(&s, "1e400\n[]\n", err, sizeof(err)), -EINVAL);
    cr_assert(strstr(err, "out of range of a double"), "%s", err);
    cr_assert_eq(input(&s, "NaN\n[]\n", err, sizeof(err)), -EINVAL);
    cr_assert_eq(input(&s, "1\n[1]\n", err, sizeof(err)), -EINVAL);
    cr_assert(strstr(err, "expected a bool"), "%s", err);
    cr_assert_eq(signature_check_output(&s, " [1, 2.5e3]\n", 12, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(signature_check_output(&s, "[true]", 6, err, sizeof(err)), -EINVAL);
    cr_assert(strstr(err, "the expected return value: [0]: expected a double"), "%s", err);
    cr_assert_eq(signature_check_output(&s, "[1] [2]", 7, err, sizeof(err)), -EINVAL);
}

Test(signature, no_params_take_an_empty_input)
{
    struct signature s = sig("[]", "int");
    char err[256];
    cr_assert_eq(input(&s, "", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(input(&s, "\n\n", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(input(&s, "1\n", err, sizeof(err)), -EINVAL);
}
