/* What a user is shown of a failed submission (issue 13 "Feedback on a
 * submission", README.md "Feedback"): a visible test's data capped to a few
 * KB and marked when cut, and the compiler's message with the box's paths of
 * the submission's file rewritten to the user's name for it. Pure functions:
 * no I/O, so every shape is unit-tested. */
#ifndef JUDGE_FEEDBACK_H
#define JUDGE_FEEDBACK_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Bytes shown of each of a failed visible test's input, expected output and
 * the program's output. */
#define FEEDBACK_SHOWN_MAX 4096

/* Appends s[0..len) to out, made valid UTF-8 (every invalid byte and every
 * NUL becomes '?'), cut at max bytes without splitting a character. total is
 * the size of the whole text of which s holds the first len bytes. Returns
 * true when anything was left out (the text is "cut"). */
bool feedback_cap(const char *s, size_t len, size_t total, size_t max, struct buf *out);

/* Appends the compiler's message msg[0..len) to out with each mention of the
 * submission's file (source: its name in the box, "main.cpp") as the
 * compilers write it -- "/box/main.cpp", "./main.go" or bare -- written as
 * display, the name the user knows it by. Line numbers that follow such a
 * mention ("main.c:12:5", rustc's "--> main.rs:3:1", Python's
 * 'File "main.py", line 4') and the numbered source excerpts of gcc and
 * rustc ("   12 | code") lose line_shift, the lines of driver code put
 * before the user's (judge/driver.h driver_source.line_shift); a number at
 * or below it names the driver's own code and is left as it is. */
void feedback_compile_message(const char *msg, size_t len, const char *source, const char *display,
                              unsigned line_shift, struct buf *out);

#endif
