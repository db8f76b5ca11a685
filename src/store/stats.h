/* "Beats X%" (issue 13; README.md "Beats X%"): accepted submissions counted
 * by (problem, language) in sql/012's accepted_stats, kept by its triggers in
 * the transaction that stores each verdict; here the two reads. The
 * statements are "stats_beats" (worker_stmts.c) and "stats_get"
 * (api_stmts.c). */
#ifndef STORE_STATS_H
#define STORE_STATS_H

#include "store/pg.h"
#include "store/store.h"

/* status 0 with the percent of the accepted submissions of the problem and
 * language strictly slower (runtime) and using strictly more memory, NAN
 * when there is none to compare with; or a negative errno. */
typedef void (*stats_beats_cb)(int status, double runtime, double memory, void *data);

/* Looks up the beats of an accepted submission of problem in language with
 * time_ms (its slowest test's CPU time) and memory_kb (its peak). Same
 * contract as pg_exec(). */
int stats_beats(struct pg *pg, const char *problem, const char *language, unsigned time_ms,
                unsigned memory_kb, stats_beats_cb cb, void *data);

/* GET /api/problems/{id}/stats: the histograms as JSON, or -ENOENT for an
 * unknown problem. language is a language id (judge/lang.h). */
int stats_get(struct pg *pg, const char *problem, const char *language, store_json_cb cb,
              void *data);

#endif
