/* Tests of src/judge/feedback.c: a visible test's data capped for people, and
 * every language's compiler message with the box's paths rewritten to the
 * user's file name (and line numbers shifted past a function problem's
 * driver). The messages are the compilers' own, as they print them here. */
#include "judge/feedback.h"

#include "common/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

static char *rewrite(const char *msg, const char *source, const char *display, unsigned shift)
{
    struct buf b;
    buf_init(&b);
    feedback_compile_message(msg, strlen(msg), source, display, shift, &b);
    buf_puts(&b, ""); /* a NUL even for an empty text */
    return buf_steal(&b);
}

static void check(const char *msg, const char *source, const char *display, unsigned shift,
                  const char *want)
{
    char *got = rewrite(msg, source, display, shift);
    cr_assert_str_eq(got, want);
    free(got);
}

Test(feedback, cap_keeps_short_text_uncut)
{
    struct buf b;
    buf_init(&b);
    cr_assert_not(feedback_cap("1 2\n", 4, 4, 4096, &b));
    cr_assert_str_eq(b.data, "1 2\n");
    buf_dispose(&b);
}

Test(feedback, cap_cuts_at_max_and_says_so)
{
    char s[5000];
    memset(s, 'x', sizeof(s));
    struct buf b;
    buf_init(&b);
    cr_assert(feedback_cap(s, sizeof(s), sizeof(s), FEEDBACK_SHOWN_MAX, &b));
    cr_assert_eq(b.len, FEEDBACK_SHOWN_MAX);
    buf_dispose(&b);
}

/* Exactly max bytes is not cut; what was never read counts as cut. */
Test(feedback, cap_exact_size_and_unread_rest)
{
    char s[16];
    memset(s, 'a', sizeof(s));
    struct buf b;
    buf_init(&b);
    cr_assert_not(feedback_cap(s, 16, 16, 16, &b));
    buf_reset(&b);
    cr_assert(feedback_cap(s, 16, 17, 16, &b));
    cr_assert_eq(b.len, 16);
    buf_dispose(&b);
}

Test(feedback, cap_never_splits_a_character_and_cleans_bytes)
{
    struct buf b;
    buf_init(&b);
    /* "ab" then a 3-byte character that does not fit in 4 bytes. */
    cr_assert(feedback_cap("ab\xe2\x80\x98", 5, 5, 4, &b));
    cr_assert_str_eq(b.data, "ab");
    buf_reset(&b);
    cr_assert_not(feedback_cap("a\xff"
                               "b\0c",
                               5, 5, 100, &b));
    cr_assert_str_eq(b.data, "a?b?c");
    cr_assert(utf8_valid(b.data, b.len));
    buf_dispose(&b);
}

Test(feedback, gcc_message_keeps_its_name)
{
    const char *msg = "main.c: In function \xe2\x80\x98main\xe2\x80\x99:\n"
                      "main.c:2:10: error: \xe2\x80\x98x\xe2\x80\x99 undeclared\n"
                      "    2 |   return x;\n"
                      "      |          ^\n";
    check(msg, "main.c", "main.c", 0, msg);
}

Test(feedback, gcc_box_path_and_shift)
{
    check("/box/main.c:12:10: error: 'x' undeclared\n   12 |   return x;\n      |          ^\n",
          "main.c", "main.c", 3,
          "main.c:9:10: error: 'x' undeclared\n    9 |   return x;\n      |          ^\n");
}

Test(feedback, gxx_message_renamed)
{
    check("main.cpp: In function 'int main()':\nmain.cpp:5:3: error: 'y' was not declared\n",
          "main.cpp", "solution.cpp", 2,
          "solution.cpp: In function 'int main()':\nsolution.cpp:3:3: error: 'y' was not "
          "declared\n");
}

/* main.c is not main.cpp, and a longer name is not the source. */
Test(feedback, names_must_match_whole)
{
    check("main.cpp:1:1: x\nxmain.c:4: y\nlib/main.c:4: z\nsee main.c.\n", "main.c", "user.c", 1,
          "main.cpp:1:1: x\nxmain.c:4: y\nlib/main.c:4: z\nsee user.c.\n");
}

Test(feedback, javac_message)
{
    check("Main.java:3: error: cannot find symbol\n    int y = x;\n            ^\n1 error\n",
          "Main.java", "Main.java", 0,
          "Main.java:3: error: cannot find symbol\n    int y = x;\n            ^\n1 error\n");
    check("/box/Solution.java:7: error: ';' expected\n", "Solution.java", "Solution.java", 4,
          "Solution.java:3: error: ';' expected\n");
}

Test(feedback, go_message)
{
    check("# command-line-arguments\n./main.go:4:2: x declared but not used\n", "main.go",
          "main.go", 0, "# command-line-arguments\nmain.go:4:2: x declared but not used\n");
}

Test(feedback, rustc_message)
{
    check("error[E0425]: cannot find value `x` in this scope\n --> main.rs:12:13\n   |\n"
          "12 |     let y = x;\n   |             ^ not found in this scope\n",
          "main.rs", "main.rs", 10,
          "error[E0425]: cannot find value `x` in this scope\n --> main.rs:2:13\n   |\n"
          " 2 |     let y = x;\n   |             ^ not found in this scope\n");
}

Test(feedback, python_py_compile_message)
{
    check("  File \"/box/main.py\", line 5\n    def f(:\n          ^\nSyntaxError: invalid "
          "syntax\n",
          "main.py", "main.py", 1,
          "  File \"main.py\", line 4\n    def f(:\n          ^\nSyntaxError: invalid syntax\n");
}

Test(feedback, node_check_message)
{
    check("/box/main.js:1\nlet x = ;\n        ^\n\nSyntaxError: Unexpected token ';'\n", "main.js",
          "main.js", 0, "main.js:1\nlet x = ;\n        ^\n\nSyntaxError: Unexpected token ';'\n");
}

/* A line at or below the shift is the driver's: its number stays. */
Test(feedback, driver_lines_keep_their_numbers)
{
    check("main.py:1: in driver\nmain.py:2: in user code\n", "main.py", "main.py", 1,
          "main.py:1: in driver\nmain.py:1: in user code\n");
}

Test(feedback, text_without_newline_and_empty)
{
    check("/box/main.c:3:1: error", "main.c", "main.c", 0, "main.c:3:1: error");
    check("", "main.c", "main.c", 2, "");
}
