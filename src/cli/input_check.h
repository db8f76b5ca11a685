/* A package's input validators on its test inputs, at import. */
#ifndef CLI_INPUT_CHECK_H
#define CLI_INPUT_CHECK_H

#include "package/package.h"

#include <stddef.h>

/* Builds each of pkg's input validators in a sandbox of its own and runs it
 * on every test input (exit 42 = valid), with the test's arguments. Returns
 * 0 when every input is valid, or -EINVAL (the package's fault) with
 * "data/secret/03.in: rejected by input validator input_validators/bounds.cpp:
 * not accepted (exit code 43): n out of range" in err, or -EIO (this host's
 * fault: no sandbox, a run that failed) with why the check could not be
 * made. Validators
 * verdict cannot run are skipped, each with a warning appended to
 * *warnings (a growing array of new strings, *nwarnings long). */
int input_check_run(const struct package *pkg, char ***warnings, size_t *nwarnings, char *err,
                    size_t errlen);

#endif
