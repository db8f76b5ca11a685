/* A growable byte buffer, used to build responses, queries and JSON text. */
#ifndef COMMON_BUF_H
#define COMMON_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b);
void buf_dispose(struct buf *b);
void buf_reset(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s (len bytes) as a quoted JSON string with every needed escape. */
void buf_json_str(struct buf *b, const char *s, size_t len);
/* Returns the data and leaves b empty; the caller frees the result. */
char *buf_steal(struct buf *b);

#endif
