/* One job through one slot: parse, claim the row (or make one), get the tests
 * (from the local cache, else PostgreSQL), judge, store the verdict once,
 * publish, and remove the job from our processing list. Every step is a
 * callback of the previous one; the slot is busy until the job is gone from
 * Redis, so a shutdown knows when nothing is left in hand. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/ids.h"
#include "store/results.h"
#include "worker/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs fn once s holds a lane: now when one is free, else when one is
 * released. */
static void slot_with_lane(struct wslot *s, void (*fn)(struct wslot *s))
{
    struct worker *w = s->w;
    for (unsigned i = 0; s->lane == NULL && i < w->nlanes; i++) {
        if (w->lanes[i].holder == NULL) {
            w->lanes[i].holder = s;
            s->lane = &w->lanes[i];
            s->judge = s->lane->judge;
        }
    }
    if (s->lane) {
        fn(s);
        return;
    }
    s->on_lane = fn;
    list_push(&w->lane_waiters, &s->wait);
}

void worker__lane_release(struct wslot *s)
{
    if (s->lane == NULL)
        return;
    s->lane->holder = NULL;
    s->lane = NULL;
    s->judge = NULL;
    if (!list_empty(&s->w->lane_waiters))
        uv_timer_start(&s->w->lane_timer, worker__on_lane_timer, 0, 0);
}

void worker__on_lane_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    for (unsigned i = 0; i < w->nlanes && !list_empty(&w->lane_waiters); i++) {
        if (w->lanes[i].holder)
            continue;
        struct wslot *s = container_of(w->lane_waiters.next, struct wslot, wait);
        list_remove(&s->wait);
        w->lanes[i].holder = s;
        s->lane = &w->lanes[i];
        s->judge = s->lane->judge;
        void (*fn)(struct wslot *) = s->on_lane;
        s->on_lane = NULL;
        fn(s);
    }
}

static void slot_end(struct wslot *s)
{
    struct worker *w = s->w;
    worker__lane_release(s);
    if (s->writer.tmp[0])
        cache_writer_abort(&s->writer);
    free(s->raw);
    s->raw = NULL;
    job_dispose(&s->job);
    free(s->user);
    free(s->problem);
    free(s->language);
    free(s->code);
    free(s->checker_src);
    s->checker_src = NULL;
    s->user = s->problem = s->language = s->code = NULL;
    s->claimed = false;
    s->id[0] = '\0';
    buf_reset(&s->tests_json);
    s->busy = false;
    if (w->stopping)
        worker__maybe_exit(w);
    else
        worker__fetch(w);
}

static struct report_who slot_who(const struct wslot *s)
{
    return (struct report_who){s->id, s->user, s->problem, s->language};
}

static void slot_on_acked(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot remove job of submission %s from the processing list: %s "
                 "(it will be requeued and found done)",
                 s->index, s->id[0] ? s->id : "?", strerror(-status));
    slot_end(s);
}

/* Removes the job from our processing list, publishing event first if any. */
static void slot_ack(struct wslot *s, const char *event, size_t len)
{
    struct report_who who = slot_who(s);
    int rc = jobs_done(s->w->redis, s->w->id, s->raw, s->raw_len, who.user, event, len,
                       slot_on_acked, s);
    if (rc < 0)
        slot_on_acked(rc, s);
}

static void slot_on_handed_back(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot hand back a job: %s (the reaper will)", s->index,
                 strerror(-status));
    else
        log_info("slot %u: handed back the job of submission %s", s->index,
                 s->id[0] ? s->id : "(none yet)");
    slot_end(s);
}

static void slot_hand_back_redis(struct wslot *s)
{
    int rc = jobs_hand_back(s->w->redis, s->w->id, s->raw, s->raw_len, slot_on_handed_back, s);
    if (rc < 0)
        slot_on_handed_back(rc, s);
}

static void slot_on_row_handed_back(int status, bool changed, void *data)
{
    (void)changed;
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot put submission %s back to queued: %s", s->index, s->id,
                 strerror(-status));
    slot_hand_back_redis(s);
}

/* Gives the job back: the row to queued (the attempt does not count), the
 * job to the queue, for another worker or our next life. */
static void slot_hand_back(struct wslot *s)
{
    if (!s->claimed) {
        slot_hand_back_redis(s);
        return;
    }
    int rc = results_hand_back(s->w->pg, s->id, slot_on_row_handed_back, s);
    if (rc < 0)
        slot_on_row_handed_back(rc, false, s);
}

/* A store failed under a job: give it back and pause fetching for a while,
 * rather than turn an outage into wrong verdicts. */
static void slot_store_failed(struct wslot *s, const char *what, int status)
{
    log_warn("slot %u: %s failed for submission %s: %s; handing the job back", s->index, what,
             s->id[0] ? s->id : "(new)", strerror(-status));
    worker__backoff(s->w);
    slot_hand_back(s);
}

struct finish_ctx {
    struct wslot *s;
    struct buf event;
    char verdict[4];
};

static void slot_on_finished(int status, bool changed, void *data)
{
    struct finish_ctx *f = data;
    struct wslot *s = f->s;
    if (status < 0) {
        buf_dispose(&f->event);
        free(f);
        slot_store_failed(s, "storing the verdict", status);
        return;
    }
    s->w->judged++;
    if (changed) {
        uint64_t now = uv_now(s->w->loop);
        uint64_t judged = s->judged_ms ? s->judged_ms : now;
        uint64_t judging = s->judge_start_ms ? judged - s->judge_start_ms : 0;
        log_info("slot %u: submission %s (%s, %s) %s in %llu ms (compile %u, tests %llu, "
                 "store %llu)",
                 s->index, s->id, s->problem ? s->problem : "?", s->language ? s->language : "?",
                 f->verdict, (unsigned long long)(now - s->started_ms), s->compile_ms,
                 (unsigned long long)(judging > s->compile_ms ? judging - s->compile_ms : 0),
                 (unsigned long long)(now - judged));
        slot_ack(s, f->event.data, f->event.len);
    } else {
        /* Judged twice (a requeue raced a slow worker): stored and announced once. */
        log_info("slot %u: submission %s was finished elsewhere; not announced again", s->index,
                 s->id);
        slot_ack(s, NULL, 0);
    }
    buf_dispose(&f->event);
    free(f);
}

/* Stores the outcome (only if the row is not done yet), then publishes it. */
static void slot_finish(struct wslot *s, const struct report_outcome *o)
{
    struct finish_ctx *f = xcalloc(1, sizeof(*f));
    f->s = s;
    snprintf(f->verdict, sizeof(f->verdict), "%s", o->verdict);
    buf_init(&f->event);
    struct report_who who = slot_who(s);
    report_result_event(&who, o, &f->event);
    struct results_verdict v = {
        .id = s->id,
        .verdict = o->verdict,
        .time_ms = o->time_ms,
        .memory_kb = o->memory_kb,
        .tests_json = o->tests_json ? o->tests_json : "[]",
        .compile_output = o->compile_out,
        .message = o->message,
    };
    int rc = results_finish(s->w->pg, &v, slot_on_finished, f);
    if (rc < 0)
        slot_on_finished(rc, false, f);
}

/* Ends a claimed job without judging it. */
static void slot_finish_simple(struct wslot *s, enum verdict v, const char *message)
{
    log_info("slot %u: submission %s: %s: %s", s->index, s->id, verdict_name(v), message);
    struct report_outcome o = {.verdict = verdict_name(v), .message = message};
    slot_finish(s, &o);
}

/*** Judging ***/

static void slot_on_progress(struct judge *j, enum judge_stage stage, unsigned test, unsigned of,
                             void *data)
{
    (void)j;
    struct wslot *s = data;
    uint64_t now = uv_now(s->w->loop);
    /* The first event of each stage always goes; later ones at most every
     * WORKER_PROGRESS_MS. */
    int st = (int)stage + 1;
    if (s->last_stage == st && now - s->last_progress_ms < WORKER_PROGRESS_MS)
        return;
    s->last_stage = st;
    s->last_progress_ms = now;
    struct buf ev;
    buf_init(&ev);
    struct report_who who = slot_who(s);
    report_progress_event(&who, stage == JUDGE_COMPILING ? "compiling" : "running", test, of, &ev);
    (void)jobs_publish(s->w->redis, who.user, ev.data, ev.len);
    buf_dispose(&ev);
}

static void slot_on_judged(struct judge *j, const struct judge_result *res, void *data)
{
    (void)j;
    struct wslot *s = data;
    if (res->cancelled) {
        slot_hand_back(s);
        return;
    }
    s->judged_ms = uv_now(s->w->loop);
    s->compile_ms = res->compile_wall_ms;
    /* The sandbox is done with this job: the next one may run while this one
     * is stored (res stays valid: the lane changes hands next loop turn). */
    worker__lane_release(s);
    if (res->verdict == VERDICT_IE)
        log_warn("slot %u: submission %s: internal error: %s", s->index, s->id, res->message);
    buf_reset(&s->tests_json);
    report_tests_json(res, &s->tests_json);
    unsigned passed = 0;
    for (unsigned i = 0; i < res->ntests; i++)
        passed += res->tests[i].verdict == VERDICT_AC;
    struct report_outcome o = {
        .verdict = verdict_name(res->verdict),
        .time_ms = res->time_ms,
        .memory_kb = res->memory_kb,
        .tests_json = s->tests_json.data,
        .tests_run = res->ntests,
        .tests_total = res->total,
        .tests_passed = passed,
        .message = res->message,
        .compile_out = res->compile_out,
    };
    slot_finish(s, &o);
}

static void slot_judge_now(struct wslot *s)
{
    if (s->w->stopping) {
        slot_hand_back(s);
        return;
    }
    struct judge_problem p = {
        .tests = &s->cache,
        .time_limit_ms = s->time_limit_ms,
        .memory_limit_mb = s->memory_limit_mb,
        .output_limit_kb = s->output_limit_kb,
        .checker = s->checker,
    };
    if (s->cache.ntests == 0) {
        slot_finish_simple(s, VERDICT_IE, "the problem has no tests");
        return;
    }
    s->judge_start_ms = uv_now(s->w->loop);
    int rc = judge_start(s->judge, s->lang, s->code, s->code_len, &p, slot_on_progress,
                         slot_on_judged, s);
    if (rc < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot start judging: %s", strerror(-rc));
        slot_finish_simple(s, VERDICT_IE, msg);
    }
}

static void slot_judge(struct wslot *s)
{
    slot_with_lane(s, slot_judge_now);
}

static void slot_commit_cache(struct wslot *s)
{
    int rc = cache_writer_commit(&s->writer, &s->cache);
    if (rc < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot cache the tests: %s", strerror(-rc));
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    slot_judge(s);
}

static void slot_on_checker(struct judge *j, int status, const char *bin, size_t len,
                            const char *msg, void *data)
{
    (void)j;
    struct wslot *s = data;
    if (status == 0)
        status = cache_writer_put_checker(&s->writer, bin, len);
    if (status < 0) {
        cache_writer_abort(&s->writer);
        slot_finish_simple(s, VERDICT_IE, msg && msg[0] ? msg : "cannot store the checker");
        return;
    }
    slot_commit_cache(s);
}

static void slot_build_checker(struct wslot *s)
{
    int rc = -ECANCELED;
    if (!s->w->stopping)
        rc = judge_build_checker(s->judge, s->checker_src, s->checker_len, slot_on_checker, s);
    free(s->checker_src);
    s->checker_src = NULL;
    if (rc == -ECANCELED) {
        cache_writer_abort(&s->writer);
        slot_hand_back(s);
    } else if (rc < 0) {
        cache_writer_abort(&s->writer);
        slot_finish_simple(s, VERDICT_IE, "cannot compile the checker");
    }
}

static void slot_on_tests(int status, int version, const char *checker_src, size_t checker_len,
                          const struct results_test *tests, unsigned n, void *data)
{
    struct wslot *s = data;
    if (status == -ENOENT) {
        char msg[128];
        snprintf(msg, sizeof(msg), "unknown problem '%s'", s->problem);
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    if (status < 0) {
        slot_store_failed(s, "fetching the tests", status);
        return;
    }
    if (s->w->stopping) {
        slot_hand_back(s);
        return;
    }
    int rc = cache_writer_begin(&s->writer, s->w->cache_dir, s->problem, version);
    for (unsigned i = 0; rc == 0 && i < n; i++)
        rc = cache_writer_add(&s->writer, tests[i].sample, tests[i].input, tests[i].input_len,
                              tests[i].output, tests[i].output_len);
    if (rc < 0) {
        cache_writer_abort(&s->writer);
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot cache the tests: %s", strerror(-rc));
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    log_info("slot %u: cached %u tests of %s version %d", s->index, n, s->problem, version);
    if (s->checker.kind == CHECKER_CUSTOM && checker_src) {
        /* The checker is compiled once per problem version, in the sandbox:
         * a problem's author is not trusted more than its solvers. */
        s->checker_src = xstrndup(checker_src, checker_len);
        s->checker_len = checker_len;
        slot_with_lane(s, slot_build_checker);
        return;
    }
    slot_commit_cache(s);
}

/* The row is ours: decide whether it can be judged, then get its tests. */
static void slot_on_claim(int status, const struct results_claim *c, void *data)
{
    struct wslot *s = data;
    if (status == -ENOENT) {
        log_info("slot %u: submission %s is done already or unknown; dropping its job", s->index,
                 s->id);
        slot_ack(s, NULL, 0);
        return;
    }
    if (status < 0) {
        slot_store_failed(s, "claiming", status);
        return;
    }
    s->claimed = true;
    snprintf(s->id, sizeof(s->id), "%s", c->id);
    s->user = xstrdup(c->user);
    s->problem = xstrdup(c->problem);
    s->language = xstrdup(c->language);
    s->code = xstrndup(c->code, c->code_len);
    s->code_len = c->code_len;
    if (s->w->stopping) {
        slot_hand_back(s);
        return;
    }
    char msg[256];
    if (c->attempts > WORKER_MAX_ATTEMPTS) {
        snprintf(msg, sizeof(msg),
                 "judging was started %d times and never finished (the judge crashed or was "
                 "killed each time)",
                 c->attempts - 1);
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    if (!c->has_problem || !ids_problem_valid(c->problem, strlen(c->problem))) {
        snprintf(msg, sizeof(msg), "unknown problem '%.64s'", c->problem);
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    s->lang = lang_find(c->language);
    if (s->lang == NULL) {
        snprintf(msg, sizeof(msg), "unknown language '%.64s'", c->language);
        slot_finish_simple(s, VERDICT_CE, msg);
        return;
    }
    if (!lang_installed(s->lang)) {
        snprintf(msg, sizeof(msg), "language '%s' is not installed on this worker", s->lang->id);
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    if (checker_parse(c->checker, &s->checker) < 0) {
        snprintf(msg, sizeof(msg), "the problem's checker '%.64s' is unknown", c->checker);
        slot_finish_simple(s, VERDICT_IE, msg);
        return;
    }
    s->version = c->version;
    s->time_limit_ms = (unsigned)c->time_limit_ms;
    s->memory_limit_mb = (unsigned)c->memory_limit_mb;
    s->output_limit_kb = (unsigned)c->output_limit_kb;
    s->started_ms = uv_now(s->w->loop);
    /* A hot problem is on disk already: no transfer at all. */
    if (cache_open(s->w->cache_dir, s->problem, s->version, &s->cache) == 0) {
        slot_judge(s);
        return;
    }
    int rc = results_tests(s->w->pg, s->problem, slot_on_tests, s);
    if (rc < 0)
        slot_store_failed(s, "fetching the tests", rc);
}

static void slot_on_rewritten(int status, void *data)
{
    (void)data;
    if (status < 0)
        log_warn("cannot give a queued job its submission id: %s", strerror(-status));
}

/* A job that came without a row got one: from now on the job in our
 * processing list names it, so a requeue claims this row instead of making a
 * second one. */
static void slot_on_inserted(int status, const struct results_claim *c, void *data)
{
    struct wslot *s = data;
    if (status == 0) {
        struct buf new_job;
        buf_init(&new_job);
        job_build_id(&new_job, c->id);
        int rc = jobs_rewrite(s->w->redis, s->w->id, s->raw, s->raw_len, new_job.data, new_job.len,
                              slot_on_rewritten, NULL);
        if (rc < 0)
            slot_on_rewritten(rc, NULL);
        free(s->raw);
        s->raw_len = new_job.len;
        s->raw = buf_steal(&new_job);
        log_info("slot %u: job without a row is submission %s", s->index, c->id);
    }
    slot_on_claim(status == -ENOENT ? -EPROTO : status, c, s);
}

static void slot_on_recorded(int status, const char *id, void *data)
{
    struct wslot *s = data;
    if (status < 0) {
        slot_store_failed(s, "recording a malformed job", status);
        return;
    }
    snprintf(s->id, sizeof(s->id), "%s", id);
    log_info("slot %u: malformed job recorded as submission %s", s->index, id);
    /* Its submitter may be listening: announce it like any result. */
    struct buf ev;
    buf_init(&ev);
    struct report_who who = {s->id, s->job.user ? s->job.user : "anonymous", s->job.problem,
                             s->job.language};
    struct report_outcome o = {.verdict = s->bad_verdict, .message = s->reason};
    report_result_event(&who, &o, &ev);
    slot_ack(s, ev.data, ev.len);
    buf_dispose(&ev);
}

void worker__slot_take(struct wslot *s, const char *raw, size_t len)
{
    struct worker *w = s->w;
    s->busy = true;
    s->raw = xstrndup(raw, len);
    s->raw_len = len;
    s->last_progress_ms = 0;
    s->last_stage = 0;
    s->judge_start_ms = s->judged_ms = 0;
    s->compile_ms = 0;
    s->started_ms = uv_now(w->loop);
    enum job_status st =
        job_parse(raw, len, WORKER_MAX_JOB, WORKER_MAX_CODE, &s->job, s->reason, sizeof(s->reason));
    int rc;
    if (st == JOB_OK && s->job.submission_id) {
        snprintf(s->id, sizeof(s->id), "%s", s->job.submission_id);
        rc = results_claim(w->pg, s->id, WORKER_ROW_LEASE_S, slot_on_claim, s);
        if (rc < 0)
            slot_store_failed(s, "claiming", rc);
        return;
    }
    const char *user = s->job.user ? s->job.user : "anonymous";
    if (st == JOB_OK) {
        rc = results_insert(w->pg, user, s->job.problem, s->job.language, s->job.code,
                            s->job.code_len, WORKER_ROW_LEASE_S, slot_on_inserted, s);
        if (rc < 0)
            slot_store_failed(s, "recording a job", rc);
        return;
    }
    /* Never judged, never blocking the queue: a finished row that says why. */
    log_warn("slot %u: %s", s->index, s->reason);
    s->bad_verdict = st == JOB_BAD_CODE ? "CE" : "IE";
    rc = results_record(w->pg, user, s->job.problem ? s->job.problem : "",
                        s->job.language ? s->job.language : "", "", 0, s->bad_verdict, s->reason,
                        slot_on_recorded, s);
    if (rc < 0)
        slot_store_failed(s, "recording a malformed job", rc);
}

struct wslot *worker__idle_slot(struct worker *w)
{
    for (unsigned i = 0; i < w->nslots; i++)
        if (!w->slots[i].busy)
            return &w->slots[i];
    return NULL;
}

unsigned worker__busy_slots(const struct worker *w)
{
    unsigned n = 0;
    for (unsigned i = 0; i < w->nslots; i++)
        n += w->slots[i].busy;
    return n;
}

unsigned worker__claimed_ids(const struct worker *w, struct buf *out)
{
    unsigned n = 0;
    buf_puts(out, "{");
    for (unsigned i = 0; i < w->nslots; i++) {
        if (!w->slots[i].busy || !w->slots[i].claimed)
            continue;
        buf_printf(out, "%s%s", n ? "," : "", w->slots[i].id);
        n++;
    }
    buf_puts(out, "}");
    return n;
}
