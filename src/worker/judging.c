/* The third stage of a job: judge it on a lane (compile, run the tests),
 * publish progress on the way, and pass the outcome on to be stored. */
#include "worker/internal.h"

#include "common/log.h"
#include "judge/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void judging_on_progress(struct judge *j, enum judge_stage stage, unsigned test, unsigned of,
                                void *data)
{
    (void)j;
    struct wslot *s = data;
    /* Nobody waits on a rejudge: its user hears of it only if the verdict
     * changes, and a big one would otherwise flood every user's tabs. */
    if (s->rejudge[0])
        return;
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
    struct report_who who = worker__finish_who(s);
    report_progress_event(&who, stage == JUDGE_COMPILING ? "compiling" : "running", test, of, &ev);
    (void)jobs_publish(s->w->redis, who.user, ev.data, ev.len);
    buf_dispose(&ev);
}

/* A packaged problem's score and its validator's feedback, in the log (the
 * feedback escaped as JSON strings: it is the problem author's text). */
static void judging_log_packaged(const struct wslot *s, const struct judge_result *res)
{
    if (!res->scored && !res->team_message && !res->judge_message)
        return;
    struct buf line;
    buf_init(&line);
    if (res->scored)
        buf_printf(&line, " score %g of %g", res->score, res->max_score);
    if (res->team_message) {
        buf_puts(&line, " team message ");
        buf_json_str(&line, res->team_message, strlen(res->team_message));
    }
    if (res->judge_message) {
        buf_puts(&line, " judge message ");
        buf_json_str(&line, res->judge_message, strlen(res->judge_message));
    }
    log_info("slot %u: submission %s: %s%s", s->index, s->id, verdict_name(res->verdict),
             line.data);
    buf_dispose(&line);
}

/* A validator's feedback file as PostgreSQL and JSON take it: valid UTF-8
 * without NUL, at most REPORT_FEEDBACK_MAX bytes (a validator wrote it, and
 * a submission may have fed it anything). An empty one is none: NULL. */
static const char *judging_feedback(const char *text, struct buf *out)
{
    buf_init(out);
    if (text == NULL || text[0] == '\0')
        return NULL;
    size_t len = strlen(text);
    text_trim(text, len, len, REPORT_FEEDBACK_MAX, out);
    return out->data;
}

static void judging_on_done(struct judge *j, const struct judge_result *res, void *data)
{
    (void)j;
    struct wslot *s = data;
    if (res->cancelled) {
        worker__finish_hand_back(s);
        return;
    }
    s->judged_ms = uv_now(s->w->loop);
    s->compile_ms = res->compile_wall_ms;
    /* The sandbox is done with this job: the next one may run while this one
     * is stored (res stays valid: the lane changes hands next loop turn). */
    worker__lane_release(s);
    if (res->verdict == VERDICT_IE)
        log_warn("slot %u: submission %s: internal error: %s", s->index, s->id, res->message);
    judging_log_packaged(s, res);
    buf_reset(&s->tests_json);
    report_tests_json(res, &s->tests_json);
    unsigned passed = 0;
    for (unsigned i = 0; i < res->ntests; i++)
        passed += res->tests[i].verdict == VERDICT_AC;
    struct buf team, judge;
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
        .scored = res->scored,
        .score = res->score,
        .max_score = res->max_score,
        .team_message = judging_feedback(res->team_message, &team),
        .judge_message = judging_feedback(res->judge_message, &judge),
        .failed_test = report_failed_test(res),
        .shown = res->shown,
    };
    worker__finish_verdict(s, &o);
    buf_dispose(&team);
    buf_dispose(&judge);
}

/* The plan of the cached version, parsed when the slot last judged another
 * version (a hot problem is parsed once per slot). Returns false when the
 * job has ended. */
static bool judging_plan(struct wslot *s)
{
    if (!s->cache.has_judging)
        return true;
    if (s->plan && strcmp(s->plan_dir, s->cache.dir) == 0)
        return true;
    plan_free(s->plan);
    s->plan = NULL;
    char err[256] = "", msg[320];
    int rc = cache_plan_read(&s->cache, &s->plan, err, sizeof(err));
    if (rc < 0) {
        snprintf(msg, sizeof(msg), "the problem's judging plan is not valid: %s",
                 err[0] ? err : strerror(-rc));
        worker__finish_simple(s, VERDICT_IE, msg);
        return false;
    }
    snprintf(s->plan_dir, sizeof(s->plan_dir), "%s", s->cache.dir);
    return true;
}

/* Starts the judge once the slot holds a lane. */
static void judging_on_lane(struct wslot *s)
{
    if (s->w->stopping) {
        worker__finish_hand_back(s);
        return;
    }
    if (s->cache.ntests == 0) {
        worker__finish_simple(s, VERDICT_IE, "the problem has no tests");
        return;
    }
    if (!judging_plan(s))
        return;
    if (s->checker.kind == CHECKER_VALIDATOR && !s->cache.has_validator) {
        worker__finish_simple(s, VERDICT_IE, "the problem has no output validator");
        return;
    }
    struct judge_problem p = {
        .tests = &s->cache,
        .plan = s->cache.has_judging ? s->plan : NULL,
        .time_limit_ms = s->time_limit_ms,
        .memory_limit_mb = s->memory_limit_mb,
        .output_limit_kb = s->output_limit_kb,
        .checker = s->checker,
        .function = s->has_function ? &s->function : NULL,
    };
    s->judge_start_ms = uv_now(s->w->loop);
    int rc = judge_start(s->judge, s->lang, s->code, s->code_len, &p, judging_on_progress,
                         judging_on_done, s);
    if (rc < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot start judging: %s", strerror(-rc));
        worker__finish_simple(s, VERDICT_IE, msg);
    }
}

void worker__judging_start(struct wslot *s)
{
    worker__lane_wait(s, judging_on_lane);
}
