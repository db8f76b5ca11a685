/* An interactive test: the submission (main slot) and the output validator
 * (aux slot) run at once, joined by two pipes, the validator's stdout to the
 * submission's stdin and back. Each pipe end lives in one run alone (the
 * worker closes its copies once both runs hold theirs, and an init keeps none
 * of another run's), so a side that ends closes its ends: the other reads an
 * end of file or dies of SIGPIPE, and no one waits for a partner that is gone
 * longer than its own limits allow. But for one end, as problemtools keeps
 * it: the judge holds the read end of the validator's pipe to the submission
 * until both have ended, so a validator writing after the submission exited
 * is not killed by SIGPIPE (a judge error) but reads the end of the
 * submission's output, and judges that, as Kattis does.
 *
 * The verdict, as Kattis gives it: a submission that fails (RE, TLE, MLE,
 * OLE) before the validator ends has that verdict; a validator that ends
 * first decides: 43 wrong answer whatever the submission does next, 42 the
 * submission's own outcome (accepted unless it then fails); any other end of
 * the validator is the judge's failure. The time is the submission's. */
#include "judge/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INTERACT_WALL_MARGIN_MS 2000 /* the validator outlives the submission's limit */

enum { SIDE_SUB, SIDE_VAL };

static void interact_decide(struct judge *j)
{
    const struct judge_side *s = &j->sides[SIDE_SUB], *v = &j->sides[SIDE_VAL];
    if (j->hold_fd >= 0) {
        close(j->hold_fd);
        j->hold_fd = -1;
    }
    if (s->status < 0 || v->status == -ECANCELED) {
        judge__fail(j, "run", s->status < 0 ? s->status : v->status, &s->res);
        return;
    }
    struct judge_test *t = &j->tests[j->nrun];
    t->time_ms = s->res.cpu_ms;
    t->memory_kb = (uint32_t)(s->res.memory_kb > UINT32_MAX ? UINT32_MAX : s->res.memory_kb);
    t->exit_code = s->res.exit_code;
    t->signal = s->res.signal;
    if (v->status < 0) {
        judge__fail(j, "output validator", v->status, &v->res);
        return;
    }
    judge__feedback_read(j);
    enum verdict sv;
    char why[128];
    bool failed = judge__run_failed(j, &s->res, &sv, why, sizeof(why));
    bool accepted =
        v->res.verdict == SANDBOX_VERDICT_RE && v->res.signal == 0 && v->res.exit_code == 42;
    /* The runs' callbacks come in the order they ended, but for one race:
     * the validator's end closes the pipe the submission writes to at once,
     * and a SIGPIPE may end it before the validator's run has reported. A
     * submission killed by SIGPIPE outlived its validator. */
    bool sub_first = s->order == 1 && s->res.signal != SIGPIPE;
    if (failed && (sub_first || accepted)) {
        /* The submission's own failure decides: what the validator wrote
         * about the broken exchange is no feedback on an answer. */
        j->feedback = false;
        judge__reject(j, sv, why);
    } else {
        judge__validator_judged(j, &v->res);
    }
}

static void interact_side_done(struct judge *j, int k, int status, const struct sandbox_result *res)
{
    struct judge_side *side = &j->sides[k];
    side->done = true;
    side->status = status;
    if (res)
        side->res = *res;
    side->order = ++j->ended;
    if (j->sides[!k].done)
        interact_decide(j);
}

static void interact_on_submission(struct sandbox_slot *slot, int status,
                                   const struct sandbox_result *res, void *data)
{
    (void)slot;
    interact_side_done(data, SIDE_SUB, status, res);
}

static void interact_on_validator(struct sandbox_slot *slot, int status,
                                  const struct sandbox_result *res, void *data)
{
    (void)slot;
    interact_side_done(data, SIDE_VAL, status, res);
}

/* Starts the submission with its ends of the pipes. */
static int start_submission(struct judge *j, int in, int out)
{
    int err = judge__scratch_open(j, "err");
    if (err < 0)
        return err;
    const char *envp[JUDGE_MAX_ENV];
    judge__lang_env(j->lang, envp);
    struct sandbox_spec spec = {
        .argv = judge__test_argv(j),
        .envp = envp,
        .stdin_fd = in,
        .stdout_fd = out,
        .stderr_fd = err,
        .box_readonly = true,
        .pinned = true,
    };
    judge__test_limits(j, &spec.limits);
    int rc = sandbox_run(j->slot, &spec, interact_on_submission, j);
    close(err);
    return rc;
}

/* Starts the validator with the other ends. */
static int start_validator(struct judge *j, struct judge_vrun *r, int in, int out)
{
    struct sandbox_limits sub;
    judge__test_limits(j, &sub);
    sandbox_limits_fill(&sub);
    r->spec.stdin_fd = in;
    r->spec.stdout_fd = out;
    /* Waiting for the submission costs it no CPU, but wall clock: it may
     * wait for as long as the submission may run, and then some. */
    r->spec.limits.wall_ms = sub.wall_ms + INTERACT_WALL_MARGIN_MS;
    return sandbox_run(j->aux, &r->spec, interact_on_validator, j);
}

static void close_pipes(int to_sub[2], int from_sub[2])
{
    for (int i = 0; i < 2; i++) {
        if (to_sub[i] >= 0)
            close(to_sub[i]);
        if (from_sub[i] >= 0)
            close(from_sub[i]);
    }
}

int judge__interact_start(struct judge *j)
{
    struct judge_vrun *r = xmalloc(sizeof(*r));
    int to_sub[2] = {-1, -1}, from_sub[2] = {-1, -1};
    int rc = judge__validator_prepare(j, r);
    if (rc == 0 && (pipe2(to_sub, O_CLOEXEC) < 0 || pipe2(from_sub, O_CLOEXEC) < 0))
        rc = -errno;
    if (rc == 0)
        rc = start_submission(j, to_sub[0], from_sub[1]);
    if (rc == 0) {
        memset(j->sides, 0, sizeof(j->sides));
        j->ended = 0;
        j->step = STEP_INTERACT;
        int vrc = start_validator(j, r, from_sub[0], to_sub[1]);
        j->hold_fd = to_sub[0];
        to_sub[0] = -1;
        /* The submission runs: its callback comes, and with this the
         * judging ends as the judge's failure. */
        if (vrc < 0)
            interact_side_done(j, SIDE_VAL, vrc, NULL);
    }
    close_pipes(to_sub, from_sub);
    free(r);
    return rc;
}
