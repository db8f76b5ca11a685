/* A problem's own checker program on one output outside judging: a run's
 * "match" (issue 13, "Run on your own input"). The same protocols and limits
 * as judging (custom.c, validator.c), on host files the caller names rather
 * than a cached test, in the judge's own slot. */
#include "judge/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define OUTPUT_CHECK_MIN_CPU_MS 5000
#define OUTPUT_VALIDATOR_AC 42
#define OUTPUT_VALIDATOR_WA 43

static void output_on_done(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                           void *data)
{
    (void)slot;
    struct judge *j = data;
    j->step = STEP_IDLE;
    bool validator = j->val.lang != NULL;
    if (status < 0) {
        j->output_done(j, status, -1, "the checker could not be run", j->data);
        return;
    }
    bool exited = res->verdict == SANDBOX_VERDICT_RE && res->signal == 0;
    int accept = validator ? OUTPUT_VALIDATOR_AC : 0, reject = validator ? OUTPUT_VALIDATOR_WA : 1;
    if (!validator && res->verdict == SANDBOX_VERDICT_OK) {
        j->output_done(j, 0, 1, "", j->data);
        return;
    }
    if (exited && (res->exit_code == accept || res->exit_code == reject)) {
        j->output_done(j, 0, res->exit_code == accept, "", j->data);
        return;
    }
    char how[64], why[160];
    judge__describe_exit(how, sizeof(how), res);
    snprintf(why, sizeof(why), "%s failed (%s, %s)", validator ? "output validator" : "checker",
             sandbox_verdict_name(res->verdict), how);
    j->output_done(j, 0, -1, why, j->data);
}

/* A custom checker: `checker input expected output`, the four files bound
 * read-only, as custom.c runs it. */
static int output_custom(struct judge *j, const struct judge_output_check *c)
{
    const struct sandbox_bind binds[] = {
        {c->checker, "/judge/checker"},
        {c->input, "/judge/input"},
        {c->answer, "/judge/expected"},
        {c->output, "/judge/output"},
    };
    const char *argv[] = {"/judge/checker", "/judge/input", "/judge/expected", "/judge/output",
                          NULL};
    struct sandbox_spec spec = {
        .argv = argv,
        .binds = binds,
        .nbinds = 4,
        .box_readonly = true,
        .limits = {.cpu_ms = c->cpu_ms,
                   .memory_kb = JUDGE_CHECKER_MEMORY_MB * 1024,
                   .output_kb = 64,
                   .processes = 1},
    };
    return sandbox_run(j->slot, &spec, output_on_done, j);
}

/* A package's output validator: `validator input answer feedback_dir <
 * output`, its built directory at /judge/validator (its working directory),
 * as validator.c runs it; its feedback goes to the box and is not read. */
static int output_validator(struct judge *j, const struct judge_output_check *c)
{
    int rc = judge__program_of(&j->val, c->validator, JUDGE_CHECKER_MEMORY_MB);
    if (rc < 0 || (rc = sandbox_slot_reset(j->slot)) < 0 ||
        (rc = sandbox_slot_mkdir(j->slot, "feedback", 0755)) < 0)
        return rc;
    const char *argv[JUDGE_ARGV_ROOM + 1];
    size_t n = 0;
    for (; j->val.run.argv[n] && n + 3 < JUDGE_ARGV_ROOM; n++)
        argv[n] = j->val.run.argv[n];
    argv[n++] = "/judge/input";
    argv[n++] = "/judge/answer";
    argv[n++] = "/box/feedback/";
    argv[n] = NULL;
    const char *envp[JUDGE_MAX_ENV];
    judge__lang_env(j->val.lang, envp);
    const struct sandbox_bind binds[] = {
        {c->checker, "/judge/validator"},
        {c->input, "/judge/input"},
        {c->answer, "/judge/answer"},
    };
    int fd = sandbox_slot_open_stream(j->slot, c->output, O_RDONLY | O_NOFOLLOW, 0);
    if (fd < 0)
        return fd;
    struct sandbox_spec spec = {
        .argv = argv,
        .envp = envp,
        .cwd = "/judge/validator",
        .stdin_fd = fd,
        .binds = binds,
        .nbinds = 3,
        .limits = {.cpu_ms = c->cpu_ms,
                   .memory_kb =
                       (uint64_t)(JUDGE_CHECKER_MEMORY_MB + j->val.lang->memory_extra_mb) * 1024,
                   .output_kb = 64,
                   .file_size_kb = 1024,
                   .processes = (uint32_t)j->val.lang->processes},
    };
    rc = sandbox_run(j->slot, &spec, output_on_done, j);
    close(fd);
    return rc;
}

int judge_check_output(struct judge *j, const struct judge_output_check *c, judge_output_cb cb,
                       void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    struct judge_output_check lim = *c;
    if (lim.cpu_ms < OUTPUT_CHECK_MIN_CPU_MS)
        lim.cpu_ms = OUTPUT_CHECK_MIN_CPU_MS;
    memset(&j->val, 0, sizeof(j->val));
    int rc = c->validator ? output_validator(j, &lim) : output_custom(j, &lim);
    if (rc == 0) {
        j->step = STEP_OUTPUT_CHECK;
        j->output_done = cb;
        j->data = data;
    }
    return rc;
}
