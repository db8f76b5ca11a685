/* The second stage of a job: its problem's tests (and custom checker, or a
 * packaged problem's plan and output validator) in the local cache, from the
 * disk when this version is there already, else from PostgreSQL, written to
 * the cache once; then on to judging. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void testdata_commit(struct wslot *s)
{
    int rc = cache_writer_commit(&s->writer, &s->cache);
    if (rc < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot cache the tests: %s", strerror(-rc));
        worker__finish_simple(s, VERDICT_IE, msg);
        return;
    }
    worker__judging_start(s);
}

static void testdata_on_checker(struct judge *j, int status, const char *bin, size_t len,
                                const char *msg, void *data)
{
    (void)j;
    struct wslot *s = data;
    if (status == 0)
        status = cache_writer_put_checker(&s->writer, bin, len);
    if (status < 0) {
        cache_writer_abort(&s->writer);
        worker__finish_simple(s, VERDICT_IE, msg && msg[0] ? msg : "cannot store the checker");
        return;
    }
    testdata_commit(s);
}

/* Compiles the custom checker once the slot holds a lane. */
static void testdata_on_lane(struct wslot *s)
{
    int rc = -ECANCELED;
    if (!s->w->stopping)
        rc = judge_build_checker(s->judge, s->checker_src, s->checker_len, testdata_on_checker, s);
    free(s->checker_src);
    s->checker_src = NULL;
    if (rc == -ECANCELED) {
        cache_writer_abort(&s->writer);
        worker__finish_hand_back(s);
    } else if (rc < 0) {
        cache_writer_abort(&s->writer);
        worker__finish_simple(s, VERDICT_IE, "cannot compile the checker");
    }
}

/* The output validator is built into the version being cached. */
static void testdata_on_validator(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct wslot *s = data;
    plan_free(s->build_plan);
    s->build_plan = NULL;
    if (status < 0) {
        cache_writer_abort(&s->writer);
        if (status == -ECANCELED) {
            worker__finish_hand_back(s);
            return;
        }
        /* The compiler's words quote the problem's validator: the log's,
         * not the user's. */
        log_warn("slot %u: %s version %d: %s", s->index, s->problem, s->version,
                 msg && msg[0] ? msg : "cannot build the output validator");
        worker__finish_simple(s, VERDICT_IE,
                              status == -EINVAL ? "the problem's output validator does not compile"
                                                : "cannot build the problem's output validator");
        return;
    }
    cache_writer_put_validator(&s->writer);
    testdata_commit(s);
}

/* Compiles the plan's output validator once the slot holds a lane. */
static void testdata_on_validator_lane(struct wslot *s)
{
    int rc = -ECANCELED;
    char dir[CACHE_PATH_MAX + 16];
    cache_writer_validator_dir(&s->writer, dir, sizeof(dir));
    if (!s->w->stopping)
        rc = judge_build_validator(s->judge, s->build_plan->validator, dir, testdata_on_validator,
                                   s);
    if (rc == 0)
        return;
    plan_free(s->build_plan);
    s->build_plan = NULL;
    cache_writer_abort(&s->writer);
    if (rc == -ECANCELED)
        worker__finish_hand_back(s);
    else
        worker__finish_simple(s, VERDICT_IE, "cannot compile the output validator");
}

/* A packaged problem's plan goes into the cache with the tests; one with an
 * output validator of its own has it built there first. Returns true when
 * the slot goes on (or has ended) without the caller. */
static bool testdata_plan(struct wslot *s, const struct results_problem *pr, unsigned n)
{
    if (pr->judging == NULL)
        return false;
    char err[256];
    int rc = cache_writer_put_judging(&s->writer, pr->judging, pr->judging_len);
    s->build_plan = rc < 0 ? NULL : plan_parse(pr->judging, pr->judging_len, n, err, sizeof(err));
    if (rc < 0 || s->build_plan == NULL) {
        char msg[320];
        snprintf(msg, sizeof(msg), "the problem's judging plan is not valid: %s",
                 rc < 0 ? strerror(-rc) : err);
        cache_writer_abort(&s->writer);
        worker__finish_simple(s, VERDICT_IE, msg);
        return true;
    }
    if (s->build_plan->validator == NULL) {
        plan_free(s->build_plan);
        s->build_plan = NULL;
        return false;
    }
    worker__lane_wait(s, testdata_on_validator_lane);
    return true;
}

static void testdata_on_fetched(int status, const struct results_problem *pr,
                                const struct results_test *tests, unsigned n, void *data)
{
    struct wslot *s = data;
    if (status == -ENOENT) {
        char msg[128];
        snprintf(msg, sizeof(msg), "unknown problem '%s'", s->problem);
        worker__finish_simple(s, VERDICT_IE, msg);
        return;
    }
    if (status < 0) {
        worker__finish_store_failed(s, "fetching the tests", status);
        return;
    }
    if (s->w->stopping) {
        worker__finish_hand_back(s);
        return;
    }
    int rc = cache_writer_begin(&s->writer, s->w->cache_dir, s->problem, pr->version);
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        rc = cache_writer_add(&s->writer, tests[i].sample, tests[i].input, tests[i].input_len,
                              tests[i].output, tests[i].output_len);
        if (rc == 0 && tests[i].visible)
            rc = cache_writer_mark_visible(&s->writer);
    }
    if (rc < 0) {
        cache_writer_abort(&s->writer);
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot cache the tests: %s", strerror(-rc));
        worker__finish_simple(s, VERDICT_IE, msg);
        return;
    }
    log_info("slot %u: cached %u tests of %s version %d", s->index, n, s->problem, pr->version);
    if (testdata_plan(s, pr, n))
        return;
    if (s->checker.kind == CHECKER_CUSTOM && pr->checker_source) {
        /* The checker is compiled once per problem version, in the sandbox:
         * a problem's author is not trusted more than its solvers. */
        s->checker_src = xstrndup(pr->checker_source, pr->checker_len);
        s->checker_len = pr->checker_len;
        worker__lane_wait(s, testdata_on_lane);
        return;
    }
    testdata_commit(s);
}

void worker__testdata_get(struct wslot *s)
{
    /* A hot problem is on disk already: no transfer at all. */
    if (cache_open(s->w->cache_dir, s->problem, s->version, &s->cache) == 0) {
        worker__judging_start(s);
        return;
    }
    int rc = results_tests(s->w->pg, s->problem, testdata_on_fetched, s);
    if (rc < 0)
        worker__finish_store_failed(s, "fetching the tests", rc);
}
