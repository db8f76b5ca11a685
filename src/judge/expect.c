/* The folders of a package's submissions/ and the outcomes each permits
 * (expect.h). */
#include "judge/expect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Scores are sums of decimal fractions: equal within this. */
#define EXPECT_SCORE_EPS 1e-6

enum expect_rule {
    RULE_ACCEPTED,
    RULE_WA,
    RULE_TLE,
    RULE_RTE,
    RULE_REJECTED,
    RULE_BRUTE_FORCE,
    RULE_PARTIAL,
};

static const struct {
    const char *folder;
    enum expect_rule rule;
    const char *words;
} expect_rules[] = {
    {"accepted", RULE_ACCEPTED, "AC expected"},
    {"wrong_answer", RULE_WA, "WA expected"},
    {"time_limit_exceeded", RULE_TLE, "TLE expected"},
    {"run_time_error", RULE_RTE, "RE (or MLE, OLE) expected"},
    {"rejected", RULE_REJECTED, "a rejection expected"},
    {"brute_force", RULE_BRUTE_FORCE, "TLE or a run-time error expected"},
    {"partially_accepted", RULE_PARTIAL, "a score between 0 and full expected"},
};

static int expect_find(const char *folder)
{
    for (size_t i = 0; i < sizeof(expect_rules) / sizeof(expect_rules[0]); i++)
        if (strcmp(folder, expect_rules[i].folder) == 0)
            return (int)i;
    return -1;
}

bool expect_known(const char *folder)
{
    return expect_find(folder) >= 0;
}

static bool is_run_error(enum verdict v)
{
    return v == VERDICT_RE || v == VERDICT_MLE || v == VERDICT_OLE;
}

static bool full_score(const struct expect_outcome *o)
{
    return !o->scored || o->max_score < 0 || fabs(o->score - o->max_score) <= EXPECT_SCORE_EPS;
}

static bool rule_met(enum expect_rule r, const struct expect_outcome *o)
{
    enum verdict v = o->verdict;
    if (v == VERDICT_CE || v == VERDICT_IE)
        return false;
    switch (r) {
    case RULE_ACCEPTED:
        return v == VERDICT_AC && full_score(o);
    case RULE_WA:
        return v == VERDICT_WA;
    case RULE_TLE:
        return v == VERDICT_TLE;
    case RULE_RTE:
        return is_run_error(v);
    case RULE_REJECTED:
        return v != VERDICT_AC;
    case RULE_BRUTE_FORCE:
        return v == VERDICT_TLE || is_run_error(v);
    case RULE_PARTIAL:
        return o->scored && o->score > EXPECT_SCORE_EPS && !full_score(o);
    }
    return false;
}

bool expect_met(const char *folder, const struct expect_outcome *o, char *why, size_t len)
{
    int i = expect_find(folder);
    if (i < 0) {
        snprintf(why, len, "unknown folder %s", folder);
        return false;
    }
    if (rule_met(expect_rules[i].rule, o))
        return true;
    snprintf(why, len, "%s", expect_rules[i].words);
    return false;
}

unsigned expect_time_limit_ms(double slowest_ac, double ac_to_time_limit, double resolution)
{
    if (!(resolution > 0) || !(ac_to_time_limit > 0) || !(slowest_ac >= 0) ||
        !isfinite(slowest_ac * ac_to_time_limit / resolution))
        return 0;
    /* A product that lands on a multiple up to rounding (0.3 * 2 / 0.2) is
     * that multiple, not the next one. */
    double k = ceil(slowest_ac * ac_to_time_limit / resolution - 1e-9);
    if (k < 1)
        k = 1;
    double ms = ceil(k * resolution * 1000 - 1e-6);
    return ms > 3600000 ? 0 : (unsigned)ms;
}
