/* Tests of src/judge/driver.c: the program around the user's code (golden
 * pieces; tests/integration/drivers.c compiles and runs them) and the split of
 * a run's stdout. */
#include "judge/driver.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

static struct signature two_sum(void)
{
    char err[256];
    cJSON *j = cJSON_Parse("{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": "
                           "\"int[]\"}, {\"name\": \"target\", \"type\": \"int\"}], "
                           "\"returns\": \"int[][]\"}");
    struct signature s;
    cr_assert_eq(signature_parse(j, &s, err, sizeof(err)), 0, "%s", err);
    cJSON_Delete(j);
    return s;
}

static struct driver_source build(const char *lang, const char *code)
{
    struct signature s = two_sum();
    struct driver_source src;
    char err[256];
    cr_assert_eq(driver_source(&s, lang_find(lang), code, strlen(code), &src, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(strlen(src.text), src.len);
    return src;
}

static void has(const struct driver_source *src, const char *piece)
{
    cr_assert(strstr(src->text, piece) != NULL, "no '%s' in:\n%s", piece, src->text);
}

/* The user's code starts at line 1 of the file the compiler names. */
Test(driver, c_names_the_users_lines_and_calls_once)
{
    struct driver_source src = build("c", "int** twoSum(int* nums) { return 0; }");
    has(&src, "#line 1 \"main.c\"\nint** twoSum(int* nums) { return 0; }\n#line 1 ");
    has(&src, "int* verdict_a0 = verdict_read_int_arr(&verdict_n0);");
    has(&src, "int verdict_a1 = verdict_read_int();");
    has(&src, "int** verdict_r = twoSum(verdict_a0, verdict_n0, verdict_a1, &verdict_rn, "
              "&verdict_rc);");
    has(&src, "verdict_write_int_arr2(verdict_r, verdict_rn, verdict_rc);");
    cr_assert_eq(src.line_shift, 0);
    driver_source_dispose(&src);
}

Test(driver, every_language_has_its_glue)
{
    const char *cases[][3] = {
        {"cpp", "class Solution {};",
         "verdict::result(verdict_s->twoSum(verdict_a0, verdict_a1));"},
        {"python", "class Solution: pass",
         "_verdict_main(lambda *a: Solution().twoSum(*a), [(\"nums\", \"int\", 1), (\"target\", "
         "\"int\", 0)])"},
        {"javascript", "var twoSum = 1;",
         "verdictMain((...a) => twoSum(...a), [['nums', 'int', 1], ['target', 'int', 0]]);"},
        {"java", "class Solution {}", "VerdictIO.result(new Solution().twoSum(a0, a1));"},
        {"go", "func twoSum() {}",
         "verdictResult(verdictWArr2(nil, twoSum(verdictA0, verdictA1), verdictWInt))"},
        {"rust", "impl Solution {}", "let r = Solution::two_sum(a0, a1);"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct driver_source src = build(cases[i][0], cases[i][1]);
        has(&src, cases[i][1]);
        has(&src, cases[i][2]);
        driver_source_dispose(&src);
    }
}

Test(driver, line_numbers_stay_the_users)
{
    struct driver_source src = build("java", "class Solution {}\n");
    cr_assert_eq(src.line_shift, 0);
    cr_assert(strncmp(src.text, "import java.util.*;", 19) == 0);
    cr_assert(strchr(src.text, '\n') > strstr(src.text, "class Solution {}"),
              "the imports share the user's first line");
    driver_source_dispose(&src);
    src = build("python", "class Solution: pass\n");
    cr_assert_eq(src.line_shift, 1);
    cr_assert(strncmp(strchr(src.text, '\n') + 1, "class Solution: pass\n", 21) == 0);
    driver_source_dispose(&src);
    src = build("go", "func twoSum() {}");
    has(&src, "\n//line main.go:1\nfunc twoSum() {}\n//line verdict-driver.go:1\n");
    cr_assert_eq(src.line_shift, 0);
    driver_source_dispose(&src);
    src = build("javascript", "var twoSum = 1;");
    cr_assert(strncmp(src.text, "var twoSum = 1;\n", 16) == 0);
    driver_source_dispose(&src);
}

Test(driver, refuses_an_unknown_language)
{
    struct signature s = two_sum();
    struct lang fake = {.id = "cobol", .source = "main.cob"};
    struct driver_source src;
    char err[256];
    cr_assert_eq(driver_source(&s, &fake, "", 0, &src, err, sizeof(err)), -EINVAL);
    cr_assert_str_eq(err, "no function driver for language cobol");
}

static struct driver_output split(const char *text)
{
    struct driver_output d;
    driver_output_split(text, strlen(text), &d);
    return d;
}

Test(driver, splits_stdout_at_the_last_marker)
{
    struct driver_output d = split("debug\n" DRIVER_MARKER "[1,2]\n");
    cr_assert(d.returned);
    cr_assert_eq(d.user_len, 6);
    cr_assert_eq(d.result_len, 5);
    cr_assert_eq(memcmp(d.result, "[1,2]", 5), 0);
    d = split(DRIVER_MARKER "7\n");
    cr_assert(d.returned);
    cr_assert_eq(d.user_len, 0);
    cr_assert_eq(d.result_len, 1);
    /* The user printing a marker of their own changes nothing. */
    d = split("x" DRIVER_MARKER "[9]\n" DRIVER_MARKER "[1]\n");
    cr_assert_eq(d.result_len, 3);
    cr_assert_eq(memcmp(d.result, "[1]", 3), 0);
    cr_assert_eq(d.user_len, 1 + strlen(DRIVER_MARKER) + 4);
    d = split("no newline at the end");
    cr_assert(!d.returned);
    cr_assert_eq(d.user_len, 21);
    d = split("");
    cr_assert(!d.returned);
}
