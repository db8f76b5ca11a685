/* Batched submission inserts: every insert asked for during one loop turn
 * goes to PostgreSQL as one multi-row INSERT, one transaction. At low load a
 * batch holds one row and costs what a single INSERT does; under load it
 * turns N commits into one (bench/intake: the 10,000/s bar). */
#ifndef STORE_SUBMISSION_BATCH_H
#define STORE_SUBMISSION_BATCH_H

#include "store/pg.h"
#include "store/submissions.h"

#include <uv.h>

struct submission_batch;

/* Creates a batcher sending through pg (borrowed; must outlive it). */
struct submission_batch *submission_batch_new(uv_loop_t *loop, struct pg *pg);
/* Fails what is still queued (-ECANCELED) and frees it once its handle closed. */
void submission_batch_free(struct submission_batch *b);

/* Queues one insert; strings are copied. cb gets the new id (as in
 * submissions_insert()) exactly once, later. Returns 0, or -ENOTCONN when
 * PostgreSQL is down (cb not called). */
int submission_batch_insert(struct submission_batch *b, const char *user, const char *problem,
                            const char *language, const char *code, submissions_id_cb cb,
                            void *data);

#endif
