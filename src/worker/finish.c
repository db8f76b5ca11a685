/* The last stage of a job: store the verdict (once, only if the row is not
 * done yet), publish it, and remove the job from our processing list; or hand
 * the job back for another try. Then the slot is free: its done callback
 * tells the fetcher, which alone decides what comes next. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct report_who worker__finish_who(const struct wslot *s)
{
    return (struct report_who){s->public_id, s->user, s->problem, s->language};
}

/* Forgets the job and hands the slot back to whoever gave it the job. */
static void finish_end(struct wslot *s)
{
    worker__lane_release(s);
    if (s->writer.tmp[0])
        cache_writer_abort(&s->writer);
    free(s->raw);
    s->raw = NULL;
    free(s->ack_event);
    s->ack_event = NULL;
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
    s->public_id[0] = '\0';
    s->rejudge[0] = '\0';
    buf_reset(&s->tests_json);
    s->busy = false;
    worker_slot_done_cb done = s->on_done;
    s->on_done = NULL;
    done(s);
}

static void finish_on_acked(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0) {
        log_warn("slot %u: cannot announce submission %s and remove its job: %s (the "
                 "announcement is sent again once Redis is back; the job, if still listed, is "
                 "requeued and found done)",
                 s->index, s->id[0] ? s->id : "?", strerror(-status));
        if (s->ack_event)
            worker__announce_keep(s->w, worker__finish_who(s).user, s->ack_event, s->ack_len);
    }
    finish_end(s);
}

void worker__finish_ack(struct wslot *s, const char *event, size_t len)
{
    struct report_who who = worker__finish_who(s);
    if (event) {
        s->ack_event = xmalloc(len);
        memcpy(s->ack_event, event, len);
        s->ack_len = len;
    }
    int rc = jobs_done(s->w->redis, s->w->id, s->raw, s->raw_len, who.user, event, len,
                       finish_on_acked, s);
    if (rc < 0)
        finish_on_acked(rc, s);
}

static void finish_on_handed_back(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot hand back a job: %s (the reaper will)", s->index,
                 strerror(-status));
    else
        log_info("slot %u: handed back the job of submission %s", s->index,
                 s->id[0] ? s->id : "(none yet)");
    finish_end(s);
}

static void finish_hand_back_redis(struct wslot *s)
{
    int rc = jobs_hand_back(s->w->redis, s->w->id, s->raw, s->raw_len, finish_on_handed_back, s);
    if (rc < 0)
        finish_on_handed_back(rc, s);
}

static void finish_on_row_handed_back(int status, bool changed, void *data)
{
    (void)changed;
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot put submission %s back to queued: %s", s->index, s->id,
                 strerror(-status));
    finish_hand_back_redis(s);
}

void worker__finish_hand_back(struct wslot *s)
{
    if (!s->claimed) {
        finish_hand_back_redis(s);
        return;
    }
    int rc = s->rejudge[0] ? results_hand_back_rejudge(s->w->pg, s->id, s->rejudge,
                                                       finish_on_row_handed_back, s)
                           : results_hand_back(s->w->pg, s->id, finish_on_row_handed_back, s);
    if (rc < 0)
        finish_on_row_handed_back(rc, false, s);
}

void worker__finish_store_failed(struct wslot *s, const char *what, int status)
{
    log_warn("slot %u: %s failed for submission %s: %s; handing the job back", s->index, what,
             s->id[0] ? s->id : "(new)", strerror(-status));
    worker__backoff(s->w);
    worker__finish_hand_back(s);
}

struct finish_ctx {
    struct list node; /* in w->unstored while PostgreSQL is away */
    struct wslot *s;
    struct buf event;
    struct buf feedback;
    char verdict[4];
    unsigned time_ms, memory_kb; /* an AC's, for its beats */
    struct results_verdict v;    /* its strings are copies, for a second try */
};

/* Announces the stored result: an AC with its beats (beats.c). */
static void finish_announce(struct finish_ctx *f)
{
    if (strcmp(f->verdict, "AC") == 0)
        worker__beats_ack(f->s, &f->event, f->time_ms, f->memory_kb);
    else
        worker__finish_ack(f->s, f->event.data, f->event.len);
}

static char *dup_or_null(const char *p)
{
    return p ? xstrdup(p) : NULL;
}

static void finish_ctx_free(struct finish_ctx *f)
{
    buf_dispose(&f->event);
    buf_dispose(&f->feedback);
    free((char *)f->v.tests_json);
    free((char *)f->v.compile_output);
    free((char *)f->v.message);
    free((char *)f->v.team_message);
    free((char *)f->v.judge_message);
    free(f);
}

/* A verdict PostgreSQL could not take because it is away (not an SQL error)
 * is kept, its slot with it, and stored when it is back: judged once, not
 * again. A stopping worker hands the job back instead. */
static bool finish_keep(struct finish_ctx *f, int status)
{
    struct wslot *s = f->s;
    if (status == -EIO || status == -EPROTO || s->w->stopping)
        return false;
    log_warn("slot %u: cannot store the verdict of submission %s: %s; keeping it until "
             "PostgreSQL is back",
             s->index, s->id, strerror(-status));
    list_push(&s->w->unstored, &f->node);
    return true;
}

/* Logs where the time of a judged submission went. */
static void finish_log(const struct wslot *s, const char *verdict)
{
    uint64_t now = uv_now(s->w->loop);
    uint64_t judged = s->judged_ms ? s->judged_ms : now;
    uint64_t judging = s->judge_start_ms ? judged - s->judge_start_ms : 0;
    log_info("slot %u: submission %s (%s, %s) %s in %llu ms (compile %u, tests %llu, "
             "store %llu)",
             s->index, s->id, s->problem ? s->problem : "?", s->language ? s->language : "?",
             verdict, (unsigned long long)(now - s->started_ms), s->compile_ms,
             (unsigned long long)(judging > s->compile_ms ? judging - s->compile_ms : 0),
             (unsigned long long)(now - judged));
}

static void finish_on_stored(int status, bool changed, void *data)
{
    struct finish_ctx *f = data;
    struct wslot *s = f->s;
    if (status < 0) {
        if (finish_keep(f, status))
            return;
        finish_ctx_free(f);
        worker__finish_store_failed(s, "storing the verdict", status);
        return;
    }
    s->w->judged++;
    if (changed) {
        finish_log(s, f->verdict);
        finish_announce(f);
    } else {
        /* Judged twice (a requeue raced a slow worker): stored and announced
         * once. Not our own finish whose answer was lost: that one is
         * reported changed again (sql/015). */
        log_info("slot %u: submission %s was finished elsewhere; not announced again", s->index,
                 s->id);
        worker__finish_ack(s, NULL, 0);
    }
    finish_ctx_free(f);
}

/* A rejudge's verdict is stored once (by the finish that settles its debt)
 * and announced only when it changed (the verdict, or a scoring problem's
 * score): the user hears of what is new, with the verdict (and score) it
 * replaced; the same result again is news to nobody. */
static void finish_on_rejudged(int status, bool stored, const struct results_previous *prev,
                               void *data)
{
    struct finish_ctx *f = data;
    struct wslot *s = f->s;
    if (status < 0) {
        if (finish_keep(f, status))
            return;
        finish_ctx_free(f);
        worker__finish_store_failed(s, "storing the rejudged verdict", status);
        return;
    }
    s->w->judged++;
    if (!stored) {
        log_info("slot %u: rejudge %s of submission %s was finished elsewhere; not announced "
                 "again",
                 s->index, s->rejudge, s->id);
        worker__finish_ack(s, NULL, 0);
    } else if (!prev->changed) {
        log_info("slot %u: rejudge %s of submission %s: %s again", s->index, s->rejudge, s->id,
                 f->verdict);
        worker__finish_ack(s, NULL, 0);
    } else {
        finish_log(s, f->verdict);
        log_info("slot %u: rejudge %s of submission %s: %s, was %s", s->index, s->rejudge, s->id,
                 f->verdict, prev->verdict);
        report_rejudge_fields(&f->event, s->rejudge, prev->verdict,
                              prev->scored ? &prev->score : NULL);
        finish_announce(f);
    }
    finish_ctx_free(f);
}

static void finish_store(struct finish_ctx *f)
{
    struct wslot *s = f->s;
    if (s->rejudge[0]) {
        int rc = results_finish_rejudge(s->w->pg, &f->v, s->rejudge, finish_on_rejudged, f);
        if (rc < 0)
            finish_on_rejudged(rc, false, NULL, f);
        return;
    }
    int rc = results_finish(s->w->pg, &f->v, finish_on_stored, f);
    if (rc < 0)
        finish_on_stored(rc, false, f);
}

void worker__finish_retry_kept(struct worker *w)
{
    /* Detached first: a verdict that fails again goes back on w->unstored. */
    struct list batch;
    list_init(&batch);
    while (!list_empty(&w->unstored)) {
        struct list *n = w->unstored.next;
        list_remove(n);
        list_push(&batch, n);
    }
    while (!list_empty(&batch)) {
        struct finish_ctx *f = container_of(batch.next, struct finish_ctx, node);
        list_remove(&f->node);
        log_info("slot %u: storing the kept verdict of submission %s", f->s->index, f->s->id);
        finish_store(f);
    }
}

void worker__finish_drop_kept(struct worker *w)
{
    while (!list_empty(&w->unstored)) {
        struct finish_ctx *f = container_of(w->unstored.next, struct finish_ctx, node);
        list_remove(&f->node);
        struct wslot *s = f->s;
        finish_ctx_free(f);
        worker__finish_store_failed(s, "storing the kept verdict", -ECANCELED);
    }
}

void worker__finish_verdict(struct wslot *s, const struct report_outcome *o)
{
    struct finish_ctx *f = xcalloc(1, sizeof(*f));
    f->s = s;
    snprintf(f->verdict, sizeof(f->verdict), "%s", o->verdict);
    f->time_ms = o->time_ms;
    f->memory_kb = o->memory_kb;
    buf_init(&f->event);
    buf_init(&f->feedback);
    struct report_who who = worker__finish_who(s);
    report_result_event(&who, o, &f->event);
    report_feedback_json(o, &f->feedback);
    list_init(&f->node);
    f->v = (struct results_verdict){
        .id = s->id, /* the slot's, which waits with a kept verdict */
        .verdict = f->verdict,
        .time_ms = o->time_ms,
        .memory_kb = o->memory_kb,
        .tests_json = xstrdup(o->tests_json ? o->tests_json : "[]"),
        .compile_output = dup_or_null(o->compile_out),
        .message = dup_or_null(o->message),
        .scored = o->scored,
        .score = o->score,
        .max_score = o->max_score,
        .team_message = dup_or_null(o->team_message),
        .judge_message = dup_or_null(o->judge_message),
        .feedback = f->feedback.data, /* f's own, as long as f */
        .finisher = s->finisher,      /* the slot's, which waits with a kept verdict */
    };
    finish_store(f);
}

void worker__finish_simple(struct wslot *s, enum verdict v, const char *message)
{
    log_info("slot %u: submission %s: %s: %s", s->index, s->id, verdict_name(v), message);
    struct report_outcome o = {.verdict = verdict_name(v), .message = message};
    worker__finish_verdict(s, &o);
}
