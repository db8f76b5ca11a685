/* A Kattis problem package (package/package.h) as a verdict problem: the
 * catalog problem every write path stores (store/catalog.h), its judging
 * plan (judge/plan.h, the JSON in catalog_problem.judging) and what a page
 * shows of it (catalog_problem.shown). Blocking (it reads the package's
 * files and may run pandoc): the CLI calls it directly, the api from its
 * thread pool. README "Kattis problem packages" is the user's side. */
#ifndef JUDGE_FROM_PACKAGE_H
#define JUDGE_FROM_PACKAGE_H

#include "package/package.h"
#include "store/catalog.h"

#include <stdbool.h>
#include <stddef.h>

/* The time limit of a package that gives none (legacy, 2025-09 without
 * limits.time_limit) until it is computed from the accepted submissions (the
 * spec's rule: `verdict problems import` and `verify` do, cli/timing.h; a
 * PUT of the zip keeps this one and says so). */
#define FROM_PACKAGE_PROVISIONAL_TL_MS 2000

/* A package's difficulty when none of its keywords is easy, medium or hard. */
#define FROM_PACKAGE_DEFAULT_DIFFICULTY "medium"

struct from_package_options {
    const char *id;    /* the problem id; NULL: the package's (its directory's name) */
    int time_limit_ms; /* > 0: the limit computed for a package that gives none */
};

/* What the import tells its user beside the problem. */
struct from_package_info {
    bool time_limit_provisional; /* the package gave none, nor did the options */
    /* The package's timing rules, for computing the limit it did not give
     * (cli/timing.h): ac_to_time_limit, time_limit_to_tle, resolution (s). */
    double ac_to_time_limit, time_limit_to_tle, time_resolution;
    char type[64];   /* "pass-fail", "scoring interactive" */
    char **warnings; /* "path: what was ignored or replaced" */
    size_t nwarnings;
};

void from_package_info_dispose(struct from_package_info *info);

/* Builds p (id, title, difficulty, statement, limits, checker, tests with
 * their samples, judging, shown, hash) from pkg. Refuses, with "path: rule"
 * in err and p and info left empty, what verdict cannot judge as the spec
 * says: multi-pass and submit-answer problems, an output validator in a
 * language verdict does not run (or with build/run scripts, or several),
 * test files that are not UTF-8 text, limits past verdict's bounds, more
 * than PROBLEM_TESTS_MAX tests. Returns 0 or -1. */
int from_package(const struct package *pkg, const struct from_package_options *opts,
                 struct catalog_problem *p, struct from_package_info *info, char *err,
                 size_t errlen);

#endif
