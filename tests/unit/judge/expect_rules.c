/* The example programs' rules, test by test (2025-09 "Example submissions"):
 * the folders' defaults, submissions.yaml's globs, test groups, braces. */
#include "judge/expect_rules.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const names[] = {"sample/1", "secret/a_small/1", "secret/a_small/2",
                                    "secret/b_large/1"};
#define NT 4

/* A program at path whose tests got vs (one letter each: A WA T R(E) M(LE)
 * C(E) I(E), '-' not run), judged against yaml (NULL: the defaults). */
static bool met_why(const char *yaml, const char *path, const char *vs, char *why, size_t len)
{
    char err[256];
    struct expect_rules *r = expect_rules_parse(yaml, yaml ? strlen(yaml) : 0, err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    struct expect_test t[NT];
    enum verdict worst = VERDICT_AC;
    for (int i = 0; i < NT; i++) {
        enum verdict v = vs[i] == 'A'   ? VERDICT_AC
                         : vs[i] == 'W' ? VERDICT_WA
                         : vs[i] == 'T' ? VERDICT_TLE
                         : vs[i] == 'R' ? VERDICT_RE
                         : vs[i] == 'M' ? VERDICT_MLE
                                        : VERDICT_IE;
        t[i] = (struct expect_test){names[i], vs[i] != '-', v, NULL};
        if (vs[i] != '-' && v != VERDICT_AC && worst == VERDICT_AC)
            worst = v;
    }
    struct expect_program p = {path, worst, t, NT, false, 0, NULL, NULL, 0};
    why[0] = '\0';
    bool ok = expect_rules_met(r, &p, why, len);
    expect_rules_free(r);
    return ok;
}

static bool met(const char *yaml, const char *path, const char *vs)
{
    char why[256];
    return met_why(yaml, path, vs, why, sizeof(why));
}

Test(expect_rules, defaults_speak_of_every_test)
{
    cr_assert(met(NULL, "accepted/a.py", "AAAA"));
    cr_assert_not(met(NULL, "accepted/a.py", "AAAW"));
    /* wrong_answer: every test AC or WA, at least one WA: a WA first and a
     * TLE later is not a wrong answer, though its first failure is one. */
    cr_assert(met(NULL, "wrong_answer/w.py", "AWAW"));
    cr_assert_not(met(NULL, "wrong_answer/w.py", "AWAT"));
    cr_assert_not(met(NULL, "wrong_answer/w.py", "AAAA"));
    cr_assert(met(NULL, "time_limit_exceeded/t.py", "ATTA"));
    cr_assert_not(met(NULL, "time_limit_exceeded/t.py", "ATWA"));
    /* Memory limits are run-time errors to Kattis. */
    cr_assert(met(NULL, "run_time_error/r.py", "ARMA"));
    cr_assert(met(NULL, "rejected/x.py", "AWTR"));
    cr_assert_not(met(NULL, "rejected/x.py", "AAAA"));
    cr_assert(met(NULL, "brute_force/b.py", "ATRA"));
    cr_assert_not(met(NULL, "brute_force/b.py", "ATWA"));
    /* A judge error meets nothing. */
    cr_assert_not(met(NULL, "rejected/x.py", "AAIA"));
}

Test(expect_rules, a_folder_key_replaces_the_default_key_by_key)
{
    const char *y = "time_limit_exceeded:\n  permitted: [AC, WA, TLE]\n";
    cr_assert(met(y, "time_limit_exceeded/t.py", "AWTA"));
    /* required is inherited: [TLE]. */
    cr_assert_not(met(y, "time_limit_exceeded/t.py", "AWAA"));
}

Test(expect_rules, a_glob_adds_to_the_folder)
{
    /* time_limit_exceeded/ * adds a rule: the default still holds. */
    const char *y = "time_limit_exceeded/*:\n  permitted: [AC, WA, TLE]\n";
    cr_assert_not(met(y, "time_limit_exceeded/t.py", "AWTA"));
    cr_assert(met(y, "time_limit_exceeded/t.py", "AATA"));
}

Test(expect_rules, test_groups_and_their_globs)
{
    const char *y = "wrong_answer/off.py:\n"
                    "  sample:\n    permitted: [AC]\n"
                    "  secret/a_*:\n    required: [WA]\n";
    cr_assert(met(y, "wrong_answer/off.py", "AWAA"));
    cr_assert(met(y, "wrong_answer/off.py", "AAWW"));
    char why[256];
    cr_assert_not(met_why(y, "wrong_answer/off.py", "WWAA", why, sizeof(why)));
    cr_assert(strstr(why, "sample/1") != NULL, "%s", why);
    /* b_large's WA alone is no WA in a_*. */
    cr_assert_not(met_why(y, "wrong_answer/off.py", "AAAW", why, sizeof(why)));
    cr_assert(strstr(why, "required") != NULL, "%s", why);
    /* Another program of the folder has only the folder's rule. */
    cr_assert(met(y, "wrong_answer/other.py", "WAAA"));
}

Test(expect_rules, braces_and_parent_directories)
{
    const char *y = "accepted/{fast,quick}.{py,cpp}:\n  permitted: [AC]\n"
                    "mixed:\n  required: [TLE]\n";
    char err[128];
    struct expect_rules *r = expect_rules_parse(y, strlen(y), err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    cr_assert(expect_rules_cover(r, "accepted/quick.cpp"));
    cr_assert(expect_rules_cover(r, "mixed/deep/prog"));
    cr_assert_not(expect_rules_cover(r, "other/x.py"));
    expect_rules_free(r);
    cr_assert(met(y, "mixed/a.py", "ATWR"));
    cr_assert_not(met(y, "mixed/a.py", "AWWR"));
}

Test(expect_rules, score_and_message)
{
    const char *y = "partially_accepted/half.py:\n  score: [40, 60]\n  message: too slow\n"
                    "accepted/q.py:\n  message: queries\n"
                    "  secret/b:\n    message: large\n    score: 10\n";
    char err[128];
    struct expect_rules *r = expect_rules_parse(y, strlen(y), err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    struct expect_test t[2] = {{"secret/a/1", true, VERDICT_AC, "it was too slow here"},
                               {"secret/b/1", true, VERDICT_AC, "12 queries, large case"}};
    struct expect_program p = {
        "partially_accepted/half.py", VERDICT_AC, t, 2, true, 50, NULL, NULL, 0};
    char why[256];
    cr_assert(expect_rules_met(r, &p, why, sizeof(why)), "%s", why);
    p.score = 70;
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "score 70") != NULL, "%s", why);
    p.score = 40;
    t[0].judge_message = "fine";
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "too slow") != NULL, "%s", why);
    p.scored = false;
    t[0].judge_message = "too slow";
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    /* An accepted program's message may sit in any test's judge message
     * (the one that decides has none); under a group, in that group's. */
    const char *gnames[4] = {"", "secret", "secret/a", "secret/b"};
    double scores[4] = {100, 100, 90, 10};
    struct expect_program q = {"accepted/q.py", VERDICT_AC, t, 2, true, 100, gnames, scores, 4};
    cr_assert(expect_rules_met(r, &q, why, sizeof(why)), "%s", why);
    t[1].judge_message = "12 queries";
    cr_assert_not(expect_rules_met(r, &q, why, sizeof(why)));
    cr_assert(strstr(why, "secret/b") != NULL && strstr(why, "large") != NULL, "%s", why);
    /* A group's own score: the aggregated score of the group the key names
     * (secret/b), not of the groups around it. */
    t[1].judge_message = "12 queries, large case";
    scores[3] = 9;
    cr_assert_not(expect_rules_met(r, &q, why, sizeof(why)));
    cr_assert(strstr(why, "accepted/q.py secret/b: group secret/b scored 9, expected 10..10") !=
                  NULL,
              "%s", why);
    scores[3] = NAN; /* it counted nothing: 0 */
    cr_assert_not(expect_rules_met(r, &q, why, sizeof(why)));
    cr_assert(strstr(why, "scored 0") != NULL, "%s", why);
    scores[3] = 10;
    q.ngroups = 3; /* no group secret/b: the rule cannot hold */
    cr_assert_not(expect_rules_met(r, &q, why, sizeof(why)));
    cr_assert(strstr(why, "no test group is named so") != NULL, "%s", why);
    expect_rules_free(r);
}

/* A group glob names every group it matches (braces, '*' within a name),
 * each of which must score in the range. */
Test(expect_rules, group_score_globs)
{
    const char *y = "accepted:\n  secret/*-hard:\n    score: [0, 20]\n"
                    "  secret/{a,b}:\n    score: 50\n";
    char err[128];
    struct expect_rules *r = expect_rules_parse(y, strlen(y), err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    struct expect_test t[1] = {{"secret/a/1", true, VERDICT_AC, NULL}};
    const char *gnames[6] = {"",         "secret",        "secret/a",
                             "secret/b", "secret/x-hard", "secret/y-hard"};
    double scores[6] = {140, 140, 50, 50, 20, 20};
    struct expect_program p = {"accepted/s.py", VERDICT_AC, t, 1, true, 140, gnames, scores, 6};
    char why[256];
    cr_assert(expect_rules_met(r, &p, why, sizeof(why)), "%s", why);
    scores[5] = 21;
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "group secret/y-hard scored 21") != NULL, "%s", why);
    scores[5] = 20;
    scores[2] = 49.9;
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "group secret/a scored 49.9, expected 50..50") != NULL, "%s", why);
    p.scored = false;
    scores[2] = 50;
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "not scored") != NULL, "%s", why);
    expect_rules_free(r);
}

Test(expect_rules, only_stars_are_wildcards)
{
    const char *y = "\"accepted/[ab]?.py\":\n  permitted: [WA]\n";
    cr_assert(met(y, "accepted/a1.py", "AAAA"), "[ab] and ? are not wildcards");
    cr_assert_not(met(y, "accepted/[ab]?.py", "AAAA"), "but match themselves");
}

Test(expect_rules, bad_files_are_refused_with_their_line)
{
    static const char *const bad[] = {
        "- a\n- b\n",
        "accepted:\n  permitted: [AC, OK]\n",
        "accepted:\n  permitted: AC\n",
        "x.py:\n  score: [3]\n",
        "x.py:\n  sample:\n    colour: red\n",
        "x.py: 3\n",
        "x.py:\n  message: [a]\n",
        "a: [\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[256] = "";
        struct expect_rules *r = expect_rules_parse(bad[i], strlen(bad[i]), err, sizeof(err));
        cr_assert_null(r, "accepted: %s", bad[i]);
        cr_assert(strncmp(err, "submissions.yaml: ", 18) == 0, "%s", err);
    }
    /* Keys that describe programs are read elsewhere, not refused. */
    const char *ok = "accepted/a.py:\n  language: python3\n  authors: [Ada]\n"
                     "  model_solution: true\n  use_for_time_limit: lower\n";
    cr_assert(met(ok, "accepted/a.py", "AAAA"));
}

Test(expect_rules, hostile_braces_stop)
{
    /* 2^8 alternatives are within the bound; 2^9 and an open brace are refused. */
    const char *y = "\"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}\":\n  permitted: [WA]\n";
    cr_assert_not(met(y, "bbbbbbba/x.py", "AAAA"));
    cr_assert(met(y, "bbbbbbbc/x.py", "AAAA"));
    /* Nesting deep enough to exhaust the stack is refused before expansion. */
    char deep[12000];
    memcpy(deep, "? \"", 3);
    memset(deep + 3, '{', 5000);
    snprintf(deep + 5003, sizeof(deep) - 5003, "\"\n: {permitted: [WA]}\n");
    const char *const bad[] = {
        "\"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}\":\n  permitted: [WA]\n",
        "\"{unclosed\":\n  permitted: [WA]\n",
        "accepted/a.py:\n  \"secret/{a\":\n    permitted: [WA]\n",
        deep,
    };
    for (size_t i = 0; i < 4; i++) {
        char err[256];
        cr_assert_null(expect_rules_parse(bad[i], strlen(bad[i]), err, sizeof(err)));
        cr_assert(strstr(err, "brace") != NULL, "%s", err);
    }
}
