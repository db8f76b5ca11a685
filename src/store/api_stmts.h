/* The prepared statements of the api's PostgreSQL connection: submissions.c,
 * submission_batch.c, problems.c and the broadcasts of events.c. The worker's
 * are in worker_stmts.h. */
#ifndef STORE_API_STMTS_H
#define STORE_API_STMTS_H

#include "store/pg.h"

/* NULL-name terminated; pass to pg_new() for the api's connection. */
extern const struct pg_stmt api_stmts[];

#endif
