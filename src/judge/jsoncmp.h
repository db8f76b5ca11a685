/* Comparing a function problem's returned value with the expected one as JSON
 * values (issue 13), not as bytes: "[1, 2]" is "[1,2]", "1.0" is "1". */
#ifndef JUDGE_JSONCMP_H
#define JUDGE_JSONCMP_H

#include "judge/jsonval.h"

#include <stdbool.h>
#include <stddef.h>

struct jsoncmp_options {
    /* Numbers: without tolerance, two integer tokens compare exactly as integers
     * of any size (never through a double: 2^63-1 is not 2^63-2), and any other
     * pair by their double values, exactly ("0.5" = "5e-1"). With tolerance
     * (the problem's "float:EPS", for double returns), every pair of numbers
     * matches when within eps, absolute or relative to the expected value. */
    bool tolerance;
    double eps;
    /* A top-level array compares as a multiset: its elements in any order
     * (the problem's "checker": "unordered"); nested arrays keep their order. */
    bool unordered;
};

/* Whether output matches expected under o. Strings compare byte for byte
 * after unescaping ("\u00e9" is "é"); objects by their members in any order.
 * Returns true when they match. */
bool jsoncmp_equal(const struct jsonval *expected, const struct jsonval *output,
                   const struct jsoncmp_options *o);

/* Parses both texts and compares them. Returns 1 when they match, 0 when they
 * do not, with a one-line reason in why (the output is not one JSON value, or
 * where the first difference is: "$[2][0]: expected 5, got 6"), or -EINVAL when
 * expected itself is not JSON (bad test data), with the reason in why. */
int jsoncmp_text(const char *expected, size_t elen, const char *output, size_t olen,
                 const struct jsoncmp_options *o, char *why, size_t whylen);

/* A total order of JSON values (by kind, then numbers by value, strings by
 * bytes, arrays element by element), the one the unordered comparison sorts
 * by. Returns <0, 0 or >0. */
int jsoncmp_order(const struct jsonval *a, const struct jsonval *b);

#endif
