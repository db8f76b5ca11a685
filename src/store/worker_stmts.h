/* The prepared statements of the worker's PostgreSQL connection (results.c).
 * The api's are in api_stmts.h. */
#ifndef STORE_WORKER_STMTS_H
#define STORE_WORKER_STMTS_H

#include "store/pg.h"

/* NULL-name terminated; pass to pg_new() for the worker's connection. */
extern const struct pg_stmt worker_stmts[];

#endif
