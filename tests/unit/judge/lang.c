/* Tests of src/judge/lang.c: lookups and "{mem}" substitution. */
#include "judge/lang.h"

#include <criterion/criterion.h>
#include <string.h>

Test(lang, finds_ids_and_aliases)
{
    cr_assert_str_eq(lang_find("C++")->id, "cpp");
    cr_assert_str_eq(lang_find("python3")->id, "python");
    cr_assert_str_eq(lang_find("node")->id, "javascript");
    cr_assert_null(lang_find("cobol"));
    for (const struct lang *const *l = lang_all(); *l; l++) {
        cr_assert((*l)->compile_cpu_ms > 0 && (*l)->compile_memory_mb > 0, "%s", (*l)->id);
        cr_assert((*l)->compile_processes > 0, "%s", (*l)->id);
    }
}

Test(lang, expands_the_memory_limit)
{
    struct lang_argv a;
    cr_assert_eq(lang_argv_expand(lang_find("java")->run, 256, &a), 0);
    cr_assert_str_eq(a.argv[0], "/usr/bin/java");
    cr_assert_str_eq(a.argv[1], "-Xmx256m");
    cr_assert_null(a.argv[8]);
    cr_assert_eq(lang_argv_expand(lang_find("c")->run, 256, &a), 0);
    cr_assert_str_eq(a.argv[0], "./main");
    cr_assert_null(a.argv[1]);
}

Test(lang, expands_programs_of_several_files)
{
    const struct lang *cpp = lang_find("cpp");
    const char *names[] = {"validate.cc", "validate.h", "extra.cpp"};
    struct lang_files f = {names, 3, lang_entry(cpp, names, 3), NULL};
    cr_assert_str_eq(f.entry, "validate.cc");
    struct lang_argv a;
    cr_assert_eq(lang_program_expand(cpp, cpp->compile, &f, true, 256, &a), 0);
    cr_assert_str_eq(a.argv[5], "main");
    cr_assert_str_eq(a.argv[6], "validate.cc");
    cr_assert_str_eq(a.argv[7], "extra.cpp");
    cr_assert_null(a.argv[8]);
    cr_assert_eq(lang_program_expand(cpp, cpp->run, &f, false, 256, &a), 0);
    cr_assert_str_eq(a.argv[0], "./main");
    const struct lang *py = lang_find("python");
    const char *pynames[] = {"util.py", "__main__.py", "data.txt"};
    cr_assert_str_eq(lang_entry(py, pynames, 3), "__main__.py");
    const char *one[] = {"check.py"};
    f = (struct lang_files){one, 1, lang_entry(py, one, 1), NULL};
    cr_assert_eq(lang_program_expand(py, py->run, &f, false, 256, &a), 0);
    cr_assert_str_eq(a.argv[2], "check.py");
    cr_assert_null(lang_entry(py, names, 3));
    const struct lang *java = lang_find("java");
    const char *jnames[] = {"Different.java", "Helper.java"};
    f = (struct lang_files){jnames, 2, "Different.java", "Different"};
    cr_assert_eq(lang_program_expand(java, java->compile, &f, true, 256, &a), 0);
    cr_assert_str_eq(a.argv[7], "Different.java");
    cr_assert_str_eq(a.argv[8], "Helper.java");
    cr_assert_eq(lang_program_expand(java, java->run, &f, false, 300, &a), 0);
    cr_assert_str_eq(a.argv[1], "-Xmx300m");
    cr_assert_str_eq(a.argv[7], "Different");
}
