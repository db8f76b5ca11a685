/* Callback types shared by the store modules. */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stddef.h>

/* A JSON document produced by the store: status 0 with json (borrowed during
 * the callback), -ENOENT when the row does not exist, or a negative errno
 * when the database could not answer (json NULL). */
typedef void (*store_json_cb)(int status, const char *json, size_t len, void *data);

#endif
