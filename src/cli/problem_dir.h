/* Reading and validating one problem directory in the import format of
 * DESIGN.md ("Problems on disk"). */
#ifndef CLI_PROBLEM_DIR_H
#define CLI_PROBLEM_DIR_H

#include "store/catalog.h"

#include <stddef.h>

/* Loads dir (whose last component is the problem id) into p. Returns 0, or
 * -1 with "path: reason" in err and p left empty. */
int problem_dir_load(const char *dir, struct catalog_problem *p, char *err, size_t errlen);

/* The example programs under dir/submissions/<folder>/<file> (files only: a
 * directory program needs a package's build rules), sorted by path, each
 * with its language by extension (NULL when verdict lacks it) and its code.
 * No submissions/ gives none. Returns 0 and a new array (*n entries) the
 * caller frees with catalog_programs_free(), or -1 with "path: reason" in err. */
int problem_dir_programs(const char *dir, struct catalog_program **out, size_t *n, char *err,
                         size_t errlen);

#endif
