/* Allocation wrappers: a failed allocation aborts (STYLE.md §5), so callers
 * never check for NULL. Sizes that come from the network are capped first. */
#ifndef COMMON_ALLOC_H
#define COMMON_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a NUL-terminated copy of s; the caller frees it. */
char *xstrdup(const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s; the caller frees it. */
char *xstrndup(const char *s, size_t n);

#endif
