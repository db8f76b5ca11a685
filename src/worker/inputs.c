/* An input checked by its problem's input validators (judge/plan.h
 * "inputValidators"; README "Runs") in the lane the slot holds: each
 * validator is built once per problem version and kept under the worker's
 * cache (inputs/<problem>-<version>-<n>), then run `validator [args] <
 * input`, exit 42 valid. The input is valid when every validator accepts
 * it with one set of the arguments the problem's tests are validated with
 * (a test group's; secret's tests' set first). Used by a run job (the
 * worker's re-check: a job whose input fails ends BAD_INPUT) and by the
 * api's input checks (input_checks.c). */
#include "worker/internal.h"

#include "common/fs.h"
#include "common/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A run's input waits this much CPU at most per validator, whatever the
 * package allows its own tests (60 s by default): a person is waiting. */
#define INPUTS_CPU_MAX_MS 10000

struct winputs {
    struct wslot *s;
    const struct plan *plan;
    char prefix[CACHE_PATH_MAX + 96]; /* <cache>/inputs/<problem>-<version> */
    char dest[CACHE_PATH_MAX + 128];  /* the validator at work's kept build */
    char tmp[CACHE_PATH_MAX + 192];   /* where it is being built */
    const char *input;
    size_t next;   /* the validator after the one at work */
    size_t set;    /* the argument set at work (plan_input_validator.arg_sets) */
    size_t tried;  /* sets that rejected the input */
    char why[640]; /* why the first set's validators rejected the input */
    worker_inputs_cb cb;
    void *data;
};

static void inputs_end(struct winputs *c, int status, const char *why)
{
    worker_inputs_cb cb = c->cb;
    void *data = c->data;
    struct wslot *s = c->s;
    free(c);
    cb(s, status, why, data);
}

static void inputs_next(struct winputs *c);

/* The first of a run's argument sets (plan.input_run_sets) after set k, or
 * ninput_arg_sets when none; k = -1 gives the first. */
static size_t inputs_set_after(const struct plan *plan, size_t k)
{
    for (size_t i = k + 1; i < plan->ninput_arg_sets; i++)
        if (plan->input_run_sets & (1u << i))
            return i;
    return plan->ninput_arg_sets;
}

static void inputs_on_checked(struct judge *j, int status, bool valid, const char *why, void *data)
{
    (void)j;
    struct winputs *c = data;
    const struct plan_input_validator *v = &c->plan->input_validators[c->next - 1];
    char msg[sizeof(c->why) + 96];
    if (status < 0) {
        snprintf(msg, sizeof(msg), "input validator %s could not be run: %s", v->path,
                 why && why[0] ? why : strerror(-status));
        inputs_end(c, status, msg);
    } else if (!valid && inputs_set_after(c->plan, c->set) < c->plan->ninput_arg_sets) {
        /* Rejected with this set's arguments: another group's may accept. */
        if (c->tried++ == 0)
            snprintf(c->why, sizeof(c->why), "input rejected by input validator %s: %s", v->path,
                     why);
        c->set = inputs_set_after(c->plan, c->set);
        c->next = 0;
        inputs_next(c);
    } else if (!valid && c->tried > 0) {
        snprintf(msg, sizeof(msg),
                 "%s; the arguments of the problem's other test groups (%zu) reject it too", c->why,
                 c->tried);
        inputs_end(c, 1, msg);
    } else if (!valid) {
        snprintf(msg, sizeof(msg), "input rejected by input validator %s: %s", v->path, why);
        inputs_end(c, 1, msg);
    } else {
        inputs_next(c);
    }
}

static void inputs_run(struct winputs *c)
{
    const struct plan_input_validator *v = &c->plan->input_validators[c->next - 1];
    unsigned cpu = v->cpu_ms < INPUTS_CPU_MAX_MS ? v->cpu_ms : INPUTS_CPU_MAX_MS;
    const struct plan_args *args = &v->arg_sets[c->set];
    int rc =
        judge_check_input(c->s->judge, &v->files, c->dest, c->input, (const char *const *)args->v,
                          cpu, v->memory_mb, inputs_on_checked, c);
    if (rc < 0)
        inputs_on_checked(NULL, rc, false, "the sandbox could not start it", c);
}

/* The build is kept under its final name; another slot may have kept its
 * own first (rename fails on a non-empty directory): that one is used. */
static void inputs_on_built(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct winputs *c = data;
    const struct plan_input_validator *v = &c->plan->input_validators[c->next - 1];
    if (status < 0) {
        char why[640];
        snprintf(why, sizeof(why), "input validator %s does not build: %s", v->path,
                 msg && msg[0] ? msg : strerror(-status));
        (void)fs_remove_tree(c->tmp);
        inputs_end(c, status, why);
        return;
    }
    if (rename(c->tmp, c->dest) < 0)
        (void)fs_remove_tree(c->tmp);
    inputs_run(c);
}

/* Checks with the next validator (built first unless kept), or ends valid. */
static void inputs_next(struct winputs *c)
{
    if (c->next == c->plan->ninput_validators) {
        inputs_end(c, 0, NULL);
        return;
    }
    const struct plan_input_validator *v = &c->plan->input_validators[c->next++];
    snprintf(c->dest, sizeof(c->dest), "%s-%zu", c->prefix, c->next);
    struct stat st;
    if (stat(c->dest, &st) == 0 && S_ISDIR(st.st_mode)) {
        inputs_run(c);
        return;
    }
    snprintf(c->tmp, sizeof(c->tmp), "%s.tmp-%ld-%u", c->dest, (long)getpid(), c->s->index);
    (void)fs_remove_tree(c->tmp); /* a build cut short by a crash */
    int rc = judge_build_validator(c->s->judge, &v->files, c->tmp, inputs_on_built, c);
    if (rc < 0)
        inputs_on_built(NULL, rc, "the sandbox could not start the build", c);
}

void worker__inputs_check(struct wslot *s, const struct plan *plan, const char *problem,
                          int version, const char *input, worker_inputs_cb cb, void *data)
{
    struct winputs *c = xcalloc(1, sizeof(*c));
    *c = (struct winputs){.s = s, .plan = plan, .input = input, .cb = cb, .data = data};
    c->set = inputs_set_after(plan, (size_t)-1);
    char dir[CACHE_PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/inputs", s->w->cache_dir);
    int rc = fs_mkdir_p(dir, 0755);
    if (rc < 0) {
        log_warn("cannot make %s: %s", dir, strerror(-rc));
        inputs_end(c, rc, "the worker cannot keep the input validators' builds");
        return;
    }
    snprintf(c->prefix, sizeof(c->prefix), "%s/%.64s-%d", dir, problem, version);
    inputs_next(c);
}
