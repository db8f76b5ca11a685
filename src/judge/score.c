/* The Kattis grading rules over a judging plan (judge/score.h): which test
 * runs next, and what the judged tests add up to, group by group. */
#include "judge/score.h"

#include "common/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scores this close (relative) count as equal: a sum of shares such as
 * 3 × 100/3 is 99.99999999999999, and must still be the full score. */
#define SCORE_EPS 1e-9

enum test_state {
    TEST_PENDING,
    TEST_DONE,
    TEST_SKIPPED,
};

struct test_result {
    enum test_state state;
    enum verdict verdict;
    double score;
    bool extra; /* run only because of score_run_all(): skipped as the rules count */
};

/* A group's result, recomputed from the tests' results on each question. */
struct group_result {
    bool judged; /* some child counted (a group with none is no child at all) */
    enum verdict verdict;
    double score;
    int decider;     /* the test whose verdict is the group's, -1 when AC */
    unsigned ntests; /* tests in the group's subtree */
    unsigned nfail;  /* of them rejected or skipped: the group did not pass */
    unsigned npending;
};

/* A child of a group is a test (i >= 0) or a subgroup g (-1 - g), in the
 * order of the first test each holds, which is the order they are judged. */
#define CHILD_GROUP(g) (-1 - (int)(g))

struct score {
    const struct plan *plan;
    size_t ntests, ngroups;
    unsigned *tgroup; /* per test: its group (a valid index) */
    unsigned *parent; /* per group but the root: its parent, always below it */
    int *child;       /* every group's children, group g's from coff[g] to coff[g + 1] */
    size_t *coff;
    unsigned *req; /* the groups each group requires (require_pass), likewise */
    size_t *roff;
    int sample;          /* the group named "sample" under the root, or -1 */
    double *tmax, *gmax; /* a fully accepted test's and group's score (INFINITY: unbounded) */
    struct test_result *t;
    struct group_result *g; /* scratch for score_next() */
    size_t next;            /* the first test not asked about yet */
    int awaiting;           /* the test score_next() gave, until it is recorded */
    bool run_all;           /* give the tests the rules cut too (score_run_all()) */
};

/* The order in which a rejection is worse (the default grader's
 * worst_error: JE, RTE, MLE, TLE, OLE, WA). */
static int verdict_rank(enum verdict v)
{
    static const int rank[] = {
        [VERDICT_AC] = 0,  [VERDICT_WA] = 1, [VERDICT_OLE] = 2, [VERDICT_TLE] = 3,
        [VERDICT_MLE] = 4, [VERDICT_RE] = 5, [VERDICT_CE] = 6,  [VERDICT_IE] = 7,
    };
    if ((unsigned)v >= sizeof(rank) / sizeof(rank[0]))
        return 7;
    return rank[v];
}

static bool near(double a, double b)
{
    return fabs(a - b) <= SCORE_EPS * fmax(1.0, fabs(b));
}

/* Makes the tree safe to walk whatever the plan holds: a test's group out of
 * range, or a parent that is not an earlier group, becomes the root. */
static void tree_fix(struct score *s)
{
    const struct plan *p = s->plan;
    s->tgroup = xcalloc(s->ntests ? s->ntests : 1, sizeof(*s->tgroup));
    s->parent = xcalloc(s->ngroups ? s->ngroups : 1, sizeof(*s->parent));
    for (size_t i = 0; i < s->ntests; i++)
        s->tgroup[i] = p->tests[i].group < s->ngroups ? p->tests[i].group : 0;
    for (size_t g = 1; g < s->ngroups; g++) {
        int par = p->groups[g].parent;
        s->parent[g] = par >= 0 && (size_t)par < g ? (unsigned)par : 0;
    }
    s->sample = -1;
    for (size_t g = 1; g < s->ngroups; g++)
        if (s->parent[g] == 0 && p->groups[g].name && strcmp(p->groups[g].name, "sample") == 0) {
            s->sample = (int)g;
            break;
        }
}

/* Walks test i up the tree, adding each node to its parent's children the
 * first time it is seen: counting (fill NULL) or filling. */
static void children_walk(struct score *s, size_t i, bool *seen, size_t *pos, int *fill)
{
    unsigned g = s->tgroup[i];
    if (fill)
        fill[pos[g]] = (int)i;
    pos[g]++;
    while (g != 0 && !seen[g]) {
        seen[g] = true;
        unsigned par = s->parent[g];
        if (fill)
            fill[pos[par]] = CHILD_GROUP(g);
        pos[par]++;
        g = par;
    }
}

static void children_build(struct score *s)
{
    size_t ng = s->ngroups;
    bool *seen = xcalloc(ng, sizeof(*seen));
    size_t *pos = xcalloc(ng + 1, sizeof(*pos));
    for (size_t i = 0; i < s->ntests; i++)
        children_walk(s, i, seen, pos, NULL);
    s->coff = xcalloc(ng + 1, sizeof(*s->coff));
    for (size_t g = 0; g < ng; g++)
        s->coff[g + 1] = s->coff[g] + pos[g];
    s->child = xcalloc(s->coff[ng] ? s->coff[ng] : 1, sizeof(*s->child));
    memset(seen, 0, ng * sizeof(*seen));
    memcpy(pos, s->coff, ng * sizeof(*pos));
    for (size_t i = 0; i < s->ntests; i++)
        children_walk(s, i, seen, pos, s->child);
    free(pos);
    free(seen);
}

/* require_pass names resolved to groups; unknown names (plan_parse refuses
 * them) and a group naming itself are left out. */
static void requires_build(struct score *s)
{
    const struct plan *p = s->plan;
    size_t n = 0;
    for (size_t g = 0; g < s->ngroups; g++)
        n += p->groups[g].n_require_pass;
    s->req = xcalloc(n ? n : 1, sizeof(*s->req));
    s->roff = xcalloc(s->ngroups + 1, sizeof(*s->roff));
    size_t k = 0;
    for (size_t g = 0; g < s->ngroups; g++) {
        s->roff[g] = k;
        for (size_t j = 0; j < p->groups[g].n_require_pass; j++) {
            const char *name = p->groups[g].require_pass[j];
            for (size_t r = 0; name && r < s->ngroups; r++)
                if (r != g && p->groups[r].name && strcmp(p->groups[r].name, name) == 0) {
                    s->req[k++] = (unsigned)r;
                    break;
                }
        }
    }
    s->roff[s->ngroups] = k;
}

/* The score a test gets when accepted without a score.txt: 2025-09 shares a
 * bounded group's max_score among its tests (each its own in a min group),
 * legacy gives accept_score; INFINITY when a custom validator may write any
 * score.txt. Tests of a pass-fail group score nothing themselves. */
static void test_max_build(struct score *s)
{
    const struct plan *p = s->plan;
    unsigned *direct = xcalloc(s->ngroups, sizeof(*direct));
    for (size_t i = 0; i < s->ntests; i++)
        direct[s->tgroup[i]]++;
    s->tmax = xcalloc(s->ntests ? s->ntests : 1, sizeof(*s->tmax));
    for (size_t i = 0; i < s->ntests; i++) {
        const struct plan_group *gr = &p->groups[s->tgroup[i]];
        double m;
        if (gr->aggregation == PLAN_AGG_PASS_FAIL)
            m = 0;
        else if (gr->max_score >= 0 && gr->aggregation == PLAN_AGG_SUM)
            m = gr->max_score / direct[s->tgroup[i]];
        else if (gr->max_score >= 0)
            m = gr->max_score;
        else if (p->validator)
            m = INFINITY;
        else
            m = gr->accept_score;
        s->tmax[i] = m;
    }
    free(direct);
}

/* Clamps a group's score to its range and max_score, and makes a score
 * within rounding of max_score that score. */
static double group_clamp(const struct plan_group *gr, double v)
{
    v = fmin(fmax(v, gr->range_min), gr->range_max);
    if (gr->max_score >= 0 && (v > gr->max_score || near(v, gr->max_score)))
        v = gr->max_score;
    return v;
}

/* Adds up child scores by the group's aggregation. */
struct agg {
    unsigned n, nac;
    double sum, min, max;
    int first_ie, first_rej, worst; /* child positions, -1 none */
    enum verdict worst_v;
};

static void agg_init(struct agg *a)
{
    memset(a, 0, sizeof(*a));
    a->min = INFINITY;
    a->max = -INFINITY;
    a->first_ie = a->first_rej = a->worst = -1;
}

static void agg_add(struct agg *a, int pos, enum verdict v, double score)
{
    a->n++;
    a->sum += score;
    a->min = fmin(a->min, score);
    a->max = fmax(a->max, score);
    if (v == VERDICT_AC) {
        a->nac++;
        return;
    }
    if (v == VERDICT_IE && a->first_ie < 0)
        a->first_ie = pos;
    if (a->first_rej < 0)
        a->first_rej = pos;
    if (a->worst < 0 || verdict_rank(v) > verdict_rank(a->worst_v)) {
        a->worst = pos;
        a->worst_v = v;
    }
}

static double agg_score(const struct agg *a, enum plan_aggregation how)
{
    if (a->n == 0)
        return 0;
    switch (how) {
    case PLAN_AGG_SUM:
        return a->sum;
    case PLAN_AGG_AVG:
        return a->sum / a->n;
    case PLAN_AGG_MIN:
        return a->min;
    case PLAN_AGG_MAX:
        return a->max;
    case PLAN_AGG_PASS_FAIL:
        break;
    }
    return 0;
}

/* Whether group g drops its sample child: the default grader's ignore_sample
 * keeps the last of its (one or two) results, so a sample that broke the
 * judging before anything else ran still decides. */
static bool drops_sample(const struct score *s, unsigned g, unsigned nchildren_counted)
{
    return (s->plan->groups[g].grader_flags & PLAN_IGNORE_SAMPLE) && s->sample >= 0 &&
           nchildren_counted > 1;
}

/* The fully accepted score of each group, children before parents. */
static void group_max_build(struct score *s)
{
    const struct plan *p = s->plan;
    s->gmax = xcalloc(s->ngroups, sizeof(*s->gmax));
    for (size_t g = s->ngroups; g-- > 0;) {
        const struct plan_group *gr = &p->groups[g];
        unsigned n = (unsigned)(s->coff[g + 1] - s->coff[g]);
        bool drop = drops_sample(s, (unsigned)g, n);
        struct agg a;
        agg_init(&a);
        for (size_t k = s->coff[g]; k < s->coff[g + 1]; k++) {
            int c = s->child[k];
            if (drop && c == CHILD_GROUP(s->sample))
                continue;
            agg_add(&a, (int)k, VERDICT_AC, c >= 0 ? s->tmax[c] : s->gmax[-1 - c]);
        }
        double m = agg_score(&a, gr->aggregation);
        if (gr->aggregation == PLAN_AGG_PASS_FAIL)
            m = gr->max_score >= 0 ? gr->max_score : 0;
        s->gmax[g] = group_clamp(gr, m);
    }
}

struct score *score_new(const struct plan *plan)
{
    struct score *s = xcalloc(1, sizeof(*s));
    s->plan = plan;
    s->ntests = plan->ntests;
    s->ngroups = plan->ngroups;
    s->awaiting = -1;
    s->t = xcalloc(s->ntests ? s->ntests : 1, sizeof(*s->t));
    s->g = xcalloc(s->ngroups ? s->ngroups : 1, sizeof(*s->g));
    tree_fix(s);
    if (s->ngroups > 0) {
        children_build(s);
        requires_build(s);
        test_max_build(s);
        group_max_build(s);
    }
    return s;
}

void score_free(struct score *s)
{
    if (!s)
        return;
    free(s->tgroup);
    free(s->parent);
    free(s->child);
    free(s->coff);
    free(s->req);
    free(s->roff);
    free(s->tmax);
    free(s->gmax);
    free(s->t);
    free(s->g);
    free(s);
}

/* Counts each subtree's tests, failed and pending, children before parents. */
static void counts_eval(const struct score *s, struct group_result *out)
{
    for (size_t g = 0; g < s->ngroups; g++)
        memset(&out[g], 0, sizeof(out[g]));
    for (size_t i = 0; i < s->ntests; i++) {
        struct group_result *r = &out[s->tgroup[i]];
        r->ntests++;
        if (s->t[i].state == TEST_PENDING)
            r->npending++;
        else if (s->t[i].state == TEST_SKIPPED || s->t[i].verdict != VERDICT_AC)
            r->nfail++;
    }
    for (size_t g = s->ngroups; g-- > 1;) {
        out[s->parent[g]].ntests += out[g].ntests;
        out[s->parent[g]].nfail += out[g].nfail;
        out[s->parent[g]].npending += out[g].npending;
    }
}

/* The first group g requires that did not pass (a test of it rejected or
 * skipped), or -1. */
static int required_failed(const struct score *s, unsigned g, const struct group_result *res)
{
    for (size_t k = s->roff[g]; k < s->roff[g + 1]; k++)
        if (res[s->req[k]].nfail > 0)
            return (int)s->req[k];
    return -1;
}

static bool in_subtree(const struct score *s, size_t i, unsigned g)
{
    for (unsigned h = s->tgroup[i];; h = s->parent[h]) {
        if (h == g)
            return true;
        if (h == 0)
            return false;
    }
}

/* A group not judged for want of required group r: "treated as having
 * received a verdict that is not accepted", that of r's first rejected test
 * (WA when r's tests were only skipped). */
static void required_verdict(const struct score *s, unsigned r, struct group_result *out)
{
    out->verdict = VERDICT_WA;
    out->decider = -1;
    for (size_t i = 0; i < s->ntests; i++)
        if (s->t[i].state == TEST_DONE && s->t[i].verdict != VERDICT_AC && in_subtree(s, i, r)) {
            out->verdict = s->t[i].verdict;
            out->decider = (int)i;
            return;
        }
}

/* A child's verdict, score and deciding test; false when it was not judged. */
static bool child_get(const struct score *s, const struct group_result *res, int c, enum verdict *v,
                      double *score, int *decider)
{
    if (c >= 0) {
        if (s->t[c].state != TEST_DONE)
            return false;
        *v = s->t[c].verdict;
        *score = s->t[c].score;
        *decider = *v == VERDICT_AC ? -1 : c;
        return true;
    }
    const struct group_result *r = &res[-1 - c];
    *v = r->verdict;
    *score = r->score;
    *decider = r->decider;
    return r->judged;
}

/* The group's verdict from its counted children (the default grader's
 * verdict modes): a judge error anywhere wins; always_accept, then
 * accept_if_any_accepted; all accepted; else the first (first_error) or the
 * worst (worst_error, the first of the worst) rejection. */
static void group_verdict(const struct score *s, unsigned g, const struct agg *a,
                          const struct group_result *res, struct group_result *out)
{
    unsigned flags = s->plan->groups[g].grader_flags;
    int pos = -1;
    if (a->first_ie >= 0)
        pos = a->first_ie;
    else if ((flags & PLAN_ALWAYS_ACCEPT) || ((flags & PLAN_ACCEPT_IF_ANY_ACCEPTED) && a->nac > 0))
        pos = -1;
    else if (a->nac < a->n)
        pos = (flags & PLAN_FIRST_ERROR) ? a->first_rej : a->worst;
    out->verdict = VERDICT_AC;
    out->decider = -1;
    if (pos >= 0) {
        double ignored;
        child_get(s, res, s->child[pos], &out->verdict, &ignored, &out->decider);
    }
}

/* Group g's result from its children's (already computed: they come later
 * in the plan). */
static void group_eval(const struct score *s, unsigned g, struct group_result *res)
{
    const struct plan_group *gr = &s->plan->groups[g];
    struct group_result *out = &res[g];
    out->judged = false;
    out->verdict = VERDICT_AC;
    out->score = 0;
    out->decider = -1;
    if (out->ntests == 0 || out->npending == out->ntests)
        return;
    int r = required_failed(s, g, res);
    if (r >= 0) {
        out->judged = true;
        required_verdict(s, (unsigned)r, out);
        return;
    }
    unsigned counted = 0;
    enum verdict v;
    double score;
    int decider;
    for (size_t k = s->coff[g]; k < s->coff[g + 1]; k++)
        counted += child_get(s, res, s->child[k], &v, &score, &decider);
    bool drop = drops_sample(s, g, counted);
    struct agg a;
    agg_init(&a);
    for (size_t k = s->coff[g]; k < s->coff[g + 1]; k++) {
        int c = s->child[k];
        if ((drop && c == CHILD_GROUP(s->sample)) || !child_get(s, res, c, &v, &score, &decider))
            continue;
        agg_add(&a, (int)k, v, score);
    }
    if (a.n == 0)
        return;
    out->judged = true;
    group_verdict(s, g, &a, res, out);
    double sc = agg_score(&a, gr->aggregation);
    if (gr->aggregation == PLAN_AGG_PASS_FAIL)
        sc = out->nfail == 0 && out->npending == 0 && gr->max_score >= 0 ? gr->max_score : 0;
    sc = group_clamp(gr, sc);
    out->score = isfinite(s->gmax[g]) && near(sc, s->gmax[g]) ? s->gmax[g] : sc;
}

/* Every group's result from the tests' so far, into res. */
static void evaluate(const struct score *s, struct group_result *res)
{
    counts_eval(s, res);
    for (size_t g = s->ngroups; g-- > 0;)
        group_eval(s, (unsigned)g, res);
}

/* Whether a group judged so far broke off: on_reject break, and a counted
 * child other than the one on the way to the test in question rejected. */
static bool group_broke(const struct score *s, unsigned g, int below,
                        const struct group_result *res)
{
    if (s->plan->groups[g].on_reject_continue)
        return false;
    for (size_t k = s->coff[g]; k < s->coff[g + 1]; k++) {
        enum verdict v;
        double score;
        int decider;
        int c = s->child[k];
        if (c != below && child_get(s, res, c, &v, &score, &decider) && v != VERDICT_AC)
            return true;
    }
    return false;
}

/* Whether test i is not to be run: in a pass-fail problem, after any
 * rejection; in a scoring one, when a group it is in broke off or lacks a
 * group it requires. */
static bool test_cut(struct score *s, size_t i)
{
    if (!s->plan->scoring || s->ngroups == 0) {
        for (size_t j = 0; j < i; j++)
            if (s->t[j].state == TEST_DONE && s->t[j].verdict != VERDICT_AC)
                return true;
        return false;
    }
    evaluate(s, s->g);
    int below = (int)i;
    for (unsigned g = s->tgroup[i];; g = s->parent[g]) {
        if (required_failed(s, g, s->g) >= 0 || group_broke(s, g, below, s->g))
            return true;
        if (g == 0)
            return false;
        below = CHILD_GROUP(g);
    }
}

int score_next(struct score *s)
{
    if (s->awaiting >= 0) /* asked again without saying how it went: the judge's error */
        score_record(s, (unsigned)s->awaiting, VERDICT_IE, NAN);
    while (s->next < s->ntests) {
        size_t i = s->next++;
        bool cut = test_cut(s, i);
        if (cut)
            s->t[i].state = TEST_SKIPPED;
        if (!cut || s->run_all) {
            s->t[i].extra = cut;
            s->awaiting = (int)i;
            return s->awaiting;
        }
    }
    return -1;
}

void score_run_all(struct score *s)
{
    s->run_all = true;
}

/* A test's score: score.txt when the validator wrote one for an accepted
 * test of a scoring group, else its share; a rejected test gets the group's
 * reject_score (always 0 in a 2025-09 group with a max_score). A score.txt
 * above a bounded test's share is the judge's error (2025-09). */
void score_record(struct score *s, unsigned i, enum verdict v, double validator_score)
{
    if (s->awaiting < 0 || i != (unsigned)s->awaiting)
        return;
    s->awaiting = -1;
    struct test_result *t = &s->t[i];
    if (t->extra)
        return; /* skipped as the rules count it, whatever it got */
    t->state = TEST_DONE;
    t->verdict = v;
    t->score = 0;
    if (!s->plan->scoring || s->ngroups == 0)
        return;
    const struct plan_group *gr = &s->plan->groups[s->tgroup[i]];
    bool bounded = gr->max_score >= 0;
    if (v != VERDICT_AC) {
        t->score = bounded || gr->aggregation == PLAN_AGG_PASS_FAIL ? 0 : gr->reject_score;
        return;
    }
    t->score = s->tmax[i];
    if (!isfinite(t->score))
        t->score = gr->accept_score;
    if (gr->aggregation == PLAN_AGG_PASS_FAIL || !isfinite(validator_score))
        return;
    if (bounded && validator_score > s->tmax[i] && !near(validator_score, s->tmax[i])) {
        t->verdict = VERDICT_IE;
        t->score = 0;
    } else {
        t->score = validator_score;
    }
}

void score_result(const struct score *s, struct score_result *out)
{
    memset(out, 0, sizeof(*out));
    out->verdict = VERDICT_AC;
    out->first_failed = -1;
    out->scored = s->plan->scoring;
    if (!s->plan->scoring || s->ngroups == 0) {
        for (size_t i = 0; i < s->ntests; i++)
            if (s->t[i].state == TEST_DONE && s->t[i].verdict != VERDICT_AC) {
                out->verdict = s->t[i].verdict;
                out->first_failed = (int)i;
                break;
            }
        return;
    }
    struct group_result *res = xcalloc(s->ngroups, sizeof(*res));
    evaluate(s, res);
    if (res[0].judged) {
        out->verdict = res[0].verdict;
        out->score = res[0].score;
        out->first_failed = res[0].decider;
    }
    out->max_score = isfinite(s->gmax[0]) ? s->gmax[0] : -1;
    free(res);
}

void score_groups(const struct score *s, double *out)
{
    struct group_result *res = xcalloc(s->ngroups + 1, sizeof(*res));
    evaluate(s, res);
    for (size_t g = 0; g < s->ngroups; g++)
        out[g] = res[g].judged ? res[g].score : NAN;
    free(res);
}

bool score_test(const struct score *s, unsigned i, enum verdict *v, double *score)
{
    if (i >= s->ntests || s->t[i].state != TEST_DONE)
        return false;
    *v = s->t[i].verdict;
    *score = s->t[i].score;
    return true;
}
