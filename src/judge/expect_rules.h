/* The rules a packaged problem's example programs must meet, test by test, as
 * the problem package spec (2025-09 "Example submissions") words them: each
 * folder's default rule (accepted: every test AC; wrong_answer: every test AC
 * or WA and at least one WA; ...), replaced key by key by a top-level key of
 * submissions/submissions.yaml naming the folder, and added to by every
 * other key, a glob of programs (`time_limit_exceeded/slow.py`,
 * `{a,b}.py`), optionally per test group (`secret/group2: {required: [TLE]}`).
 *
 *   permitted   every test the rule covers got one of these
 *   required    at least one test the rule covers got one of these
 *   score       the program's score is this number, or in this range; under
 *               a test glob, the aggregated score of each group it names
 *   message     a substring of the judge message of a test it covers
 *
 * over the classes AC, WA, TLE and RTE (a run-time error, and verdict's
 * memory and output limits, which Kattis folds into it). A program that does
 * not compile or met a judge error meets no rule. Pure: the caller judges
 * every test (judge_problem.run_all) and says what each got. */
#ifndef JUDGE_EXPECT_RULES_H
#define JUDGE_EXPECT_RULES_H

#include "judge/verdict.h"

#include <stdbool.h>
#include <stddef.h>

struct expect_rules;

/* Where a package keeps its rules; the catalog keeps the file among the
 * example programs, as "submissions.yaml" with an empty folder. */
#define EXPECT_RULES_FILE "submissions/submissions.yaml"

/* The legacy format's folders in 2025-09's words, kept as a legacy package's
 * submissions.yaml (and exported so): a too-slow program may also answer
 * wrong, a crashing one may do anything else too. */
#define EXPECT_RULES_LEGACY                                                                        \
    "# The legacy format's rules for these folders (verdict wrote this file).\n"                   \
    "time_limit_exceeded:\n"                                                                       \
    "  permitted: [AC, WA, TLE]\n"                                                                 \
    "run_time_error:\n"                                                                            \
    "  permitted: [AC, WA, TLE, RTE]\n"

/* Parses submissions.yaml (yaml[0..len); NULL for a package without one:
 * the default rules alone). Returns the rules, freed with
 * expect_rules_free(), or NULL with "submissions.yaml: line N: why" in err. */
struct expect_rules *expect_rules_parse(const char *yaml, size_t len, char *err, size_t errlen);
void expect_rules_free(struct expect_rules *r);

/* One test of the problem: its name relative to data/ without ".in"
 * ("secret/group1/03"), and whether the program ran it and what it got. */
struct expect_test {
    const char *name;
    bool ran;
    enum verdict verdict;
    const char *judge_message; /* its judgemessage.txt, or NULL */
};

/* One judged example program. */
struct expect_program {
    const char *path; /* relative to submissions/: "wrong_answer/greedy.py" */
    enum verdict verdict;
    const struct expect_test *tests; /* every test of the problem, in order */
    size_t ntests;
    bool scored;
    double score;
    /* A packaged problem's test groups: names relative to data/ ("" for
     * data/ itself, "secret/group1") and aggregated scores (NAN: the group
     * counted nothing), for a rule's score under a test glob. */
    const char *const *group_names;
    const double *group_scores;
    size_t ngroups;
};

/* Whether some rule covers the program (a default folder, or a glob). */
bool expect_rules_cover(const struct expect_rules *r, const char *path);

/* True when p meets every rule that covers it; otherwise false with the
 * first broken rule in words in why: "wrong_answer: test secret/3 got TLE,
 * permitted AC WA". */
bool expect_rules_met(const struct expect_rules *r, const struct expect_program *p, char *why,
                      size_t len);

#endif
