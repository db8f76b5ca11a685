/* Files compiled into the binary (cmake/embed.cmake): the SQL migrations,
 * the web page and the function problems' drivers. Each table ends with a NULL name. */
#ifndef COMMON_EMBEDDED_H
#define COMMON_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* path relative to its folder, e.g. "001_init.sql" */
    const unsigned char *data;
    size_t len;
};

extern const struct embedded_file migrations_sql[];
extern const struct embedded_file web_files[];
/* drivers/: the function problems' drivers, one per language (judge/driver.h). */
extern const struct embedded_file driver_files[];

#endif
