/* The example programs' rules, test by test (2025-09 "Example submissions"):
 * the folders' defaults, submissions.yaml's globs, test groups, braces. */
#include "judge/expect_rules.h"

#include <criterion/criterion.h>
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
        t[i] = (struct expect_test){names[i], vs[i] != '-', v};
        if (vs[i] != '-' && v != VERDICT_AC && worst == VERDICT_AC)
            worst = v;
    }
    struct expect_program p = {path, worst, t, NT, false, 0, NULL};
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
    const char *y = "partially_accepted/half.py:\n  score: [40, 60]\n  message: too slow\n";
    char err[128];
    struct expect_rules *r = expect_rules_parse(y, strlen(y), err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    struct expect_test t[1] = {{"secret/1", true, VERDICT_AC}};
    struct expect_program p = {"partially_accepted/half.py", VERDICT_AC, t, 1, true, 50,
                               "it was too slow here"};
    char why[256];
    cr_assert(expect_rules_met(r, &p, why, sizeof(why)), "%s", why);
    p.score = 70;
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    cr_assert(strstr(why, "score 70") != NULL, "%s", why);
    p.score = 40;
    p.judge_message = "fine";
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    p.scored = false;
    p.judge_message = "too slow";
    cr_assert_not(expect_rules_met(r, &p, why, sizeof(why)));
    expect_rules_free(r);
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
    static const char *const bad[] = {
        "\"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}\":\n  permitted: [WA]\n",
        "\"{unclosed\":\n  permitted: [WA]\n",
    };
    for (size_t i = 0; i < 2; i++) {
        char err[256];
        cr_assert_null(expect_rules_parse(bad[i], strlen(bad[i]), err, sizeof(err)));
        cr_assert(strstr(err, "brace") != NULL, "%s", err);
    }
}
