/* A package's output validator, run on each test in the aux slot by the
 * Kattis protocol: `validator input answer feedback_dir [args] < output`,
 * exit 42 accepted, 43 wrong answer, anything else the judge's failure; its
 * feedback files are read back from the slot's /box. Also the default
 * validator with a test's own flags. */
#include "judge/internal.h"

#include "common/alloc.h"

#include "judge/text.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VALIDATOR_EXIT_AC 42
#define VALIDATOR_EXIT_WA 43
#define VALIDATOR_MIN_CPU_MS 5000
#define VALIDATOR_FILE_KB 1024 /* what it may write to its feedback files */

int judge__validator_prepare(struct judge *j, struct judge_vrun *r)
{
    if (j->aux == NULL)
        return -ENODEV;
    if (!j->prob.tests->has_validator || j->prob.plan == NULL || !j->prob.plan->validator)
        return -ENOENT;
    int rc = judge__program_of(&j->val, j->prob.plan->validator, JUDGE_CHECKER_MEMORY_MB);
    if (rc < 0 || (rc = sandbox_slot_reset(j->aux)) < 0 ||
        (rc = sandbox_slot_mkdir(j->aux, "feedback", 0755)) < 0)
        return rc;
    /* One bind, the version's directory: a mount costs the run's start
     * more than a path (bench/interact). The validator is the problem's
     * own, trusted with all its tests. */
    r->binds[0] = (struct sandbox_bind){j->prob.tests->dir, "/judge"};
    cache_test_path(j->prob.tests, j->cur, false, r->paths[1], sizeof(r->paths[1]));
    cache_test_path(j->prob.tests, j->cur, true, r->paths[2], sizeof(r->paths[2]));
    snprintf(r->paths[0], sizeof(r->paths[0]), "/judge/%s", strrchr(r->paths[1], '/') + 1);
    snprintf(r->paths[1], sizeof(r->paths[1]), "/judge/%s", strrchr(r->paths[2], '/') + 1);
    size_t n = 0;
    for (; j->val.run.argv[n]; n++)
        r->argv[n] = j->val.run.argv[n];
    r->argv[n++] = r->paths[0];
    r->argv[n++] = r->paths[1];
    r->argv[n++] = "/box/feedback/";
    const struct plan_test *t = &j->prob.plan->tests[j->cur];
    for (size_t i = 0; i < t->nvalidator_args && n < JUDGE_ARGV_ROOM; i++)
        r->argv[n++] = t->validator_args[i];
    r->argv[n] = NULL;
    judge__lang_env(j->val.lang, r->envp);
    uint32_t cpu = j->prob.time_limit_ms * 2;
    r->spec = (struct sandbox_spec){
        .argv = r->argv,
        .envp = r->envp,
        .cwd = "/judge/validator",
        .binds = r->binds,
        .nbinds = 1,
        .limits =
            {
                .cpu_ms = cpu < VALIDATOR_MIN_CPU_MS ? VALIDATOR_MIN_CPU_MS : cpu,
                .memory_kb =
                    (uint64_t)(JUDGE_CHECKER_MEMORY_MB + j->val.lang->memory_extra_mb) * 1024,
                .output_kb = 64,
                .file_size_kb = VALIDATOR_FILE_KB,
                .processes = (uint32_t)j->val.lang->processes,
            },
    };
    return 0;
}

static void validator_on_done(struct sandbox_slot *slot, int status,
                              const struct sandbox_result *res, void *data)
{
    (void)slot;
    struct judge *j = data;
    if (status < 0) {
        judge__fail(j, "output validator", status, res);
        return;
    }
    judge__feedback_read(j);
    judge__validator_judged(j, res);
}

int judge__validator_start(struct judge *j)
{
    struct judge_vrun *r = xmalloc(sizeof(*r));
    char out[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, "out", out, sizeof(out));
    int rc = judge__validator_prepare(j, r);
    int in = rc < 0 ? rc : sandbox_slot_open_stream(j->aux, out, O_RDONLY | O_NOFOLLOW, 0);
    if (in >= 0) {
        r->spec.stdin_fd = in;
        r->spec.pinned = true;
        rc = sandbox_run(j->aux, &r->spec, validator_on_done, j);
        close(in);
    } else {
        rc = in;
    }
    free(r);
    if (rc == 0)
        j->step = STEP_CHECK;
    return rc;
}

/* Reads feedback/name (its first JUDGE_FEEDBACK_MAX bytes, as valid UTF-8)
 * into out; empty when there is none. */
static void feedback_file(struct judge *j, const char *name, struct buf *out)
{
    buf_reset(out);
    char path[64];
    snprintf(path, sizeof(path), "feedback/%s", name);
    int fd = sandbox_slot_open(j->aux, path, O_RDONLY, 0);
    if (fd < 0)
        return;
    char tmp[JUDGE_FEEDBACK_MAX];
    ssize_t n = read(fd, tmp, sizeof(tmp));
    struct stat st;
    size_t total = fstat(fd, &st) == 0 ? (size_t)st.st_size : 0;
    close(fd);
    if (n > 0)
        text_trim(tmp, (size_t)n, total > (size_t)n ? total : (size_t)n, JUDGE_FEEDBACK_MAX, out);
}

void judge__feedback_read(struct judge *j)
{
    /* Once a test was rejected, its feedback is the one the result shows:
     * later tests (a scoring problem goes on) leave it be. */
    if (j->fail_index < 0) {
        feedback_file(j, "teammessage.txt", &j->team_message);
        feedback_file(j, "judgemessage.txt", &j->judge_message);
        j->feedback = true;
    }
    if (j->prob.run_all) {
        struct buf m;
        buf_init(&m);
        feedback_file(j, "judgemessage.txt", &m);
        free(j->tests[j->nrun].judge_message);
        j->tests[j->nrun].judge_message = m.len ? buf_steal(&m) : NULL;
        buf_dispose(&m);
    }
    struct buf score;
    buf_init(&score);
    feedback_file(j, "score.txt", &score);
    char *end = NULL;
    double v = score.len ? strtod(score.data, &end) : NAN;
    while (end && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
        end++;
    j->vscore = end && *end == '\0' && isfinite(v) ? v : NAN;
    buf_dispose(&score);
}

void judge__validator_judged(struct judge *j, const struct sandbox_result *res)
{
    bool exited = res->verdict == SANDBOX_VERDICT_RE && res->signal == 0;
    if (exited && res->exit_code == VALIDATOR_EXIT_AC) {
        judge__pass(j);
        return;
    }
    if (exited && res->exit_code == VALIDATOR_EXIT_WA) {
        judge__reject(j, VERDICT_WA, "wrong answer");
        return;
    }
    char why[160], how[64];
    judge__describe_exit(how, sizeof(how), res);
    snprintf(why, sizeof(why), "output validator failed (%s, %s)",
             sandbox_verdict_name(res->verdict), how);
    judge__validator_failed(j, why);
}

const struct checker *judge__test_checker(struct judge *j)
{
    const struct plan *p = j->prob.plan;
    if (p == NULL || p->tests[j->cur].nvalidator_args == 0)
        return &j->prob.checker;
    char flags[sizeof(j->kattis_args)];
    size_t used = (size_t)snprintf(flags, sizeof(flags), "kattis:");
    const struct plan_test *t = &p->tests[j->cur];
    for (size_t i = 0; i < t->nvalidator_args; i++) {
        int n = snprintf(flags + used, sizeof(flags) - used, "%s%s", i ? " " : "",
                         t->validator_args[i]);
        if (n < 0 || (size_t)n >= sizeof(flags) - used)
            return NULL;
        used += (size_t)n;
    }
    /* Tests of a group share their flags: parsed again only when they change. */
    if (strcmp(flags, j->kattis_args) != 0) {
        if (checker_parse(flags, &j->kattis) < 0) {
            j->kattis_args[0] = '\0';
            return NULL;
        }
        memcpy(j->kattis_args, flags, used + 1);
    }
    return &j->kattis;
}
