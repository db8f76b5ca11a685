/* The first stage of a job: parse it, claim its row in PostgreSQL (or give a
 * job without one its row, or record a malformed job as finished), and check
 * that the row can be judged here; then on to its tests. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/ids.h"
#include "judge/signature.h"
#include "store/results.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks that the claimed row can be judged here; if not, returns false with
 * the verdict and message that say why. */
/* A function problem's signature, as the importer checked it. */
static bool claim_function(struct wslot *s, const struct results_claim *c, char *msg, size_t len)
{
    s->has_function = c->function != NULL;
    if (!s->has_function)
        return true;
    cJSON *json = cJSON_Parse(c->function);
    char why[256];
    int rc = signature_parse(json, &s->function, why, sizeof(why));
    cJSON_Delete(json);
    if (rc < 0) {
        snprintf(msg, len, "the problem's function is not valid: %.180s", why);
        s->has_function = false;
        return false;
    }
    return true;
}

static bool claim_check(struct wslot *s, const struct results_claim *c, enum verdict *v, char *msg,
                        size_t len)
{
    *v = VERDICT_IE;
    if (c->attempts > WORKER_MAX_ATTEMPTS) {
        snprintf(msg, len,
                 "judging was started %d times and never finished (the judge crashed or was "
                 "killed each time)",
                 c->attempts - 1);
        return false;
    }
    if (!c->has_problem || !ids_problem_valid(c->problem, strlen(c->problem))) {
        snprintf(msg, len, "unknown problem '%.64s'", c->problem);
        return false;
    }
    s->lang = lang_find(c->language);
    if (s->lang == NULL) {
        snprintf(msg, len, "unknown language '%.64s'", c->language);
        *v = VERDICT_CE;
        return false;
    }
    if (!lang_installed(s->lang)) {
        snprintf(msg, len, "language '%s' is not installed on this worker", s->lang->id);
        return false;
    }
    if (checker_parse(c->checker, &s->checker) < 0) {
        snprintf(msg, len, "the problem's checker '%.64s' is unknown", c->checker);
        return false;
    }
    return claim_function(s, c, msg, len);
}

/* The row is ours: decide whether it can be judged, then get its tests. */
static void claim_on_claimed(int status, const struct results_claim *c, void *data)
{
    struct wslot *s = data;
    if (status == -ENOENT) {
        if (s->rejudge[0])
            log_info("slot %u: rejudge %s of submission %s is done already or taken over; "
                     "dropping its job",
                     s->index, s->rejudge, s->id);
        else
            log_info("slot %u: submission %s is done already or unknown; dropping its job",
                     s->index, s->id);
        worker__finish_ack(s, NULL, 0);
        return;
    }
    if (status < 0) {
        worker__finish_store_failed(s, "claiming", status);
        return;
    }
    s->claimed = true;
    snprintf(s->id, sizeof(s->id), "%s", c->id);
    snprintf(s->public_id, sizeof(s->public_id), "%s", c->public_id);
    s->user = xstrdup(c->user);
    s->problem = xstrdup(c->problem);
    s->language = xstrdup(c->language);
    s->code = xstrndup(c->code, c->code_len);
    s->code_len = c->code_len;
    if (s->w->stopping) {
        worker__finish_hand_back(s);
        return;
    }
    char msg[256];
    enum verdict v;
    if (!claim_check(s, c, &v, msg, sizeof(msg))) {
        worker__finish_simple(s, v, msg);
        return;
    }
    s->version = c->version;
    s->time_limit_ms = (unsigned)c->time_limit_ms;
    s->memory_limit_mb = (unsigned)c->memory_limit_mb;
    s->output_limit_kb = (unsigned)c->output_limit_kb;
    s->started_ms = uv_now(s->w->loop);
    worker__testdata_get(s);
}

static void claim_on_rewritten(int status, void *data)
{
    (void)data;
    if (status < 0)
        log_warn("cannot give a queued job its submission id: %s", strerror(-status));
}

/* A job that came without a row got one: from now on the job in our
 * processing list names it, so a requeue claims this row instead of making a
 * second one. It names its user too, so that a job reaped or handed back is
 * taken in its user's turn, not behind live work as a bare row would be
 * (fair share, store/jobs.c). */
static void claim_on_inserted(int status, const struct results_claim *c, void *data)
{
    struct wslot *s = data;
    if (status == 0) {
        struct buf new_job;
        buf_init(&new_job);
        job_build_id_user(&new_job, c->id, s->job.user ? s->job.user : JOBS_ANONYMOUS);
        int rc = jobs_rewrite(s->w->redis, s->w->id, s->raw, s->raw_len, new_job.data, new_job.len,
                              claim_on_rewritten, NULL);
        if (rc < 0)
            claim_on_rewritten(rc, NULL);
        free(s->raw);
        s->raw_len = new_job.len;
        s->raw = buf_steal(&new_job);
        log_info("slot %u: job without a row is submission %s", s->index, c->id);
    }
    claim_on_claimed(status == -ENOENT ? -EPROTO : status, c, s);
}

static void claim_on_recorded(int status, const char *id, const char *public_id, void *data)
{
    struct wslot *s = data;
    if (status < 0) {
        worker__finish_store_failed(s, "recording a malformed job", status);
        return;
    }
    snprintf(s->id, sizeof(s->id), "%s", id);
    snprintf(s->public_id, sizeof(s->public_id), "%s", public_id);
    log_info("slot %u: malformed job recorded as submission %s", s->index, id);
    /* Its submitter may be listening: announce it like any result. */
    struct buf ev;
    buf_init(&ev);
    struct report_who who = {s->public_id, s->job.user ? s->job.user : "anonymous", s->job.problem,
                             s->job.language};
    struct report_outcome o = {.verdict = s->bad_verdict, .message = s->reason};
    report_result_event(&who, &o, &ev);
    worker__finish_ack(s, ev.data, ev.len);
    buf_dispose(&ev);
}

void worker__claim_job(struct wslot *s, const char *raw, size_t len, worker_slot_done_cb done)
{
    struct worker *w = s->w;
    s->busy = true;
    s->on_done = done;
    s->raw = xstrndup(raw, len);
    s->raw_len = len;
    s->rejudge[0] = '\0';
    s->last_progress_ms = 0;
    s->last_stage = 0;
    s->judge_start_ms = s->judged_ms = 0;
    s->compile_ms = 0;
    s->started_ms = uv_now(w->loop);
    snprintf(s->finisher, sizeof(s->finisher), "%s/%" PRIu64, w->id, ++w->claims);
    enum job_status st =
        job_parse(raw, len, WORKER_MAX_JOB, WORKER_MAX_CODE, &s->job, s->reason, sizeof(s->reason));
    int rc;
    if (st == JOB_OK && s->job.submission_id) {
        snprintf(s->id, sizeof(s->id), "%s", s->job.submission_id);
        /* A rejudge's row is done: what it claims is the rejudge's debt, and
         * with it the problem as it is now (its current version). */
        snprintf(s->rejudge, sizeof(s->rejudge), "%s", s->job.rejudge ? s->job.rejudge : "");
        if (s->rejudge[0])
            rc = results_claim_rejudge(w->pg, s->id, s->rejudge, WORKER_ROW_LEASE_S,
                                       claim_on_claimed, s);
        else
            rc = results_claim(w->pg, s->id, WORKER_ROW_LEASE_S, claim_on_claimed, s);
        if (rc < 0)
            worker__finish_store_failed(s, "claiming", rc);
        return;
    }
    const char *user = s->job.user ? s->job.user : "anonymous";
    if (st == JOB_OK) {
        rc = results_insert(w->pg, user, s->job.problem, s->job.language, s->job.code,
                            s->job.code_len, WORKER_ROW_LEASE_S, claim_on_inserted, s);
        if (rc < 0)
            worker__finish_store_failed(s, "recording a job", rc);
        return;
    }
    /* Never judged, never blocking the queue: a finished row that says why. */
    log_warn("slot %u: %s", s->index, s->reason);
    s->bad_verdict = st == JOB_BAD_CODE ? "CE" : "IE";
    rc = results_record(w->pg, user, s->job.problem ? s->job.problem : "",
                        s->job.language ? s->job.language : "", "", 0, s->bad_verdict, s->reason,
                        claim_on_recorded, s);
    if (rc < 0)
        worker__finish_store_failed(s, "recording a malformed job", rc);
}
