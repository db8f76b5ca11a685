/* File-system helpers (see fs.h). */
#include "common/fs.h"

#include "common/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdir_p(const char *path, mode_t mode)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
            return -errno;
        *p = saved;
        if (saved == '\0')
            return 0;
    }
}

/* Per thread: the api removes unpacked uploads from its thread pool. */
static _Thread_local int remove_tree_err;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    int rc = flag == FTW_DP ? rmdir(path) : unlink(path);
    if (rc < 0 && errno != ENOENT && remove_tree_err == 0)
        remove_tree_err = -errno;
    return 0;
}

int fs_remove_tree(const char *path)
{
    remove_tree_err = 0;
    if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
        return -errno;
    return remove_tree_err;
}

char *fs_read_file(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *data = NULL;
    int err = 0;
    if (fstat(fd, &st) < 0) {
        err = errno;
    } else if (!S_ISREG(st.st_mode)) {
        err = EINVAL;
    } else if ((unsigned long long)st.st_size > max) {
        err = EFBIG;
    } else {
        size_t n = (size_t)st.st_size, got = 0;
        data = xmalloc(n + 1);
        while (got < n) {
            ssize_t r = read(fd, data + got, n - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                err = r < 0 ? errno : EIO; /* shrank under us */
                break;
            }
            got += (size_t)r;
        }
        data[got] = '\0';
        *len = got;
    }
    close(fd);
    if (err) {
        free(data);
        errno = err;
        return NULL;
    }
    return data;
}

int fs_mkdtemp(char *tmpl, mode_t mode)
{
    size_t n = strlen(tmpl);
    if (mkdtemp(tmpl) == NULL)
        return -errno;
    if (chmod(tmpl, mode) < 0) {
        int rc = -errno;
        (void)rmdir(tmpl);
        memcpy(tmpl + n - 6, "XXXXXX", 6);
        return rc;
    }
    return 0;
}
