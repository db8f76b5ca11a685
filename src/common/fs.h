/* File-system helpers every layer needs. */
#ifndef COMMON_FS_H
#define COMMON_FS_H

#include <stddef.h>
#include <sys/types.h>

/* Creates path and its missing parents with mode (existing ones are left as
 * they are). Returns 0 or a negative errno (-ENAMETOOLONG past PATH_MAX). */
int fs_mkdir_p(const char *path, mode_t mode);

/* mkdtemp(tmpl) (tmpl ends in XXXXXX and is filled in), then the mode set
 * whatever the umask: a work directory the boxes' uids must read. Returns 0
 * or a negative errno (tmpl still ends in XXXXXX when none was made). */
int fs_mkdtemp(char *tmpl, mode_t mode);

/* Removes path and everything under it, never following a symbolic link
 * (a link is removed, not its target). A missing path is fine. Returns 0 or
 * the first negative errno met (removal goes on past it). */
int fs_remove_tree(const char *path);

/* Reads the regular file path whole into a new NUL-terminated buffer (*len
 * bytes before the NUL) the caller frees. Returns NULL with errno set:
 * EFBIG past max bytes, EINVAL for anything but a regular file. */
char *fs_read_file(const char *path, size_t max, size_t *len);

#endif
