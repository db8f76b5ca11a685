/* The worker's side of the queue: taking jobs (one BLMOVE at a time, while a
 * slot is free), keeping its lease, reaping dead workers' jobs, sweeping rows
 * the queue lost, renewing the leases of rows in hand, and, at shutdown,
 * waiting for the slots and giving back what is left.
 *
 * Each job goes one way through a slot: claim.c (parse, claim the row) ->
 * testdata.c (its tests in the cache) -> judging.c (on a lane, lane.c) ->
 * finish.c (store, publish, ack), which calls back here once the slot is free;
 * nothing in that pipeline calls the fetcher. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "contract/run.h"
#include "store/rejudge.h"
#include "store/results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void fetch_on_timer(uv_timer_t *t)
{
    worker__fetch(t->data);
}

static void fetch_on_handed_back(int status, void *data)
{
    struct worker *w = data;
    if (status < 0)
        log_warn("cannot hand back a job taken during shutdown: %s (the reaper will)",
                 strerror(-status));
    w->pending--;
    worker__maybe_exit(w);
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

/* A slot is free again: take the next job, or go on stopping. */
static void fetch_on_slot_done(struct wslot *s)
{
    struct worker *w = s->w;
    if (w->stopping)
        worker__maybe_exit(w);
    else
        worker__fetch(w);
}

static void fetch_on_job(int status, const char *job, size_t len, void *data)
{
    struct worker *w = data;
    w->fetching = false;
    /* A take that found nothing is followed by one blocking BLMOVE; whatever
     * that brings (a job, or the timeout), the next fetch takes again. */
    w->drained = w->fair && status == 0 && job == NULL && !w->drained;
    if (status < 0) {
        if (!w->stopping)
            log_warn("cannot take jobs: %s; retrying", strerror(-status));
        worker__backoff(w);
    } else if (job) {
        struct wslot *s = worker__idle_slot(w);
        if (w->stopping || s == NULL) {
            /* Taken as we were stopping: straight back to the queue. */
            w->pending++;
            int rc = jobs_hand_back(w->redis, w->id, job, len, fetch_on_handed_back, w);
            if (rc < 0)
                fetch_on_handed_back(rc, w);
        } else if (run_job_is(job, len)) {
            worker__run_job(s, job, len, fetch_on_slot_done);
        } else {
            worker__claim_job(s, job, len, fetch_on_slot_done);
        }
    }
    if (w->stopping)
        worker__maybe_exit(w);
    else
        worker__fetch(w);
}

/* Takes the next job when a slot is free, one call at a time on the blocking
 * connection. With fair share on, jobs_take() first (the users in turn);
 * only when it found nothing anywhere, one BLMOVE, so that a job that arrives
 * on an idle queue is answered at once. A SIGTERM waits at most
 * WORKER_FETCH_BLOCK_S for a pending BLMOVE. */
void worker__fetch(struct worker *w)
{
    if (w->stopping || w->fetching || !w->leased || worker__idle_slot(w) == NULL)
        return;
    uint64_t now = uv_now(w->loop);
    if (now < w->paused_until || !pg_connected(w->pg) || !redis_connected(w->blocking)) {
        uv_timer_start(&w->fetch_timer, fetch_on_timer,
                       now < w->paused_until ? w->paused_until - now : 200, 0);
        return;
    }
    int rc = w->fair && !w->drained
                 ? jobs_take(w->blocking, w->id, fetch_on_job, w)
                 : jobs_fetch(w->blocking, w->id, WORKER_FETCH_BLOCK_S, fetch_on_job, w);
    if (rc < 0) {
        worker__backoff(w);
        uv_timer_start(&w->fetch_timer, fetch_on_timer, WORKER_BACKOFF_MS, 0);
        return;
    }
    w->fetching = true;
}

/*** Lease, reaper, sweep ***/

static void lease_on_renewed(int status, void *data)
{
    struct worker *w = data;
    if (status < 0) {
        log_warn("cannot renew the lease: %s", strerror(-status));
        return;
    }
    if (!w->leased) {
        w->leased = true;
        log_info("lease taken as %s; taking jobs", w->id);
        worker__fetch(w);
    }
}

void worker__on_lease_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (w->stopping)
        return;
    int rc = jobs_lease(w->redis, w->id, WORKER_LEASE_TTL_S, lease_on_renewed, w);
    if (rc < 0 && rc != -ENOTCONN)
        log_warn("cannot renew the lease: %s", strerror(-rc));
}

static void reap_on_done(int status, long long n, void *data)
{
    struct worker *w = data;
    if (status == 0 && n > 0) {
        log_info("reaper: %lld jobs of dead workers back on the queue", n);
        worker__fetch(w);
    } else if (status < 0 && status != -ENOTCONN) {
        log_warn("reaper failed: %s", strerror(-status));
    }
}

static void reap_on_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (!w->stopping && redis_connected(w->redis))
        (void)jobs_reap(w->redis, reap_on_done, w);
}

static void sweep_on_pushed(int status, long long n, void *data)
{
    (void)data;
    (void)n;
    if (status < 0)
        log_warn("sweep: cannot push rows back on the queue: %s (the next sweep will)",
                 strerror(-status));
}

static void sweep_on_rejudges_pushed(int status, void *data)
{
    (void)data;
    if (status < 0)
        log_warn("sweep: cannot push rejudge jobs back on the queue: %s (the next sweep will)",
                 strerror(-status));
}

static void sweep_on_rows(int status, unsigned n, const char *const *ids, void *data)
{
    struct worker *w = data;
    if (status < 0) {
        log_warn("sweep failed: %s", strerror(-status));
        return;
    }
    if (n == 0)
        return;
    log_info("sweep: %u submissions lost by the queue pushed again (first %s)", n, ids[0]);
    /* Rows taken by the sweep were marked queued: if the push fails, the next
     * sweep finds them again once they are old enough. */
    if (jobs_requeue(w->redis, ids, n, sweep_on_pushed, w) < 0)
        log_warn("sweep: cannot push rows back on the queue");
}

static void sweep_on_rejudges(int status, unsigned n, const char *const *ids,
                              const char *const *rejudges, void *data)
{
    struct worker *w = data;
    if (status < 0) {
        log_warn("rejudge sweep failed: %s", strerror(-status));
        return;
    }
    if (n == 0)
        return;
    log_info("sweep: %u rejudge jobs lost by the queue pushed again (first %s)", n, ids[0]);
    /* Pushed at the consumer end, as they are old; still behind live work,
     * on the bulk lane. A failed push is found again by the next sweep. */
    int rc = rejudge_push(w->redis, ids, rejudges, n, true, sweep_on_rejudges_pushed, w);
    if (rc < 0)
        sweep_on_rejudges_pushed(rc, w);
}

static void sweep_on_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (w->stopping || !pg_connected(w->pg) || !redis_connected(w->redis))
        return;
    (void)results_sweep(w->pg, WORKER_SWEEP_AGE_S, WORKER_SWEEP_BATCH, sweep_on_rows, w);
    (void)results_sweep_rejudges(w->pg, WORKER_REJUDGE_SWEEP_AGE_S, WORKER_SWEEP_BATCH,
                                 sweep_on_rejudges, w);
}

static void renew_on_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    struct buf ids;
    buf_init(&ids);
    if (worker__claimed_ids(w, &ids) > 0 && pg_connected(w->pg))
        (void)results_renew(w->pg, ids.data, WORKER_ROW_LEASE_S);
    buf_dispose(&ids);
}

void worker__start_timers(struct worker *w)
{
    uv_timer_start(&w->lease_timer, worker__on_lease_timer, 0, WORKER_LEASE_EVERY_MS);
    /* Workers started together should not all reap and sweep in step. */
    uint64_t jitter = (uint64_t)(rand() % 1000);
    uv_timer_start(&w->reap_timer, reap_on_timer, 500 + jitter, WORKER_REAP_EVERY_MS);
    uv_timer_start(&w->sweep_timer, sweep_on_timer, 3000 + jitter, WORKER_SWEEP_EVERY_MS);
    uv_timer_start(&w->renew_timer, renew_on_timer, WORKER_RENEW_EVERY_MS, WORKER_RENEW_EVERY_MS);
}

/*** Shutdown ***/

static void exit_on_timer(uv_timer_t *t)
{
    worker__teardown(t->data);
}

static void release_on_done(int status, long long n, void *data)
{
    struct worker *w = data;
    if (status < 0)
        log_warn("cannot release the lease: %s (it expires in %d s)", strerror(-status),
                 WORKER_LEASE_TTL_S);
    else if (n > 0)
        log_info("%lld jobs left in hand put back on the queue", n);
    /* Not from inside a Redis callback: redis_free() forbids it. */
    uv_timer_start(&w->exit_timer, exit_on_timer, 0, 0);
}

/* Once nothing is in hand or in flight: give back the lease (and anything
 * left in our processing list), then tear down. */
void worker__maybe_exit(struct worker *w)
{
    if (!w->stopping || w->released || w->fetching || w->pending || worker__takers_busy(w) ||
        worker__busy_slots(w))
        return;
    w->released = true;
    uv_timer_stop(&w->grace_timer);
    int rc = jobs_release(w->redis, w->id, release_on_done, w);
    if (rc < 0)
        release_on_done(rc, 0, w);
}
