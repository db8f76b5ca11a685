/* The importer and the judge agree on the plan: every committed package
 * (tests/packages) imported by judge/from_package.c gives a judging document
 * that plan_parse() takes, with the problem's tests, and what it says. */
#include "judge/from_package.h"
#include "judge/plan.h"
#include "tests/unit/package/pkgfs.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct plan *imported_plan(const char *name, struct catalog_problem *p)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/%s", pkgfs_fixtures(), name);
    struct package *pkg;
    struct from_package_info info;
    memset(p, 0, sizeof(*p));
    cr_assert_eq(package_read(dir, &pkg, err, sizeof(err)), 0, "%s: %s", name, err);
    cr_assert_eq(from_package(pkg, NULL, p, &info, err, sizeof(err)), 0, "%s: %s", name, err);
    from_package_info_dispose(&info);
    package_free(pkg);
    struct plan *plan = plan_parse(p->judging, strlen(p->judging), p->ntests, err, sizeof(err));
    cr_assert_not_null(plan, "%s: %s\n%s", name, err, p->judging);
    return plan;
}

Test(plan_import, every_committed_package_gives_a_plan_the_judge_takes)
{
    static const char *const names[] = {"draft2023", "flags2025", "legacyflags", "legacyscore",
                                        "modern2025"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct catalog_problem p;
        struct plan *plan = imported_plan(names[i], &p);
        cr_expect_eq(plan->ntests, p.ntests, "%s", names[i]);
        /* A validator of the package's own is the checker "validator". */
        cr_expect_eq(plan->validator != NULL, strcmp(p.checker, "validator") == 0, "%s: %s",
                     names[i], p.checker);
        plan_free(plan);
        catalog_problem_dispose(&p);
    }
}

Test(plan_import, an_interactive_package_has_its_validator)
{
    struct catalog_problem p;
    struct plan *plan = imported_plan("draft2023", &p);
    cr_expect(plan->interactive);
    cr_expect_not_null(plan->validator);
    plan_free(plan);
    catalog_problem_dispose(&p);
}
