/* Text shown to users that comes from programs (compiler messages): trimmed
 * to a readable size and made valid UTF-8, since PostgreSQL and JSON accept
 * nothing else. */
#ifndef JUDGE_TEXT_H
#define JUDGE_TEXT_H

#include "common/buf.h"

#include <stddef.h>

/* Appends s[0..len) to out with every byte that is not part of valid UTF-8
 * (and every NUL) replaced by '?', cut at max bytes, at the end of a line when
 * one ends in the last quarter, followed by a note of how much was left out of
 * total, the size of the whole text of which s holds the first len bytes. */
void text_trim(const char *s, size_t len, size_t total, size_t max, struct buf *out);

#endif
