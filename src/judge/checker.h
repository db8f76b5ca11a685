/* Output checkers: how a program's output is compared with the expected one.
 * "tokens" (default), "exact", "float:EPS" and "kattis[:FLAGS]" run here, in
 * the worker, on the bytes; "custom" names the problem's own checker program,
 * which the judge runs in the sandbox (judge.c). */
#ifndef JUDGE_CHECKER_H
#define JUDGE_CHECKER_H

#include <stdbool.h>
#include <stddef.h>

enum checker_kind {
    CHECKER_TOKENS,    /* whitespace-separated tokens, byte for byte */
    CHECKER_EXACT,     /* the whole output, byte for byte */
    CHECKER_FLOAT,     /* tokens; numbers within eps, absolute or relative */
    CHECKER_CUSTOM,    /* the problem's checker program decides */
    CHECKER_KATTIS,    /* the Kattis problem format's default output validator */
    CHECKER_VALIDATOR, /* a packaged problem's own output validator (judge/plan.h) */
    CHECKER_JSON,      /* a function problem's returned value, as a JSON value (jsoncmp.h) */
    CHECKER_UNORDERED, /* the same, a top-level array as a multiset */
};

struct checker {
    enum checker_kind kind;
    double eps; /* CHECKER_FLOAT only */
    /* CHECKER_KATTIS only: its flags (a tolerance < 0 is not given). */
    bool case_sensitive, space_change_sensitive;
    double abs_tol, rel_tol;
};

/* Parses a problem's "checker" field, the one rule for it (the importer,
 * the worker and scripts/check-problems.py's test agree through it):
 * "tokens" or NULL (none given: tokens), "exact", "custom", or "float:EPS" where EPS
 * is a plain decimal number (digits, an optional fraction, an optional
 * exponent: "1e-6", "0.001", "0"; no sign, space, hex, inf or nan) with
 * 0 <= EPS < 1. EPS 0 compares numbers by value ("2.5" = "2.50"); 1 and more
 * would accept any number of the right sign.
 *
 * "kattis" or "kattis:FLAGS" is the default output validator of Kattis problem
 * packages, with its validator flags separated by single spaces:
 * case_sensitive, space_change_sensitive, float_absolute_tolerance EPS,
 * float_relative_tolerance EPS, float_tolerance EPS (both), EPS a plain
 * decimal as above, any size. Without case_sensitive, tokens compare
 * ignoring ASCII case; with space_change_sensitive, the white space between,
 * before and after them must match byte for byte too; with a tolerance, an
 * expected token that is a decimal number accepts a number within it
 * (absolute, or relative to the expected value: either suffices), and
 * nothing but a number.
 *
 * "json" and "unordered" compare a function problem's returned value as JSON
 * values (judge/jsoncmp.h; unordered: a top-level array as a multiset); a
 * function problem's "float:EPS" is the json comparison with tolerance EPS
 * (judge/function.c). judge/problem.c gives them to function problems only.
 *
 * "validator" is a packaged problem's own output validator, compiled from its
 * judging plan (judge/plan.h) and run by the judge (judge/validator.c); only
 * the importer of packages writes it, and a problem of verdict's own format
 * cannot name it (judge/problem.c refuses it). Returns 0, or -EINVAL. */
int checker_parse(const char *spec, struct checker *out);

/* Compares output with expected under a built-in checker (not CHECKER_CUSTOM
 * or CHECKER_VALIDATOR; CHECKER_JSON and CHECKER_UNORDERED through
 * jsoncmp_text(), without tolerance).
 * Both are byte ranges and may hold NUL bytes. Returns true when accepted. */
bool checker_compare(const struct checker *c, const char *expected, size_t elen, const char *output,
                     size_t olen);

#endif
