/* Runs' inputs an api wants checked by their problem's input validators
 * before it queues the run (store/input_checks.h, README "Runs"): between
 * jobs, the worker takes one request at a time, reads the problem's plan,
 * and checks the input on a lane (inputs.c: each validator built once per
 * problem version and kept), then answers. Like a checker build, it waits
 * its turn for a lane as a job slot does, so it never delays a job by more
 * than one check. A request whose api gave up while it waited for a lane
 * (its deadline passed) is dropped unanswered rather than checked. */
#include "worker/internal.h"

#include "common/log.h"
#include "store/input_checks.h"
#include "store/runs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The request in hand (w->check). */
struct winputcheck {
    char token[LANE_TOKEN_MAX];
    uint64_t deadline_ms;
    char *problem;
    char *input;
    size_t input_len;
    struct plan *plan;
    int version;
    char path[CACHE_PATH_MAX + 16]; /* the input in the lane's scratch, "" for none */
};

static void checks_on_answered(int status, void *data)
{
    struct worker *w = data;
    struct winputcheck *c = w->check;
    if (status < 0)
        log_warn("cannot answer input check %s: %s", c->token, strerror(-status));
    free(c->problem);
    free(c->input);
    plan_free(c->plan);
    free(c);
    w->check = NULL;
    worker__taker_done(&w->takers[WORKER_TAKE_CHECKS]);
}

/* True (and the request dropped, unanswered) when its api gave up. */
static bool checks_expired(struct worker *w)
{
    struct winputcheck *c = w->check;
    if (lane_now_ms() < c->deadline_ms)
        return false;
    log_info("input check %s for %s dropped: its deadline passed", c->token, c->problem);
    worker__lane_release(&w->checker);
    checks_on_answered(0, w);
    return true;
}

static void checks_answer(struct worker *w, enum input_check_outcome outcome, const char *msg)
{
    struct winputcheck *c = w->check;
    if (c->path[0]) {
        (void)unlink(c->path);
        c->path[0] = '\0';
    }
    worker__lane_release(&w->checker);
    log_info("input check %s for %s: %s", c->token, c->problem,
             outcome == INPUT_CHECK_VALID      ? "valid"
             : outcome == INPUT_CHECK_REJECTED ? "rejected"
                                               : "failed");
    if (input_checks_answer(w->redis, c->token, outcome, msg, checks_on_answered, w) < 0)
        checks_on_answered(-ENOTCONN, w);
}

static void checks_on_checked(struct wslot *s, int status, const char *why, void *data)
{
    (void)data;
    checks_answer(s->w,
                  status == 0   ? INPUT_CHECK_VALID
                  : status == 1 ? INPUT_CHECK_REJECTED
                                : INPUT_CHECK_INTERNAL,
                  why);
}

static int checks_write(struct winputcheck *c, const char *scratch)
{
    snprintf(c->path, sizeof(c->path), "%s/check.in", scratch);
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    size_t done = 0;
    while (done < c->input_len) {
        ssize_t n = write(fd, c->input + done, c->input_len - done);
        if (n < 0) {
            int e = -errno;
            close(fd);
            return e;
        }
        done += (size_t)n;
    }
    return close(fd) < 0 ? -errno : 0;
}

static void checks_on_lane(struct wslot *s)
{
    struct worker *w = s->w;
    struct winputcheck *c = w->check;
    if (checks_expired(w))
        return;
    if (w->stopping) {
        checks_answer(w, INPUT_CHECK_INTERNAL, "the worker is stopping");
        return;
    }
    if (checks_write(c, s->lane->scratch) < 0) {
        checks_answer(w, INPUT_CHECK_INTERNAL, "the worker cannot write the input");
        return;
    }
    worker__inputs_check(s, c->plan, c->problem, c->version, c->path, checks_on_checked, NULL);
}

static void checks_on_problem(int status, const struct runs_problem *p, void *data)
{
    struct worker *w = data;
    struct winputcheck *c = w->check;
    char why[240];
    if (status < 0) {
        snprintf(why, sizeof(why), "cannot read problem %s: %s", c->problem,
                 status == -ENOENT ? "unknown or deleted" : strerror(-status));
        checks_answer(w, INPUT_CHECK_INTERNAL, why);
        return;
    }
    if (p->judging) {
        c->plan = plan_parse(p->judging, p->judging_len, p->ntests, why, sizeof(why));
        if (c->plan == NULL) {
            checks_answer(w, INPUT_CHECK_INTERNAL, "the problem's judging plan is not valid");
            return;
        }
    }
    if (c->plan == NULL || c->plan->ninput_validators == 0) {
        checks_answer(w, INPUT_CHECK_VALID, NULL); /* nothing to check it with */
        return;
    }
    c->version = p->version;
    worker__lane_wait(&w->checker, checks_on_lane);
}

static void checks_on_request(struct wtaker *t, const struct lane_request *req)
{
    struct worker *w = t->w;
    struct winputcheck *c = xcalloc(1, sizeof(*c));
    w->check = c;
    snprintf(c->token, sizeof(c->token), "%s", req->token);
    c->deadline_ms = req->deadline_ms;
    struct input_check_request in;
    if (!input_checks_parse(req, &in)) {
        c->problem = xstrdup("?");
        checks_answer(w, INPUT_CHECK_INTERNAL, "the request lacks its problem or input");
        return;
    }
    c->problem = xstrdup(in.problem);
    c->input = xstrndup(in.input, in.input_len);
    c->input_len = in.input_len;
    int rc = runs_problem(w->pg, c->problem, checks_on_problem, w);
    if (rc < 0)
        checks_on_problem(rc, NULL, w);
}

/* A request taken as the worker stops (takers.c). */
static int checks_refuse(struct redis *r, const char *token, const char *why,
                         void (*cb)(int status, void *data), void *data)
{
    return input_checks_answer(r, token, INPUT_CHECK_INTERNAL, why, cb, data);
}

void worker__checks_init(struct worker *w)
{
    w->checker.w = w;
    w->checker.index = w->nslots + 1; /* not a job slot: only for the logs */
    list_init(&w->checker.wait);
    worker__taker_init(w, &w->takers[WORKER_TAKE_CHECKS], &lane_input_checks, checks_on_request,
                       checks_refuse);
}
