/* Judging programs in-process, as the worker judges submissions: a problem's
 * tests in a cache version of the run's own (its checker built first), a
 * sandbox of a few slots of its own, one judge per slot, each program in
 * turn. For `verdict problems verify` (every example program against its
 * folder) and the import's time limit (the accepted programs, timed). No
 * Redis, no PostgreSQL. */
#include "cli/local_judge.h"

#include "cli/instance.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "judge/judge.h"
#include "judge/plan.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LJ_INSTANCES 16
/* Instance k, slot i runs as 62000 + 32 k + i: two slots a lane, the second
 * for a packaged problem's output validator. */
#define LJ_FIRST_UID 62000

struct lj;

struct lj_lane {
    struct lj *v;
    struct judge *judge;
    char scratch[CACHE_PATH_MAX];
    struct local_program *cur;
    /* A program with files of its own is judged against a copy of the plan
     * whose include files of its language are joined by them. */
    struct judge_problem jp;
    struct plan plan;
    struct plan_files *include; /* the copy's, owned (each's v too, at k) */
    size_t k;                   /* the entry of the program's language */
};

struct lj {
    uv_loop_t loop;
    struct sandbox *sb;
    struct lj_lane lanes[LOCAL_JUDGE_MAX_SLOTS];
    unsigned nlanes;
    struct local_program *progs;
    size_t nprogs, next, running;
    char tmp[256];
    const struct catalog_problem *prob;
    uint32_t time_limit_ms;
    bool run_all;
    struct cache_writer writer;
    struct cache_problem cache;
    struct judge_problem jp;
    struct plan *plan;         /* a packaged problem's, else NULL */
    struct signature function; /* a function problem's (jp.function points here) */
    int failed;                /* set-up failed (-EINVAL, -EIO): err says why */
    char err[1024];
};

static void lj_on_progress(struct judge *j, enum judge_stage stage, unsigned test, unsigned of,
                           void *data)
{
    (void)j, (void)stage, (void)test, (void)of, (void)data;
}

static void lane_next(struct lj_lane *l);

static void lj_on_judged(struct judge *j, const struct judge_result *res, void *data)
{
    (void)j;
    struct lj_lane *l = data;
    struct local_program *p = l->cur;
    l->cur = NULL;
    l->v->running--;
    p->judged = !res->cancelled;
    p->verdict = res->verdict;
    p->host_fault = res->host_fault;
    p->scored = res->scored;
    p->score = res->score;
    p->max_score = res->max_score;
    p->time_ms = res->time_ms;
    if (res->message && res->message[0])
        snprintf(p->note, sizeof(p->note), "%s", res->message);
    p->tests = xcalloc(res->ntests ? res->ntests : 1, sizeof(*p->tests));
    for (unsigned i = 0; i < res->ntests; i++) {
        const struct judge_test *t = &res->tests[i];
        p->tests[i] = (struct local_test){t->index, t->verdict, t->time_ms,
                                          t->judge_message ? xstrdup(t->judge_message) : NULL};
    }
    p->ntests = res->ntests;
    if (res->ngroups) {
        p->group_scores = xcalloc(res->ngroups, sizeof(*p->group_scores));
        memcpy(p->group_scores, res->group_scores, res->ngroups * sizeof(*p->group_scores));
        p->ngroups = res->ngroups;
    }
    lane_next(l);
}

void local_programs_clear(struct local_program *progs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < progs[i].ntests; k++)
            free(progs[i].tests[k].judge_message);
        free(progs[i].tests);
        progs[i].tests = NULL;
        progs[i].ntests = 0;
        free(progs[i].group_scores);
        progs[i].group_scores = NULL;
        progs[i].ngroups = 0;
    }
}

static void lane_plan_free(struct lj_lane *l)
{
    if (l->include)
        free(l->include[l->k].v);
    free(l->include);
    l->include = NULL;
}

/* The problem p is judged against: the run's, or for a program with files
 * of its own the lane's copy with them among its language's include files. */
static const struct judge_problem *lane_problem(struct lj_lane *l, const struct local_program *p)
{
    struct lj *v = l->v;
    lane_plan_free(l);
    if (p->nfiles == 0 || v->plan == NULL)
        return &v->jp;
    const struct plan *src = v->plan;
    l->plan = *src;
    l->include = xcalloc(src->ninclude + 1, sizeof(*l->include));
    memcpy(l->include, src->include, src->ninclude * sizeof(*l->include));
    const struct plan_files *had = plan_include_for(src, p->lang->id);
    l->k = had ? (size_t)(had - src->include) : src->ninclude;
    size_t n0 = had ? had->n : 0;
    struct plan_files *f = &l->include[l->k];
    f->language = (char *)p->lang->id;
    f->v = xcalloc(n0 + p->nfiles, sizeof(*f->v));
    if (n0)
        memcpy(f->v, had->v, n0 * sizeof(*f->v));
    memcpy(f->v + n0, p->files, p->nfiles * sizeof(*f->v));
    f->n = n0 + p->nfiles;
    l->plan.include = l->include;
    l->plan.ninclude = src->ninclude + (had == NULL);
    l->jp = v->jp;
    l->jp.plan = &l->plan;
    return &l->jp;
}

/* Gives the lane the next program, or ends the run when none is left. */
static void lane_next(struct lj_lane *l)
{
    struct lj *v = l->v;
    while (v->next < v->nprogs) {
        struct local_program *p = &v->progs[v->next++];
        if (p->code == NULL)
            continue;
        if (p->nfiles > 0 && v->plan == NULL) {
            snprintf(p->note, sizeof(p->note), "a program of several files (not a package)");
            continue;
        }
        int rc = judge_start(l->judge, p->lang, p->code, p->len, lane_problem(l, p), lj_on_progress,
                             lj_on_judged, l);
        if (rc == 0) {
            l->cur = p;
            v->running++;
            return;
        }
        snprintf(p->note, sizeof(p->note), "cannot judge: %s", strerror(-rc));
    }
    if (v->running == 0 && v->sb) {
        /* Every program is judged: let the loop run dry. */
        sandbox_free(v->sb);
        v->sb = NULL;
    }
}

static void lj_start_judging(struct lj *v)
{
    for (unsigned i = 0; i < v->nlanes; i++)
        lane_next(&v->lanes[i]);
}

/* Set-up failed: rc is -EINVAL for the problem's fault, -EIO for this
 * host's. */
static void lj_fail(struct lj *v, int rc)
{
    v->failed = rc;
    if (v->sb) {
        sandbox_free(v->sb);
        v->sb = NULL;
    }
}

static void lj_commit(struct lj *v)
{
    int rc = cache_writer_commit(&v->writer, &v->cache);
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "cannot cache the tests: %s", strerror(-rc));
        lj_fail(v, -EIO);
        return;
    }
    lj_start_judging(v);
}

/* A checker or validator whose build failed: it does not compile, or leaves
 * too much behind, is the problem's fault; anything else this host's. */
static int lj_build_fault(int status)
{
    return status == -EINVAL || status == -E2BIG ? -EINVAL : -EIO;
}

static void lj_on_checker(struct judge *j, int status, const char *bin, size_t len, const char *msg,
                          void *data)
{
    (void)j;
    struct lj *v = data;
    if (status < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "%s", msg && msg[0] ? msg : "cannot build the checker");
        lj_fail(v, lj_build_fault(status));
        return;
    }
    status = cache_writer_put_checker(&v->writer, bin, len);
    if (status < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "cannot store the checker: %s", strerror(-status));
        lj_fail(v, -EIO);
        return;
    }
    lj_commit(v);
}

static void lj_on_validator(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct lj *v = data;
    if (status < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "%s", msg && msg[0] ? msg : "cannot build the validator");
        lj_fail(v, lj_build_fault(status));
        return;
    }
    cache_writer_put_validator(&v->writer);
    lj_commit(v);
}

/* A packaged problem's plan, kept with the tests and parsed for the judge. */
static int lj_plan(struct lj *v)
{
    const char *doc = v->prob->judging;
    if (doc == NULL)
        return 0;
    char why[512];
    int rc = cache_writer_put_judging(&v->writer, doc, strlen(doc));
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "cannot cache the plan: %s", strerror(-rc));
        return -EIO;
    }
    if ((v->plan = plan_parse(doc, strlen(doc), v->prob->ntests, why, sizeof(why))) == NULL) {
        snprintf(v->err, sizeof(v->err), "the judging plan is not valid: %s", why);
        return -EINVAL;
    }
    return 0;
}

/* Writes the problem's tests (and plan) into a cache version of the run's
 * own. Returns 0, -EINVAL (the plan is not valid) or -EIO. */
static int lj_cache(struct lj *v)
{
    char root[300];
    snprintf(root, sizeof(root), "%s/cache", v->tmp);
    int rc = cache_writer_begin(&v->writer, root, v->prob->id, 1);
    for (size_t i = 0; rc == 0 && i < v->prob->ntests; i++) {
        const struct catalog_test *t = &v->prob->tests[i];
        rc = cache_writer_add(&v->writer, t->is_sample, t->input, strlen(t->input), t->output,
                              strlen(t->output));
        if (rc == 0 && t->visible)
            rc = cache_writer_mark_visible(&v->writer);
    }
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "cannot cache the tests: %s", strerror(-rc));
        return -EIO;
    }
    rc = lj_plan(v);
    if (rc < 0)
        cache_writer_abort(&v->writer);
    return rc;
}

/* Two slots a lane (the second runs validators), on the first free
 * instance. */
static struct sandbox *lj_sandbox(struct lj *v)
{
    return instance_open(&v->loop, "verify", 2 * v->nlanes, LJ_INSTANCES, LJ_FIRST_UID,
                         2 * LOCAL_JUDGE_MAX_SLOTS, v->err, sizeof(v->err));
}

static int lj_lanes(struct lj *v)
{
    for (unsigned i = 0; i < v->nlanes; i++) {
        struct lj_lane *l = &v->lanes[i];
        l->v = v;
        snprintf(l->scratch, sizeof(l->scratch), "%s/scratch-%u", v->tmp, i);
        if (mkdir(l->scratch, 0755) < 0 || chmod(l->scratch, 0755) < 0) {
            snprintf(v->err, sizeof(v->err), "%s: %s", l->scratch, strerror(errno));
            return -EIO;
        }
        l->judge = judge_new(sandbox_slot(v->sb, i), l->scratch);
        judge_set_aux(l->judge, sandbox_slot(v->sb, v->nlanes + i));
    }
    return 0;
}

/* Builds the plan's output validator into the version (on lane 0, which
 * calls back into judging). */
static int lj_build_validator(struct lj *v)
{
    char dir[CACHE_PATH_MAX + 16];
    cache_writer_validator_dir(&v->writer, dir, sizeof(dir));
    int rc = judge_build_validator(v->lanes[0].judge, v->plan->validator, dir, lj_on_validator, v);
    if (rc < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "cannot build the validator: %s", strerror(-rc));
        return -EIO;
    }
    return 0;
}

/* A function problem's signature, from the catalog's JSON text. */
static int lj_function(struct lj *v)
{
    if (v->prob->function == NULL)
        return 0;
    cJSON *json = cJSON_Parse(v->prob->function);
    char why[256];
    int rc = signature_parse(json, &v->function, why, sizeof(why));
    cJSON_Delete(json);
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "bad function: %s", why);
        return -EINVAL;
    }
    v->jp.function = &v->function;
    return 0;
}

/* Everything before the first program runs: the problem's tests cached, its
 * checker or validator built (on lane 0, which calls back into judging).
 * Returns 0, -EINVAL (the problem's fault) or -EIO (this host's). */
static int lj_setup(struct lj *v)
{
    int rc = lj_cache(v);
    if (rc < 0)
        return rc;
    v->jp = (struct judge_problem){
        .tests = &v->cache,
        .time_limit_ms = v->time_limit_ms ? v->time_limit_ms : (uint32_t)v->prob->time_limit_ms,
        .memory_limit_mb = (uint32_t)v->prob->memory_limit_mb,
        .output_limit_kb = (uint32_t)v->prob->output_limit_kb,
        .plan = v->plan,
        .run_all = v->run_all,
    };
    if (checker_parse(v->prob->checker, &v->jp.checker) < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "bad checker %s", v->prob->checker);
        return -EINVAL;
    }
    if ((rc = lj_function(v)) == 0)
        rc = (v->sb = lj_sandbox(v)) == NULL ? -EIO : lj_lanes(v);
    if (rc < 0) {
        cache_writer_abort(&v->writer);
        return rc;
    }
    if (v->plan && v->plan->validator)
        return lj_build_validator(v);
    if (v->jp.checker.kind != CHECKER_CUSTOM) {
        lj_commit(v);
        return 0;
    }
    const char *src = v->prob->checker_source;
    rc = judge_build_checker(v->lanes[0].judge, src, strlen(src), lj_on_checker, v);
    if (rc < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "cannot build the checker: %s", strerror(-rc));
        return -EIO;
    }
    return 0;
}

/* Runs the loop until every program is judged (or set-up failed). */
static int lj_judge_all(struct lj *v)
{
    if (uv_loop_init(&v->loop) < 0) {
        snprintf(v->err, sizeof(v->err), "cannot start an event loop");
        return -EIO;
    }
    int rc = lj_setup(v);
    if (rc < 0 && v->sb) {
        sandbox_free(v->sb);
        v->sb = NULL;
    }
    (void)uv_run(&v->loop, UV_RUN_DEFAULT);
    (void)uv_loop_close(&v->loop);
    return rc < 0 ? rc : v->failed;
}

int local_judge(const struct catalog_problem *p, struct local_program *progs, size_t n,
                const struct local_judge_opts *o, char *err, size_t errlen)
{
    struct lj *v = xcalloc(1, sizeof(*v));
    v->prob = p;
    v->progs = progs;
    v->nprogs = n;
    v->nlanes = o->slots == 0                      ? 2
                : o->slots > LOCAL_JUDGE_MAX_SLOTS ? LOCAL_JUDGE_MAX_SLOTS
                                                   : o->slots;
    v->time_limit_ms = o->time_limit_ms;
    v->run_all = o->run_all;
    int rc = -EIO;
    snprintf(v->tmp, sizeof(v->tmp), "/tmp/verdict-judge-XXXXXX");
    int made = fs_mkdtemp(v->tmp, 0755);
    if (made < 0) {
        snprintf(v->err, sizeof(v->err), "cannot make a work directory: %s", strerror(-made));
        v->tmp[0] = '\0';
    } else {
        rc = lj_judge_all(v);
    }
    if (rc < 0)
        snprintf(err, errlen, "%s", v->err);
    for (unsigned i = 0; i < v->nlanes; i++) {
        judge_free(v->lanes[i].judge);
        lane_plan_free(&v->lanes[i]);
    }
    plan_free(v->plan);
    if (v->tmp[0])
        (void)fs_remove_tree(v->tmp);
    free(v);
    return rc;
}
