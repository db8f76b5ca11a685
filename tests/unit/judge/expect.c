/* The folders of a package's submissions/ and what each permits. */
#include "judge/expect.h"

#include <criterion/criterion.h>

static bool met(const char *folder, enum verdict v)
{
    char why[128];
    struct expect_outcome o = {.verdict = v};
    return expect_met(folder, &o, why, sizeof(why));
}

static bool met_score(const char *folder, enum verdict v, double score, double max)
{
    char why[128];
    struct expect_outcome o = {.verdict = v, .scored = true, .score = score, .max_score = max};
    return expect_met(folder, &o, why, sizeof(why));
}

Test(expect, each_folder_takes_its_verdicts)
{
    cr_assert(met("accepted", VERDICT_AC));
    cr_assert_not(met("accepted", VERDICT_WA));
    cr_assert(met("wrong_answer", VERDICT_WA));
    cr_assert_not(met("wrong_answer", VERDICT_AC));
    cr_assert_not(met("wrong_answer", VERDICT_TLE));
    cr_assert(met("time_limit_exceeded", VERDICT_TLE));
    cr_assert_not(met("time_limit_exceeded", VERDICT_RE));
    /* Kattis folds memory and output limits into run-time errors. */
    cr_assert(met("run_time_error", VERDICT_RE));
    cr_assert(met("run_time_error", VERDICT_MLE));
    cr_assert(met("run_time_error", VERDICT_OLE));
    cr_assert_not(met("run_time_error", VERDICT_WA));
    cr_assert(met("rejected", VERDICT_WA));
    cr_assert(met("rejected", VERDICT_TLE));
    cr_assert_not(met("rejected", VERDICT_AC));
    cr_assert(met("brute_force", VERDICT_TLE));
    cr_assert(met("brute_force", VERDICT_MLE));
    cr_assert_not(met("brute_force", VERDICT_WA));
    cr_assert_not(met("brute_force", VERDICT_AC));
}

Test(expect, compile_and_judge_errors_meet_nothing)
{
    const char *folders[] = {"accepted",       "wrong_answer", "time_limit_exceeded",
                             "run_time_error", "rejected",     "brute_force"};
    for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
        cr_assert_not(met(folders[i], VERDICT_CE), "%s", folders[i]);
        cr_assert_not(met(folders[i], VERDICT_IE), "%s", folders[i]);
    }
}

Test(expect, scores)
{
    cr_assert(met_score("accepted", VERDICT_AC, 100, 100));
    cr_assert(met_score("accepted", VERDICT_AC, 0.1 + 0.2, 0.3));
    cr_assert_not(met_score("accepted", VERDICT_AC, 60, 100));
    cr_assert(met_score("accepted", VERDICT_AC, 7, -1)); /* unbounded */
    cr_assert(met_score("partially_accepted", VERDICT_AC, 60, 100));
    cr_assert(met_score("partially_accepted", VERDICT_WA, 60, 100));
    cr_assert_not(met_score("partially_accepted", VERDICT_AC, 100, 100));
    cr_assert_not(met_score("partially_accepted", VERDICT_WA, 0, 100));
    cr_assert_not(met("partially_accepted", VERDICT_AC)); /* not a scoring problem */
}

Test(expect, unknown_folders)
{
    char why[128];
    struct expect_outcome o = {.verdict = VERDICT_AC};
    cr_assert_not(expect_known("slow"));
    cr_assert(expect_known("brute_force"));
    cr_assert_not(expect_met("slow", &o, why, sizeof(why)));
    cr_assert_str_eq(why, "unknown folder slow");
    cr_assert_not(expect_met("accepted/", &o, why, sizeof(why)));
}

Test(expect, time_limit_from_the_slowest_accepted)
{
    /* 2025-09 defaults: x2.0, resolution 1 s. */
    cr_assert_eq(expect_time_limit_ms(0.3, 2.0, 1.0), 1000);
    cr_assert_eq(expect_time_limit_ms(0.5, 2.0, 1.0), 1000);
    cr_assert_eq(expect_time_limit_ms(0.501, 2.0, 1.0), 2000);
    /* Legacy: x5. */
    cr_assert_eq(expect_time_limit_ms(0.25, 5, 1.0), 2000);
    /* A finer resolution; an exact multiple stays itself. */
    cr_assert_eq(expect_time_limit_ms(0.3, 2.0, 0.2), 600);
    cr_assert_eq(expect_time_limit_ms(0.31, 2.0, 0.2), 800);
    cr_assert_eq(expect_time_limit_ms(0.12, 2.0, 0.1), 300);
    /* Instant programs still get one resolution step. */
    cr_assert_eq(expect_time_limit_ms(0, 2.0, 1.0), 1000);
    cr_assert_eq(expect_time_limit_ms(0.001, 2.0, 0.5), 500);
    /* Nonsense. */
    cr_assert_eq(expect_time_limit_ms(1, 2.0, 0), 0);
    cr_assert_eq(expect_time_limit_ms(1, 0, 1), 0);
    cr_assert_eq(expect_time_limit_ms(-1, 2.0, 1), 0);
    cr_assert_eq(expect_time_limit_ms(1e300, 2.0, 1e-300), 0);
    cr_assert_eq(expect_time_limit_ms(5000, 2.0, 1), 0); /* over an hour */
}
