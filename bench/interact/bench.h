/* bench/interact's parts (main.c: the judgings; overhead.c: the sandbox's
 * own per-run cost, for scale). */
#ifndef BENCH_INTERACT_H
#define BENCH_INTERACT_H

#include "judge/judge.h"

#include <uv.h>

struct bench {
    uv_loop_t loop;
    struct sandbox *sb;
    struct judge *j;
    const char *work;
    unsigned ntests;
    int done, status;
    double per_test_ms;
    double t0;
};

/* The C program every mode judges: echoes its input's first line. */
extern const char bench_echo_c[];

/* The sandbox's per-run overhead in ms: the median of rounds runs of the
 * echo program in slot 0 (sandbox_run to its callback) minus the median of
 * as many bare fork/exec/wait runs of it, alternating. */
double bench_sandbox_overhead(struct bench *b, int rounds);

#endif
