/* Custom checkers that an api wants compiled before it writes a problem
 * (store/checker_builds.h): between jobs, the worker takes one request at a
 * time, compiles it on a lane with the checker's sandbox limits (the same
 * judge_build_checker() a job's checker goes through), and answers. It never
 * delays a job by more than one compile: it waits its turn for a lane like a
 * job slot does. */
#include "worker/internal.h"

#include "common/log.h"
#include "store/checker_builds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILDS_EVERY_MS 200

static void builds_on_answered(int status, void *data)
{
    struct worker *w = data;
    if (status < 0)
        log_warn("cannot answer checker build %s: %s", w->build_token, strerror(-status));
    w->building = false;
    worker__maybe_exit(w);
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
    int rc = w->stopping ? -ECANCELED
                         : judge_build_checker(s->judge, w->build_src, strlen(w->build_src),
                                               builds_on_built, w);
    if (rc < 0)
        builds_answer(w, CHECKER_BUILD_INTERNAL, "the worker could not start the compiler");
}

static void builds_on_take(int status, const char *token, const char *source, size_t len,
                           void *data)
{
    struct worker *w = data;
    if (status < 0 || token == NULL || w->stopping) {
        w->building = false;
        worker__maybe_exit(w);
        return;
    }
    snprintf(w->build_token, sizeof(w->build_token), "%s", token);
    w->build_src = xstrndup(source, len);
    worker__lane_wait(&w->builder, builds_on_lane);
}

static void builds_on_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (w->building || w->stopping || !redis_connected(w->redis))
        return;
    w->building = true;
    if (checker_builds_take(w->redis, builds_on_take, w) < 0)
        w->building = false;
}

void worker__builds_start(struct worker *w)
{
    w->builder.w = w;
    w->builder.index = w->nslots; /* not a job slot: only for the logs */
    list_init(&w->builder.wait);
    uv_timer_start(&w->build_timer, builds_on_timer, BUILDS_EVERY_MS, BUILDS_EVERY_MS);
}
