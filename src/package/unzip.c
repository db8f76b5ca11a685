/* Unpacking a package zip (libzip) into a private directory: every rule of
 * unzip.h, checked on the name before a byte is written; and the in-memory
 * reader of any zip. The only file that includes libzip's header. */
#include "package/unzip.h"

#include "common/alloc.h"
#include "package/package.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static zip_t *unzip_open(const void *data, size_t len, char *err, size_t errlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (z == NULL) {
        snprintf(err, errlen, "zip: not a zip archive (%s)", zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
    }
    zip_error_fini(&ze);
    return z;
}

/* The folder holding problem.yaml ("" or "<top>/"), or -1 when none. */
static int unzip_prefix(zip_t *z, char *prefix, size_t len)
{
    if (zip_name_locate(z, "problem.yaml", 0) >= 0) {
        prefix[0] = '\0';
        return 0;
    }
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *e = zip_get_name(z, (zip_uint64_t)i, 0);
        const char *slash = e ? strchr(e, '/') : NULL;
        if (slash && slash > e && strcmp(slash + 1, "problem.yaml") == 0 &&
            (size_t)(slash - e) + 2 <= len && strncmp(e, "__MACOSX", 8) != 0) {
            snprintf(prefix, len, "%.*s/", (int)(slash - e), e);
            return 0;
        }
    }
    return -1;
}

bool package_zip_is_package(const void *data, size_t len)
{
    char err[256], prefix[256];
    zip_t *z = unzip_open(data, len, err, sizeof(err));
    if (z == NULL)
        return false;
    bool yes = unzip_prefix(z, prefix, sizeof(prefix)) == 0;
    zip_discard(z);
    return yes;
}

/* A relative name of plain parts: no "", ".", ".." or backslash; a
 * trailing '/' names a directory. */
static bool unzip_name_ok(const char *rel)
{
    size_t len = strlen(rel);
    if (len == 0 || len >= 1024 || rel[0] == '/' || strchr(rel, '\\'))
        return false;
    for (const char *p = rel;;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (end == NULL && n == 0)
            return true;
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (end == NULL)
            return true;
        p = end + 1;
    }
}

/* Creates the directories of rel (all of it when it ends in '/'). */
static int unzip_mkdirs(const char *dir, const char *rel)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof(path))
        return -ENAMETOOLONG;
    for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(path, 0700) < 0 && errno != EEXIST)
            return -errno;
        struct stat st;
        if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
            return -ENOTDIR;
        *s = '/';
    }
    return 0;
}

/* Refuses links, devices and anything but a file or a directory (Unix
 * external attributes; other systems' zips hold plain files). */
static bool unzip_kind_ok(zip_t *z, zip_uint64_t i)
{
    zip_uint8_t os;
    zip_uint32_t attr;
    if (zip_file_get_external_attributes(z, i, 0, &os, &attr) < 0)
        return false;
    if (os != ZIP_OPSYS_UNIX)
        return true;
    mode_t mode = (mode_t)(attr >> 16);
    return (mode & S_IFMT) == 0 || S_ISREG(mode) || S_ISDIR(mode); /* no type: a plain file */
}

/* Copies entry i to path (created new); counts bytes into *total. */
struct unzip_count {
    unsigned long long total, max;
};

static int unzip_file(zip_t *z, zip_uint64_t i, const char *path, struct unzip_count *count,
                      const char *name, char *err, size_t errlen)
{
    zip_file_t *f = zip_fopen_index(z, i, 0);
    if (f == NULL) {
        snprintf(err, errlen, "zip/%s: cannot be read (%s)", name, zip_strerror(z));
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    int rc = 0;
    if (fd < 0) {
        snprintf(err, errlen, "zip/%s: %s", name,
                 errno == EEXIST ? "given twice" : strerror(errno));
        zip_fclose(f);
        return -1;
    }
    char buf[65536];
    unsigned long long size = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, sizeof(buf));
        if (n < 0) {
            snprintf(err, errlen, "zip/%s: corrupt (%s)", name, zip_file_strerror(f));
            rc = -1;
            break;
        }
        if (n == 0)
            break;
        size += (unsigned long long)n;
        count->total += (unsigned long long)n;
        if (size > PACKAGE_MAX_FILE || count->total > count->max) {
            snprintf(err, errlen,
                     "zip/%s: unpacks past %llu MiB (a file, or the whole zip): refused", name,
                     (size > PACKAGE_MAX_FILE ? PACKAGE_MAX_FILE : count->max) >> 20);
            rc = -1;
            break;
        }
        if (write(fd, buf, (size_t)n) != n) {
            snprintf(err, errlen, "zip/%s: cannot be written: %s", name, strerror(errno));
            rc = -1;
            break;
        }
    }
    close(fd);
    zip_fclose(f);
    return rc;
}

/* One entry: checked, then its directories and its file. */
static int unzip_entry(zip_t *z, zip_uint64_t i, const char *prefix, const char *dir,
                       struct unzip_count *count, char *err, size_t errlen)
{
    const char *e = zip_get_name(z, i, 0);
    if (e == NULL) {
        snprintf(err, errlen, "zip: entry %llu has no name", (unsigned long long)i);
        return -1;
    }
    size_t pl = strlen(prefix);
    if (strncmp(e, prefix, pl) != 0 || e[pl] == '\0')
        return 0; /* outside the package's folder */
    const char *rel = e + pl;
    if (!unzip_name_ok(rel)) {
        snprintf(err, errlen, "zip/%.200s: not a plain relative path (refused)", e);
        return -1;
    }
    if (!unzip_kind_ok(z, i)) {
        snprintf(err, errlen, "zip/%.200s: a link or special file (refused)", e);
        return -1;
    }
    int rc = unzip_mkdirs(dir, rel);
    if (rc < 0) {
        snprintf(err, errlen, "zip/%.200s: %s", e, strerror(-rc));
        return -1;
    }
    if (rel[strlen(rel) - 1] == '/')
        return 0;
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return unzip_file(z, i, path, count, e, err, errlen);
}

int package_unzip(const void *data, size_t len, const char *dir, unsigned long long max_total,
                  char *err, size_t errlen)
{
    zip_t *z = unzip_open(data, len, err, errlen);
    if (z == NULL)
        return -1;
    char prefix[256];
    int rc = 0;
    zip_int64_t n = zip_get_num_entries(z, 0);
    if (unzip_prefix(z, prefix, sizeof(prefix)) < 0) {
        snprintf(err, errlen, "zip: no problem.yaml at its root or in one top folder");
        rc = -1;
    } else if (n > PACKAGE_ZIP_ENTRIES_MAX) {
        snprintf(err, errlen, "zip: more than %d entries", PACKAGE_ZIP_ENTRIES_MAX);
        rc = -1;
    }
    struct unzip_count count = {0, max_total < PACKAGE_ZIP_TOTAL_MAX ? max_total
                                                                     : PACKAGE_ZIP_TOTAL_MAX};
    for (zip_int64_t i = 0; rc == 0 && i < n; i++)
        rc = unzip_entry(z, (zip_uint64_t)i, prefix, dir, &count, err, errlen);
    zip_discard(z);
    return rc;
}

/*** The reader ***/

struct package_zip {
    zip_t *zip;
};

struct package_zip *package_zip_open(const void *data, size_t len, char *err, size_t errlen)
{
    zip_t *zip = unzip_open(data, len, err, errlen);
    if (zip == NULL)
        return NULL;
    struct package_zip *z = xmalloc(sizeof(*z));
    z->zip = zip;
    return z;
}

void package_zip_close(struct package_zip *z)
{
    if (z == NULL)
        return;
    zip_discard(z->zip); /* frees the source too */
    free(z);
}

size_t package_zip_count(struct package_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->zip, 0);
    return n > 0 ? (size_t)n : 0;
}

const char *package_zip_name(struct package_zip *z, size_t i)
{
    return zip_get_name(z->zip, (zip_uint64_t)i, 0);
}

long package_zip_find(struct package_zip *z, const char *name)
{
    zip_int64_t i = zip_name_locate(z->zip, name, 0);
    return i < 0 ? -1 : (long)i;
}

char *package_zip_read(struct package_zip *z, size_t i, size_t max_file, unsigned long long *total,
                       unsigned long long max_total, size_t *len_out, char *err, size_t errlen)
{
    zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (f == NULL) {
        snprintf(err, errlen, "cannot be read");
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        zip_int64_t n = zip_fread(f, buf + len, cap - len - 1);
        if (n < 0) {
            snprintf(err, errlen, "corrupt (%s)", zip_file_strerror(f));
            goto fail;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        *total += (unsigned long long)n;
        if (len > max_file || *total > max_total) {
            snprintf(err, errlen, "too large");
            goto fail;
        }
    }
    zip_fclose(f);
    buf[len] = '\0';
    *len_out = len;
    return buf;
fail:
    zip_fclose(f);
    free(buf);
    return NULL;
}

int package_tmpdir(char *out, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    int n = snprintf(out, len, "%s/verdict-import-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (n < 0 || (size_t)n >= len)
        return -ENAMETOOLONG;
    return mkdtemp(out) == NULL ? -errno : 0;
}
