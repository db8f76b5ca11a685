/* Health and metrics: GET /healthz and GET /metrics (Prometheus text). */
#include "api/internal.h"

#include "common/buf.h"

#include <string.h>

void api__healthz(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    bool redis = redis_connected(api->redis), db = pg_connected(api->pg);
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "{\"status\":\"%s\",\"redis\":%s,\"db\":%s,\"problems\":%zu}",
               redis && db ? "ok" : "degraded", redis ? "true" : "false", db ? "true" : "false",
               api->nproblems);
    api__json(api, req, redis && db ? 200 : 503, b.data, b.len);
    buf_dispose(&b);
}

static void metric(struct buf *b, const char *name, const char *help, const char *type,
                   unsigned long long v)
{
    buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name, v);
}

void api__metrics(struct http_request *req, const struct route_match *match, void *data)
{
    (void)match;
    struct api *api = data;
    const struct api_metrics *m = &api->metrics;
    struct buf b;
    buf_init(&b);
    metric(&b, "verdict_api_requests_total", "HTTP requests received.", "counter", m->requests);
    buf_puts(&b, "# HELP verdict_api_responses_total HTTP responses sent, by status class.\n"
                 "# TYPE verdict_api_responses_total counter\n");
    for (int c = 2; c <= 5; c++)
        buf_printf(&b, "verdict_api_responses_total{class=\"%dxx\"} %llu\n", c,
                   (unsigned long long)m->responses[c]);
    metric(&b, "verdict_submissions_accepted_total", "Submissions stored (POST /api/submissions).",
           "counter", m->submissions_accepted);
    metric(&b, "verdict_submissions_tutorial_total", "Jobs queued through POST /submit.", "counter",
           m->tutorial_accepted);
    metric(&b, "verdict_submissions_rejected_total", "Submissions refused as invalid.", "counter",
           m->submissions_rejected);
    metric(&b, "verdict_submissions_limited_total",
           "Submissions refused with 429: over --submit-rate.", "counter", m->submissions_limited);
    metric(&b, "verdict_runs_accepted_total", "Runs queued (POST /api/runs).", "counter",
           m->runs_accepted);
    metric(&b, "verdict_queue_push_failures_total",
           "Stored submissions whose first push failed (the sweep queues them).", "counter",
           m->push_failures);
    metric(&b, "verdict_sweep_pushed_total", "Submissions queued by the sweep.", "counter",
           m->sweep_pushed);
    metric(&b, "verdict_redis_unavailable_total", "Requests refused because Redis was down.",
           "counter", m->redis_unavailable);
    metric(&b, "verdict_db_unavailable_total", "Requests refused because PostgreSQL was down.",
           "counter", m->db_unavailable);
    metric(&b, "verdict_redis_up", "1 when connected to Redis.", "gauge",
           redis_connected(api->redis));
    metric(&b, "verdict_db_up", "1 when connected to PostgreSQL.", "gauge", pg_connected(api->pg));
    metric(&b, "verdict_db_queries_in_flight", "Queries sent and not yet answered.", "gauge",
           pg_pending(api->pg));
    metric(&b, "verdict_problems", "Problems known to intake.", "gauge", api->nproblems);
    if (api->pcache) {
        const struct problem_cache_metrics *c = problem_cache_metrics(api->pcache);
        metric(&b, "verdict_problem_cache_hits_total", "Problem reads answered from Redis.",
               "counter", c->hits);
        metric(&b, "verdict_problem_cache_misses_total", "Problem reads that found no entry.",
               "counter", c->misses);
        metric(&b, "verdict_problem_cache_rebuilds_total",
               "Cache entries moved forward (by a reader's or a writer's fill).", "counter",
               c->rebuilds);
        metric(&b, "verdict_problem_cache_fallthroughs_total",
               "PostgreSQL reads made for problem readers (one per flight).", "counter",
               c->fallthroughs);
        metric(&b, "verdict_problem_cache_stale_refusals_total",
               "Entries not served because a write was in flight on them.", "counter", c->refusals);
        metric(&b, "verdict_problem_cache_repairs_total",
               "Markers of writers that took too long, settled in PostgreSQL.", "counter",
               c->repairs);
        metric(&b, "verdict_problem_cache_lock_waits_total",
               "Misses that waited for another api's rebuild.", "counter", c->lock_waits);
        metric(&b, "verdict_problem_cache_reconciled_total",
               "Committed writes Redis had missed, published by the reconcile.", "counter",
               c->reconciled);
    }
    api->metrics.responses[2]++;
    http_respond(req, 200, "text/plain; version=0.0.4", NULL, b.data, b.len);
    buf_dispose(&b);
}
