/* Reading and validating one problem directory in the import format of
 * DESIGN.md ("Problems on disk"). */
#ifndef CLI_PROBLEM_DIR_H
#define CLI_PROBLEM_DIR_H

#include "store/catalog.h"

#include <stddef.h>

/* Loads dir (whose last component is the problem id) into p. Returns 0, or
 * -1 with "path: reason" in err and p left empty. */
int problem_dir_load(const char *dir, struct catalog_problem *p, char *err, size_t errlen);

#endif
