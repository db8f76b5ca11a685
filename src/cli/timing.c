/* Time limits from example programs (timing.h). */
#include "cli/timing.h"

#include "cli/local_judge.h"
#include "common/alloc.h"
#include "judge/expect.h"
#include "judge/from_package.h"
#include "judge/problem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The limit the accepted programs are timed under: they must finish well
 * within it, and a limit past it is no use to a judge anyway. */
#define TIMING_MAX_MS 20000

/* Runs of p's programs in folder (those verdict can judge), in *runs; the
 * index of each run's program in *which. Returns how many. */
static size_t timing_runs(const struct catalog_problem *p, const char *folder,
                          struct local_program **runs, size_t **which)
{
    *runs = xcalloc(p->nprograms ? p->nprograms : 1, sizeof(**runs));
    *which = xcalloc(p->nprograms ? p->nprograms : 1, sizeof(**which));
    size_t n = 0;
    for (size_t i = 0; i < p->nprograms; i++) {
        const struct catalog_program *g = &p->programs[i];
        const struct lang *l = g->language ? lang_find(g->language) : NULL;
        if (strcmp(g->folder, folder) != 0 || l == NULL)
            continue;
        (*runs)[n] = (struct local_program){.lang = l, .code = g->code, .len = strlen(g->code)};
        (*which)[n++] = i;
    }
    return n;
}

/* The slowest test of any accepted program, in ms; -1 with msg when one is
 * not accepted or none can be run. */
static long timing_slowest_ac(const struct catalog_problem *p, unsigned slots, char *msg,
                              size_t msglen)
{
    struct local_program *runs;
    size_t *which;
    size_t n = timing_runs(p, "accepted", &runs, &which);
    long slowest = -1;
    struct local_judge_opts o = {.slots = slots, .time_limit_ms = TIMING_MAX_MS};
    if (n == 0) {
        snprintf(msg, msglen, "no time limit given and no accepted program to time");
    } else if (local_judge(p, runs, n, &o, msg, msglen) == 0) {
        slowest = 0;
        for (size_t i = 0; i < n && slowest >= 0; i++) {
            if (runs[i].judged && runs[i].verdict == VERDICT_AC) {
                slowest = runs[i].time_ms > slowest ? runs[i].time_ms : slowest;
                continue;
            }
            snprintf(msg, msglen, "%s: %s under a %d s limit (%s): cannot time it",
                     p->programs[which[i]].path,
                     runs[i].judged ? verdict_name(runs[i].verdict) : "not judged",
                     TIMING_MAX_MS / 1000, runs[i].note);
            slowest = -1;
        }
    }
    local_programs_clear(runs, n);
    free(runs);
    free(which);
    return slowest;
}

/* Each too-slow program must still exceed the limit times time_limit_to_tle. */
static int timing_check_tle(const struct catalog_problem *p, uint32_t limit_ms, unsigned slots,
                            char *msg, size_t msglen)
{
    struct local_program *runs;
    size_t *which;
    size_t n = timing_runs(p, "time_limit_exceeded", &runs, &which);
    struct local_judge_opts o = {.slots = slots, .time_limit_ms = limit_ms};
    int rc = n ? local_judge(p, runs, n, &o, msg, msglen) : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (runs[i].judged && runs[i].verdict == VERDICT_AC) {
            snprintf(msg, msglen,
                     "%s: accepted in %u ms, within the limit times time_limit_to_tle (%u ms): "
                     "no time limit fits both it and the accepted programs",
                     p->programs[which[i]].path, runs[i].time_ms, limit_ms);
            rc = -1;
        }
    }
    local_programs_clear(runs, n);
    free(runs);
    free(which);
    return rc;
}

int timing_compute(const struct catalog_problem *p, const struct timing_rules *r, uint32_t *out_ms,
                   char *msg, size_t msglen)
{
    long slowest = timing_slowest_ac(p, r->slots, msg, msglen);
    if (slowest < 0)
        return -1;
    unsigned tl = expect_time_limit_ms((double)slowest / 1000, r->ac_to_time_limit, r->resolution);
    if (tl == 0) {
        snprintf(msg, msglen, "no time limit: slowest accepted %ld ms, x%g, resolution %g s",
                 slowest, r->ac_to_time_limit, r->resolution);
        return -1;
    }
    uint32_t upper = (uint32_t)ceil(tl * r->time_limit_to_tle);
    if (timing_check_tle(p, upper, r->slots, msg, msglen) < 0)
        return -1;
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
    if (timing_compute(p, &r, &ms, msg, sizeof(msg)) < 0) {
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
