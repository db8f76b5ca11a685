/* Helpers shared by the store modules only. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include "store/pg.h"
#include "store/store.h"

/* Runs a statement whose result is one row with one JSON text cell (or no
 * row: -ENOENT). Same contract as pg_exec(). */
int store__json_query(struct pg *pg, const char *stmt, int nparams, const char *const *values,
                      store_json_cb cb, void *data);

#endif
