/* Tests of the seccomp filter's build (src/sandbox/filter.c). */
#include "sandbox/internal.h"

#include <criterion/criterion.h>
#include <errno.h>

/* A deny-list name libseccomp cannot resolve fails the build: the rule would
 * otherwise silently not exist (issue 10). */
Test(filter, unresolved_name_fails_the_build)
{
    static const char *const names[] = {"ptrace", "no_such_system_call", "mount"};
    const char *bad = NULL;
    cr_assert_eq(filter_check_names(names, 3, &bad), -ENOENT);
    cr_assert_str_eq(bad, "no_such_system_call");
}

/* A name this architecture lacks resolves to a pseudo-number: not an error. */
Test(filter, names_of_other_architectures_resolve)
{
    static const char *const names[] = {"ptrace", "umount", "cachestat"};
    const char *bad = NULL;
    cr_assert_eq(filter_check_names(names, 3, &bad), 0);
    cr_assert_null(bad);
}

/* Both programs build; the pinned one is longer by its sched_setaffinity rule. */
Test(filter, builds_both_programs)
{
    struct sock_fprog out, pinned;
    const char *bad = NULL;
    cr_assert_eq(filter_build(&out, &pinned, &bad), 0);
    cr_assert_gt(out.len, 0);
    cr_assert_eq(pinned.len, out.len + 2);
    filter_dispose(&out);
    filter_dispose(&pinned);
}
