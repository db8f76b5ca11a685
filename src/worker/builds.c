/* Custom checkers that an api wants compiled before it writes a problem
 * (store/checker_builds.h): between jobs, the worker takes one request at a
 * time, compiles it on a lane with the checker's sandbox limits (the same
 * judge_build_checker() a job's checker goes through), and answers. It never
 * delays a job by more than one compile: it waits its turn for a lane like a
 * job slot does; a request whose api gave up meanwhile (its deadline
 * passed) is dropped unanswered rather than compiled. */
#include "worker/internal.h"

#include "common/log.h"
#include "store/checker_builds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void builds_on_answered(int status, void *data)
{
    struct worker *w = data;
    if (status < 0)
        log_warn("cannot answer checker build %s: %s", w->build_token, strerror(-status));
    worker__taker_done(&w->takers[WORKER_TAKE_BUILDS]);
}

static void builds_answer(struct worker *w, enum checker_build_outcome outcome, const char *msg)
{
    worker__lane_release(&w->builder);
    free(w->build_src);
    w->build_src = NULL;
    log_info("checker build %s: %s", w->build_token,
             outcome == CHECKER_BUILD_OK      ? "compiled"
             : outcome == CHECKER_BUILD_ERROR ? "does not compile"
                                              : "failed");
    if (checker_builds_answer(w->redis, w->build_token, outcome, msg, builds_on_answered, w) < 0)
        builds_on_answered(-ENOTCONN, w);
}

static void builds_on_built(struct judge *j, int status, const char *bin, size_t len,
                            const char *msg, void *data)
{
    (void)j;
    (void)bin;
    (void)len;
    struct worker *w = data;
    builds_answer(w,
                  status == 0         ? CHECKER_BUILD_OK
                  : status == -EINVAL ? CHECKER_BUILD_ERROR
                                      : CHECKER_BUILD_INTERNAL,
                  msg);
}

static void builds_on_lane(struct wslot *s)
{
    struct worker *w = s->w;
    if (lane_now_ms() >= w->build_deadline) {
        /* Its api answered 503 already: nobody reads the answer. */
        log_info("checker build %s dropped: its deadline passed while it waited for a lane",
                 w->build_token);
        worker__lane_release(&w->builder);
        free(w->build_src);
        w->build_src = NULL;
        worker__taker_done(&w->takers[WORKER_TAKE_BUILDS]);
        return;
    }
    int rc = w->stopping ? -ECANCELED
                         : judge_build_checker(s->judge, w->build_src, strlen(w->build_src),
                                               builds_on_built, w);
    if (rc < 0)
        builds_answer(w, CHECKER_BUILD_INTERNAL, "the worker could not start the compiler");
}

static void builds_on_request(struct wtaker *t, const struct lane_request *req)
{
    struct worker *w = t->w;
    snprintf(w->build_token, sizeof(w->build_token), "%s", req->token);
    w->build_deadline = req->deadline_ms;
    const char *src = checker_builds_source(req);
    if (src == NULL) {
        builds_answer(w, CHECKER_BUILD_INTERNAL, "the request carries no source");
        return;
    }
    w->build_src = xstrdup(src);
    worker__lane_wait(&w->builder, builds_on_lane);
}

/* A request taken as the worker stops (takers.c). */
static int builds_refuse(struct redis *r, const char *token, const char *why,
                         void (*cb)(int status, void *data), void *data)
{
    return checker_builds_answer(r, token, CHECKER_BUILD_INTERNAL, why, cb, data);
}

void worker__builds_init(struct worker *w)
{
    w->builder.w = w;
    w->builder.index = w->nslots; /* not a job slot: only for the logs */
    list_init(&w->builder.wait);
    worker__taker_init(w, &w->takers[WORKER_TAKE_BUILDS], &lane_checker_builds, builds_on_request,
                       builds_refuse);
}
