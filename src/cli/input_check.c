/* A package's input validators run on every test input at import (the spec's
 * "Input validators"): each validator is built once in a sandbox of its own,
 * then run on each .in in judging order with the test's input validator
 * arguments and its own; the first input one rejects refuses the import,
 * named by its file. Validators verdict cannot run (checktestdata .ctd,
 * VIVA .viva, a language it lacks) are skipped with a warning. */
#include "cli/input_check.h"

#include "cli/instance.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "judge/judge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IC_FIRST_UID 62900 /* beside local_judge's 62000 + 32 k range, one slot */
#define IC_INSTANCES 8
#define IC_ARGS_MAX 64
#define IC_SOURCE_MAX (1u << 20)

struct ic {
    uv_loop_t loop;
    struct sandbox *sb;
    struct judge *judge;
    const struct package *pkg;
    char tmp[256];
    char scratch[300];
    char built[300];
    const struct package_program *val; /* the validator at work */
    struct plan_files files;           /* its sources */
    const struct package_test **tests; /* in judging order */
    size_t ntests, next, nval;
    const char *args[IC_ARGS_MAX + 1];
    int rc; /* 0 until something failed: -EINVAL or -EIO with err (ic_done) */
    char *err;
    size_t errlen;
    char ***warnings; /* the import's: skipped validators are added */
    size_t *nwarnings;
};

static int ic_collect(const struct package_group *g, const struct package_test *t, void *data)
{
    (void)g;
    struct ic *c = data;
    if (t->in == NULL)
        return 0;
    c->tests = xrealloc(c->tests, (c->ntests + 1) * sizeof(*c->tests));
    c->tests[c->ntests++] = t;
    return 0;
}

static void ic_files_free(struct plan_files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].name);
        free(f->v[i].text);
    }
    free(f->v);
    f->v = NULL;
    f->n = 0;
}

/* Reads validator g's source files into c->files. */
static int ic_read(struct ic *c, const struct package_program *g)
{
    c->files.language = (char *)srclang_name(g->lang);
    c->files.v = xcalloc(g->files.n ? g->files.n : 1, sizeof(*c->files.v));
    for (size_t i = 0; i < g->files.n; i++) {
        char path[4096];
        if (g->is_dir)
            snprintf(path, sizeof(path), "%s/%s/%s", c->pkg->root, g->path, g->files.v[i]);
        else
            snprintf(path, sizeof(path), "%s/%s", c->pkg->root, g->path);
        struct plan_file *f = &c->files.v[c->files.n++];
        f->name = xstrdup(g->files.v[i]);
        if ((f->text = fs_read_file(path, IC_SOURCE_MAX, &f->len)) == NULL) {
            snprintf(c->err, c->errlen, "%s: %s", g->path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* The arguments of test t for validator name: the group's input validator
 * arguments (the ones for this validator, in the map form), then the
 * test's own. */
static void ic_args(struct ic *c, const struct package_test *t, const char *name)
{
    const struct package_settings *s = t->settings;
    size_t n = 0;
    const struct package_strv *a = &s->input_validator_args;
    for (size_t i = 0; i < s->n_input_validator_named; i++)
        if (strcmp(s->input_validator_named[i].validator, name) == 0)
            a = &s->input_validator_named[i].args;
    for (size_t i = 0; i < a->n && n < IC_ARGS_MAX; i++)
        c->args[n++] = a->v[i];
    for (size_t i = 0; i < s->args.n && n < IC_ARGS_MAX; i++)
        c->args[n++] = s->args.v[i];
    c->args[n] = NULL;
}

/* rc: 0, -EINVAL (the package's fault) or -EIO (this host's). */
static void ic_done(struct ic *c, int rc)
{
    if (rc < 0)
        c->rc = rc;
    if (c->sb) {
        sandbox_free(c->sb);
        c->sb = NULL;
    }
}

static void ic_next_validator(struct ic *c);

static void ic_on_checked(struct judge *j, int status, bool valid, const char *why, void *data);

/* Runs the validator at work on the next input, or moves to the next one. */
static void ic_next_input(struct ic *c)
{
    if (c->next == c->ntests) {
        ic_files_free(&c->files);
        ic_next_validator(c);
        return;
    }
    const struct package_test *t = c->tests[c->next];
    char in[4096];
    snprintf(in, sizeof(in), "%s/%s", c->pkg->root, t->in);
    ic_args(c, t, c->val->name);
    const struct package_limits *l = &c->pkg->meta.limits;
    int rc = judge_check_input(c->judge, &c->files, c->built, in, c->args,
                               (uint32_t)l->validation_time_s * 1000,
                               (uint32_t)l->validation_memory_mib, ic_on_checked, c);
    if (rc < 0) {
        snprintf(c->err, c->errlen, "%s: cannot run input validator %s: %s", t->in, c->val->path,
                 strerror(-rc));
        ic_done(c, -EIO);
    }
}

static void ic_on_checked(struct judge *j, int status, bool valid, const char *why, void *data)
{
    (void)j;
    struct ic *c = data;
    const struct package_test *t = c->tests[c->next++];
    if (status < 0) { /* it could not be run: not the input's fault */
        snprintf(c->err, c->errlen, "%s: cannot run input validator %s: %s", t->in, c->val->path,
                 strerror(-status));
        ic_done(c, -EIO);
        return;
    }
    if (!valid) {
        snprintf(c->err, c->errlen, "%s: rejected by input validator %s: %s", t->in, c->val->path,
                 why);
        ic_done(c, -EINVAL);
        return;
    }
    ic_next_input(c);
}

static void ic_on_built(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct ic *c = data;
    if (status < 0) {
        snprintf(c->err, c->errlen, "%s: the input validator does not build: %s", c->val->path,
                 msg && msg[0] ? msg : strerror(-status));
        ic_done(c, status == -EINVAL ? -EINVAL : -EIO);
        return;
    }
    c->next = 0;
    ic_next_input(c);
}

/* "path: input validator skipped (why: verdict cannot run it)". */
static void ic_warn(struct ic *c, const char *path, const char *why)
{
    char msg[512];
    snprintf(msg, sizeof(msg), "%s: input validator skipped (%s: verdict cannot run it)", path,
             why);
    *c->warnings = xrealloc(*c->warnings, (*c->nwarnings + 1) * sizeof(**c->warnings));
    (*c->warnings)[(*c->nwarnings)++] = xstrdup(msg);
}

/* Builds the next validator verdict can run, or ends the run. */
static void ic_next_validator(struct ic *c)
{
    while (c->nval < c->pkg->n_input_validators) {
        const struct package_program *g = &c->pkg->input_validators[c->nval++];
        if (g->lang == SRCLANG_UNSUPPORTED || g->has_build_run) {
            ic_warn(c, g->path,
                    g->has_build_run ? "build/run scripts"
                    : g->lang_note   ? g->lang_note
                                     : "?");
            continue;
        }
        c->val = g;
        snprintf(c->built, sizeof(c->built), "%s/validator-%zu", c->tmp, c->nval);
        if (ic_read(c, g) < 0) {
            ic_done(c, -EINVAL);
            return;
        }
        int rc = judge_build_validator(c->judge, &c->files, c->built, ic_on_built, c);
        if (rc < 0) {
            snprintf(c->err, c->errlen, "%s: cannot build the input validator: %s", g->path,
                     strerror(-rc));
            ic_done(c, -EIO);
        }
        return;
    }
    ic_done(c, 0);
}

static struct sandbox *ic_sandbox(struct ic *c)
{
    return instance_open(&c->loop, "inputs", 1, IC_INSTANCES, IC_FIRST_UID, 1, c->err, c->errlen);
}

static int ic_start(struct ic *c)
{
    snprintf(c->tmp, sizeof(c->tmp), "/tmp/verdict-inputs-XXXXXX");
    int made = fs_mkdtemp(c->tmp, 0755);
    if (made < 0) {
        snprintf(c->err, c->errlen, "cannot make a work directory: %s", strerror(-made));
        c->tmp[0] = '\0';
        return -1;
    }
    snprintf(c->scratch, sizeof(c->scratch), "%s/scratch", c->tmp);
    if (mkdir(c->scratch, 0755) < 0 || chmod(c->scratch, 0755) < 0) {
        snprintf(c->err, c->errlen, "%s: %s", c->scratch, strerror(errno));
        return -1;
    }
    if ((c->sb = ic_sandbox(c)) == NULL)
        return -1;
    c->judge = judge_new(sandbox_slot(c->sb, 0), c->scratch);
    ic_next_validator(c);
    return 0;
}

int input_check_run(const struct package *pkg, char ***warnings, size_t *nwarnings, char *err,
                    size_t errlen)
{
    if (pkg->n_input_validators == 0)
        return 0;
    struct ic *c = xcalloc(1, sizeof(*c));
    c->pkg = pkg;
    c->err = err;
    c->errlen = errlen;
    c->warnings = warnings;
    c->nwarnings = nwarnings;
    (void)package_each_test(pkg->data, ic_collect, c);
    int rc = -EIO; /* ic_start's failures are all this host's */
    if (uv_loop_init(&c->loop) == 0) {
        if (ic_start(c) < 0)
            ic_done(c, -EIO);
        (void)uv_run(&c->loop, UV_RUN_DEFAULT);
        (void)uv_loop_close(&c->loop);
        rc = c->rc;
    } else {
        snprintf(err, errlen, "cannot start an event loop");
    }
    judge_free(c->judge);
    ic_files_free(&c->files);
    if (c->tmp[0]) /* made: ic_start() clears it when not */
        (void)fs_remove_tree(c->tmp);
    free(c->tests);
    free(c);
    return rc;
}
