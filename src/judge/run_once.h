/* Running code once on one input (issue 13, "Run on your own input";
 * contract/run.h): compile it, run it once with the given limits, and hand
 * back everything it did (stdout, stderr, time, memory, how it ended), with
 * no expected output and no checker: the caller compares what it wants. A
 * function problem's code is put into its language's driver
 * (judge/driver.h) first, and its stdout taken apart: the user's prints, and
 * the value the function returned. Uses the judge's slot and scratch
 * directory, like judge_start(), and never while one of its jobs runs. */
#ifndef JUDGE_RUN_ONCE_H
#define JUDGE_RUN_ONCE_H

#include "judge/judge.h"
#include "judge/lang.h"
#include "judge/signature.h"
#include "judge/verdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One run; borrowed only during run_once_start() (what is kept is copied). */
struct run_once_spec {
    const struct lang *lang;
    const char *code;
    size_t len;
    const struct signature *function; /* a function problem's signature, else NULL */
    const char *input;                /* host path of the stdin file */
    /* A packaged problem's plan, for its include/ files (put beside the
     * code of their language), else NULL; borrowed until the callback. */
    const struct plan *plan;
    /* Where this program's build is kept (a host path outside every box,
     * named by the caller for exactly this code and language), or NULL:
     * when it exists, the box is filled from it and nothing is compiled;
     * otherwise a successful compile is saved there (all or nothing). */
    const char *build_cache;
    /* The run's limits, as they apply (the caller scales a problem's time
     * limit by the language's factor, as judging does). wall_ms 0: the
     * sandbox's default (2 * cpu + 1 s). */
    uint32_t cpu_ms, wall_ms;
    uint64_t memory_kb, output_kb;
};

/* How it went, borrowed during the callback. */
struct run_once_result {
    /* VERDICT_AC when it ran and ended well (exit 0 within its limits; a
     * function that returned), else TLE, MLE, OLE, RE, CE or IE. */
    enum verdict verdict;
    const char *message;     /* why, "" when it ran well */
    const char *compile_out; /* the compiler's output (trimmed), "" for none */
    uint32_t time_ms, wall_ms;
    uint32_t memory_kb;
    int exit_code, signal; /* -1 and the signal when one ended it */
    /* Its stdout (a function problem: only what the user's code printed),
     * whole, up to the output limit, not checked as UTF-8; its stderr. */
    const char *out, *err;
    size_t out_len, err_len;
    /* A function problem's returned value as one line of JSON, or NULL. */
    const char *returned;
    size_t returned_len;
    bool cancelled; /* the sandbox was freed under the run */
    bool cached;    /* the build came from build_cache: nothing was compiled */
};

typedef void (*run_once_cb)(struct judge *j, const struct run_once_result *r, void *data);

/* Compiles and runs s->code once in the judge's slot. Returns 0 and calls cb
 * once later, or a negative errno (-EBUSY: the judge is busy; -EINVAL: no
 * driver for this language and signature) and never calls it. */
int run_once_start(struct judge *j, const struct run_once_spec *s, run_once_cb cb, void *data);

#endif
