/* Entry point of 'verdict problems', and the import used by 'verdict up'. */
#ifndef CLI_PROBLEMS_H
#define CLI_PROBLEMS_H

#include <stddef.h>
#include <stdio.h>

/* Runs the subcommand; argv[0] is "problems". Returns the process exit code. */
int problems_main(int argc, char **argv);

/* Imports root (blocking): one of verdict's problem directories, a Kattis
 * package directory (problem.yaml), a package zip, or a directory of any of
 * them. Each problem is its own transaction: a broken one is reported on
 * stderr with its file and rule and changes nothing, the others are
 * written. One line per written problem goes to out (id, version, tests,
 * type, time limit) unless out is NULL. Counts go to *imported and *failed;
 * returns -1 with a reason only when nothing could be tried (database or
 * directory unreachable). */
int problems_import(const char *conninfo, const char *root, FILE *out, int *imported, int *failed,
                    char *err, size_t errlen);

/* problems_import with no per-problem lines (verdict up). */
int problems_import_dir(const char *conninfo, const char *root, int *imported, int *failed,
                        char *err, size_t errlen);

#endif
