/* The built-in checkers. They work on byte ranges (a program may print NUL
 * bytes or invalid UTF-8) and never allocate: outputs can be megabytes (the
 * Kattis flags are parsed once, from the problem, not per output). */
#include "judge/checker.h"

#include "judge/jsoncmp.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* True when s is all of a plain decimal number: [0-9]+(.[0-9]*)? or .[0-9]+,
 * then an optional exponent [eE][-+]?[0-9]+. strtod() alone would also take
 * leading spaces, a sign, hex floats, inf and nan. */
static bool checker_decimal(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    s += digits;
    if (*s == '.') {
        size_t frac = strspn(s + 1, "0123456789");
        digits += frac;
        s += 1 + frac;
    }
    if (digits == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s += 1 + (s[1] == '-' || s[1] == '+');
        size_t exp = strspn(s, "0123456789");
        if (exp == 0)
            return false;
        s += exp;
    }
    return *s == '\0';
}

/* Reads Kattis validator flags ("case_sensitive float_tolerance 1e-6"). */
static int kattis_flags(const char *flags, struct checker *out)
{
    char buf[256];
    if (strlen(flags) >= sizeof(buf))
        return -EINVAL;
    memcpy(buf, flags, strlen(flags) + 1);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strcmp(w, "case_sensitive") == 0) {
            out->case_sensitive = true;
            continue;
        }
        if (strcmp(w, "space_change_sensitive") == 0) {
            out->space_change_sensitive = true;
            continue;
        }
        bool abs = strcmp(w, "float_absolute_tolerance") == 0;
        bool rel = strcmp(w, "float_relative_tolerance") == 0;
        bool both = strcmp(w, "float_tolerance") == 0;
        const char *v = strtok_r(NULL, " ", &save);
        if (!(abs || rel || both) || v == NULL || !checker_decimal(v))
            return -EINVAL;
        double tol = strtod(v, NULL);
        if (!isfinite(tol))
            return -EINVAL;
        if (abs || both)
            out->abs_tol = tol;
        if (rel || both)
            out->rel_tol = tol;
    }
    return 0;
}

int checker_parse(const char *spec, struct checker *out)
{
    memset(out, 0, sizeof(*out));
    out->abs_tol = out->rel_tol = -1;
    if (spec != NULL && strncmp(spec, "kattis", 6) == 0 && (spec[6] == '\0' || spec[6] == ':')) {
        out->kind = CHECKER_KATTIS;
        return spec[6] == ':' && kattis_flags(spec + 7, out) < 0 ? -EINVAL : 0;
    }
    if (spec == NULL || strcmp(spec, "tokens") == 0) {
        out->kind = CHECKER_TOKENS;
        return 0;
    }
    if (strcmp(spec, "exact") == 0) {
        out->kind = CHECKER_EXACT;
        return 0;
    }
    if (strcmp(spec, "custom") == 0) {
        out->kind = CHECKER_CUSTOM;
        return 0;
    }
    if (strcmp(spec, "json") == 0 || strcmp(spec, "unordered") == 0) {
        out->kind = spec[0] == 'j' ? CHECKER_JSON : CHECKER_UNORDERED;
        return 0;
    }
    if (strcmp(spec, "validator") == 0) {
        out->kind = CHECKER_VALIDATOR;
        return 0;
    }
    if (strncmp(spec, "float:", 6) == 0 && checker_decimal(spec + 6)) {
        /* The text is a plain decimal: strtod() reads all of it. An
         * underflow (1e-400) reads as 0, an overflow as HUGE_VAL. */
        double eps = strtod(spec + 6, NULL);
        if (!(eps >= 0 && eps < 1))
            return -EINVAL;
        out->kind = CHECKER_FLOAT;
        out->eps = eps;
        return 0;
    }
    return -EINVAL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* A token: [start, start + len) within s[0..n). Returns false at the end. */
struct token_iter {
    const char *s;
    size_t n;
    size_t pos;
};

static bool token_next(struct token_iter *it, const char **tok, size_t *len)
{
    while (it->pos < it->n && is_space(it->s[it->pos]))
        it->pos++;
    if (it->pos == it->n)
        return false;
    size_t start = it->pos;
    while (it->pos < it->n && !is_space(it->s[it->pos]))
        it->pos++;
    *tok = it->s + start;
    *len = it->pos - start;
    return true;
}

/* A decimal number as people print them: [+-]digits[.digits][e[+-]digits],
 * at least one digit before or after the point. strtod alone would also take
 * "inf", "nan" and hex floats, which a judge must not equate with numbers. */
static bool decimal_syntax(const char *t, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (t[i] == '+' || t[i] == '-'))
        i++;
    while (i < n && t[i] >= '0' && t[i] <= '9')
        i++, digits++;
    if (i < n && t[i] == '.') {
        i++;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++, digits++;
    }
    if (digits == 0)
        return false;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++, exp_digits++;
        if (exp_digits == 0)
            return false;
    }
    return i == n;
}

/* Parses a token that has decimal syntax; false when it has not or when it
 * overflows to infinity. */
static bool token_number(const char *t, size_t n, double *out)
{
    char tmp[128];
    if (n >= sizeof(tmp) || !decimal_syntax(t, n))
        return false;
    memcpy(tmp, t, n);
    tmp[n] = '\0';
    *out = strtod(tmp, NULL);
    return isfinite(*out);
}

/* Numbers match within eps, absolute or relative to the expected value;
 * anything else must match byte for byte. */
static bool float_token_equal(double eps, const char *e, size_t elen, const char *o, size_t olen)
{
    double ev, ov;
    if (token_number(e, elen, &ev) && token_number(o, olen, &ov)) {
        double diff = fabs(ev - ov);
        /* The small slack absorbs the rounding of printing and parsing. */
        double slack = eps * 1e-9;
        return diff <= eps + slack || diff <= (eps + slack) * fabs(ev);
    }
    return elen == olen && memcmp(e, o, elen) == 0;
}

/*** The Kattis default output validator ***/

static bool same_ignoring_case(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && !(x >= 'A' && x <= 'Z' && x + 32 == y) &&
            !(y >= 'A' && y <= 'Z' && y + 32 == x))
            return false;
    }
    return true;
}

/* One expected token against one of the output, under the flags. */
static bool kattis_token_equal(const struct checker *c, const char *e, size_t elen, const char *o,
                               size_t olen)
{
    double ev, ov;
    if ((c->abs_tol >= 0 || c->rel_tol >= 0) && token_number(e, elen, &ev)) {
        if (!token_number(o, olen, &ov))
            return false;
        double diff = fabs(ev - ov);
        return (c->abs_tol >= 0 && diff <= c->abs_tol) ||
               (c->rel_tol >= 0 && diff <= c->rel_tol * fabs(ev));
    }
    if (elen != olen)
        return false;
    return c->case_sensitive ? memcmp(e, o, elen) == 0 : same_ignoring_case(e, o, elen);
}

/* The white space from pos up to the next token (or the end). */
static size_t space_run(const char *s, size_t n, size_t pos)
{
    size_t end = pos;
    while (end < n && is_space(s[end]))
        end++;
    return end - pos;
}

/* One expected token against one of the output, under c's kind. */
static bool token_equal(const struct checker *c, const char *e, size_t el, const char *o, size_t ol)
{
    if (c->kind == CHECKER_KATTIS)
        return kattis_token_equal(c, e, el, o, ol);
    if (c->kind == CHECKER_FLOAT)
        return float_token_equal(c->eps, e, el, o, ol);
    return el == ol && memcmp(e, o, el) == 0;
}

bool checker_compare(const struct checker *c, const char *expected, size_t elen, const char *output,
                     size_t olen)
{
    if (c->kind == CHECKER_EXACT)
        return elen == olen && (elen == 0 || memcmp(expected, output, elen) == 0);
    if (c->kind == CHECKER_JSON || c->kind == CHECKER_UNORDERED) {
        struct jsoncmp_options o = {.unordered = c->kind == CHECKER_UNORDERED};
        char why[8];
        return jsoncmp_text(expected, elen, output, olen, &o, why, sizeof(why)) == 1;
    }
    struct token_iter ei = {expected, elen, 0}, oi = {output, olen, 0};
    for (;;) {
        /* Kattis's space_change_sensitive: the white space before each token
         * (and after the last) must match too. */
        if (c->space_change_sensitive) {
            size_t es = space_run(expected, elen, ei.pos), os = space_run(output, olen, oi.pos);
            if (es != os || memcmp(expected + ei.pos, output + oi.pos, es) != 0)
                return false;
        }
        const char *et, *ot;
        size_t el, ol;
        bool he = token_next(&ei, &et, &el);
        bool ho = token_next(&oi, &ot, &ol);
        if (!he || !ho)
            return he == ho;
        if (!token_equal(c, et, el, ot, ol))
            return false;
    }
}
