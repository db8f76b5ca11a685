/* A package's test data as a verdict problem's tests (data/sample, then
 * data/secret, each group's members in the package's order) and the plan's
 * groups and tests beside them, then the two JSON documents: the plan
 * (catalog_problem.judging) and what a page shows (catalog_problem.shown). */
#include "common/alloc.h"
#include "judge/checker.h"
#include "judge/from_package_internal.h"
#include "judge/plan.h"
#include "judge/problem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fp__args_for(struct fp *f, const struct package_settings *s, struct fp_args *out)
{
    const struct package_strv *legacy =
        f->pkg->version == PACKAGE_LEGACY ? &f->pkg->meta.validator_flags : NULL;
    size_t n = (legacy ? legacy->n : 0) + s->output_validator_args.n;
    out->v = n ? xmalloc(n * sizeof(*out->v)) : NULL;
    out->n = 0;
    for (size_t i = 0; legacy && i < legacy->n; i++)
        out->v[out->n++] = legacy->v[i];
    for (size_t i = 0; i < s->output_validator_args.n; i++)
        out->v[out->n++] = s->output_validator_args.v[i];
}

void fp__args_dispose(struct fp_args *a)
{
    free(a->v);
    a->v = NULL;
    a->n = 0;
}

static cJSON *fp_strings(const char *const *v, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
    return arr;
}

static cJSON *fp_number_or_null(double v, bool given)
{
    return given && isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static bool fp_has_string(const cJSON *arr, const char *s)
{
    for (const cJSON *e = arr->child; e; e = e->next)
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return true;
    return false;
}

/* The legacy grader flags the plan knows; aggregation words are in
 * "aggregation" already, others are warned about. */
static cJSON *fp_grader_flags(struct fp *f, const struct package_group *g)
{
    static const char *const known[] = {"ignore_sample", "first_error", "accept_if_any_accepted",
                                        "always_accept"};
    static const char *const aggregation[] = {"sum", "avg", "min", "max"};
    cJSON *arr = cJSON_CreateArray();
    const struct package_strv *flags = &g->settings.grader_flags;
    for (size_t i = 0; i < flags->n; i++) {
        bool is_known = false, is_agg = false;
        for (size_t k = 0; k < 4; k++) {
            is_known = is_known || strcmp(flags->v[i], known[k]) == 0;
            is_agg = is_agg || strcmp(flags->v[i], aggregation[k]) == 0;
        }
        if (is_known)
            cJSON_AddItemToArray(arr, cJSON_CreateString(flags->v[i]));
        else if (!is_agg)
            fp__warn(f, "%s: grader flag '%s' is not supported (ignored)", g->path, flags->v[i]);
    }
    return arr;
}

/* A group's scoring as the plan says it: judge/score.c reads every
 * version's groups one way, so what a package leaves to its version's rules
 * is spelled out here. Legacy: the default grader sums (grader_flags name
 * sum, avg, min or max, never pass-fail), and there is no max_score (the
 * reader's 100 for secret is 2025-09's). 2023-07 and 2025-09 (no on_reject,
 * no grader flags): data/ has no score of its own: it sums, leaving the
 * sample out (ignore_sample), so the submission's score is secret's, and it
 * judges secret whatever the samples did; secret and each sum group go on
 * after a rejection (every test's share counts); a pass-fail or min group
 * stops at its first, which settles its score. */
struct fp_scoring {
    enum package_aggregation aggregation;
    bool on_reject_continue;
    double max_score; /* < 0: none */
    bool ignore_sample;
};

static void fp_scoring(const struct fp *f, const struct package_group *g, int parent,
                       struct fp_scoring *out)
{
    const struct package_settings *s = &g->settings;
    *out = (struct fp_scoring){s->aggregation, s->on_reject_continue, s->max_score, false};
    if (!(f->pkg->meta.type & PACKAGE_SCORING))
        return;
    if (f->pkg->version == PACKAGE_LEGACY) {
        if (out->aggregation == PACKAGE_AGG_PASS_FAIL)
            out->aggregation = PACKAGE_AGG_SUM;
        out->max_score = -1;
    } else if (parent < 0) {
        out->aggregation = PACKAGE_AGG_SUM;
        out->on_reject_continue = true;
        out->max_score = -1;
        out->ignore_sample = true;
    } else if (strcmp(g->name, "secret") == 0 || out->aggregation == PACKAGE_AGG_SUM) {
        out->on_reject_continue = true;
    }
}

/* Appends g to the plan's groups; returns its index. */
static int fp_group(struct fp *f, const struct package_group *g, int parent)
{
    const struct package_settings *s = &g->settings;
    struct fp_scoring sc;
    fp_scoring(f, g, parent, &sc);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", g->name);
    cJSON_AddNumberToObject(o, "parent", parent);
    cJSON_AddStringToObject(o, "aggregation", package_aggregation_name(sc.aggregation));
    cJSON_AddStringToObject(o, "onReject", sc.on_reject_continue ? "continue" : "break");
    cJSON_AddNumberToObject(o, "acceptScore", s->accept_score);
    cJSON_AddNumberToObject(o, "rejectScore", s->reject_score);
    if (isfinite(s->range_min) && isfinite(s->range_max)) {
        double r[2] = {s->range_min, s->range_max};
        cJSON_AddItemToObject(o, "range", cJSON_CreateDoubleArray(r, 2));
    } else {
        cJSON_AddNullToObject(o, "range");
    }
    cJSON_AddItemToObject(o, "maxScore", fp_number_or_null(sc.max_score, sc.max_score >= 0));
    cJSON *flags = fp_grader_flags(f, g);
    if (sc.ignore_sample && !fp_has_string(flags, "ignore_sample"))
        cJSON_AddItemToArray(flags, cJSON_CreateString("ignore_sample"));
    cJSON_AddItemToObject(o, "graderFlags", flags);
    cJSON_AddItemToObject(o, "requirePass",
                          fp_strings((const char *const *)s->require_pass.v, s->require_pass.n));
    cJSON_AddItemToArray(f->groups, o);
    return cJSON_GetArraySize(f->groups) - 1;
}

/* Where a test's settings come from, for a message. */
static void fp_settings_file(const struct fp *f, const struct package_test *t, char *out,
                             size_t len)
{
    const char *slash = strrchr(t->in, '/');
    int dir = slash ? (int)(slash - t->in) : 0;
    if (t->own != NULL)
        snprintf(out, len, "data/%s.yaml", t->name);
    else
        snprintf(out, len, "%.*s/%s", dir, t->in,
                 f->pkg->version == PACKAGE_2025_09 ? "test_group.yaml" : "testdata.yaml");
}

/* The plan's test; without a validator of the package's own, its
 * arguments must be flags of the default one. */
static int fp_plan_test(struct fp *f, const struct package_test *t, int group)
{
    const struct package_settings *s = t->settings;
    struct fp_args va;
    fp__args_for(f, s, &va);
    if (f->validator == NULL && va.n > 0) {
        char spec[300] = "kattis";
        size_t used = strlen(spec);
        for (size_t i = 0; i < va.n && used < sizeof(spec); i++)
            used +=
                (size_t)snprintf(spec + used, sizeof(spec) - used, "%c%s", i ? ' ' : ':', va.v[i]);
        struct checker c;
        if (used >= sizeof(spec) || checker_parse(spec, &c) < 0) {
            char file[600];
            fp_settings_file(f, t, file, sizeof(file));
            fp__args_dispose(&va);
            return fp__fail(f,
                            "%s: output validator arguments '%s' are not flags of the default "
                            "output validator",
                            file, spec + 7);
        }
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", t->name);
    cJSON_AddNumberToObject(o, "group", group);
    cJSON_AddItemToObject(o, "args", fp_strings((const char *const *)s->args.v, s->args.n));
    cJSON_AddItemToObject(o, "validatorArgs", fp_strings(va.v, va.n));
    cJSON_AddBoolToObject(o, "fullFeedback", s->full_feedback);
    /* Set 0 is left unsaid: a plan with one set has no "inputArgs" (see
     * fp_input_add_sets()). */
    int set = cJSON_GetArraySize(f->inputs) > 0 ? fp__input_set_of(f, s) : 0;
    if (set > 0)
        cJSON_AddNumberToObject(o, "inputArgs", set);
    cJSON_AddItemToObject(o, "desc", t->desc ? cJSON_CreateString(t->desc) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "hint", t->hint ? cJSON_CreateString(t->hint) : cJSON_CreateNull());
    cJSON_AddItemToArray(f->tests, o);
    fp__args_dispose(&va);
    return 0;
}

/* Adds rel's text as o[key]; 0, or -1 with err set. */
static int fp_add_text(struct fp *f, cJSON *o, const char *key, const char *rel)
{
    char *text = fp__text(f, rel, "samples are shown as text");
    if (text == NULL)
        return -1;
    cJSON_AddStringToObject(o, key, text);
    free(text);
    return 0;
}

/* A sample as a page shows it: an interactive problem's transcript (its
 * .in is the validator's, not shown), else the input and the answer, the
 * statement's own variants (.in.statement, .ans.statement, .out) first. */
static int fp_sample(struct fp *f, const struct package_test *t)
{
    bool interactive = f->pkg->meta.type & PACKAGE_INTERACTIVE;
    const char *in = t->in_statement ? t->in_statement : t->in;
    const char *out = t->ans_statement ? t->ans_statement : t->out ? t->out : t->ans;
    cJSON *o = cJSON_CreateObject();
    int rc = 0;
    if (t->interaction && (interactive || in == NULL))
        rc = fp_add_text(f, o, "interaction", t->interaction);
    else if (!interactive && in != NULL && out != NULL)
        rc = fp_add_text(f, o, "input", in) < 0 || fp_add_text(f, o, "output", out) < 0;
    else if (!interactive && in != NULL)
        rc = fp_add_text(f, o, "input", in) < 0 || cJSON_AddStringToObject(o, "output", "") == NULL;
    if (rc != 0 || o->child == NULL) {
        cJSON_Delete(o);
        return rc ? -1 : 0;
    }
    cJSON_AddItemToArray(f->samples, o);
    return 0;
}

/* One test: a catalog test and a plan test (a sample's transcript alone,
 * with no .in, is only shown). */
static int fp_test(struct fp *f, const struct package_test *t, int group)
{
    bool sample = strncmp(t->name, "sample/", 7) == 0;
    if (sample && fp_sample(f, t) < 0)
        return -1;
    if (t->in == NULL)
        return 0;
    struct catalog_problem *p = f->p;
    if (p->ntests >= PROBLEM_TESTS_MAX)
        return fp__fail(f, "data/: more than %d tests (verdict's bound)", PROBLEM_TESTS_MAX);
    char *input = fp__text(f, t->in, "verdict keeps tests as text");
    if (input == NULL)
        return -1;
    char *output = t->ans ? fp__text(f, t->ans, "verdict keeps tests as text") : xstrdup("");
    if (output == NULL) {
        free(input);
        return -1;
    }
    p->tests = xrealloc(p->tests, (p->ntests + 1) * sizeof(*p->tests));
    /* A hidden test of a full_feedback group is visible: the plan shows it,
     * and "visibleTests" says so. */
    p->tests[p->ntests++] =
        (struct catalog_test){sample, input, output, !sample && t->settings->full_feedback};
    return fp_plan_test(f, t, group);
}

/* Depth first in the package's order: a group is listed before what it
 * holds; a plain directory's tests belong to the nearest group. */
static int fp_walk(struct fp *f, const struct package_group *g, int group)
{
    for (size_t i = 0; i < g->n_entries; i++) {
        const struct package_group *child = g->entries[i].group;
        int rc;
        if (child != NULL)
            rc = fp_walk(f, child, child->is_group ? fp_group(f, child, group) : group);
        else
            rc = fp_test(f, g->entries[i].test, group);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int fp__tests(struct fp *f)
{
    f->groups = cJSON_CreateArray();
    f->tests = cJSON_CreateArray();
    f->samples = cJSON_CreateArray();
    return fp_walk(f, f->pkg->data, fp_group(f, f->pkg->data, -1));
}

/* The problem's maximum score: 2023-07 and 2025-09 secret's max_score,
 * legacy data/'s range; NULL when unbounded. */
static cJSON *fp_max_score(const struct package *pkg)
{
    const struct package_group *root = pkg->data;
    if (pkg->version == PACKAGE_LEGACY)
        return fp_number_or_null(root->settings.range_max, true);
    for (size_t i = 0; i < root->n_entries; i++) {
        const struct package_group *g = root->entries[i].group;
        if (g != NULL && strcmp(g->name, "secret") == 0)
            return fp_number_or_null(g->settings.max_score, g->settings.max_score >= 0);
    }
    return cJSON_CreateNull();
}

static cJSON *fp_types(const struct package *pkg)
{
    cJSON *types = cJSON_CreateArray();
    bool scoring = pkg->meta.type & PACKAGE_SCORING;
    cJSON_AddItemToArray(types, cJSON_CreateString(scoring ? "scoring" : "pass-fail"));
    if (pkg->meta.type & PACKAGE_INTERACTIVE)
        cJSON_AddItemToArray(types, cJSON_CreateString("interactive"));
    return types;
}

int fp__documents(struct fp *f)
{
    cJSON *plan = cJSON_CreateObject();
    cJSON_AddNumberToObject(plan, "format", PLAN_FORMAT);
    cJSON_AddItemToObject(plan, "types", fp_types(f->pkg));
    if (f->validator != NULL)
        cJSON_AddItemToObject(plan, "validator", f->validator);
    f->validator = NULL;
    cJSON_AddItemToObject(plan, "include", f->include);
    if (cJSON_GetArraySize(f->inputs) > 0)
        cJSON_AddItemToObject(plan, "inputValidators", f->inputs);
    else
        cJSON_Delete(f->inputs);
    cJSON_AddItemToObject(plan, "groups", f->groups);
    cJSON_AddItemToObject(plan, "tests", f->tests);
    f->include = f->inputs = f->groups = f->tests = NULL;
    cJSON *shown = cJSON_CreateObject();
    cJSON_AddItemToObject(shown, "type", fp_types(f->pkg));
    cJSON_AddItemToObject(shown, "samples", f->samples);
    f->samples = NULL;
    if (f->pkg->meta.type & PACKAGE_SCORING) {
        cJSON *scoring = cJSON_AddObjectToObject(shown, "scoring");
        cJSON_AddItemToObject(scoring, "maxScore", fp_max_score(f->pkg));
    }
    f->p->judging = cJSON_PrintUnformatted(plan);
    f->p->shown = cJSON_PrintUnformatted(shown);
    cJSON_Delete(plan);
    cJSON_Delete(shown);
    if (f->p->judging == NULL || f->p->shown == NULL)
        return fp__fail(f, "the problem's documents could not be built");
    return 0;
}

void fp__dispose(struct fp *f)
{
    cJSON_Delete(f->validator);
    cJSON_Delete(f->include);
    cJSON_Delete(f->inputs);
    cJSON_Delete(f->input_sets);
    cJSON_Delete(f->groups);
    cJSON_Delete(f->tests);
    cJSON_Delete(f->samples);
}
