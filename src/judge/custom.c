/* A problem's custom checker (verdict's own format): compiled once per
 * problem version from its C source, then run on each test's output in the
 * submission's slot: `checker input expected output`, 0 accepted, 1 wrong
 * answer, anything else the checker's failure. */
#include "judge/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define JUDGE_CHECKER_MAX (64u << 20)

static void judge_on_checked(struct sandbox_slot *slot, int status,
                             const struct sandbox_result *res, void *data);
static void judge_on_checker_built(struct sandbox_slot *slot, int status,
                                   const struct sandbox_result *res, void *data);

/* Runs the problem's checker on the current test: input, expected output and
 * the program's output are bound read-only; nothing else of ours is visible. */
int judge__checker_start(struct judge *j)
{
    char in[CACHE_PATH_MAX + 32], exp[CACHE_PATH_MAX + 32], out[CACHE_PATH_MAX + 32],
        bin[CACHE_PATH_MAX + 32];
    cache_test_path(j->prob.tests, j->cur, false, in, sizeof(in));
    cache_test_path(j->prob.tests, j->cur, true, exp, sizeof(exp));
    /* A function problem's output is the value its function returned. */
    judge__scratch_path(j, j->prob.function ? "result" : "out", out, sizeof(out));
    snprintf(bin, sizeof(bin), "%s/checker", j->prob.tests->dir);
    const struct sandbox_bind binds[] = {
        {bin, "/judge/checker"},
        {in, "/judge/input"},
        {exp, "/judge/expected"},
        {out, "/judge/output"},
    };
    const char *argv[] = {"/judge/checker", "/judge/input", "/judge/expected", "/judge/output",
                          NULL};
    uint32_t cpu = j->prob.time_limit_ms * 2;
    struct sandbox_spec spec = {
        .argv = argv,
        .binds = binds,
        .nbinds = 4,
        .box_readonly = true,
        .pinned = true,
        .limits =
            {
                .cpu_ms = cpu < 5000 ? 5000 : cpu,
                .memory_kb = JUDGE_CHECKER_MEMORY_MB * 1024,
                .output_kb = 64,
                .processes = 1,
            },
    };
    int rc = sandbox_run(j->slot, &spec, judge_on_checked, j);
    if (rc == 0)
        j->step = STEP_CHECK;
    return rc;
}

static void judge_on_checked(struct sandbox_slot *slot, int status,
                             const struct sandbox_result *res, void *data)
{
    (void)slot;
    struct judge *j = data;
    if (status < 0) {
        judge__fail(j, "checker", status, res);
        return;
    }
    if (res->verdict == SANDBOX_VERDICT_OK) {
        judge__pass(j);
        return;
    }
    if (res->verdict == SANDBOX_VERDICT_RE && res->signal == 0 && res->exit_code == 1) {
        judge__reject(j, VERDICT_WA, "wrong answer");
        return;
    }
    /* The checker itself failed: not the submission's fault. */
    char why[160], how[64];
    judge__describe_exit(how, sizeof(how), res);
    snprintf(why, sizeof(why), "checker failed (%s, %s)", sandbox_verdict_name(res->verdict), how);
    judge__reject(j, VERDICT_IE, why);
}

/*** Custom checkers ***/

int judge_build_checker(struct judge *j, const char *source, size_t len, judge_checker_cb cb,
                        void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    const struct lang *c = lang_find("c");
    int rc = sandbox_slot_reset(j->slot);
    if (rc < 0)
        return rc;
    if ((rc = sandbox_slot_write(j->slot, "checker.c", source, len, 0644)) < 0)
        return rc;
    static const char *const argv[] = {"/usr/bin/gcc", "-O2",       "-std=c17", "-pipe", "-o",
                                       "checker",      "checker.c", "-lm",      NULL};
    if ((rc = judge__run_compile(j, argv, c, judge_on_checker_built)) < 0)
        return rc;
    j->checker_done = cb;
    j->data = data;
    j->step = STEP_CHECKER_BUILD;
    return 0;
}

static void judge_on_checker_built(struct sandbox_slot *slot, int status,
                                   const struct sandbox_result *res, void *data)
{
    struct judge *j = data;
    j->step = STEP_IDLE;
    char msg[4200];
    if (status < 0) {
        snprintf(msg, sizeof(msg), "cannot compile the checker: %s", strerror(-status));
        j->checker_done(j, status, NULL, 0, msg, j->data);
        return;
    }
    if (res->verdict != SANDBOX_VERDICT_OK) {
        judge__read_compile_output(j);
        snprintf(msg, sizeof(msg), "the checker does not compile (%s): %s",
                 sandbox_verdict_name(res->verdict),
                 j->compile_out.data ? j->compile_out.data : "");
        j->checker_done(j, -EINVAL, NULL, 0, msg, j->data);
        return;
    }
    struct buf bin;
    buf_init(&bin);
    int rc = sandbox_slot_read(slot, "checker", JUDGE_CHECKER_MAX, &bin);
    if (rc < 0) {
        snprintf(msg, sizeof(msg), "cannot read the compiled checker: %s", strerror(-rc));
        j->checker_done(j, rc, NULL, 0, msg, j->data);
    } else {
        j->checker_done(j, 0, bin.data, bin.len, "", j->data);
    }
    buf_dispose(&bin);
}
