/* JSON value comparison for function problems: exact integers, doubles within
 * a tolerance, and top-level arrays as multisets. */
#include "judge/jsoncmp.h"

#include "common/alloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the comparison is, for the reason of a mismatch: "$[2][0]". */
struct where {
    char path[96];
    size_t len;
    char *why;
    size_t whylen;
};

static double number(const struct jsonval *v)
{
    return strtod(v->str, NULL);
}

static bool number_equal(const struct jsonval *e, const struct jsonval *o,
                         const struct jsoncmp_options *opt)
{
    if (e->integer && o->integer && jsonval_int_cmp(e->str, e->len, o->str, o->len) == 0)
        return true;
    if (!opt->tolerance && e->integer && o->integer)
        return false;
    double ev = number(e), ov = number(o);
    if (!opt->tolerance || !isfinite(ev) || !isfinite(ov))
        return ev == ov;
    double diff = fabs(ev - ov);
    /* The same slack as checker.c's float checker: it absorbs the rounding of
     * printing and parsing. */
    double slack = opt->eps * 1e-9;
    return diff <= opt->eps + slack || diff <= (opt->eps + slack) * fabs(ev);
}

static int kind_rank(const struct jsonval *v)
{
    return (int)v->kind;
}

static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return alen == blen ? 0 : alen < blen ? -1 : 1;
}

int jsoncmp_order(const struct jsonval *a, const struct jsonval *b)
{
    if (a->kind != b->kind)
        return kind_rank(a) < kind_rank(b) ? -1 : 1;
    switch (a->kind) {
    case JSONVAL_NULL:
        return 0;
    case JSONVAL_BOOL:
        return (int)a->boolean - (int)b->boolean;
    case JSONVAL_NUMBER:
        if (a->integer && b->integer)
            return jsonval_int_cmp(a->str, a->len, b->str, b->len);
        return number(a) < number(b) ? -1 : number(a) > number(b) ? 1 : 0;
    case JSONVAL_STRING:
        return bytes_cmp(a->str, a->len, b->str, b->len);
    case JSONVAL_ARRAY:
    case JSONVAL_OBJECT:
        for (size_t i = 0; i < a->count && i < b->count; i++) {
            int c = a->kind == JSONVAL_OBJECT ? bytes_cmp(a->items[i].key, a->items[i].keylen,
                                                          b->items[i].key, b->items[i].keylen)
                                              : 0;
            if (c == 0)
                c = jsoncmp_order(&a->items[i], &b->items[i]);
            if (c != 0)
                return c;
        }
        return a->count == b->count ? 0 : a->count < b->count ? -1 : 1;
    }
    return 0;
}

/* A short form of v for a reason: its token or its first bytes. */
static void show(const struct jsonval *v, char *out, size_t outlen)
{
    switch (v->kind) {
    case JSONVAL_NUMBER:
        snprintf(out, outlen, "%.40s%s", v->str, v->len > 40 ? "..." : "");
        return;
    case JSONVAL_STRING:
        snprintf(out, outlen, "\"%.*s\"%s", (int)(v->len > 40 ? 40 : v->len), v->str,
                 v->len > 40 ? "..." : "");
        return;
    case JSONVAL_BOOL:
        snprintf(out, outlen, "%s", v->boolean ? "true" : "false");
        return;
    default:
        snprintf(out, outlen, "%s", jsonval_kind_name(v->kind));
        return;
    }
}

/* Says where the first difference is and what it is; returns false. */
static bool differ(struct where *w, const char *what, const char *a, const char *b)
{
    if (w && w->why && w->whylen)
        snprintf(w->why, w->whylen, "%s: %s%s%s%s", w->len ? w->path : "$", what, a ? " " : "",
                 a ? a : "", b ? b : "");
    return false;
}

static bool values_differ(struct where *w, const struct jsonval *e, const struct jsonval *o)
{
    char es[64], os[64];
    show(e, es, sizeof(es));
    show(o, os, sizeof(os));
    char got[80];
    snprintf(got, sizeof(got), ", got %s", os);
    return differ(w, "expected", es, got);
}

static int by_order(const void *a, const void *b)
{
    return jsoncmp_order(*(const struct jsonval *const *)a, *(const struct jsonval *const *)b);
}

static bool equal_at(const struct jsonval *e, const struct jsonval *o,
                     const struct jsoncmp_options *opt, struct where *w, bool top);

/* The elements of two arrays of the same length, sorted by jsoncmp_order and
 * compared pairwise: equal as multisets (within the tolerance, pairs of near
 * numbers land in the same places when they are further apart than eps). */
static bool multiset_equal(const struct jsonval *e, const struct jsonval *o,
                           const struct jsoncmp_options *opt)
{
    const struct jsonval **es = xmalloc((e->count + 1) * sizeof(*es));
    const struct jsonval **os = xmalloc((o->count + 1) * sizeof(*os));
    for (size_t i = 0; i < e->count; i++) {
        es[i] = &e->items[i];
        os[i] = &o->items[i];
    }
    qsort(es, e->count, sizeof(*es), by_order);
    qsort(os, o->count, sizeof(*os), by_order);
    bool same = true;
    for (size_t i = 0; same && i < e->count; i++)
        same = equal_at(es[i], os[i], opt, NULL, false);
    free(es);
    free(os);
    return same;
}

static bool array_equal(const struct jsonval *e, const struct jsonval *o,
                        const struct jsoncmp_options *opt, struct where *w, bool top)
{
    if (e->count != o->count) {
        char msg[80];
        snprintf(msg, sizeof(msg), "expected %zu elements, got %zu", e->count, o->count);
        return differ(w, msg, NULL, NULL);
    }
    if (top && opt->unordered) {
        if (multiset_equal(e, o, opt))
            return true;
        return differ(w, "not the same elements in any order", NULL, NULL);
    }
    size_t keep = w ? w->len : 0;
    for (size_t i = 0; i < e->count; i++) {
        if (w && w->len + 24 < sizeof(w->path)) {
            int n = snprintf(w->path + w->len, sizeof(w->path) - w->len, "%s[%zu]",
                             w->len ? "" : "$", i);
            w->len += (size_t)n;
        }
        bool same = equal_at(&e->items[i], &o->items[i], opt, w, false);
        if (w) {
            w->len = keep;
            w->path[keep] = '\0';
        }
        if (!same)
            return false;
    }
    return true;
}

static bool object_equal(const struct jsonval *e, const struct jsonval *o,
                         const struct jsoncmp_options *opt, struct where *w)
{
    if (e->count != o->count)
        return differ(w, "expected other members", NULL, NULL);
    for (size_t i = 0; i < e->count; i++) {
        const struct jsonval *m = NULL;
        for (size_t j = 0; j < o->count && !m; j++)
            if (bytes_cmp(e->items[i].key, e->items[i].keylen, o->items[j].key,
                          o->items[j].keylen) == 0)
                m = &o->items[j];
        if (!m || !equal_at(&e->items[i], m, opt, NULL, false))
            return differ(w, "a different member", e->items[i].key, NULL);
    }
    return true;
}

static bool equal_at(const struct jsonval *e, const struct jsonval *o,
                     const struct jsoncmp_options *opt, struct where *w, bool top)
{
    if (e->kind != o->kind) {
        char got[40];
        snprintf(got, sizeof(got), ", got %s", jsonval_kind_name(o->kind));
        return differ(w, "expected", jsonval_kind_name(e->kind), got);
    }
    switch (e->kind) {
    case JSONVAL_NULL:
        return true;
    case JSONVAL_BOOL:
        return e->boolean == o->boolean || values_differ(w, e, o);
    case JSONVAL_NUMBER:
        return number_equal(e, o, opt) || values_differ(w, e, o);
    case JSONVAL_STRING:
        return bytes_cmp(e->str, e->len, o->str, o->len) == 0 || values_differ(w, e, o);
    case JSONVAL_ARRAY:
        return array_equal(e, o, opt, w, top);
    case JSONVAL_OBJECT:
        return object_equal(e, o, opt, w);
    }
    return false;
}

bool jsoncmp_equal(const struct jsonval *expected, const struct jsonval *output,
                   const struct jsoncmp_options *o)
{
    return equal_at(expected, output, o, NULL, true);
}

int jsoncmp_text(const char *expected, size_t elen, const char *output, size_t olen,
                 const struct jsoncmp_options *o, char *why, size_t whylen)
{
    struct jsonval *e = NULL, *out = NULL;
    char err[128];
    if (jsonval_parse(expected, elen, 0, &e, err, sizeof(err)) < 0) {
        if (why && whylen)
            snprintf(why, whylen, "the expected output is not JSON: %s", err);
        return -EINVAL;
    }
    int rc = 0;
    if (jsonval_parse(output, olen, 0, &out, err, sizeof(err)) < 0) {
        if (why && whylen)
            snprintf(why, whylen, "the returned value is not JSON: %s", err);
        goto out;
    }
    struct where w = {.why = why, .whylen = whylen};
    w.path[0] = '\0';
    rc = equal_at(e, out, o, &w, true) ? 1 : 0;
out:
    jsonval_free(out);
    jsonval_free(e);
    return rc;
}
