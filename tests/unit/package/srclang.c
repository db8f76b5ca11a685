/* Languages by extension, and Java's main class. */
#include "package/srclang.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(srclang, the_issues_extension_table)
{
    cr_assert_eq(srclang_of_file("a.c"), SRCLANG_C);
    const char *cpp[] = {"a.cc", "a.cpp", "a.cxx", "a.c++"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(srclang_of_file(cpp[i]), SRCLANG_CPP, "%s", cpp[i]);
    cr_assert_eq(srclang_of_file("x.py"), SRCLANG_PYTHON);
    cr_assert_eq(srclang_of_file("X.java"), SRCLANG_JAVA);
    cr_assert_eq(srclang_of_file("x.js"), SRCLANG_JAVASCRIPT);
    cr_assert_eq(srclang_of_file("x.go"), SRCLANG_GO);
    cr_assert_eq(srclang_of_file("x.rs"), SRCLANG_RUST);
    cr_assert_eq(srclang_of_file("x.kt"), SRCLANG_UNSUPPORTED);
    cr_assert_eq(srclang_of_file("x.ctd"), SRCLANG_UNSUPPORTED);
    cr_assert_eq(srclang_of_file("Makefile"), SRCLANG_UNSUPPORTED);
    cr_assert_eq(srclang_of_file(".c"), SRCLANG_UNSUPPORTED);
    cr_assert_str_eq(srclang_name(SRCLANG_CPP), "cpp");
    cr_assert_eq(srclang_of_dir("python3"), SRCLANG_PYTHON);
}

Test(srclang, finds_the_class_holding_main)
{
    const char *src = "// class Fake { static void main( }\n"
                      "import java.util.*;\n"
                      "class Helper { int x; }\n"
                      "public class Different {\n"
                      "    static String s = \"class Nope\";\n"
                      "    public static void main(String[] args) {}\n"
                      "}\n";
    char *c = srclang_java_main_class(src, strlen(src));
    cr_assert_not_null(c);
    cr_assert_str_eq(c, "Different");
    free(c);
    const char *none = "class A { void run() {} }\n";
    cr_assert_null(srclang_java_main_class(none, strlen(none)));
}
