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
