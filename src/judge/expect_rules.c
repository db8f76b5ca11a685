/* The example programs' rules of a packaged problem (judge/expect_rules.h):
 * submissions.yaml read into a list of rules, each a glob of programs, an
 * optional glob of tests, and what the tests it covers may and must get. */
#include "judge/expect_rules.h"

#include "common/alloc.h"
#include "package/ytree.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The verdict classes the rules speak of, as a bit set. */
enum {
    CLASS_AC = 1,
    CLASS_WA = 2,
    CLASS_TLE = 4,
    CLASS_RTE = 8,
    CLASS_ALL = 15,
};

/* Brace expansion of one glob gives at most this many, from a glob of at
 * most GLOB_MAX bytes and GLOB_BRACES_MAX braces (expand() recurses once a
 * brace): a hostile submissions.yaml gets neither to multiply without bound
 * nor to exhaust the stack. */
#define EXPAND_MAX 256
#define GLOB_MAX 1024
#define GLOB_BRACES_MAX 32

struct rule {
    char *programs; /* glob of programs, relative to submissions/, braces unexpanded */
    char *tests;    /* glob of tests and groups relative to data/; NULL: every test */
    unsigned permitted, required;
    bool has_score;
    double score_lo, score_hi;
    char *message; /* NULL: none */
};

struct expect_rules {
    struct rule *v;
    size_t n;
};

static const struct {
    const char *folder;
    unsigned permitted, required;
} defaults[] = {
    {"accepted", CLASS_AC, CLASS_ALL},
    {"rejected", CLASS_ALL, CLASS_RTE | CLASS_TLE | CLASS_WA},
    {"wrong_answer", CLASS_AC | CLASS_WA, CLASS_WA},
    {"time_limit_exceeded", CLASS_AC | CLASS_TLE, CLASS_TLE},
    {"run_time_error", CLASS_AC | CLASS_RTE, CLASS_RTE},
    {"brute_force", CLASS_AC | CLASS_RTE | CLASS_TLE, CLASS_RTE | CLASS_TLE},
};
#define NDEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

static unsigned verdict_class(enum verdict v)
{
    switch (v) {
    case VERDICT_AC:
        return CLASS_AC;
    case VERDICT_WA:
        return CLASS_WA;
    case VERDICT_TLE:
        return CLASS_TLE;
    case VERDICT_RE:
    case VERDICT_MLE:
    case VERDICT_OLE:
        return CLASS_RTE;
    default:
        return 0; /* CE, IE: no class, so permitted by no rule */
    }
}

static void classes_str(unsigned m, char *out, size_t len)
{
    static const char *const names[] = {"AC", "WA", "TLE", "RTE"};
    size_t at = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < 4 && at < len; i++)
        if (m & (1u << i))
            at += (size_t)snprintf(out + at, len - at, "%s%s", at ? " " : "", names[i]);
}

static void rule_dispose(struct rule *r)
{
    free(r->programs);
    free(r->tests);
    free(r->message);
}

void expect_rules_free(struct expect_rules *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++)
        rule_dispose(&r->v[i]);
    free(r->v);
    free(r);
}

static struct rule *rules_add(struct expect_rules *r, const char *programs, const char *tests)
{
    r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
    struct rule *u = &r->v[r->n++];
    *u = (struct rule){
        xstrdup(programs), tests ? xstrdup(tests) : NULL, CLASS_ALL, CLASS_ALL, false, 0, 0, NULL};
    return u;
}

struct parse {
    char *err;
    size_t errlen;
};

static int parse_fail(struct parse *ps, const struct ytree *at, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    snprintf(ps->err, ps->errlen, "submissions.yaml: line %d: %s", at->line, why);
    return -1;
}

/* [AC, WA, TLE, RTE], a subset of them, into a bit set. */
static int parse_classes(struct parse *ps, const char *key, const struct ytree *t, unsigned *out)
{
    static const char *const names[] = {"AC", "WA", "TLE", "RTE"};
    if (t->kind != YTREE_SEQ)
        return parse_fail(ps, t, "%s: not a list of verdicts", key);
    unsigned m = 0;
    for (size_t i = 0; i < t->n_kids; i++) {
        const struct ytree *k = t->kids[i];
        unsigned bit = 0;
        for (unsigned c = 0; k->kind == YTREE_SCALAR && c < 4; c++)
            if (strcmp(k->text, names[c]) == 0)
                bit = 1u << c;
        if (bit == 0)
            return parse_fail(ps, k, "%s: not one of AC, WA, TLE, RTE", key);
        m |= bit;
    }
    *out = m;
    return 0;
}

/* score: a number, or [low, high]. */
static int parse_score(struct parse *ps, const struct ytree *t, struct rule *u)
{
    if (t->kind == YTREE_SCALAR && ytree_double(t, &u->score_lo) == 0) {
        u->score_hi = u->score_lo;
    } else if (t->kind != YTREE_SEQ || t->n_kids != 2 ||
               ytree_double(t->kids[0], &u->score_lo) < 0 ||
               ytree_double(t->kids[1], &u->score_hi) < 0 || u->score_lo > u->score_hi) {
        return parse_fail(ps, t, "score: not a number or a range [low, high]");
    }
    u->has_score = true;
    return 0;
}

/* Keys that describe the programs rather than constrain their verdicts:
 * the package reader and the time limit's inference use them, verify not. */
static bool key_ignored(const char *k)
{
    static const char *const keys[] = {"language",       "entrypoint",         "authors",
                                       "model_solution", "use_for_time_limit", NULL};
    for (const char *const *p = keys; *p; p++)
        if (strcmp(*p, k) == 0)
            return true;
    return false;
}

/* One constraint key of a rule; 1 when key is none (a test glob, then). */
static int parse_key(struct parse *ps, const char *key, const struct ytree *v, struct rule *u)
{
    if (strcmp(key, "permitted") == 0)
        return parse_classes(ps, key, v, &u->permitted);
    if (strcmp(key, "required") == 0)
        return parse_classes(ps, key, v, &u->required);
    if (strcmp(key, "score") == 0)
        return parse_score(ps, v, u);
    if (strcmp(key, "message") == 0) {
        if (v->kind != YTREE_SCALAR)
            return parse_fail(ps, v, "message: not a string");
        free(u->message);
        u->message = xstrdup(v->text);
        return 0;
    }
    return key_ignored(key) ? 0 : 1;
}

static bool glob_ok(const char *glob);

/* The constraints under a test glob: a map of constraint keys only. */
static int parse_tests(struct parse *ps, struct expect_rules *r, const char *programs,
                       const char *tests, const struct ytree *v)
{
    if (v->kind != YTREE_MAP)
        return parse_fail(ps, v, "%s: %s: not a map of constraints", programs, tests);
    if (!glob_ok(tests))
        return parse_fail(ps, v, "a brace not closed, or too many, in %.80s: %.80s", programs,
                          tests);
    rules_add(r, programs, tests);
    struct rule *u = &r->v[r->n - 1];
    for (size_t i = 0; i < ytree_map_len(v); i++) {
        const char *k = ytree_map_key(v, i);
        int rc = parse_key(ps, k, ytree_map_value(v, i), u);
        if (rc < 0)
            return -1;
        if (rc > 0)
            return parse_fail(ps, ytree_map_value(v, i), "%s: %s: unknown key '%s'", programs,
                              tests, k);
    }
    return 0;
}

static int default_index(const char *folder)
{
    for (size_t i = 0; i < NDEFAULTS; i++)
        if (strcmp(defaults[i].folder, folder) == 0)
            return (int)i;
    return -1;
}

/* One top-level key: its own constraints (starting from the folder's
 * default when it names one), and a rule per test glob under it. */
static int parse_entry(struct parse *ps, struct expect_rules *r, const char *key,
                       const struct ytree *v)
{
    if (!ytree_is_null(v) && v->kind != YTREE_MAP)
        return parse_fail(ps, v, "%s: not a map", key);
    if (!glob_ok(key))
        return parse_fail(ps, v, "a brace not closed, or too many, in %.80s", key);
    size_t at = r->n;
    struct rule *u = rules_add(r, key, NULL);
    int d = default_index(key);
    if (d >= 0) {
        u->permitted = defaults[d].permitted;
        u->required = defaults[d].required;
    }
    for (size_t i = 0; v->kind == YTREE_MAP && i < ytree_map_len(v); i++) {
        const char *k = ytree_map_key(v, i);
        const struct ytree *val = ytree_map_value(v, i);
        int rc = parse_key(ps, k, val, &r->v[at]);
        if (rc == 1)
            rc = parse_tests(ps, r, key, k, val);
        if (rc < 0)
            return -1;
    }
    return 0;
}

struct expect_rules *expect_rules_parse(const char *yaml, size_t len, char *err, size_t errlen)
{
    struct expect_rules *r = xcalloc(1, sizeof(*r));
    struct parse ps = {err, errlen};
    struct ytree *y = NULL;
    bool named[NDEFAULTS] = {false};
    if (yaml != NULL) {
        char why[256];
        if ((y = ytree_parse(yaml, len, why, sizeof(why))) == NULL) {
            snprintf(err, errlen, "submissions.yaml: %s", why);
            goto fail;
        }
        if (y->kind != YTREE_MAP) {
            snprintf(err, errlen, "submissions.yaml: not a map of program globs");
            goto fail;
        }
        for (size_t i = 0; i < ytree_map_len(y); i++) {
            const char *k = ytree_map_key(y, i);
            if (default_index(k) >= 0)
                named[default_index(k)] = true;
            if (parse_entry(&ps, r, k, ytree_map_value(y, i)) < 0)
                goto fail;
        }
    }
    for (size_t i = 0; i < NDEFAULTS; i++) {
        if (named[i])
            continue;
        struct rule *u = rules_add(r, defaults[i].folder, NULL);
        u->permitted = defaults[i].permitted;
        u->required = defaults[i].required;
    }
    ytree_free(y);
    return r;
fail:
    ytree_free(y);
    expect_rules_free(r);
    return NULL;
}

/* Brace expansion of glob into out (each new); false when past EXPAND_MAX or
 * a brace is not closed. {a,{b,c}} nests. */
static bool expand(const char *glob, char **out, size_t *n)
{
    const char *open = strchr(glob, '{');
    if (open == NULL) {
        if (*n >= EXPAND_MAX)
            return false;
        out[(*n)++] = xstrdup(glob);
        return true;
    }
    int depth = 0;
    const char *close = NULL, *start = open + 1;
    const char *cuts[EXPAND_MAX + 1];
    size_t ncuts = 0;
    for (const char *c = open; *c && close == NULL; c++) {
        depth += *c == '{' ? 1 : *c == '}' ? -1 : 0;
        if (depth == 1 && *c == ',' && ncuts < EXPAND_MAX)
            cuts[ncuts++] = c;
        if (depth == 0)
            close = c;
    }
    if (close == NULL)
        return false;
    cuts[ncuts++] = close;
    bool ok = true;
    for (size_t i = 0; ok && i < ncuts; i++) {
        const char *from = i ? cuts[i - 1] + 1 : start;
        size_t a = (size_t)(open - glob), b = (size_t)(cuts[i] - from), c = strlen(close + 1);
        char *alt = xmalloc(a + b + c + 1);
        memcpy(alt, glob, a);
        memcpy(alt + a, from, b);
        memcpy(alt + a + b, close + 1, c + 1);
        ok = expand(alt, out, n);
        free(alt);
    }
    return ok;
}

static bool glob_bounded(const char *glob)
{
    size_t braces = 0, len = 0;
    for (; glob[len] && len <= GLOB_MAX; len++)
        braces += glob[len] == '{';
    return len <= GLOB_MAX && braces <= GLOB_BRACES_MAX;
}

static bool glob_ok(const char *glob)
{
    char *alts[EXPAND_MAX];
    size_t n = 0;
    bool ok = glob_bounded(glob) && expand(glob, alts, &n);
    for (size_t i = 0; i < n; i++)
        free(alts[i]);
    return ok;
}

/* The spec's globs know '*' alone: fnmatch()'s '?', '[' and '\\' are made
 * literal in *g (replaced by a new string). */
static void literal_but_stars(char **g)
{
    char *e = xmalloc(2 * strlen(*g) + 1), *o = e;
    for (const char *c = *g; *c; c++) {
        if (*c == '?' || *c == '[' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o = '\0';
    free(*g);
    *g = e;
}

/* Whether glob (braces expanded) matches path or one of its parent
 * directories: "accepted" and "accepted/ *" (no space) both match "accepted/a.py". A
 * wildcard never matches a '/'. */
static bool glob_covers(const char *glob, const char *path)
{
    char *alts[EXPAND_MAX];
    size_t n = 0;
    bool ok = glob_bounded(glob) && expand(glob, alts, &n), hit = false;
    for (size_t i = 0; i < n; i++)
        literal_but_stars(&alts[i]);
    char *p = xstrdup(path);
    for (char *cut = p + strlen(p); ok && !hit && cut != NULL;) {
        *cut = '\0';
        for (size_t i = 0; i < n && !hit; i++)
            hit = fnmatch(alts[i], p, FNM_PATHNAME) == 0;
        cut = strrchr(p, '/');
    }
    for (size_t i = 0; i < n; i++)
        free(alts[i]);
    free(p);
    return hit;
}

bool expect_rules_cover(const struct expect_rules *r, const char *path)
{
    for (size_t i = 0; i < r->n; i++)
        if (glob_covers(r->v[i].programs, path))
            return true;
    return false;
}

static bool rule_fail(char *why, size_t len, const struct rule *u, const char *fmt, ...)
{
    int at =
        snprintf(why, len, "%s%s%s: ", u->programs, u->tests ? " " : "", u->tests ? u->tests : "");
    if (at < 0 || (size_t)at >= len)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why + at, len - (size_t)at, fmt, ap);
    va_end(ap);
    return false;
}

/* The tests' part of a rule: permitted over every test it covers, required
 * by one of them, its message in one of their judge messages. A rule whose
 * test glob covers no test holds. */
static bool rule_tests_met(const struct rule *u, const struct expect_program *p, char *why,
                           size_t len)
{
    bool any = false, required = false, message = u->message == NULL;
    for (size_t i = 0; i < p->ntests; i++) {
        const struct expect_test *t = &p->tests[i];
        if (!t->ran || (u->tests && !glob_covers(u->tests, t->name)))
            continue;
        any = true;
        unsigned c = verdict_class(t->verdict);
        if ((c & u->permitted) == 0) {
            char ok[32];
            classes_str(u->permitted, ok, sizeof(ok));
            return rule_fail(why, len, u, "test %s got %s, permitted %s", t->name,
                             verdict_name(t->verdict), ok);
        }
        required |= (c & u->required) != 0;
        if (u->message && t->judge_message && strstr(t->judge_message, u->message))
            message = true;
    }
    if (any && !required) {
        char need[32];
        classes_str(u->required, need, sizeof(need));
        return rule_fail(why, len, u, "no test got %s (required)", need);
    }
    if (any && !message)
        return rule_fail(why, len, u, "no judge message holds \"%s\"", u->message);
    return true;
}

/* Whether the glob (braces expanded, '*' within a name) names exactly this
 * group: a group's score rule is about the group it names, not about the
 * groups inside it. */
static bool glob_names(const char *glob, const char *name)
{
    char *alts[EXPAND_MAX];
    size_t n = 0;
    bool ok = glob_bounded(glob) && expand(glob, alts, &n), hit = false;
    for (size_t i = 0; i < n; i++) {
        literal_but_stars(&alts[i]);
        hit = hit || (ok && fnmatch(alts[i], name, FNM_PATHNAME) == 0);
        free(alts[i]);
    }
    return hit;
}

static bool score_in(const struct rule *u, double score)
{
    double eps = 1e-6 * fmax(1.0, fabs(u->score_hi));
    return score >= u->score_lo - eps && score <= u->score_hi + eps;
}

/* A score under a test glob: "the aggregated score of a given test data
 * group" (2025-09), for every group the glob names; one that counted
 * nothing scores 0. A glob that names no group breaks the rule (a typo
 * must not pass silently). */
static bool rule_groups_met(const struct rule *u, const struct expect_program *p, char *why,
                            size_t len)
{
    bool any = false;
    for (size_t g = 0; g < p->ngroups; g++) {
        if (!glob_names(u->tests, p->group_names[g]))
            continue;
        any = true;
        double sc = isnan(p->group_scores[g]) ? 0 : p->group_scores[g];
        if (!score_in(u, sc))
            return rule_fail(why, len, u, "group %s scored %g, expected %g..%g",
                             p->group_names[g][0] ? p->group_names[g] : "data", sc, u->score_lo,
                             u->score_hi);
    }
    if (!any)
        return rule_fail(why, len, u, "score: no test group is named so");
    return true;
}

static bool rule_met(const struct rule *u, const struct expect_program *p, char *why, size_t len)
{
    if (!rule_tests_met(u, p, why, len))
        return false;
    if (!u->has_score)
        return true;
    if (!p->scored)
        return rule_fail(why, len, u, "a score is given, but the problem is not scored");
    if (u->tests)
        return rule_groups_met(u, p, why, len);
    if (!score_in(u, p->score))
        return rule_fail(why, len, u, "score %g, expected %g..%g", p->score, u->score_lo,
                         u->score_hi);
    return true;
}

bool expect_rules_met(const struct expect_rules *r, const struct expect_program *p, char *why,
                      size_t len)
{
    if (p->verdict == VERDICT_CE || p->verdict == VERDICT_IE) {
        snprintf(why, len, "%s meets no rule", verdict_name(p->verdict));
        return false;
    }
    for (size_t i = 0; i < r->n; i++)
        if (glob_covers(r->v[i].programs, p->path) && !rule_met(&r->v[i], p, why, len))
            return false;
    return true;
}
