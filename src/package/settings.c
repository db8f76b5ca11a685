/* Test data settings: testdata.yaml (legacy, 2023-07-draft), test_group.yaml
 * (2025-09, and late 2023-07 drafts) and a test's own <base>.yaml, with each
 * version's defaults and inheritance. */
#include "package/internal.h"

#include "common/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool settings_under(const char *name, const char *top)
{
    size_t l = strlen(top);
    return strncmp(name, top, l) == 0 && (name[l] == '\0' || name[l] == '/');
}

void package__settings_init(struct package_settings *s, const char *name)
{
    *s = (struct package_settings){
        .accept_score = 1,
        .reject_score = 0,
        .range_min = -INFINITY,
        .range_max = INFINITY,
        .aggregation = strcmp(name, "secret") == 0 ? PACKAGE_AGG_SUM : PACKAGE_AGG_PASS_FAIL,
        .max_score = strcmp(name, "secret") == 0 ? 100 : -1,
        .full_feedback = settings_under(name, "sample"),
        .static_validation_score = -1,
    };
}

void package__settings_dispose(struct package_settings *s)
{
    package__strv_free(&s->grader_flags);
    package__strv_free(&s->require_pass);
    package__strv_free(&s->input_validator_args);
    for (size_t i = 0; i < s->n_input_validator_named; i++) {
        free(s->input_validator_named[i].validator);
        package__strv_free(&s->input_validator_named[i].args);
    }
    free(s->input_validator_named);
    s->input_validator_named = NULL;
    s->n_input_validator_named = 0;
    free(s->output_validator_name);
    s->output_validator_name = NULL;
    package__strv_free(&s->output_validator_args);
    package__strv_free(&s->args);
    package__strv_free(&s->static_validator_args);
}

static void settings_copy_named(struct package_settings *dst, const struct package_settings *src)
{
    for (size_t i = 0; i < dst->n_input_validator_named; i++) {
        free(dst->input_validator_named[i].validator);
        package__strv_free(&dst->input_validator_named[i].args);
    }
    free(dst->input_validator_named);
    dst->n_input_validator_named = src->n_input_validator_named;
    dst->input_validator_named = NULL;
    if (src->n_input_validator_named > 0)
        dst->input_validator_named =
            xcalloc(src->n_input_validator_named, sizeof(*dst->input_validator_named));
    for (size_t i = 0; i < src->n_input_validator_named; i++) {
        dst->input_validator_named[i].validator = xstrdup(src->input_validator_named[i].validator);
        package__strv_copy(&dst->input_validator_named[i].args,
                           &src->input_validator_named[i].args);
    }
}

/* Legacy inherits every key from the nearest ancestor that sets it; later
 * versions inherit the argument keys and full_feedback (and the legacy keys a
 * 2023-07 testdata.yaml may still carry), never the scoring keys. */
void package__settings_inherit(struct package_settings *c, const struct package_settings *p,
                               enum package_version v)
{
    c->on_reject_continue = p->on_reject_continue;
    c->custom_grading = p->custom_grading;
    package__strv_copy(&c->grader_flags, &p->grader_flags);
    c->accept_score = p->accept_score;
    c->reject_score = p->reject_score;
    c->range_min = p->range_min;
    c->range_max = p->range_max;
    package__strv_copy(&c->input_validator_args, &p->input_validator_args);
    settings_copy_named(c, p);
    free(c->output_validator_name);
    c->output_validator_name = p->output_validator_name ? xstrdup(p->output_validator_name) : NULL;
    package__strv_copy(&c->output_validator_args, &p->output_validator_args);
    package__strv_copy(&c->args, &p->args);
    c->full_feedback = p->full_feedback;
    if (v == PACKAGE_LEGACY)
        c->aggregation = p->aggregation;
}

/* The shared shape of an error about key k of the file rel. */
#define BAD(ctx, rel, k, what) package__fail(ctx, "%s: %s: %s", rel, k, what)

/* Arguments: a list of strings (a string is split on blanks, as the legacy
 * *_flags strings are). */
static int settings_args(struct package__ctx *ctx, const char *rel, const char *k,
                         const struct ytree *v, struct package_strv *out)
{
    package__strv_free(out);
    if (v->kind == YTREE_SCALAR) {
        package__strv_split(out, v->text);
        return 0;
    }
    if (package__strv_yaml(out, v) < 0)
        return BAD(ctx, rel, k, "not a list of strings");
    return 0;
}

/* input_validator_flags / input_validator_args: arguments for every input
 * validator, or a map naming validators (legacy: {name: v, flags: "..."};
 * later: {v: [args]}). */
static int settings_input_args(struct package__ctx *ctx, struct package_settings *s,
                               const char *rel, const char *k, const struct ytree *v)
{
    if (v->kind != YTREE_MAP)
        return settings_args(ctx, rel, k, v, &s->input_validator_args);
    struct package_settings none = {0};
    settings_copy_named(s, &none);
    package__strv_free(&s->input_validator_args);
    const struct ytree *name = ytree_get(v, "name"), *flags = ytree_get(v, "flags");
    bool legacy_form = name != NULL && name->kind == YTREE_SCALAR && ytree_map_len(v) <= 2;
    size_t n = legacy_form ? 1 : ytree_map_len(v);
    s->input_validator_named = xcalloc(n, sizeof(*s->input_validator_named));
    s->n_input_validator_named = n;
    for (size_t i = 0; i < n; i++) {
        struct package_named_args *a = &s->input_validator_named[i];
        a->validator = xstrdup(legacy_form ? name->text : ytree_map_key(v, i));
        const struct ytree *args = legacy_form ? flags : ytree_map_value(v, i);
        if (args != NULL && settings_args(ctx, rel, k, args, &a->args) < 0)
            return -1;
    }
    return 0;
}

/* output_validator_flags (legacy: a string of flags, or {name, flags}) and
 * output_validator_args (a list). */
static int settings_output_args(struct package__ctx *ctx, struct package_settings *s,
                                const char *rel, const char *k, const struct ytree *v)
{
    if (v->kind != YTREE_MAP)
        return settings_args(ctx, rel, k, v, &s->output_validator_args);
    const struct ytree *name = ytree_get(v, "name"), *flags = ytree_get(v, "flags");
    if (name == NULL || name->kind != YTREE_SCALAR)
        return BAD(ctx, rel, k, "a map needs a name");
    free(s->output_validator_name);
    s->output_validator_name = xstrdup(name->text);
    package__strv_free(&s->output_validator_args);
    return flags == NULL ? 0 : settings_args(ctx, rel, k, flags, &s->output_validator_args);
}

static int settings_score(struct package__ctx *ctx, const char *rel, const char *k,
                          const struct ytree *v, double *out)
{
    if (!(ctx->p->meta.type & PACKAGE_SCORING))
        return BAD(ctx, rel, k, "only for scoring problems");
    if (ytree_double(v, out) < 0)
        return BAD(ctx, rel, k, "not a number");
    return 0;
}

/* The legacy keys (also read in 2023-07-draft testdata.yaml). 1 when k is not
 * one of them. */
static int settings_legacy_key(struct package__ctx *ctx, struct package_settings *s,
                               const char *rel, const char *k, const struct ytree *v)
{
    if (strcmp(k, "on_reject") == 0) {
        if (v->kind != YTREE_SCALAR ||
            (strcmp(v->text, "break") != 0 && strcmp(v->text, "continue") != 0))
            return BAD(ctx, rel, k, "must be break or continue");
        s->on_reject_continue = strcmp(v->text, "continue") == 0;
    } else if (strcmp(k, "grading") == 0) {
        if (v->kind != YTREE_SCALAR ||
            (strcmp(v->text, "default") != 0 && strcmp(v->text, "custom") != 0))
            return BAD(ctx, rel, k, "must be default or custom");
        s->custom_grading = strcmp(v->text, "custom") == 0;
    } else if (strcmp(k, "grader_flags") == 0) {
        if (settings_args(ctx, rel, k, v, &s->grader_flags) < 0)
            return -1;
        static const char *const modes[] = {"pass-fail", "sum", "min", "max", "avg"};
        for (size_t i = 0; i < s->grader_flags.n; i++)
            for (size_t m = 1; m < sizeof(modes) / sizeof(*modes); m++)
                if (strcmp(s->grader_flags.v[i], modes[m]) == 0)
                    s->aggregation = (enum package_aggregation)m;
    } else if (strcmp(k, "accept_score") == 0) {
        return settings_score(ctx, rel, k, v, &s->accept_score);
    } else if (strcmp(k, "reject_score") == 0) {
        return settings_score(ctx, rel, k, v, &s->reject_score);
    } else if (strcmp(k, "range") == 0) {
        struct ytree lo = {.kind = YTREE_SCALAR}, hi = lo;
        char a[64], b[64], extra;
        if (!(ctx->p->meta.type & PACKAGE_SCORING))
            return BAD(ctx, rel, k, "only for scoring problems");
        if (v->kind != YTREE_SCALAR || sscanf(v->text, "%63s %63s %c", a, b, &extra) != 2)
            return BAD(ctx, rel, k, "must be two numbers");
        lo.text = a;
        hi.text = b;
        if (ytree_double(&lo, &s->range_min) < 0 || ytree_double(&hi, &s->range_max) < 0 ||
            s->range_min > s->range_max)
            return BAD(ctx, rel, k, "must be two numbers, the lower first");
    } else {
        return 1;
    }
    return 0;
}

static int settings_aggregation(struct package__ctx *ctx, struct package_settings *s,
                                const char *rel, const char *k, const struct ytree *v)
{
    static const char *const modes[] = {"pass-fail", "sum", "min"};
    for (size_t m = 0; v->kind == YTREE_SCALAR && m < sizeof(modes) / sizeof(*modes); m++)
        if (strcmp(v->text, modes[m]) == 0) {
            s->aggregation = (enum package_aggregation)m;
            return 0;
        }
    return BAD(ctx, rel, k, "must be pass-fail, sum or min");
}

/* max_score / scoring.score: a non-negative integer or "unbounded". */
static int settings_max_score(struct package__ctx *ctx, struct package_settings *s, const char *rel,
                              const char *k, const struct ytree *v)
{
    long n;
    if (v->kind == YTREE_SCALAR && strcmp(v->text, "unbounded") == 0)
        s->max_score = -1;
    else if (ytree_long(v, &n) == 0 && n >= 0)
        s->max_score = (double)n;
    else
        return BAD(ctx, rel, k, "must be a non-negative integer or unbounded");
    s->max_score_given = true;
    return 0;
}

/* The scoring keys: 2025-09 max_score, score_aggregation, require_pass,
 * static_validation_score, static_validator_args; 2023-07's scoring map and
 * static_validation. 1 when k is none of them. */
static int settings_scoring_key(struct package__ctx *ctx, struct package_settings *s,
                                const char *rel, const char *k, const struct ytree *v)
{
    if (strcmp(k, "max_score") == 0 || strcmp(k, "score") == 0)
        return settings_max_score(ctx, s, rel, k, v);
    if (strcmp(k, "score_aggregation") == 0 || strcmp(k, "aggregation") == 0)
        return settings_aggregation(ctx, s, rel, k, v);
    if (strcmp(k, "require_pass") == 0)
        return settings_args(ctx, rel, k, v, &s->require_pass);
    if (strcmp(k, "static_validator_args") == 0)
        return settings_args(ctx, rel, k, v, &s->static_validator_args);
    if (strcmp(k, "static_validation_score") == 0) {
        long n;
        s->static_validation = true;
        if (v->kind == YTREE_SCALAR && strcmp(v->text, "pass-fail") == 0)
            s->static_validation_score = -1;
        else if (ytree_long(v, &n) == 0 && n >= 0)
            s->static_validation_score = (double)n;
        else
            return BAD(ctx, rel, k, "must be a non-negative integer or pass-fail");
        return 0;
    }
    if (strcmp(k, "static_validation") == 0) {
        if (v->kind == YTREE_MAP) {
            const struct ytree *a = ytree_get(v, "args"), *sc = ytree_get(v, "score");
            s->static_validation = true;
            if (a != NULL && settings_args(ctx, rel, k, a, &s->static_validator_args) < 0)
                return -1;
            if (sc != NULL && ytree_double(sc, &s->static_validation_score) < 0)
                return BAD(ctx, rel, "static_validation.score", "not a number");
        } else if (ytree_bool(v, &s->static_validation) < 0) {
            return BAD(ctx, rel, k, "must be a boolean or a map");
        }
        return 0;
    }
    if (strcmp(k, "scoring") == 0) {
        if (v->kind != YTREE_MAP)
            return BAD(ctx, rel, k, "not a map");
        for (size_t i = 0; i < ytree_map_len(v); i++) {
            const char *sk = ytree_map_key(v, i);
            bool known = strcmp(sk, "score") == 0 || strcmp(sk, "aggregation") == 0 ||
                         strcmp(sk, "require_pass") == 0;
            if (!known)
                package__warn(ctx, "%s: scoring.%s: unknown key (ignored)", rel, sk);
            else if (settings_scoring_key(ctx, s, rel, sk, ytree_map_value(v, i)) < 0)
                return -1;
        }
        return 0;
    }
    return 1;
}

/* Keys a test's own <base>.yaml may set too. 1 when k is none of them. */
static int settings_test_key(struct package__ctx *ctx, struct package_settings *s, const char *rel,
                             const char *k, const struct ytree *v)
{
    if (strcmp(k, "args") == 0)
        return settings_args(ctx, rel, k, v, &s->args);
    if (strcmp(k, "input_validator_args") == 0 || strcmp(k, "input_validator_flags") == 0)
        return settings_input_args(ctx, s, rel, k, v);
    if (strcmp(k, "output_validator_args") == 0 || strcmp(k, "output_validator_flags") == 0)
        return settings_output_args(ctx, s, rel, k, v);
    if (strcmp(k, "full_feedback") == 0)
        return ytree_bool(v, &s->full_feedback) < 0 ? BAD(ctx, rel, k, "not a boolean") : 0;
    if (strcmp(k, "input_visualizer_args") == 0 || strcmp(k, "output_visualizer_args") == 0)
        return 0; /* visualizers are not run by verdict */
    return 1;
}

/* Which keys a file of this version and kind takes: returns 1 when k is
 * unknown there. */
static bool settings_allowed(enum package_version v, int kind, const char *k)
{
    static const char *const legacy[] = {"on_reject",
                                         "grading",
                                         "grader_flags",
                                         "input_validator_flags",
                                         "output_validator_flags",
                                         "accept_score",
                                         "reject_score",
                                         "range",
                                         NULL};
    static const char *const test[] = {"args",
                                       "input_validator_args",
                                       "output_validator_args",
                                       "input_visualizer_args",
                                       "output_visualizer_args",
                                       "full_feedback",
                                       "hint",
                                       "description",
                                       NULL};
    static const char *const v2023[] = {"scoring",
                                        "input_validator_args",
                                        "output_validator_args",
                                        "static_validation",
                                        "full_feedback",
                                        "args",
                                        NULL};
    static const char *const v2025[] = {"max_score",
                                        "score_aggregation",
                                        "static_validation_score",
                                        "require_pass",
                                        "args",
                                        "input_validator_args",
                                        "static_validator_args",
                                        "output_validator_args",
                                        "input_visualizer_args",
                                        "output_visualizer_args",
                                        "full_feedback",
                                        NULL};
    const char *const *lists[2] = {kind == 1              ? test
                                   : v == PACKAGE_2025_09 ? v2025
                                                          : legacy,
                                   kind == 0 && v == PACKAGE_2023_07_DRAFT ? v2023 : NULL};
    for (int l = 0; l < 2; l++)
        for (const char *const *p = lists[l]; p != NULL && *p != NULL; p++)
            if (strcmp(*p, k) == 0)
                return true;
    return false;
}

/* The 2025-09 rules on where scoring keys may stand. */
static int settings_check_2025(struct package__ctx *ctx, const struct ytree *t, const char *rel,
                               const char *name)
{
    static const char *const scoring[] = {"max_score", "score_aggregation", "require_pass"};
    for (size_t i = 0; i < sizeof(scoring) / sizeof(*scoring); i++) {
        if (ytree_get(t, scoring[i]) == NULL)
            continue;
        if (settings_under(name, "sample"))
            return BAD(ctx, rel, scoring[i], "not permitted in sample");
        if (!(ctx->p->meta.type & PACKAGE_SCORING))
            return BAD(ctx, rel, scoring[i], "only for scoring problems");
    }
    if (ytree_get(t, "static_validator_args") != NULL &&
        ytree_get(t, "static_validation_score") == NULL)
        return BAD(ctx, rel, "static_validator_args", "needs static_validation_score");
    return 0;
}

int package__settings_apply(struct package__ctx *ctx, struct package_settings *s,
                            const struct ytree *t, const char *rel, const char *name, int kind)
{
    enum package_version v = ctx->p->version;
    if (t->kind != YTREE_MAP)
        return package__fail(ctx, "%s: not a map", rel);
    if (v == PACKAGE_2025_09 && kind == 0 && settings_check_2025(ctx, t, rel, name) < 0)
        return -1;
    s->has_file = true;
    for (size_t i = 0; i < ytree_map_len(t); i++) {
        const char *k = ytree_map_key(t, i);
        const struct ytree *val = ytree_map_value(t, i);
        if (!settings_allowed(v, kind, k)) {
            package__warn(ctx, "%s: %s: unknown key (ignored)", rel, k);
            continue;
        }
        if (strcmp(k, "hint") == 0 || strcmp(k, "description") == 0)
            continue; /* the test's own text: testdata.c reads it */
        int rc = settings_test_key(ctx, s, rel, k, val);
        if (rc == 1 && kind == 0)
            rc = settings_legacy_key(ctx, s, rel, k, val);
        if (rc == 1 && kind == 0)
            rc = settings_scoring_key(ctx, s, rel, k, val);
        if (rc < 0)
            return -1;
    }
    return 0;
}
