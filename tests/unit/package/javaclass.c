/* Tests of src/package/javaclass.c: the class holding main, whatever its name. */
#include "package/javaclass.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char *main_of(const char *src)
{
    static char out[JAVACLASS_NAME_MAX + 1];
    javaclass_main(src, strlen(src), out);
    return out;
}

Test(javaclass, finds_the_public_class_with_main)
{
    cr_expect_str_eq(main_of("public class Main { public static void main(String[] a) {} }"),
                     "Main");
    cr_expect_str_eq(main_of("import java.util.*;\n"
                             "class Helper { static int f() { return 1; } }\n"
                             "public final class Different {\n"
                             "  @SuppressWarnings(\"x\")\n"
                             "  public static void main(final String... args) throws Exception {}\n"
                             "}\n"),
                     "Different");
    cr_expect_str_eq(main_of("class A$b_1 { static public void main(String[] a) {} }"), "A$b_1");
    /* A non-public class with main, then a public one: the public one. */
    cr_expect_str_eq(main_of("class First { public static void main(String[] a) {} }\n"
                             "public class Second { public static void main(String[] a) {} }"),
                     "Second");
    /* Generics, nested types and a record. */
    cr_expect_str_eq(main_of("public class Box<T extends Comparable<T>> {\n"
                             "  static class Inner { public static void main(String[] a) {} }\n"
                             "  public static void main(String[] a) { char c = '}'; }\n"
                             "}"),
                     "Box");
    cr_expect_str_eq(main_of("public record R(int x) { public static void main(String[] a) {} }"),
                     "R");
}

Test(javaclass, is_not_fooled_by_comments_and_strings)
{
    cr_expect_str_eq(main_of("// public class Fake { public static void main(String[] a) {} }\n"
                             "/* class Fake2 { static void main( } */\n"
                             "public class Real {\n"
                             "  static String s = \"class Str { static void main(\";\n"
                             "  static String t = \"\"\"\n"
                             "     } class Block { public static void main(String[] a) {}\n"
                             "     \"\"\";\n"
                             "  static char q = '\"';\n"
                             "  public static void main(String[] a) { System.out.println(s); }\n"
                             "}"),
                     "Real");
    /* A method named main that is not static, a field named main. */
    cr_expect_str_eq(main_of("public class NoMain { void main(String[] a) {} int main; }"),
                     "NoMain");
    cr_expect_str_eq(main_of("class X { static void notmain(int main) {} }"), "Main");
}

Test(javaclass, says_whether_main_was_found)
{
    char out[JAVACLASS_NAME_MAX + 1];
    const char *lib =
        "class Util {}\npublic class Solution { static long solve(long x) { return x; } }";
    cr_expect_not(javaclass_main(lib, strlen(lib), out));
    cr_expect_str_eq(out, "Solution");
    const char *app = "public class App { public static void main(String[] a) {} }";
    cr_expect(javaclass_main(app, strlen(app), out));
    cr_expect_str_eq(out, "App");
}

Test(javaclass, falls_back_to_main)
{
    cr_expect_str_eq(main_of(""), "Main");
    cr_expect_str_eq(main_of("public class"), "Main");
    cr_expect_str_eq(main_of("/* unterminated"), "Main");
    cr_expect_str_eq(main_of("\"unterminated"), "Main");
    cr_expect_str_eq(main_of("class \xc3\x84pfel { public static void main(String[] a) {} }"),
                     "Main");
    char longname[200] = "public class ";
    memset(longname + 13, 'A', 70);
    snprintf(longname + 83, sizeof(longname) - 83, " { public static void main(String[] a) {} }");
    cr_expect_str_eq(main_of(longname), "Main");
}
