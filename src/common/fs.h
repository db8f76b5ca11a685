/* File-system helpers every layer needs. */
#ifndef COMMON_FS_H
#define COMMON_FS_H

#include <sys/types.h>

/* Creates path and its missing parents with mode (existing ones are left as
 * they are). Returns 0 or a negative errno (-ENAMETOOLONG past PATH_MAX). */
int fs_mkdir_p(const char *path, mode_t mode);

#endif
