/* A problem's files (its statement's images, sql/014's problem_files) as
 * GET /api/problems/{id}/files/{name} serves them (judge/images.h holds the
 * name rule); the CLI's catalog reads and writes them (store/catalog.h). */
#ifndef STORE_PROBLEM_FILES_H
#define STORE_PROBLEM_FILES_H

#include "store/pg.h"

#include <stddef.h>

/* status 0 with the file's bytes and etag (its SHA-256 in hex), borrowed
 * during the callback; -ENOENT when the problem (not deleted) has no such
 * file; another negative errno when the database could not answer. */
typedef void (*problem_files_cb)(int status, const void *data, size_t len, const char *etag,
                                 void *cb_data);

/* Reads file name of problem id ("prob_file", api_stmts.c). Same contract
 * as pg_exec(). */
int problem_files_get(struct pg *pg, const char *id, const char *name, problem_files_cb cb,
                      void *data);

#endif
