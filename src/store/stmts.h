/* The prepared statements of every store module, prepared on each connection. */
#ifndef STORE_STMTS_H
#define STORE_STMTS_H

#include "store/pg.h"

/* NULL-name terminated; pass to pg_new(). */
extern const struct pg_stmt store_stmts[];

#endif
