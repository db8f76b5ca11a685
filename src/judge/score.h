/* The judging order and the result of a packaged problem (judge/plan.h), by
 * the Kattis problem package rules: tests in order (samples first), each
 * group's results combined by its aggregation, on_reject break skipping the
 * rest of a group after its first rejection, accept/reject scores, ranges,
 * max_score, grader flags and require_pass; a pass-fail problem ends at its
 * first rejection with that test's verdict. Pure: no I/O, no sandbox; the
 * judge asks which test to run next and tells how each one went.
 *
 *     struct score *s = score_new(plan);
 *     for (int i; (i = score_next(s)) >= 0;)
 *         score_record(s, (unsigned)i, verdict_of_test_i, score_txt_or_NAN);
 *     struct score_result r;
 *     score_result(s, &r);
 *     score_free(s);
 */
#ifndef JUDGE_SCORE_H
#define JUDGE_SCORE_H

#include "judge/plan.h"
#include "judge/verdict.h"

#include <stdbool.h>

struct score;

struct score_result {
    enum verdict verdict; /* the problem's verdict (AC for a scoring problem whose root
                             group accepts, whatever its score) */
    bool scored;          /* a scoring problem: score and max_score mean something */
    double score;
    double max_score; /* the score of a fully accepted submission; < 0 when unbounded */
    int first_failed; /* index of the test whose verdict is the problem's, or -1 */
};

/* A new judging of plan (borrowed for the score's lifetime). */
struct score *score_new(const struct plan *plan);
void score_free(struct score *s);

/* The index (into plan->tests) of the next test to run, or -1 when judging
 * is over. Each index comes at most once, in increasing order. */
int score_next(struct score *s);

/* Makes score_next() give every test, those the rules would cut too (the
 * rest of a pass-fail problem after its first rejection, of a group after an
 * on_reject break), for `verdict problems verify`, whose example programs'
 * rules speak of every test. A cut test is still skipped as the rules count:
 * the result and score_test() are those of the usual judging. */
void score_run_all(struct score *s);

/* The outcome of test i, the last one score_next() gave: its verdict, and the
 * score the output validator wrote to score.txt (NAN when it wrote none). */
void score_record(struct score *s, unsigned i, enum verdict v, double validator_score);

/* The result so far (complete once score_next() returned -1). */
void score_result(const struct score *s, struct score_result *out);

/* Every group's aggregated score so far into out[0..plan->ngroups): as the
 * rules make it for the result (its aggregation, clamping, skipped tests
 * counting nothing), NAN for a group that counted nothing (none of its tests
 * ran, or it has none). submissions.yaml's group score rules read them
 * (judge/expect_rules.h). */
void score_groups(const struct score *s, double *out);

/* Test i as the rules counted it once recorded: its verdict (IE for a
 * score.txt above a bounded test's share) and its score (0 in a pass-fail
 * problem or a pass-fail group, whose tests score nothing themselves).
 * Returns false, leaving both alone, for a test not run (yet). */
bool score_test(const struct score *s, unsigned i, enum verdict *v, double *score);

#endif
