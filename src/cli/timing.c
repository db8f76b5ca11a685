/* Time limits from example programs (timing.h). */
#include "cli/timing.h"

#include "cli/local_judge.h"
#include "cli/programs.h"
#include "common/alloc.h"
#include "judge/expect.h"
#include "judge/from_package.h"
#include "judge/problem.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The limit the accepted programs are timed under: they must finish well
 * within it, and a limit past it is no use to a judge anyway. */
#define TIMING_MAX_MS 20000

/* The programs of one folder that verdict can judge, as runs. */
struct timing_set {
    struct cli_program *progs; /* every program of the problem */
    size_t nprogs;
    struct local_program *runs; /* those of the folder */
    const char **paths;         /* each run's program's path */
    size_t n;
};

static void timing_set_of(const struct catalog_problem *p, const char *folder, struct timing_set *t)
{
    cli_programs(p->programs, p->nprograms, &t->progs, &t->nprogs);
    t->runs = xcalloc(t->nprogs + 1, sizeof(*t->runs));
    t->paths = xcalloc(t->nprogs + 1, sizeof(*t->paths));
    t->n = 0;
    for (size_t i = 0; i < t->nprogs; i++) {
        const struct cli_program *g = &t->progs[i];
        if (strcmp(g->folder, folder) != 0 || g->lang == NULL)
            continue;
        t->paths[t->n] = g->path;
        t->runs[t->n++] = (struct local_program){.lang = g->lang,
                                                 .code = g->code,
                                                 .len = g->len,
                                                 .files = g->files,
                                                 .nfiles = g->nfiles};
    }
}

static void timing_set_free(struct timing_set *t)
{
    local_programs_clear(t->runs, t->n);
    free(t->runs);
    free(t->paths);
    cli_programs_free(t->progs, t->nprogs);
}

/* A program that ended in an internal error of this host's (the sandbox
 * failed under it), or could not be judged for the judge's reasons (it
 * could not start, its run was cancelled): not the package's fault. An IE
 * the package caused (its output validator crashed) is the package's, and
 * so is the one program local_judge() skips for the package's reason:
 * several files outside a package. */
static bool timing_host_fault(const struct local_program *r)
{
    static const char package_fault[] = "a program of several files";
    if (r->judged)
        return r->host_fault;
    return strncmp(r->note, package_fault, sizeof(package_fault) - 1) != 0;
}

/* local_judge(), its failure to set up as timing_compute() returns it: -EIO
 * when this host failed, else -1 with why the programs cannot be judged. */
static int timing_judge(const struct catalog_problem *p, struct timing_set *t,
                        const struct local_judge_opts *o, char *msg, size_t msglen)
{
    char why[400];
    int rc = local_judge(p, t->runs, t->n, o, why, sizeof(why));
    if (rc == 0)
        return 0;
    if (rc == -EIO) {
        snprintf(msg, msglen, "%s", why);
        return -EIO;
    }
    snprintf(msg, msglen, "its example programs cannot be judged: %s", why);
    return -1;
}

/* The slowest test of any accepted program, in ms; -1 with msg when one is
 * not accepted, there is none, or they cannot be judged for the package's
 * reasons; -EIO when they could not be judged for this host's. */
static long timing_slowest_ac(const struct catalog_problem *p, unsigned slots, char *msg,
                              size_t msglen)
{
    struct timing_set t;
    timing_set_of(p, "accepted", &t);
    long slowest = -1;
    struct local_judge_opts o = {.slots = slots, .time_limit_ms = TIMING_MAX_MS};
    if (t.n == 0) {
        snprintf(msg, msglen, "no time limit given and no accepted program to time");
    } else if ((slowest = timing_judge(p, &t, &o, msg, msglen)) == 0) {
        for (size_t i = 0; i < t.n && slowest >= 0; i++) {
            const struct local_program *r = &t.runs[i];
            if (r->judged && r->verdict == VERDICT_AC) {
                slowest = r->time_ms > slowest ? r->time_ms : slowest;
                continue;
            }
            snprintf(msg, msglen, "%s: %s under a %d s limit (%s): cannot time it", t.paths[i],
                     r->judged ? verdict_name(r->verdict) : "not judged", TIMING_MAX_MS / 1000,
                     r->note);
            slowest = timing_host_fault(r) ? -EIO : -1;
        }
    }
    timing_set_free(&t);
    return slowest;
}

/* Each too-slow program must still exceed the limit times time_limit_to_tle. */
static int timing_check_tle(const struct catalog_problem *p, uint32_t limit_ms, unsigned slots,
                            char *msg, size_t msglen)
{
    struct timing_set t;
    timing_set_of(p, "time_limit_exceeded", &t);
    struct local_judge_opts o = {.slots = slots, .time_limit_ms = limit_ms};
    int rc = t.n ? timing_judge(p, &t, &o, msg, msglen) : 0;
    for (size_t i = 0; rc == 0 && i < t.n; i++) {
        if (t.runs[i].judged && t.runs[i].verdict == VERDICT_AC) {
            snprintf(msg, msglen,
                     "%s: accepted in %u ms, within the limit times time_limit_to_tle (%u ms): "
                     "no time limit fits both it and the accepted programs",
                     t.paths[i], t.runs[i].time_ms, limit_ms);
            rc = -1;
        }
    }
    timing_set_free(&t);
    return rc;
}

int timing_compute(const struct catalog_problem *p, const struct timing_rules *r, uint32_t *out_ms,
                   char *msg, size_t msglen)
{
    long slowest = timing_slowest_ac(p, r->slots, msg, msglen);
    if (slowest < 0)
        return (int)slowest;
    unsigned tl = expect_time_limit_ms((double)slowest / 1000, r->ac_to_time_limit, r->resolution);
    if (tl == 0) {
        snprintf(msg, msglen, "no time limit: slowest accepted %ld ms, x%g, resolution %g s",
                 slowest, r->ac_to_time_limit, r->resolution);
        return -1;
    }
    uint32_t upper = (uint32_t)ceil(tl * r->time_limit_to_tle);
    int rc = timing_check_tle(p, upper, r->slots, msg, msglen);
    if (rc < 0)
        return rc;
    *out_ms = tl;
    snprintf(msg, msglen,
             "time limit %g s: slowest accepted test %ld ms x %g (ac_to_time_limit), "
             "resolution %g s",
             tl / 1000.0, slowest, r->ac_to_time_limit, r->resolution);
    return 0;
}

int timing_settle(struct catalog_problem *p, struct from_package_info *info, unsigned slots,
                  void *out_file, char *err, size_t errlen)
{
    if (info == NULL || !info->time_limit_provisional)
        return 0;
    struct timing_rules r = {info->ac_to_time_limit, info->time_limit_to_tle, info->time_resolution,
                             slots};
    uint32_t ms;
    char msg[512];
    int rc = timing_compute(p, &r, &ms, msg, sizeof(msg));
    if (rc == -EIO) {
        snprintf(err, errlen, "the accepted programs could not be timed: %s", msg);
        return rc;
    }
    if (rc < 0) {
        snprintf(err, errlen, "limits.time_limit not given, and %s", msg);
        return -1;
    }
    p->time_limit_ms = (int)ms;
    if (problem_finish(p, err, errlen) < 0)
        return -1;
    info->time_limit_provisional = false;
    if (out_file)
        fprintf(out_file, "%s: %s\n", p->id, msg);
    return 0;
}
