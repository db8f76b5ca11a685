/* `verdict problems verify PATH`: judges every program under a problem's
 * submissions/<folder>/ with the judge the worker uses, in a sandbox of its
 * own (no services needed), and prints one row per program: the folder it
 * sits in, the verdict it got, its time and score, and whether the two agree
 * (judge/expect.h). The exit status is 0 only when every one does. */
#include "cli/verify.h"

#include "cli/problem_dir.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "contract/ids.h"
#include "judge/expect.h"
#include "judge/judge.h"
#include "package/srclang.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERIFY_INSTANCES 16
#define VERIFY_FIRST_UID 62000 /* instance k, slot i runs as 62000 + 16 k + i */
#define VERIFY_MAX_SLOTS 16

struct vprog {
    char *name;   /* "accepted/sol.c", relative to submissions/ */
    char *folder; /* "accepted" */
    const struct lang *lang;
    char *code;
    size_t len;
    bool judged;
    struct expect_outcome out;
    uint32_t time_ms;
    bool met;
    char note[240]; /* the judge's message, or why the program was not judged */
};

struct verify;

struct vlane {
    struct verify *v;
    struct judge *judge;
    char scratch[CACHE_PATH_MAX];
    struct vprog *cur;
};

struct verify {
    uv_loop_t loop;
    struct sandbox *sb;
    struct vlane lanes[VERIFY_MAX_SLOTS];
    unsigned nlanes;
    struct vprog *progs;
    size_t nprogs, next, running;
    char tmp[256];
    struct catalog_problem prob;
    struct cache_writer writer;
    struct cache_problem cache;
    struct judge_problem jp;
    bool failed; /* set-up failed: err says why */
    char err[1024];
};

static void vprog_dispose(struct vprog *p)
{
    free(p->name);
    free(p->folder);
    free(p->code);
}

static int verify_take(struct verify *v, struct catalog_program *progs, size_t n,
                       const char *where);

/* The problem id and its example programs from the catalog. */
static int verify_load_catalog(struct verify *v, const char *db, const char *id)
{
    struct catalog *c = catalog_open(db, v->err, sizeof(v->err));
    if (c == NULL)
        return -1;
    struct catalog_program *progs = NULL;
    size_t n = 0;
    int rc = catalog_load(c, id, &v->prob, v->err, sizeof(v->err));
    if (rc == 0)
        rc = catalog_load_programs(c, id, &progs, &n, v->err, sizeof(v->err));
    catalog_close(c);
    if (rc < 0)
        return -1;
    return verify_take(v, progs, n, id);
}

/* Takes the programs (and frees the array); those verdict cannot judge stay
 * listed, to be shown as skipped. */
static int verify_take(struct verify *v, struct catalog_program *progs, size_t n, const char *where)
{
    v->progs = xcalloc(n ? n : 1, sizeof(*v->progs));
    for (size_t i = 0; i < n; i++) {
        struct vprog *p = &v->progs[v->nprogs++];
        p->name = progs[i].path;
        p->folder = progs[i].folder;
        p->code = progs[i].code;
        p->len = strlen(p->code);
        p->lang = progs[i].language ? lang_find(progs[i].language) : NULL;
        progs[i].path = progs[i].folder = progs[i].code = NULL;
        if (p->lang == NULL) {
            snprintf(p->note, sizeof(p->note), "unsupported language");
            free(p->code);
            p->code = NULL;
        }
    }
    catalog_programs_free(progs, n);
    if (v->nprogs == 0) {
        snprintf(v->err, sizeof(v->err),
                 "%.900s: no example programs (submissions/<folder>/<file>)", where);
        return -1;
    }
    return 0;
}

static void verify_on_progress(struct judge *j, enum judge_stage stage, unsigned test, unsigned of,
                               void *data)
{
    (void)j, (void)stage, (void)test, (void)of, (void)data;
}

static void lane_next(struct vlane *l);

static void verify_on_judged(struct judge *j, const struct judge_result *res, void *data)
{
    (void)j;
    struct vlane *l = data;
    struct vprog *p = l->cur;
    l->cur = NULL;
    l->v->running--;
    p->judged = !res->cancelled;
    p->out = (struct expect_outcome){res->verdict, res->scored, res->score, res->max_score};
    p->time_ms = res->time_ms;
    char why[128];
    p->met = p->judged && expect_met(p->folder, &p->out, why, sizeof(why));
    if (res->message && res->message[0])
        snprintf(p->note, sizeof(p->note), "%s", res->message);
    if (p->judged && !p->met)
        snprintf(p->note + strlen(p->note), sizeof(p->note) - strlen(p->note), "%s%s",
                 p->note[0] ? "; " : "", why);
    lane_next(l);
}

/* Gives the lane the next program, or ends the run when none is left. */
static void lane_next(struct vlane *l)
{
    struct verify *v = l->v;
    while (v->next < v->nprogs) {
        struct vprog *p = &v->progs[v->next++];
        if (p->code == NULL)
            continue;
        int rc = judge_start(l->judge, p->lang, p->code, p->len, &v->jp, verify_on_progress,
                             verify_on_judged, l);
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

static void verify_start_judging(struct verify *v)
{
    for (unsigned i = 0; i < v->nlanes; i++)
        lane_next(&v->lanes[i]);
}

static void verify_fail(struct verify *v)
{
    v->failed = true;
    if (v->sb) {
        sandbox_free(v->sb);
        v->sb = NULL;
    }
}

static void verify_commit(struct verify *v)
{
    int rc = cache_writer_commit(&v->writer, &v->cache);
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "cannot cache the tests: %s", strerror(-rc));
        verify_fail(v);
        return;
    }
    verify_start_judging(v);
}

static void verify_on_checker(struct judge *j, int status, const char *bin, size_t len,
                              const char *msg, void *data)
{
    (void)j;
    struct verify *v = data;
    if (status == 0)
        status = cache_writer_put_checker(&v->writer, bin, len);
    if (status < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "%s", msg && msg[0] ? msg : "cannot store the checker");
        verify_fail(v);
        return;
    }
    verify_commit(v);
}

/* Writes the problem's tests into a cache version of the run's own. */
static int verify_cache(struct verify *v)
{
    char root[300];
    snprintf(root, sizeof(root), "%s/cache", v->tmp);
    int rc = cache_writer_begin(&v->writer, root, v->prob.id, 1);
    for (size_t i = 0; rc == 0 && i < v->prob.ntests; i++) {
        const struct catalog_test *t = &v->prob.tests[i];
        rc = cache_writer_add(&v->writer, t->is_sample, t->input, strlen(t->input), t->output,
                              strlen(t->output));
    }
    if (rc < 0) {
        snprintf(v->err, sizeof(v->err), "cannot cache the tests: %s", strerror(-rc));
        return -1;
    }
    return 0;
}

/* A sandbox of nlanes slots on the first free verify instance. */
static struct sandbox *verify_sandbox(struct verify *v)
{
    struct sandbox_config cfg = {.slots = v->nlanes};
    char dir[64], name[64];
    for (int k = 0; k < VERIFY_INSTANCES; k++) {
        snprintf(dir, sizeof(dir), "/run/verdict/verify-%d", k);
        snprintf(name, sizeof(name), "verdict-verify-%d", k);
        cfg.root_dir = dir;
        cfg.cgroup_parent = name;
        cfg.first_uid = (uid_t)(VERIFY_FIRST_UID + k * VERIFY_MAX_SLOTS);
        struct sandbox *sb = sandbox_new(&v->loop, &cfg, v->err, sizeof(v->err));
        if (sb || !strstr(v->err, "in use"))
            return sb;
    }
    return NULL;
}

static int verify_lanes(struct verify *v)
{
    for (unsigned i = 0; i < v->nlanes; i++) {
        struct vlane *l = &v->lanes[i];
        l->v = v;
        snprintf(l->scratch, sizeof(l->scratch), "%s/scratch-%u", v->tmp, i);
        if (mkdir(l->scratch, 0755) < 0 || chmod(l->scratch, 0755) < 0) {
            snprintf(v->err, sizeof(v->err), "%s: %s", l->scratch, strerror(errno));
            return -1;
        }
        l->judge = judge_new(sandbox_slot(v->sb, i), l->scratch);
    }
    return 0;
}

/* Everything before the first program runs: the problem's tests cached, its
 * checker built (on lane 0, which calls back into judging). */
static int verify_setup(struct verify *v)
{
    if (verify_cache(v) < 0)
        return -1;
    v->jp = (struct judge_problem){
        .tests = &v->cache,
        .time_limit_ms = (uint32_t)v->prob.time_limit_ms,
        .memory_limit_mb = (uint32_t)v->prob.memory_limit_mb,
        .output_limit_kb = (uint32_t)v->prob.output_limit_kb,
    };
    if (checker_parse(v->prob.checker, &v->jp.checker) < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "bad checker %s", v->prob.checker);
        return -1;
    }
    if ((v->sb = verify_sandbox(v)) == NULL || verify_lanes(v) < 0) {
        cache_writer_abort(&v->writer);
        return -1;
    }
    if (v->jp.checker.kind != CHECKER_CUSTOM) {
        verify_commit(v);
        return 0;
    }
    const char *src = v->prob.checker_source;
    int rc = judge_build_checker(v->lanes[0].judge, src, strlen(src), verify_on_checker, v);
    if (rc < 0) {
        cache_writer_abort(&v->writer);
        snprintf(v->err, sizeof(v->err), "cannot build the checker: %s", strerror(-rc));
        return -1;
    }
    return 0;
}

static const char *verify_verdict(const struct vprog *p, char *buf, size_t len)
{
    if (!p->judged)
        return "-";
    if (p->out.scored)
        snprintf(buf, len, "%s %g/%g", verdict_name(p->out.verdict), p->out.score,
                 p->out.max_score);
    else
        snprintf(buf, len, "%s", verdict_name(p->out.verdict));
    return buf;
}

/* Prints the table; returns the number of programs that did not get what
 * their folder says (skipped ones do not count). */
static unsigned verify_print(const struct verify *v)
{
    unsigned bad = 0, skipped = 0;
    printf("%-40s %-20s %-12s %8s  %s\n", "program", "expected", "verdict", "time", "result");
    for (size_t i = 0; i < v->nprogs; i++) {
        const struct vprog *p = &v->progs[i];
        char verdict[64], time[16] = "-";
        if (p->judged)
            snprintf(time, sizeof(time), "%u ms", p->time_ms);
        const char *result = !p->judged ? "skipped" : p->met ? "ok" : "FAIL";
        bad += p->judged && !p->met;
        skipped += !p->judged;
        printf("%-40s %-20s %-12s %8s  %s%s%s\n", p->name, p->folder,
               verify_verdict(p, verdict, sizeof(verdict)), time, result, p->note[0] ? ": " : "",
               p->note);
    }
    printf("%s: %zu programs, %zu as expected, %u not, %u skipped\n", v->prob.id, v->nprogs,
           v->nprogs - bad - skipped, bad, skipped);
    return bad;
}

static void verify_dispose(struct verify *v)
{
    for (unsigned i = 0; i < v->nlanes; i++)
        judge_free(v->lanes[i].judge);
    for (size_t i = 0; i < v->nprogs; i++)
        vprog_dispose(&v->progs[i]);
    free(v->progs);
    catalog_problem_dispose(&v->prob);
    if (v->tmp[0])
        (void)fs_remove_tree(v->tmp);
}

/* Runs the loop until every program is judged (or set-up failed). */
static int verify_judge_all(struct verify *v)
{
    if (uv_loop_init(&v->loop) < 0) {
        snprintf(v->err, sizeof(v->err), "cannot start an event loop");
        return -1;
    }
    int rc = verify_setup(v);
    if (rc < 0 && v->sb) {
        sandbox_free(v->sb);
        v->sb = NULL;
    }
    (void)uv_run(&v->loop, UV_RUN_DEFAULT);
    (void)uv_loop_close(&v->loop);
    return rc < 0 || v->failed ? -1 : 0;
}

/* A directory of the problem format, else a problem id of the catalog. */
static int verify_load(struct verify *v, const char *target, const char *db)
{
    struct stat st;
    if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
        struct catalog_program *progs;
        size_t n;
        if (problem_dir_load(target, &v->prob, v->err, sizeof(v->err)) < 0 ||
            problem_dir_programs(target, &progs, &n, v->err, sizeof(v->err)) < 0)
            return -1;
        return verify_take(v, progs, n, target);
    }
    if (strchr(target, '/') || !ids_problem_valid(target, strlen(target))) {
        snprintf(v->err, sizeof(v->err), "%.900s: not a problem directory or id", target);
        return -1;
    }
    return verify_load_catalog(v, db, target);
}

int verify_main(const char *target, unsigned slots, const char *db)
{
    struct verify v;
    memset(&v, 0, sizeof(v));
    v.nlanes = slots == 0 ? 2 : slots > VERIFY_MAX_SLOTS ? VERIFY_MAX_SLOTS : slots;
    int rc = -1;
    char *dir = xstrdup(target);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    if (verify_load(&v, dir, db) < 0)
        goto out;
    snprintf(v.tmp, sizeof(v.tmp), "/tmp/verdict-verify-XXXXXX");
    if (mkdtemp(v.tmp) == NULL || chmod(v.tmp, 0755) < 0) {
        snprintf(v.err, sizeof(v.err), "cannot make a work directory: %s", strerror(errno));
        v.tmp[0] = '\0';
        goto out;
    }
    if (verify_judge_all(&v) < 0)
        goto out;
    rc = verify_print(&v) ? 1 : 0;
out:
    if (rc < 0)
        fprintf(stderr, "verdict problems verify: %s\n", v.err);
    verify_dispose(&v);
    free(dir);
    return rc < 0 ? 1 : rc;
}
