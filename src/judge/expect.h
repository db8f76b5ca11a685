/* What a program under a problem package's submissions/<folder>/ must get, by
 * the Kattis rules, and whether a judged result meets it. The judge stops at a
 * pass-fail problem's first rejected test, so a result is one verdict (the
 * first rejection's), as problemtools' verifyproblem sees it:
 *
 *   accepted              AC (a scoring problem: the full score)
 *   wrong_answer          WA
 *   time_limit_exceeded   TLE
 *   run_time_error        RE; Kattis folds memory (and output) limits into it
 *   rejected              anything but AC (a rejection of the program's own)
 *   brute_force           TLE or a run-time error, never WA
 *   partially_accepted    a scoring problem, above nothing and below full score
 *
 * A compile error or a judge error meets no expectation. */
#ifndef JUDGE_EXPECT_H
#define JUDGE_EXPECT_H

#include "judge/verdict.h"

#include <stdbool.h>
#include <stddef.h>

/* True when folder is one of the names above. */
bool expect_known(const char *folder);

/* A judged program's outcome; score and max_score only when scored
 * (max_score < 0: unbounded). */
struct expect_outcome {
    enum verdict verdict;
    bool scored;
    double score, max_score;
};

/* True when o meets folder's expectation; otherwise false with the
 * expectation in words ("WA expected") in why. An unknown folder is never met. */
bool expect_met(const char *folder, const struct expect_outcome *o, char *why, size_t len);

/* The time limit the example programs give when a package sets none (the
 * spec's "Problem timing"): the smallest positive multiple of resolution (s)
 * that is at least slowest_ac (s, the slowest test of any accepted program)
 * times ac_to_time_limit. Returns it in milliseconds, rounded up; 0 when the
 * arguments make no sense (a resolution or multiplier not above 0, a
 * negative or non-finite time). The upper bound (time_limit_to_tle) is the
 * caller's to check: it needs the too-slow programs run at that limit. */
unsigned expect_time_limit_ms(double slowest_ac, double ac_to_time_limit, double resolution);

#endif
