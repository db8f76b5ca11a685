/* Judging one submission in one sandbox slot: compile once, run the tests in
 * order (samples first) until the first failure, check each output, and add
 * it up; a packaged problem (judge_problem.plan) as Kattis judges it, with its
 * output validator in a second slot. Also builds a problem's custom checker
 * and a package's output validator. Everything runs on the
 * slot's loop through sandbox_run(); nothing here blocks but small file I/O
 * on the slot's scratch directory and the test cache. */
#ifndef JUDGE_JUDGE_H
#define JUDGE_JUDGE_H

#include "judge/cache.h"
#include "judge/checker.h"
#include "judge/lang.h"
#include "judge/plan.h"
#include "judge/signature.h"
#include "judge/verdict.h"
#include "sandbox/sandbox.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct judge;

/* The problem as the judge needs it; borrowed until the done callback. */
struct judge_problem {
    const struct cache_problem *tests; /* the cached tests (and checker binary) */
    const struct plan *plan;           /* a packaged problem's plan, else NULL */
    uint32_t time_limit_ms;
    uint32_t memory_limit_mb;
    uint32_t output_limit_kb;
    struct checker checker;
    /* A function problem's signature, else NULL: the code is the user's
     * function, put into its language's driver (judge/driver.h), and the
     * checker judges the value it returned (function.c). */
    const struct signature *function;
    /* A packaged problem's every test run, those its rules cut too (for
     * `verdict problems verify`): the verdict and score are the usual ones,
     * the tests all there (score_run_all()). */
    bool run_all;
};

/* One judged test. */
struct judge_test {
    enum verdict verdict;
    uint32_t time_ms;   /* CPU time */
    uint32_t memory_kb; /* peak */
    int exit_code;      /* -1 when a signal ended it */
    int signal;
    unsigned index; /* which test of the problem (tests are not all run in order
                       when a scoring problem skips the rest of a group) */
    double score;   /* a scoring problem's test score, else 0 */
    /* With judge_problem.run_all: this test's judgemessage.txt (verify's
     * "message" rule speaks of every test), else NULL. The judge's, until
     * its next judge_start(). */
    char *judge_message;
};

/* One text of a failed visible test, capped (judge/feedback.h). */
struct judge_shown_text {
    const char *data; /* valid UTF-8 without NUL, NUL-terminated */
    size_t len;
    bool cut; /* more than FEEDBACK_SHOWN_MAX bytes: the rest is left out */
};

/* A failed visible test (a sample) as the user may see it. */
struct judge_shown {
    unsigned test; /* its 1-based number in the problem */
    struct judge_shown_text input, expected, output;
};

/* The outcome, borrowed during the done callback. */
struct judge_result {
    enum verdict verdict;
    uint32_t time_ms;   /* max over the tests run */
    uint32_t memory_kb; /* max over the tests run */
    const struct judge_test *tests;
    unsigned ntests;         /* tests run: up to and including the first failure */
    unsigned total;          /* tests of the problem */
    unsigned nsamples;       /* the first nsamples tests are samples */
    const char *compile_out; /* trimmed compiler output for CE, else NULL */
    const char *message;     /* why, for anything but AC ("" for AC) */
    bool cancelled;          /* the sandbox was freed under the run */
    /* IE because the sandbox or this host failed under the judging (a run
     * that could not start, a file that could not be read): neither the
     * program's fault nor the problem's. False for an IE the problem caused
     * (its checker or output validator crashed or answered nonsense). */
    bool host_fault;
    uint32_t compile_wall_ms;  /* wall time of the compile step (for the logs) */
    bool scored;               /* a scoring problem: score out of max_score */
    double score, max_score;   /* max_score < 0: unbounded */
    const char *team_message;  /* the output validator's teammessage.txt of the
                                  deciding test (shown to the user), or NULL */
    const char *judge_message; /* its judgemessage.txt (admins only), or NULL */
    /* A function problem's (README.md "Function problems"), NULL for another:
     * of the test run last (the deciding one), what the user's code printed
     * on stdout (the driver's part taken off: debug output, never the answer;
     * whole, up to the output limit, not valid UTF-8 for sure: cap and clean
     * it before showing it) and the value the function returned as one line
     * of JSON (NULL when it did not return: a crash, a loop, an exit). */
    const char *user_output;
    size_t user_output_len;
    const char *returned;
    size_t returned_len;
    /* Lines of driver code before the user's first in the compiled file
     * (driver_source.line_shift): subtract from the line numbers of compiler
     * and runtime messages that name the program's source
     * (judge/feedback.h feedback_compile_message() does); 0 for a
     * stdin/stdout problem. */
    unsigned line_shift;
    /* The first failed test's data when it is visible (never a hidden
     * test's), else NULL. */
    const struct judge_shown *shown;
    /* A packaged problem's: each plan group's aggregated score (NAN: it
     * counted nothing; score_groups()), ngroups of them; else NULL, 0. */
    const double *group_scores;
    unsigned ngroups;
};

enum judge_stage {
    JUDGE_COMPILING,
    JUDGE_RUNNING,
};

/* Progress: stage, and for JUDGE_RUNNING the 1-based test about to run. */
typedef void (*judge_progress_cb)(struct judge *j, enum judge_stage stage, unsigned test,
                                  unsigned of, void *data);
/* Called once per accepted judge_start(), later, from the loop. */
typedef void (*judge_done_cb)(struct judge *j, const struct judge_result *res, void *data);
/* status 0 with the checker binary (borrowed), or a negative errno with a
 * reason in msg (the checker does not compile: -EINVAL). */
typedef void (*judge_checker_cb)(struct judge *j, int status, const char *bin, size_t len,
                                 const char *msg, void *data);

/* status 0 once the validator is built into its directory, or a negative
 * errno with a reason in msg (it does not compile: -EINVAL). */
typedef void (*judge_validator_cb)(struct judge *j, int status, const char *msg, void *data);
/* status 0 when the input validator ran: valid says whether it accepted the
 * input (exit 42), why says otherwise (its exit, its first stderr line); a
 * negative errno when it could not be run. */
typedef void (*judge_input_cb)(struct judge *j, int status, bool valid, const char *why,
                               void *data);

/* A judge for slot, writing its scratch files (program output, compiler
 * output) to scratch_dir, a host directory outside every box that must exist.
 * Both are borrowed for the judge's lifetime. */
struct judge *judge_new(struct sandbox_slot *slot, const char *scratch_dir);
/* Lends the judge a second slot (borrowed for its lifetime), where a package's
 * output validator runs, beside the submission for an interactive problem.
 * A judge without one fails such problems as internal errors. */
void judge_set_aux(struct judge *j, struct sandbox_slot *aux);
/* Must not be called while busy (free the sandbox first: the callback comes
 * with res->cancelled). judge_free(NULL) does nothing. */
void judge_free(struct judge *j);

/* Judges code (borrowed only during the call) in lang against p. Returns 0 and
 * calls done once later, or a negative errno and never calls it. */
int judge_start(struct judge *j, const struct lang *lang, const char *code, size_t len,
                const struct judge_problem *p, judge_progress_cb progress, judge_done_cb done,
                void *data);

/* Compiles a custom checker's C source (borrowed during the call) in the
 * slot. Same contract as judge_start(). */
int judge_build_checker(struct judge *j, const char *source, size_t len, judge_checker_cb cb,
                        void *data);

/* Compiles a package's output validator (v: its language and files, borrowed
 * until the callback) in the slot, with its language's compiler as a
 * submission is, and copies what the box then holds (sources and binaries)
 * into the host directory dest, which must not exist yet: the validator of a
 * test runs from there (judge_problem.tests->dir/validator). Same contract as
 * judge_start(). */
int judge_build_validator(struct judge *j, const struct plan_files *v, const char *dest,
                          judge_validator_cb cb, void *data);

/* Runs a package's input validator, built by judge_build_validator() into
 * the host directory dir (v: its language and files), on the host file in:
 * `validator [args] < in` (args NULL-terminated, may be NULL), in the slot,
 * with the package's validation limits (cpu_ms, memory_mb). Exit 42 is a
 * valid input. Same contract as judge_start(). */
int judge_check_input(struct judge *j, const struct plan_files *v, const char *dir, const char *in,
                      const char *const *args, uint32_t cpu_ms, uint32_t memory_mb,
                      judge_input_cb cb, void *data);

/* status 0 when the checker ran: match 1 (accepted), 0 (rejected), or -1
 * when the checker itself failed (why says how: its exit, a limit); a
 * negative errno when it could not be run. */
typedef void (*judge_output_cb)(struct judge *j, int status, int match, const char *why,
                                void *data);

/* A problem's own checker program on one output, outside judging (a run's
 * "match", worker/run.c), in the judge's slot, as judging runs it: */
struct judge_output_check {
    /* NULL: a custom checker, the host file checker (built by
     * judge_build_checker()), run as `checker input expected output`, exit 0
     * accepted, 1 rejected. Else a package's output validator (its language
     * and files), built by judge_build_validator() into the host directory
     * checker, run as `validator input answer feedback_dir < output`, exit 42
     * accepted, 43 rejected. Anything else is the checker's failure. */
    const struct plan_files *validator;
    const char *checker;
    const char *input, *answer, *output; /* host files */
    uint32_t cpu_ms;
};

/* Runs c (borrowed during the call). Same contract as judge_start(). */
int judge_check_output(struct judge *j, const struct judge_output_check *c, judge_output_cb cb,
                       void *data);

#endif
