/* Reading and validating one problem directory in the import format of
 * DESIGN.md ("Problems on disk"), or a Kattis problem package (a directory
 * or a zip). */
#ifndef CLI_PROBLEM_DIR_H
#define CLI_PROBLEM_DIR_H

#include "judge/from_package.h"
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

/* Loads the Kattis problem package in dir (judge/from_package.h) into p,
 * with what the import prints in info. Returns 0, or -1 with "path: rule"
 * in err (path relative to the package) and p and info left empty; -EIO
 * instead when the fault is this host's, not the package's (the input
 * validators could not be built or run: no sandbox, no room). */
int problem_package_load(const char *dir, struct catalog_problem *p, struct from_package_info *info,
                         char *err, size_t errlen);

/* Loads the package zip at path: unpacked into a private temporary
 * directory (package/unzip.h), read, converted, removed. The id is the
 * zip's base name without ".zip", lowercased. Returns as above (-EIO too
 * when the zip cannot be read or unpacked for this host's reasons). */
int problem_zip_load(const char *path, struct catalog_problem *p, struct from_package_info *info,
                     char *err, size_t errlen);

#endif
