/* The driver of a function problem (issue 13; README.md "Function problems"):
 * the program that turns the user's function into one the judge can run on a
 * test. driver_source() joins the user's code with the language's driver
 * (drivers/<lang>.<ext>, compiled into the binary) and the main() generated for
 * the signature into one source file, compiled and run as any submission.
 *
 * The contract of the built program:
 *   stdin   the test's .in: one JSON value per line, one line per parameter in
 *           order (signature_check_input() says exactly what passes).
 *   stdout  first whatever the user's code printed, then DRIVER_MARKER, then
 *           the returned value as one line of JSON (compact; doubles in a form
 *           that reads back the same, e.g. "0.1", "1e+300"; strings escaped, any
 *           other Unicode as UTF-8; a C/Java null string or array as null).
 *           driver_output_split() takes them apart: the user's part is the
 *           run's debug output, the result is compared with jsoncmp.
 *   exit    0 after printing; DRIVER_EXIT_BAD_INPUT (with "verdict driver:
 *           input line N (name): why" on stderr) when the input does not fit
 *           the signature, before the function is called: bad test data, an
 *           IE. Inputs checked with signature_check_input() never get there,
 *           so on a checked input this status is the program's own doing (its
 *           code read stdin or exited 97 itself): RE. Any other status or
 *           signal is the user's function failing: RE.
 * A function that loops is a TLE like any program's.
 *
 * The judge (judge/function.c) does all this for a judge_problem with a
 * function; its judge_result gives the deciding test's user_output, the
 * returned value and this line_shift to whoever shows them (judge.h). */
#ifndef JUDGE_DRIVER_H
#define JUDGE_DRIVER_H

#include "judge/lang.h"
#include "judge/signature.h"

#include <stdbool.h>
#include <stddef.h>

#define DRIVER_EXIT_BAD_INPUT 97
/* Written after the user's output: a line of its own holding only
 * "\x1eVERDICT-RESULT\x1e" (0x1e: the ASCII record separator). */
#define DRIVER_MARKER "\n\x1eVERDICT-RESULT\x1e\n"

struct driver_source {
    char *text; /* the program, to be written to lang->source; owned */
    size_t len;
    /* Lines of driver code before the user's first line, as the compiler and
     * runtime count them: subtract from line numbers in messages that name
     * lang->source. 1 for Python (LeetCode's imports), else 0 (C, C++ and Go
     * name the user's lines through #line and //line directives; Java's
     * imports share the user's first line). */
    unsigned line_shift;
};

/* Builds the program of language l for signature s around the user's code
 * (code[0..len), which need not end in a newline) into out, to be released
 * with driver_source_dispose(). Returns 0, or -EINVAL when the driver has no
 * such language (err says which). */
int driver_source(const struct signature *s, const struct lang *l, const char *code, size_t len,
                  struct driver_source *out, char *err, size_t errlen);

void driver_source_dispose(struct driver_source *src);

/* A run's stdout, taken apart. */
struct driver_output {
    bool returned;      /* the marker is there: the function returned */
    size_t user_len;    /* stdout[0..user_len) is what the user's code printed */
    const char *result; /* the returned value's JSON (borrowed from stdout) */
    size_t result_len;  /* without the final newline */
};

/* Splits stdout[0..len) at the last DRIVER_MARKER (the user's code could print
 * one itself, but only before the driver's own). Without one, returned is false
 * and all of stdout is the user's. */
void driver_output_split(const char *stdout_text, size_t len, struct driver_output *out);

#endif
