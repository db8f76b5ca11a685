/* `verdict problems verify DIR|ID`: judges every example program of a problem
 * (submissions/<folder>/ of a directory, or those the catalog keeps) with the
 * judge the worker uses, in a sandbox of its own (cli/local_judge.h), and
 * prints one row per program: the folder it sits in, the verdict it got, its
 * time and score, and whether the two agree (judge/expect.h). The exit
 * status is 0 only when every one does. */
#include "cli/verify.h"

#include "cli/local_judge.h"
#include "cli/problem_dir.h"
#include "cli/programs.h"
#include "cli/timing.h"
#include "common/alloc.h"
#include "contract/ids.h"
#include "judge/expect.h"
#include "judge/expect_rules.h"
#include "judge/from_package.h"
#include "judge/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct verify {
    struct catalog_problem prob;
    struct catalog_program *rows; /* path, folder, language, code */
    size_t nrows;
    struct cli_program *progs; /* the programs of the rows */
    size_t nprogs;
    struct local_program *runs; /* one per program */
    bool *met;
    /* A packaged problem: its plan (the tests' names) and its programs'
     * rules, checked test by test over every test (judge/expect_rules.h). */
    struct plan *plan;
    struct expect_rules *rules;
    char err[1024];
};

/* The problem id and its example programs from the catalog. */
static int verify_load_catalog(struct verify *v, const char *db, const char *id)
{
    struct catalog *c = catalog_open(db, v->err, sizeof(v->err));
    if (c == NULL)
        return -1;
    int rc = catalog_load(c, id, &v->prob, v->err, sizeof(v->err));
    if (rc == 0)
        rc = catalog_load_programs(c, id, &v->rows, &v->nrows, v->err, sizeof(v->err));
    catalog_close(c);
    return rc < 0 ? -1 : 0;
}

/* A Kattis package: converted as the import would, its time limit computed
 * when it gives none, its example programs from submissions/. */
static int verify_load_package(struct verify *v, const char *dir)
{
    struct from_package_info info;
    if (problem_package_load(dir, &v->prob, &info, v->err, sizeof(v->err)) < 0)
        return -1;
    int rc = timing_settle(&v->prob, &info, 0, stdout, v->err, sizeof(v->err));
    from_package_info_dispose(&info);
    v->rows = v->prob.programs;
    v->nrows = v->prob.nprograms;
    v->prob.programs = NULL;
    v->prob.nprograms = 0;
    return rc;
}

/* A packaged problem's plan and rules: submissions.yaml (kept among the
 * programs with no folder) taken out of the programs, the defaults without
 * one. Another problem keeps the folders' first-failure rules (expect.h). */
static int verify_rules(struct verify *v)
{
    if (v->prob.judging == NULL)
        return 0;
    char why[256];
    v->plan =
        plan_parse(v->prob.judging, strlen(v->prob.judging), v->prob.ntests, why, sizeof(why));
    if (v->plan == NULL) {
        snprintf(v->err, sizeof(v->err), "the problem's judging plan: %s", why);
        return -1;
    }
    const char *yaml = NULL;
    for (size_t i = 0; i < v->nrows; i++)
        if (v->rows[i].folder[0] == '\0' && strcmp(v->rows[i].path, "submissions.yaml") == 0)
            yaml = v->rows[i].code;
    v->rules = expect_rules_parse(yaml, yaml ? strlen(yaml) : 0, v->err, sizeof(v->err));
    if (v->rules == NULL)
        return -1;
    return 0;
}

/* A package, a directory of verdict's problem format, else a problem id of
 * the catalog. */
static int verify_load(struct verify *v, const char *target, const char *db)
{
    struct stat st;
    char yaml[4096];
    snprintf(yaml, sizeof(yaml), "%s/problem.yaml", target);
    if (stat(yaml, &st) == 0) {
        if (verify_load_package(v, target) < 0)
            return -1;
    } else if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (problem_dir_load(target, &v->prob, v->err, sizeof(v->err)) < 0 ||
            problem_dir_programs(target, &v->rows, &v->nrows, v->err, sizeof(v->err)) < 0)
            return -1;
    } else if (strchr(target, '/') || !ids_problem_valid(target, strlen(target))) {
        snprintf(v->err, sizeof(v->err), "%.900s: not a problem directory or id", target);
        return -1;
    } else if (verify_load_catalog(v, db, target) < 0) {
        return -1;
    }
    if (verify_rules(v) < 0)
        return -1;
    cli_programs(v->rows, v->nrows, &v->progs, &v->nprogs);
    if (v->nprogs == 0) {
        snprintf(v->err, sizeof(v->err),
                 "%.900s: no example programs (submissions/<folder>/<file>)", target);
        return -1;
    }
    return 0;
}

/* The runs: those verdict cannot judge get no code and a note. */
static void verify_runs(struct verify *v)
{
    v->runs = xcalloc(v->nprogs, sizeof(*v->runs));
    v->met = xcalloc(v->nprogs, sizeof(*v->met));
    for (size_t i = 0; i < v->nprogs; i++) {
        const struct cli_program *g = &v->progs[i];
        struct local_program *r = &v->runs[i];
        r->lang = g->lang;
        if (r->lang == NULL) {
            snprintf(r->note, sizeof(r->note), "%s", g->note);
            continue;
        }
        r->code = g->code;
        r->len = g->len;
        r->files = g->files;
        r->nfiles = g->nfiles;
    }
}

/* Whether run r of program g meets the package's rules, test by test. A
 * program no rule covers meets its folder's rule (partially_accepted, a
 * folder of the package's own); a partially accepted one, or an accepted
 * one of a scoring problem, must also score as its folder says. */
static bool verify_rules_met(const struct verify *v, const struct cli_program *g,
                             const struct local_program *r, char *why, size_t len)
{
    struct expect_outcome o = {r->verdict, r->scored, r->score, r->max_score};
    bool by_folder = (r->scored && strcmp(g->folder, "accepted") == 0) ||
                     strcmp(g->folder, "partially_accepted") == 0 ||
                     !expect_rules_cover(v->rules, g->path);
    if (by_folder && !expect_met(g->folder, &o, why, len))
        return false;
    struct expect_test *tests = xcalloc(v->plan->ntests + 1, sizeof(*tests));
    for (size_t i = 0; i < v->plan->ntests; i++)
        tests[i].name = v->plan->tests[i].name;
    for (size_t i = 0; i < r->ntests; i++)
        if (r->tests[i].index < v->plan->ntests) {
            tests[r->tests[i].index].ran = true;
            tests[r->tests[i].index].verdict = r->tests[i].verdict;
            tests[r->tests[i].index].judge_message = r->tests[i].judge_message;
        }
    const char **names = xcalloc(v->plan->ngroups + 1, sizeof(*names));
    for (size_t k = 0; k < v->plan->ngroups; k++)
        names[k] = v->plan->groups[k].name;
    struct expect_program p = {g->path,
                               r->verdict,
                               tests,
                               v->plan->ntests,
                               r->scored,
                               r->score,
                               names,
                               r->group_scores,
                               r->ngroups < v->plan->ngroups ? r->ngroups : v->plan->ngroups};
    bool met = expect_rules_met(v->rules, &p, why, len);
    free(names);
    free(tests);
    return met;
}

/* Checks each judged run against its folder, adding why to its note. */
static void verify_check(struct verify *v)
{
    for (size_t i = 0; i < v->nprogs; i++) {
        struct local_program *r = &v->runs[i];
        if (!r->judged)
            continue;
        struct expect_outcome o = {r->verdict, r->scored, r->score, r->max_score};
        char why[200];
        if (v->rules)
            v->met[i] = verify_rules_met(v, &v->progs[i], r, why, sizeof(why));
        else
            v->met[i] = expect_met(v->progs[i].folder, &o, why, sizeof(why));
        size_t l = strlen(r->note);
        if (!v->met[i])
            snprintf(r->note + l, sizeof(r->note) - l, "%s%s", l ? "; " : "", why);
    }
}

static const char *verify_verdict(const struct local_program *r, char *buf, size_t len)
{
    if (!r->judged)
        return "-";
    if (r->scored)
        snprintf(buf, len, "%s %g/%g", verdict_name(r->verdict), r->score, r->max_score);
    else
        snprintf(buf, len, "%s", verdict_name(r->verdict));
    return buf;
}

/* Prints the table; returns the number of programs that did not get what
 * their folder says (skipped ones do not count). */
static unsigned verify_print(const struct verify *v)
{
    unsigned bad = 0, skipped = 0;
    printf("%-40s %-20s %-12s %8s  %s\n", "program", "expected", "verdict", "time", "result");
    for (size_t i = 0; i < v->nprogs; i++) {
        const struct local_program *r = &v->runs[i];
        char verdict[64], time[16] = "-";
        if (r->judged)
            snprintf(time, sizeof(time), "%u ms", r->time_ms);
        const char *result = !r->judged ? "skipped" : v->met[i] ? "ok" : "FAIL";
        bad += r->judged && !v->met[i];
        skipped += !r->judged;
        printf("%-40s %-20s %-12s %8s  %s%s%s\n", v->progs[i].path, v->progs[i].folder,
               verify_verdict(r, verdict, sizeof(verdict)), time, result, r->note[0] ? ": " : "",
               r->note);
    }
    printf("%s: %zu programs, %zu as expected, %u not, %u skipped\n", v->prob.id, v->nprogs,
           v->nprogs - bad - skipped, bad, skipped);
    return bad;
}

int verify_main(const char *target, unsigned slots, const char *db)
{
    struct verify v;
    memset(&v, 0, sizeof(v));
    int rc = -1;
    char *dir = xstrdup(target);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    if (verify_load(&v, dir, db) < 0)
        goto out;
    verify_runs(&v);
    struct local_judge_opts o = {.slots = slots, .run_all = v.rules != NULL};
    if (local_judge(&v.prob, v.runs, v.nprogs, &o, v.err, sizeof(v.err)) < 0)
        goto out;
    verify_check(&v);
    rc = verify_print(&v) ? 1 : 0;
out:
    if (rc < 0)
        fprintf(stderr, "verdict problems verify: %s\n", v.err);
    if (v.runs)
        local_programs_clear(v.runs, v.nprogs);
    free(v.runs);
    plan_free(v.plan);
    expect_rules_free(v.rules);
    free(v.met);
    cli_programs_free(v.progs, v.nprogs);
    catalog_programs_free(v.rows, v.nrows);
    catalog_problem_dispose(&v.prob);
    free(dir);
    return rc < 0 ? 1 : rc;
}
