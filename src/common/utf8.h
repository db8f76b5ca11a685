/* UTF-8 validation for text that came from outside (submitted code, ids). */
#ifndef COMMON_UTF8_H
#define COMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8: no overlongs, no surrogates, no
 * code points above U+10FFFF. NUL bytes are valid UTF-8 and allowed here. */
bool utf8_valid(const char *s, size_t len);

#endif
