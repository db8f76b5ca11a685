/* A package's input validators on its test inputs (the spec's "Input
 * validators"): `validator [args] < input`, exit 42 valid, anything else
 * not; run at import, in the judge's own slot. */
#include "judge/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT_VALID_EXIT 42
#define INPUT_WHY_MAX 200 /* of the validator's stderr shown */

/* The first line of what the validator wrote to stderr, for the message. */
static void input_first_line(struct judge *j, char *buf, size_t len)
{
    buf[0] = '\0';
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, "err", path, sizeof(path));
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    char tmp[INPUT_WHY_MAX + 1];
    ssize_t n = read(fd, tmp, INPUT_WHY_MAX);
    close(fd);
    if (n <= 0)
        return;
    tmp[n] = '\0';
    tmp[strcspn(tmp, "\n")] = '\0';
    for (char *c = tmp; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
    snprintf(buf, len, ": %s", tmp);
}

static void input_on_done(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                          void *data)
{
    (void)slot;
    struct judge *j = data;
    j->step = STEP_IDLE;
    if (status < 0) {
        j->input_done(j, status, false, "the input validator could not be run", j->data);
        return;
    }
    bool valid = res->verdict == SANDBOX_VERDICT_RE && res->signal == 0 &&
                 res->exit_code == INPUT_VALID_EXIT;
    char why[320] = "", how[64], line[INPUT_WHY_MAX + 8];
    if (!valid) {
        judge__describe_exit(how, sizeof(how), res);
        input_first_line(j, line, sizeof(line));
        snprintf(why, sizeof(why), "%s (%s)%s",
                 res->verdict == SANDBOX_VERDICT_OK || res->verdict == SANDBOX_VERDICT_RE
                     ? "not accepted"
                     : sandbox_verdict_name(res->verdict),
                 how, line);
    }
    j->input_done(j, 0, valid, why, j->data);
}

int judge_check_input(struct judge *j, const struct plan_files *v, const char *dir, const char *in,
                      const char *const *args, uint32_t cpu_ms, uint32_t memory_mb,
                      judge_input_cb cb, void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    struct judge_program prog;
    int rc = judge__program_of(&prog, v, memory_mb);
    if (rc < 0)
        return rc;
    const char *argv[JUDGE_ARGV_ROOM + 1];
    size_t n = 0;
    for (; prog.run.argv[n] && n < JUDGE_ARGV_ROOM; n++)
        argv[n] = prog.run.argv[n];
    for (size_t i = 0; args && args[i] && n < JUDGE_ARGV_ROOM; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    const char *envp[JUDGE_MAX_ENV];
    judge__lang_env(prog.lang, envp);
    struct sandbox_bind bind = {dir, "/judge/validator"};
    int fd = sandbox_slot_open_stream(j->slot, in, O_RDONLY | O_NOFOLLOW, 0);
    if (fd < 0)
        return fd;
    int err = judge__scratch_open(j, "err");
    struct sandbox_spec spec = {
        .argv = argv,
        .envp = envp,
        .cwd = "/judge/validator",
        .stdin_fd = fd,
        .stderr_fd = err,
        .binds = &bind,
        .nbinds = 1,
        .box_readonly = true,
        .limits = {.cpu_ms = cpu_ms,
                   .memory_kb = ((uint64_t)memory_mb + (uint64_t)prog.lang->memory_extra_mb) * 1024,
                   .output_kb = 1024,
                   .processes = (uint32_t)prog.lang->processes},
    };
    rc = err < 0 ? err : sandbox_run(j->slot, &spec, input_on_done, j);
    if (err >= 0)
        close(err);
    close(fd);
    if (rc == 0) {
        j->step = STEP_INPUT_CHECK;
        j->input_done = cb;
        j->data = data;
    }
    return rc;
}
