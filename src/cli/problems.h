/* Entry point of 'verdict problems', and the import used by 'verdict up'. */
#ifndef CLI_PROBLEMS_H
#define CLI_PROBLEMS_H

#include <stddef.h>

/* Runs the subcommand; argv[0] is "problems". Returns the process exit code. */
int problems_main(int argc, char **argv);

/* Imports every problem directory under root (blocking). Counts go to
 * *imported and *failed; returns -1 with a reason only when nothing could be
 * tried (database or directory unreachable). */
int problems_import_dir(const char *conninfo, const char *root, int *imported, int *failed,
                        char *err, size_t errlen);

#endif
