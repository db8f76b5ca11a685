/* The failover sweep (resweep.h): rows still queued, read by id pages from
 * PostgreSQL and pushed again on the queue. */
#include "store/resweep.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/internal.h"
#include "store/jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct resweep {
    struct pg *pg;
    struct redis *r;
    const char *who;
    char after[STORE_NUM_MAX]; /* the last id pushed */
    unsigned page;             /* rows in the page being pushed */
    unsigned long long total;
};

static int resweep_next(struct resweep *s);

static void resweep_end(struct resweep *s, int status)
{
    if (status < 0)
        log_warn("%s: failover sweep stopped after %llu jobs: %s (the workers' sweep finds the "
                 "rest)",
                 s->who, s->total, strerror(-status));
    else
        log_info("%s: failover sweep: %llu queued submissions pushed again", s->who, s->total);
    free(s);
}

static void resweep_on_pushed(int status, long long n, void *data)
{
    (void)n;
    struct resweep *s = data;
    if (status < 0) {
        resweep_end(s, status);
        return;
    }
    s->total += s->page;
    if (s->page < RESWEEP_PAGE) {
        resweep_end(s, 0);
        return;
    }
    int rc = resweep_next(s);
    if (rc < 0)
        resweep_end(s, rc);
}

static void resweep_on_rows(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct resweep *s = data;
    if (status < 0) {
        resweep_end(s, status);
        return;
    }
    unsigned n = (unsigned)pg_result_rows(res);
    if (n == 0) {
        resweep_end(s, 0);
        return;
    }
    const char **ids = store__column(res, 0, NULL);
    snprintf(s->after, sizeof(s->after), "%s", ids[n - 1]);
    s->page = n;
    int rc = jobs_requeue(s->r, ids, n, resweep_on_pushed, s);
    free(ids);
    if (rc < 0)
        resweep_end(s, rc);
}

static int resweep_next(struct resweep *s)
{
    char lim[STORE_NUM_MAX];
    const char *values[2] = {s->after, store__num(lim, RESWEEP_PAGE)};
    return pg_exec(s->pg, "job_resweep", 2, values, NULL, resweep_on_rows, s);
}

void resweep_start(struct pg *pg, struct redis *r, const char *who)
{
    struct resweep *s = xcalloc(1, sizeof(*s));
    s->pg = pg;
    s->r = r;
    s->who = who;
    s->after[0] = '0'; /* ids start at 1 */
    log_info("%s: Redis server switched (a failover or a restart); pushing again the submissions "
             "still queued",
             who);
    int rc = resweep_next(s);
    if (rc < 0)
        resweep_end(s, rc);
}
