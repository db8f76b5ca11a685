/* The prepared statements of the worker's PostgreSQL connection. */
#ifndef STORE_JUDGE_STMTS_H
#define STORE_JUDGE_STMTS_H

#include "store/pg.h"

/* NULL-name terminated; pass to pg_new(). */
extern const struct pg_stmt judge_stmts[];

#endif
