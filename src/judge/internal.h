/* Shared between the judge's files: judge.c (the loop: compile, each test,
 * the built-in checks), custom.c (a problem's custom checker), program.c
 * (what goes into the box and the argv that runs it), validator.c and
 * validator_build.c (a package's output validator, built once and run per
 * test), interact.c (an interactive test: the submission and the validator
 * joined by pipes). */
#ifndef JUDGE_INTERNAL_H
#define JUDGE_INTERNAL_H

#include "common/buf.h"
#include "judge/judge.h"
#include "judge/score.h"
#include "package/javaclass.h"

#include <stdbool.h>
#include <stdint.h>

#define JUDGE_MAX_ENV 12
#define JUDGE_FEEDBACK_MAX 4000 /* bytes of a feedback file kept for the result */
#define JUDGE_CHECKER_MEMORY_MB 512
/* The room of a test's argv: the language's, the test's own arguments, and
 * for a validator its three files. */
#define JUDGE_ARGV_ROOM (LANG_ARGV_ROOM + PLAN_ARGS_MAX + 4)

enum judge_step {
    STEP_IDLE,
    STEP_COMPILE,
    STEP_TEST,
    STEP_CHECK,
    STEP_CHECKER_BUILD,
    STEP_VALIDATOR_BUILD,
    STEP_INTERACT,
    STEP_INPUT_CHECK,
    STEP_OUTPUT_CHECK,
};

/* A program of one or more files in a box: what runs it. */
struct judge_program {
    const struct lang *lang;
    char source[JAVACLASS_NAME_MAX + 8]; /* the submission's file */
    char main_class[JAVACLASS_NAME_MAX + 1];
    const char *names[PLAN_FILES_MAX + 1];
    struct lang_files files;
    struct lang_argv run; /* its run argv, before a test's arguments */
};

/* One side of an interactive test, once its run has called back. */
struct judge_side {
    bool done;
    int status;
    struct sandbox_result res;
    uint64_t order; /* 1 for the side that ended first */
};

struct judge {
    struct sandbox_slot *slot;
    struct sandbox_slot *aux; /* output validators' slot, or NULL */
    const char *scratch;
    enum judge_step step;
    const struct lang *lang;
    struct judge_problem prob;
    judge_progress_cb progress;
    judge_done_cb done;
    judge_checker_cb checker_done;
    judge_validator_cb validator_done;
    judge_input_cb input_done;
    judge_output_cb output_done;
    double *group_scores; /* the last scored judging's (judge_result.group_scores) */
    void *data;
    unsigned cur;  /* the test being run or checked (an index of the problem) */
    unsigned nrun; /* tests recorded in tests[] */
    uint32_t compile_wall_ms;
    struct judge_test *tests;
    struct buf compile_out;
    char message[512];
    struct judge_program prog; /* the submission */
    struct judge_program val;  /* the plan's output validator */
    const char *argv[JUDGE_ARGV_ROOM + 1];
    /* The default validator of the last test's validatorArgs. */
    char kattis_args[512];
    struct checker kattis;
    double vscore; /* the test's score.txt, NAN when none */
    struct buf team_message, judge_message;
    bool feedback;              /* the buffers hold the feedback of the test run last */
    struct score *score;        /* a packaged problem's judging order and result */
    int fail_index;             /* the first rejected test, or -1 */
    char (*whys)[128];          /* a packaged problem's: why each rejected test was */
    bool fail_feedback;         /* the buffers hold its feedback */
    struct judge_side sides[2]; /* interactive: the submission, the validator */
    unsigned ended;
    /* Interactive: the read end of the validator's pipe to the submission,
     * held until both have ended, or -1 (interact.c says why). */
    int hold_fd;
    unsigned tests_cap;        /* entries of tests, for tests_free() */
    char dest[CACHE_PATH_MAX]; /* where a validator being built goes */
    /* Lines of driver code before the user's in the compiled source (a
     * function problem's driver_source.line_shift, set where the driver is
     * put in the box), taken off compiler messages' line numbers (shown.c);
     * 0 for a whole program. */
    unsigned line_shift;
    /* The first failed test's data when it is visible (shown.c). */
    bool has_shown;
    struct judge_shown shown;
    struct buf shown_bufs[3]; /* input, expected output, output */
    /* A function problem's (function.c): of the test run last, what the
     * user's code printed and the returned value. */
    struct buf user_out, fresult;
    bool freturned;
};

/* judge.c */
void judge__scratch_path(const struct judge *j, const char *name, char *buf, size_t len);
int judge__scratch_open(const struct judge *j, const char *name);
void judge__lang_env(const struct lang *l, const char *envp[JUDGE_MAX_ENV]);
int judge__run_compile(struct judge *j, const char *const *argv, const struct lang *limits_of,
                       sandbox_run_cb cb);
void judge__read_compile_output(struct judge *j);
void judge__describe_exit(char *buf, size_t len, const struct sandbox_result *res);
/* The sandbox failed under the judging (IE, not the submission's fault). */
void judge__fail(struct judge *j, const char *what, int status, const struct sandbox_result *res);
/* Test j->cur passed / failed with v (why says how); judging goes on with
 * the next test or ends. */
void judge__pass(struct judge *j);
void judge__reject(struct judge *j, enum verdict v, const char *why);
/* The output validator failed on test j->cur: IE, never the user's fault. */
void judge__validator_failed(struct judge *j, const char *why);
/* The verdict of a submission's run that did not end within its limits or
 * with 0 (v, and why), or false when it ended well. */
bool judge__run_failed(struct judge *j, const struct sandbox_result *res, enum verdict *v,
                       char *why, size_t len);
/* The limits of a test run of the submission. */
void judge__test_limits(const struct judge *j, struct sandbox_limits *l);

/* function.c: a function problem's submission (judge/driver.h). */
/* Writes the user's code inside its driver into the box (j->prog, j->line_shift). */
int judge__function_put(struct judge *j, const char *code, size_t len);
/* Takes the test's stdout apart into j->user_out, j->fresult, j->freturned. */
int judge__function_capture(struct judge *j);
/* The run ended well: judge the returned value (or its absence). */
void judge__function_check(struct judge *j);
/* shown.c */
void judge__shown_init(struct judge *j);
void judge__shown_dispose(struct judge *j);
/* Keeps test j->cur's input, expected output and the program's output
 * (capped) when the user may see them: a sample of a problem that is not
 * interactive. Called on the first rejection, before the next run. */
void judge__shown_capture(struct judge *j);
/* The compiler's output (read into j->compile_out) with the box's paths of
 * the submission's file as the user's file name, and line numbers shifted
 * past a driver. */
void judge__compile_output_rewrite(struct judge *j, const char *raw, size_t len, size_t total);

/* custom.c: runs the problem's custom checker on test j->cur's output. */
int judge__checker_start(struct judge *j);

/* program.c */
/* Writes the submission (and the plan's include/ files of its language) into
 * the box and sets j->prog up. */
int judge__program_put(struct judge *j, const char *code, size_t len);
/* Sets p up for the plan's files v (no box writes). */
int judge__program_of(struct judge_program *p, const struct plan_files *v, unsigned mem_mb);
/* The argv of test j->cur: the submission's run argv and the test's args. */
const char *const *judge__test_argv(struct judge *j);

/* validator.c */
/* Starts the output validator on test j->cur's output (in the scratch
 * file "out"). Returns 0 or a negative errno. */
int judge__validator_start(struct judge *j);
/* A validator's run of test j->cur, all it borrows until sandbox_run(). */
struct judge_vrun {
    struct sandbox_spec spec;
    struct sandbox_bind binds[3];
    char paths[3][CACHE_PATH_MAX + 32];
    const char *envp[JUDGE_MAX_ENV];
    const char *argv[JUDGE_ARGV_ROOM + 1];
};
/* Readies the aux slot (a fresh /box holding feedback/) and fills r with the
 * validator's run of test j->cur: `validator input answer feedback_dir
 * [validatorArgs]`, run from its cache directory bound at /validator; the
 * caller sets its streams. Returns 0 or a negative errno. */
int judge__validator_prepare(struct judge *j, struct judge_vrun *r);
/* Reads feedback/ after the validator's run of test j->cur. */
void judge__feedback_read(struct judge *j);
/* Judges test j->cur by the validator's exit: 42 accepted, 43 wrong answer,
 * anything else the judge's failure. */
void judge__validator_judged(struct judge *j, const struct sandbox_result *res);
/* The default validator of test j->cur: the checker field, or "kattis:" and
 * the test's validatorArgs when the plan gives some; NULL when those are not
 * valid flags. */
const struct checker *judge__test_checker(struct judge *j);

/* validator_build.c: copies everything the slot's box holds (sources,
 * binaries, classes) into the host directory dest, which must not exist
 * yet. Returns 0 or a negative errno. */
int judge__box_save(struct sandbox_slot *slot, const char *dest);

/* interact.c */
int judge__interact_start(struct judge *j);

#endif
