/* Tests of src/judge/score.c: the Kattis grading rules over hand-built plans. */
#include "judge/score.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXG 300
#define MAXT 1000

/* A plan put together in a test: groups, then tests in judging order. */
struct pb {
    struct plan p;
    struct plan_group g[MAXG];
    struct plan_test t[MAXT];
    char *req[MAXG][2];
};

static struct pb *pb_new(bool scoring)
{
    struct pb *b = calloc(1, sizeof(*b));
    cr_assert_not_null(b);
    b->p.scoring = scoring;
    b->p.groups = b->g;
    b->p.tests = b->t;
    return b;
}

/* A group with the legacy defaults (sum, break, accept 1, reject 0, no
 * range, no max_score, no flags). */
static unsigned grp(struct pb *b, const char *name, int parent)
{
    unsigned i = (unsigned)b->p.ngroups++;
    struct plan_group *g = &b->g[i];
    g->name = (char *)name;
    g->parent = parent;
    g->aggregation = PLAN_AGG_SUM;
    g->accept_score = 1;
    g->reject_score = 0;
    g->range_min = -INFINITY;
    g->range_max = INFINITY;
    g->max_score = -1;
    return i;
}

static void tests(struct pb *b, unsigned group, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        b->t[b->p.ntests++].group = group;
}

static void requires(struct pb *b, unsigned g, const char *name)
{
    b->req[g][0] = (char *)name;
    b->g[g].require_pass = b->req[g];
    b->g[g].n_require_pass = 1;
}

/* Judges the plan with test i getting v[i] (and score.txt sc[i] when sc),
 * writing the tests run, in order, to ran; returns how many ran. */
static unsigned judge_as(const struct pb *b, bool all, const enum verdict *v, const double *sc,
                         int *ran, struct score_result *r)
{
    struct score *s = score_new(&b->p);
    if (all)
        score_run_all(s);
    unsigned n = 0;
    for (int i; (i = score_next(s)) >= 0;) {
        cr_assert_lt(n, b->p.ntests, "a test came twice");
        if (n > 0)
            cr_assert_gt(i, ran[n - 1], "tests out of order");
        ran[n++] = i;
        score_record(s, (unsigned)i, v[i], sc ? sc[i] : NAN);
    }
    cr_assert_eq(score_next(s), -1, "judging is over for good");
    score_result(s, r);
    score_free(s);
    return n;
}

static unsigned judge(const struct pb *b, const enum verdict *v, const double *sc, int *ran,
                      struct score_result *r)
{
    return judge_as(b, false, v, sc, ran, r);
}

static void assert_ran(const int *ran, unsigned n, const int *want, unsigned nwant)
{
    cr_assert_eq(n, nwant, "ran %u tests, want %u", n, nwant);
    for (unsigned k = 0; k < n; k++)
        cr_assert_eq(ran[k], want[k], "test %u was %d, want %d", k, ran[k], want[k]);
}

static void assert_score(double got, double want)
{
    cr_assert(fabs(got - want) < 1e-9, "score %.12g, want %.12g", got, want);
}

/* The oddecho layout of problemtools' examples, written out: data/ with
 * ignore_sample, sample worth nothing, secret accepting when any subtask
 * does, two subtasks of 50 each with min and break. */
static struct pb *oddecho(void)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].on_reject_continue = true;
    b->g[root].range_min = 0;
    b->g[root].range_max = 100;
    b->g[root].grader_flags = PLAN_IGNORE_SAMPLE;
    unsigned sample = grp(b, "sample", (int)root);
    b->g[sample].on_reject_continue = true;
    b->g[sample].accept_score = 0;
    b->g[sample].range_min = b->g[sample].range_max = 0;
    b->g[sample].grader_flags = PLAN_FIRST_ERROR;
    unsigned secret = grp(b, "secret", (int)root);
    b->g[secret].on_reject_continue = true;
    b->g[secret].range_min = 0;
    b->g[secret].range_max = 100;
    b->g[secret].grader_flags = PLAN_FIRST_ERROR | PLAN_ACCEPT_IF_ANY_ACCEPTED;
    for (int k = 0; k < 2; k++) {
        unsigned sub = grp(b, k ? "secret/subtask2" : "secret/subtask1", (int)secret);
        b->g[sub].accept_score = 50;
        b->g[sub].range_min = 0;
        b->g[sub].range_max = 50;
        b->g[sub].aggregation = PLAN_AGG_MIN;
    }
    tests(b, sample, 2); /* 0 1 */
    tests(b, 3, 3);      /* 2 3 4 */
    tests(b, 4, 3);      /* 5 6 7 */
    return b;
}

Test(score, pass_fail_stops_at_the_first_rejection)
{
    struct pb *b = pb_new(false);
    unsigned root = grp(b, "", -1);
    tests(b, grp(b, "sample", (int)root), 2);
    tests(b, grp(b, "secret", (int)root), 4);
    enum verdict v[6] = {VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_TLE, VERDICT_WA, VERDICT_AC};
    int ran[6];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3}, 4);
    cr_assert_eq(r.verdict, VERDICT_TLE);
    cr_assert_eq(r.first_failed, 3);
    cr_assert(!r.scored);
    free(b);
}

/* verify's run: every test, the result as the rules count it. */
Test(score, run_all_gives_every_test_and_the_same_result)
{
    struct pb *b = pb_new(false);
    unsigned root = grp(b, "", -1);
    tests(b, grp(b, "sample", (int)root), 2);
    tests(b, grp(b, "secret", (int)root), 4);
    enum verdict v[6] = {VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_TLE, VERDICT_WA, VERDICT_AC};
    int ran[6];
    struct score_result r;
    unsigned n = judge_as(b, true, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3, 4, 5}, 6);
    cr_assert_eq(r.verdict, VERDICT_TLE);
    cr_assert_eq(r.first_failed, 3);
    free(b);
}

Test(score, run_all_keeps_a_broken_groups_score)
{
    /* oddecho's subtask 1 breaks at its WA: the tests after it run, but
     * the subtask still scores as if they had not. */
    struct pb *b = oddecho();
    enum verdict v[8] = {VERDICT_AC, VERDICT_AC, VERDICT_WA, VERDICT_AC,
                         VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_AC};
    int ran[8], ran_all[8];
    struct score_result r, r_all;
    unsigned n = judge(b, v, NULL, ran, &r);
    unsigned n_all = judge_as(b, true, v, NULL, ran_all, &r_all);
    cr_assert_lt(n, 8);
    cr_assert_eq(n_all, 8);
    cr_assert_eq(r_all.verdict, r.verdict);
    assert_score(r_all.score, r.score);
    cr_assert_eq(r_all.first_failed, r.first_failed);
    enum verdict got;
    double sc;
    struct score *s = score_new(&b->p);
    score_run_all(s);
    for (int i; (i = score_next(s)) >= 0;)
        score_record(s, (unsigned)i, v[i], NAN);
    cr_assert_not(score_test(s, 3, &got, &sc), "a cut test does not count");
    cr_assert(score_test(s, 2, &got, &sc));
    /* Each group's own score (submissions.yaml's group score rules): the
     * broken subtask 0, the other its 50, secret and data/ their sums. */
    double g[5];
    score_groups(s, g);
    assert_score(g[3], 0);
    assert_score(g[4], 50);
    assert_score(g[2], 50);
    assert_score(g[0], r.score);
    score_free(s);
    free(b);
}

Test(score, groups_that_counted_nothing_are_nan)
{
    struct pb *b = oddecho();
    struct score *s = score_new(&b->p);
    double g[5];
    score_groups(s, g);
    for (int i = 0; i < 5; i++)
        cr_assert(isnan(g[i]), "group %d before any test", i);
    score_free(s);
    free(b);
}

Test(score, pass_fail_judges_samples_too)
{
    struct pb *b = pb_new(false);
    unsigned root = grp(b, "", -1);
    b->g[root].grader_flags = PLAN_IGNORE_SAMPLE; /* no meaning without scoring */
    b->g[root].on_reject_continue = true;
    tests(b, grp(b, "sample", (int)root), 2);
    tests(b, grp(b, "secret", (int)root), 2);
    enum verdict v[4] = {VERDICT_AC, VERDICT_WA, VERDICT_AC, VERDICT_AC};
    int ran[4];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1}, 2);
    cr_assert_eq(r.verdict, VERDICT_WA);
    cr_assert_eq(r.first_failed, 1);
    free(b);
}

Test(score, pass_fail_accepts_when_all_pass)
{
    struct pb *b = pb_new(false);
    tests(b, grp(b, "", -1), 3);
    enum verdict v[3] = {VERDICT_AC, VERDICT_AC, VERDICT_AC};
    int ran[3];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 3);
    cr_assert_eq(r.verdict, VERDICT_AC);
    cr_assert_eq(r.first_failed, -1);
    free(b);
}

Test(score, oddecho_full_marks)
{
    struct pb *b = oddecho();
    enum verdict v[8] = {0};
    int ran[8];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 8);
    cr_assert_eq(r.verdict, VERDICT_AC);
    cr_assert(r.scored);
    assert_score(r.score, 100);
    assert_score(r.max_score, 100);
    free(b);
}

/* One subtask fails: its min is 0 and it breaks off; the other still runs
 * (secret continues) and the submission is accepted with half the score. */
Test(score, oddecho_partial_is_accepted_below_the_max)
{
    struct pb *b = oddecho();
    enum verdict v[8] = {0};
    v[3] = VERDICT_WA;
    int ran[8];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3, 5, 6, 7}, 7);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 50);
    assert_score(r.max_score, 100);
    free(b);
}

/* ignore_sample: a failed sample changes neither verdict nor score. */
Test(score, ignore_sample_drops_the_sample_result)
{
    struct pb *b = oddecho();
    enum verdict v[8] = {0};
    v[0] = VERDICT_RE;
    int ran[8];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 8);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 100);
    free(b);
}

/* With on_reject break on data/ (the legacy default), a failed sample stops
 * the judging, and then the sample's result is the only one: it decides
 * (as the default grader keeps the last of its results). */
Test(score, ignore_sample_with_break_keeps_a_lone_sample)
{
    struct pb *b = oddecho();
    b->g[0].on_reject_continue = false;
    enum verdict v[8] = {0};
    v[1] = VERDICT_TLE;
    int ran[8];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1}, 2);
    cr_assert_eq(r.verdict, VERDICT_TLE);
    cr_assert_eq(r.first_failed, 1);
    assert_score(r.score, 0);
    free(b);
}

Test(score, both_subtasks_fail_first_error)
{
    struct pb *b = oddecho();
    enum verdict v[8] = {0};
    v[4] = VERDICT_WA;
    v[5] = VERDICT_RE;
    int ran[8];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3, 4, 5}, 6);
    cr_assert_eq(r.verdict, VERDICT_WA, "first_error on secret: the first rejection");
    cr_assert_eq(r.first_failed, 4);
    assert_score(r.score, 0);
    free(b);
}

/* A flat scoring problem: two groups on data/ under sum; worst_error. */
static struct pb *flat(bool cont)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].on_reject_continue = true;
    unsigned a = grp(b, "secret", (int)root);
    b->g[a].on_reject_continue = cont;
    tests(b, a, 5);
    return b;
}

Test(score, worst_error_picks_the_worst_then_the_first)
{
    struct pb *b = flat(true);
    enum verdict v[5] = {VERDICT_AC, VERDICT_WA, VERDICT_RE, VERDICT_TLE, VERDICT_RE};
    int ran[5];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 5);
    cr_assert_eq(r.verdict, VERDICT_RE);
    cr_assert_eq(r.first_failed, 2);
    assert_score(r.score, 1);
    free(b);
}

Test(score, judge_error_beats_always_accept)
{
    struct pb *b = flat(true);
    b->g[1].grader_flags = PLAN_ALWAYS_ACCEPT;
    enum verdict v[5] = {VERDICT_AC, VERDICT_WA, VERDICT_AC, VERDICT_AC, VERDICT_AC};
    int ran[5];
    struct score_result r;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_AC);
    cr_assert_eq(r.first_failed, -1);
    assert_score(r.score, 4);
    v[3] = VERDICT_IE;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_IE);
    cr_assert_eq(r.first_failed, 3);
    free(b);
}

Test(score, accept_if_any_accepted)
{
    struct pb *b = flat(true);
    b->g[1].grader_flags = PLAN_ACCEPT_IF_ANY_ACCEPTED;
    enum verdict v[5] = {VERDICT_WA, VERDICT_WA, VERDICT_AC, VERDICT_WA, VERDICT_WA};
    int ran[5];
    struct score_result r;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 1);
    v[2] = VERDICT_TLE;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_TLE, "none accepted: worst_error");
    free(b);
}

Test(score, break_skips_the_rest_of_the_group_only)
{
    struct pb *b = flat(false);
    unsigned other = grp(b, "secret2", 0);
    tests(b, other, 2);
    enum verdict v[7] = {VERDICT_AC, VERDICT_WA, VERDICT_AC, VERDICT_AC, VERDICT_AC};
    int ran[7];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 5, 6}, 4);
    cr_assert_eq(r.verdict, VERDICT_WA);
    cr_assert_eq(r.first_failed, 1);
    assert_score(r.score, 3);
    assert_score(r.max_score, 7);
    free(b);
}

Test(score, aggregations)
{
    static const struct {
        enum plan_aggregation how;
        double want;
    } cases[] = {{PLAN_AGG_SUM, 10}, {PLAN_AGG_AVG, 2}, {PLAN_AGG_MIN, 0}, {PLAN_AGG_MAX, 4}};
    double sc[5] = {1, 2, 3, 4, NAN};
    enum verdict v[5] = {VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_WA};
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct pb *b = flat(true);
        b->g[1].aggregation = cases[k].how;
        int ran[5];
        struct score_result r;
        judge(b, v, sc, ran, &r);
        assert_score(r.score, cases[k].want);
        cr_assert_eq(r.verdict, VERDICT_WA);
        free(b);
    }
}

/* avg and min count only the tests judged: a break leaves the rest out. */
Test(score, skipped_tests_are_not_averaged)
{
    struct pb *b = flat(false);
    b->g[1].aggregation = PLAN_AGG_AVG;
    b->g[1].reject_score = 0.5;
    enum verdict v[5] = {VERDICT_AC, VERDICT_WA};
    int ran[5];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 2);
    assert_score(r.score, 0.75);
    free(b);
}

Test(score, validator_score_nan_means_none)
{
    struct pb *b = flat(true);
    double sc[5] = {2.5, NAN, 7, NAN, 100};
    enum verdict v[5] = {VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_AC, VERDICT_WA};
    int ran[5];
    struct score_result r;
    judge(b, v, sc, ran, &r);
    /* 2.5 + 1 + 7 + 1; the rejected test's score.txt does not count */
    assert_score(r.score, 11.5);
    free(b);
}

Test(score, range_clamps)
{
    struct pb *b = flat(true);
    b->g[1].range_min = 2;
    b->g[1].range_max = 3.5;
    enum verdict v[5] = {0};
    int ran[5];
    struct score_result r;
    judge(b, v, NULL, ran, &r);
    assert_score(r.score, 3.5);
    assert_score(r.max_score, 3.5);
    for (int k = 0; k < 5; k++)
        v[k] = VERDICT_WA;
    judge(b, v, NULL, ran, &r);
    assert_score(r.score, 2);
    free(b);
}

/* A custom validator may write any score.txt: without a range or max_score
 * nothing bounds the score; a range on data/ does. */
Test(score, custom_validator_is_unbounded)
{
    struct pb *b = flat(true);
    struct plan_files validator = {0};
    b->p.validator = &validator;
    enum verdict v[5] = {0};
    double sc[5] = {10, 20, 30, 40, 50};
    int ran[5];
    struct score_result r;
    judge(b, v, sc, ran, &r);
    assert_score(r.score, 150);
    cr_assert_lt(r.max_score, 0);
    b->g[0].range_min = 0;
    b->g[0].range_max = 1000;
    judge(b, v, sc, ran, &r);
    assert_score(r.max_score, 1000);
    free(b);
}

/* The 2025-09 layout: data/ ignores the sample, secret sums to 100, groups
 * pass-fail with their max_score, group 3 sums its tests' shares. */
static struct pb *modern(void)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].on_reject_continue = true;
    b->g[root].grader_flags = PLAN_IGNORE_SAMPLE;
    unsigned sample = grp(b, "sample", (int)root);
    b->g[sample].aggregation = PLAN_AGG_PASS_FAIL;
    unsigned secret = grp(b, "secret", (int)root);
    b->g[secret].on_reject_continue = true;
    b->g[secret].max_score = 100;
    const char *names[] = {"secret/group1", "secret/group2", "secret/group3"};
    double max[] = {20, 50, 30};
    for (int k = 0; k < 3; k++) {
        unsigned g = grp(b, names[k], (int)secret);
        b->g[g].aggregation = k == 2 ? PLAN_AGG_SUM : PLAN_AGG_PASS_FAIL;
        b->g[g].on_reject_continue = k == 2;
        b->g[g].max_score = max[k];
    }
    tests(b, sample, 1); /* 0 */
    tests(b, 3, 2);      /* 1 2 */
    tests(b, 4, 2);      /* 3 4 */
    tests(b, 5, 3);      /* 5 6 7 */
    return b;
}

Test(score, modern_full_marks)
{
    struct pb *b = modern();
    enum verdict v[8] = {0};
    int ran[8];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 8);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 100);
    cr_assert_eq(r.score, 100, "shares of 30/3 add up to exactly the max");
    cr_assert_eq(r.max_score, 100);
    free(b);
}

Test(score, modern_group_scores_and_shares)
{
    struct pb *b = modern();
    enum verdict v[8] = {0};
    v[3] = VERDICT_WA; /* group2 breaks: test 4 skipped, 0 points */
    v[6] = VERDICT_TLE;
    int ran[8];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3, 5, 6, 7}, 7);
    cr_assert_eq(r.verdict, VERDICT_TLE, "worst of WA and TLE");
    cr_assert_eq(r.first_failed, 6);
    assert_score(r.score, 20 + 10 + 10);
    free(b);
}

/* score.txt in a bounded group is the test's score; above its share it is
 * the judge's error (2025-09); on a sample it is ignored. */
Test(score, modern_score_txt)
{
    struct pb *b = modern();
    enum verdict v[8] = {0};
    double sc[8] = {500, NAN, NAN, NAN, NAN, 2.5, NAN, 10};
    int ran[8];
    struct score_result r;
    judge(b, v, sc, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 20 + 50 + 2.5 + 10 + 10);
    sc[7] = 10.5;
    judge(b, v, sc, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_IE);
    cr_assert_eq(r.first_failed, 7);
    free(b);
}

Test(score, require_pass_skips_a_group_whose_requirement_failed)
{
    struct pb *b = modern();
    requires(b, 4, "secret/group1");
    requires(b, 5, "sample");
    enum verdict v[8] = {0};
    v[2] = VERDICT_RE;
    int ran[8];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 5, 6, 7}, 6);
    cr_assert_eq(r.verdict, VERDICT_RE);
    cr_assert_eq(r.first_failed, 2);
    assert_score(r.score, 30);
    v[2] = VERDICT_AC;
    v[0] = VERDICT_WA; /* the sample fails: group3 is not judged */
    n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0, 1, 2, 3, 4}, 5);
    assert_score(r.score, 70);
    cr_assert_eq(r.verdict, VERDICT_WA, "a group not judged is not accepted");
    cr_assert_eq(r.first_failed, 0);
    free(b);
}

/* Ten tests sharing 1 point: 0.1 each, and all of them make exactly 1. */
Test(score, shares_of_a_tenth_add_up)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    unsigned secret = grp(b, "secret", (int)root);
    b->g[secret].on_reject_continue = true;
    b->g[secret].max_score = 1;
    tests(b, secret, 10);
    enum verdict v[10] = {0};
    int ran[10];
    struct score_result r;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.score, 1);
    cr_assert_eq(r.max_score, 1);
    v[9] = VERDICT_WA;
    judge(b, v, NULL, ran, &r);
    assert_score(r.score, 0.9);
    cr_assert_lt(r.score, r.max_score);
    free(b);
}

Test(score, empty_groups_count_for_nothing)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].aggregation = PLAN_AGG_MIN;
    grp(b, "sample", (int)root); /* no tests: no child of data/ */
    unsigned secret = grp(b, "secret", (int)root);
    grp(b, "secret/empty", (int)secret);
    tests(b, secret, 2);
    enum verdict v[2] = {0};
    int ran[2];
    struct score_result r;
    judge(b, v, NULL, ran, &r);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 2);
    assert_score(r.max_score, 2);
    free(b);
}

Test(score, no_tests_at_all)
{
    struct pb *b = pb_new(true);
    grp(b, "", -1);
    int ran[1];
    struct score_result r;
    cr_assert_eq(judge(b, NULL, NULL, ran, &r), 0);
    cr_assert_eq(r.verdict, VERDICT_AC);
    assert_score(r.score, 0);
    free(b);
}

/* A group all of whose tests were skipped is no child of its parent: the
 * parent's min is over the groups judged. */
Test(score, a_group_of_only_skipped_tests)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].aggregation = PLAN_AGG_MIN;
    unsigned a = grp(b, "a", (int)root);
    unsigned a1 = grp(b, "a/1", (int)a);
    unsigned a2 = grp(b, "a/2", (int)a);
    b->g[a].aggregation = PLAN_AGG_AVG;
    b->g[a1].reject_score = 0.25;
    tests(b, a1, 2);
    tests(b, a2, 2);
    enum verdict v[4] = {VERDICT_WA};
    int ran[4];
    struct score_result r;
    unsigned n = judge(b, v, NULL, ran, &r);
    assert_ran(ran, n, (int[]){0}, 1);
    assert_score(r.score, 0.25);
    cr_assert_eq(r.verdict, VERDICT_WA);
    free(b);
}

Test(score, deeply_nested_groups)
{
    struct pb *b = pb_new(true);
    int parent = -1;
    for (int k = 0; k < MAXG; k++) {
        unsigned g = grp(b, "", parent);
        b->g[g].on_reject_continue = true;
        b->g[g].grader_flags = PLAN_FIRST_ERROR;
        parent = (int)g;
    }
    tests(b, (unsigned)parent, 4);
    tests(b, 0, 1);
    enum verdict v[5] = {VERDICT_AC, VERDICT_MLE, VERDICT_AC, VERDICT_AC, VERDICT_AC};
    int ran[5];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 5);
    cr_assert_eq(r.verdict, VERDICT_MLE);
    cr_assert_eq(r.first_failed, 1);
    assert_score(r.score, 4);
    assert_score(r.max_score, 5);
    free(b);
}

/* Many tests: every question re-reads the whole tree, which must stay
 * cheap for the largest problem. */
Test(score, the_largest_problem)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].on_reject_continue = true;
    for (int k = 0; k < 100; k++) {
        unsigned g = grp(b, "g", (int)root);
        b->g[g].aggregation = PLAN_AGG_MIN;
        tests(b, g, MAXT / 100);
    }
    enum verdict *v = calloc(MAXT, sizeof(*v));
    int *ran = calloc(MAXT, sizeof(*ran));
    for (int k = 5; k < MAXT; k += 10)
        v[k] = VERDICT_WA;
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 600, "six tests of each group of ten");
    assert_score(r.score, 0);
    free(v);
    free(ran);
    free(b);
}

/* A judge that asks for the next test without recording the last one: that
 * test counts as the judge's error, never as passed. */
Test(score, unrecorded_test_is_a_judge_error)
{
    struct pb *b = pb_new(false);
    tests(b, grp(b, "", -1), 2);
    struct score *s = score_new(&b->p);
    cr_assert_eq(score_next(s), 0);
    score_record(s, 1, VERDICT_AC, NAN); /* not the one asked for: ignored */
    cr_assert_eq(score_next(s), -1);
    struct score_result r;
    score_result(s, &r);
    cr_assert_eq(r.verdict, VERDICT_IE);
    cr_assert_eq(r.first_failed, 0);
    score_free(s);
    score_free(NULL);
    free(b);
}

/* A plan that breaks the rules (plan_parse refuses it, but the scoring must
 * not trust that): a parent after its child, a group naming itself as
 * parent, a test of no group, a require_pass of no group. Each such
 * reference becomes the root, and nothing is read out of bounds. */
Test(score, a_broken_plan_is_read_safely)
{
    struct pb *b = pb_new(true);
    unsigned root = grp(b, "", -1);
    b->g[root].on_reject_continue = true;
    unsigned a = grp(b, "a", 2); /* its parent comes later */
    unsigned c = grp(b, "c", 2); /* its own parent */
    requires(b, a, "nowhere");
    tests(b, a, 1);
    tests(b, c, 1);
    b->t[b->p.ntests++].group = 77;
    enum verdict v[3] = {VERDICT_AC, VERDICT_WA, VERDICT_AC};
    int ran[3];
    struct score_result r;
    cr_assert_eq(judge(b, v, NULL, ran, &r), 3);
    cr_assert_eq(r.verdict, VERDICT_WA);
    cr_assert_eq(r.first_failed, 1);
    assert_score(r.score, 2);
    assert_score(r.max_score, 3);
    free(b);

    b = pb_new(true); /* no groups at all: judged as pass-fail, scoring nothing */
    tests(b, 0, 2);
    enum verdict w[2] = {VERDICT_TLE, VERDICT_AC};
    cr_assert_eq(judge(b, w, NULL, ran, &r), 1);
    cr_assert_eq(r.verdict, VERDICT_TLE);
    assert_score(r.score, 0);
    free(b);
}

/* Each test as the rules counted it: shares, score.txt, nothing in a
 * pass-fail group, IE above a share, nothing for a test not run. */
Test(score, each_test_as_counted)
{
    struct pb *b = modern();
    struct score *s = score_new(&b->p);
    enum verdict v[8] = {0};
    double sc[8] = {NAN, NAN, NAN, NAN, NAN, 2.5, 11, NAN};
    v[1] = VERDICT_WA;
    for (int i; (i = score_next(s)) >= 0;)
        score_record(s, (unsigned)i, v[i], sc[i]);
    enum verdict got;
    double score;
    static const struct {
        unsigned i;
        enum verdict v;
        double score;
    } want[] = {{0, VERDICT_AC, 0},   {1, VERDICT_WA, 0}, {3, VERDICT_AC, 0},
                {5, VERDICT_AC, 2.5}, {6, VERDICT_IE, 0}, {7, VERDICT_AC, 10}};
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        cr_assert(score_test(s, want[k].i, &got, &score), "test %u", want[k].i);
        cr_assert_eq(got, want[k].v, "test %u", want[k].i);
        assert_score(score, want[k].score);
    }
    cr_assert(!score_test(s, 2, &got, &score), "skipped: group1 broke off");
    cr_assert(!score_test(s, 99, &got, &score));
    score_free(s);
    free(b);
}
