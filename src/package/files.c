/* File access for the package reader: every path is checked to stay inside
 * the package (symlinks are followed only to targets under its root), names
 * the spec ignores are skipped, and sizes are capped before anything is read. */
#include "package/internal.h"

#include "common/alloc.h"
#include "common/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int package__fail(struct package__ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err, ctx->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

void package__warn(struct package__ctx *ctx, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    package__strv_push(&ctx->p->warnings, msg);
}

char *package__join(const char *a, const char *b)
{
    if (a[0] == '\0')
        return xstrdup(b);
    size_t la = strlen(a), lb = strlen(b);
    char *s = xmalloc(la + lb + 2);
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

/* The spec's file name rule, ^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,254}$: other
 * names are treated as absent (".git", "-notes", "my file.in"). */
static bool package_name_ok(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > 255 || n[0] == '.' || n[0] == '-')
        return false;
    return strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == len;
}

int package__stat(struct package__ctx *ctx, const char *rel, bool *is_dir, long long *size)
{
    char *full = package__join(ctx->p->root, rel);
    int rc = 1;
    struct stat st;
    if (lstat(full, &st) < 0) {
        rc = errno == ENOENT || errno == ENOTDIR
                 ? 0
                 : package__fail(ctx, "%s: %s", rel, strerror(errno));
        goto out;
    }
    if (S_ISLNK(st.st_mode)) {
        /* The spec allows links inside the package; one leaving it could make
         * the import read any file of the server. */
        char *real = realpath(full, NULL);
        size_t rl = strlen(ctx->root_real);
        if (real == NULL) {
            rc = package__fail(ctx, "%s: dangling symbolic link", rel);
            goto out;
        }
        bool inside = strncmp(real, ctx->root_real, rl) == 0 && real[rl] == '/';
        free(real);
        if (!inside || stat(full, &st) < 0) {
            rc = package__fail(ctx, "%s: symbolic link leads outside the package", rel);
            goto out;
        }
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
        rc = package__fail(ctx, "%s: not a regular file or directory", rel);
        goto out;
    }
    *is_dir = S_ISDIR(st.st_mode);
    *size = (long long)st.st_size;
out:
    free(full);
    return rc;
}

static int package_dirent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct package__dirent *)a)->name,
                  ((const struct package__dirent *)b)->name);
}

void package__dirents_free(struct package__dirent *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].name);
    free(d);
}

/* Takes one entry from the budget: the package's, or *budget when lenient.
 * False when none is left (with err set, or, the first time, a warning
 * when lenient). */
static bool package_entry_counted(struct package__ctx *ctx, const char *rel,
                                  struct package__budget *budget)
{
    if (budget == NULL && ++ctx->entries > PACKAGE_MAX_ENTRIES) {
        package__fail(ctx, "%s: more than %d files in the package", rel, PACKAGE_MAX_ENTRIES);
        return false;
    }
    if (budget != NULL && budget->left == 0) {
        if (!budget->over)
            package__warn(ctx,
                          "%s: more than %d files below the statement directory: the rest not "
                          "read",
                          rel, PACKAGE_STATEMENT_SUB_ENTRIES_MAX);
        budget->over = true;
        return false;
    }
    if (budget != NULL)
        budget->left--;
    return true;
}

/* package__stat(); when lenient, an entry it refuses is skipped (0) with
 * a warning saying why, and the caller's err is left as it was. */
static int package_entry_stat(struct package__ctx *ctx, const char *path, bool lenient,
                              bool *is_dir, long long *size)
{
    if (!lenient)
        return package__stat(ctx, path, is_dir, size);
    char why[1024] = "";
    char *err = ctx->err;
    size_t errlen = ctx->errlen;
    ctx->err = why;
    ctx->errlen = sizeof(why);
    int st = package__stat(ctx, path, is_dir, size);
    ctx->err = err;
    ctx->errlen = errlen;
    if (st >= 0)
        return st;
    package__warn(ctx, "%s (skipped)", why);
    return 0;
}

/* package__list(), or package__list_lenient() when budget is not NULL. */
static int package_list(struct package__ctx *ctx, const char *rel, struct package__budget *budget,
                        struct package__dirent **out)
{
    *out = NULL;
    char *full = package__join(ctx->p->root, rel);
    DIR *dir = opendir(full);
    free(full);
    if (dir == NULL && budget != NULL) {
        package__warn(ctx, "%s: %s (skipped)", rel, strerror(errno));
        return 0;
    }
    if (dir == NULL)
        return package__fail(ctx, "%s: %s", rel, strerror(errno));
    struct package__dirent *d = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dir)) != NULL) {
        if (!package_name_ok(e->d_name))
            continue;
        if (!package_entry_counted(ctx, rel, budget)) {
            rc = budget == NULL ? -1 : 0;
            break;
        }
        char *path = package__join(rel, e->d_name);
        bool is_dir;
        long long size;
        int st = package_entry_stat(ctx, path, budget != NULL, &is_dir, &size);
        free(path);
        rc = st < 0 ? -1 : 0;
        if (st == 1) { /* 0: gone since it was listed */
            d = xrealloc(d, (n + 1) * sizeof(*d));
            d[n++] = (struct package__dirent){xstrdup(e->d_name), is_dir, size};
        }
    }
    closedir(dir);
    if (rc < 0) {
        package__dirents_free(d, n);
        return -1;
    }
    if (n > 1)
        qsort(d, n, sizeof(*d), package_dirent_cmp);
    *out = d;
    return (int)n;
}

int package__list(struct package__ctx *ctx, const char *rel, struct package__dirent **out)
{
    return package_list(ctx, rel, NULL, out);
}

int package__list_lenient(struct package__ctx *ctx, const char *rel, struct package__budget *budget,
                          struct package__dirent **out)
{
    return package_list(ctx, rel, budget, out);
}

int package__read_text(struct package__ctx *ctx, const char *rel, size_t max, char **out,
                       size_t *len)
{
    *out = NULL;
    bool is_dir;
    long long size;
    int st = package__stat(ctx, rel, &is_dir, &size);
    if (st <= 0)
        return st < 0 ? -1 : package__fail(ctx, "%s: missing", rel);
    if (is_dir)
        return package__fail(ctx, "%s: a directory, not a file", rel);
    if ((unsigned long long)size > max)
        return package__fail(ctx, "%s: larger than %zu bytes", rel, max);
    char *full = package__join(ctx->p->root, rel);
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    free(full);
    if (fd < 0)
        return package__fail(ctx, "%s: %s", rel, strerror(errno));
    char *buf = xmalloc(max + 1);
    size_t n = 0;
    int rc = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = package__fail(ctx, "%s: %s", rel, strerror(errno));
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            /* The file grew after it was measured. */
            rc = package__fail(ctx, "%s: larger than %zu bytes", rel, max);
            break;
        }
    }
    close(fd);
    if (rc == 0 && (memchr(buf, '\0', n) != NULL || !utf8_valid(buf, n)))
        rc = package__fail(ctx, "%s: not UTF-8 text", rel);
    if (rc < 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    if (len != NULL)
        *len = n;
    return 0;
}

int package__read_yaml(struct package__ctx *ctx, const char *rel, struct ytree **out)
{
    char *text;
    size_t len;
    *out = NULL;
    if (package__read_text(ctx, rel, YTREE_MAX_BYTES, &text, &len) < 0)
        return -1;
    char why[512];
    *out = ytree_parse(text, len, why, sizeof(why));
    free(text);
    if (*out == NULL)
        return package__fail(ctx, "%s: %s", rel, why);
    return 0;
}

void package__strv_push(struct package_strv *sv, const char *s)
{
    sv->v = xrealloc(sv->v, (sv->n + 1) * sizeof(*sv->v));
    sv->v[sv->n++] = xstrdup(s);
}

void package__strv_free(struct package_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = 0;
}

void package__strv_copy(struct package_strv *dst, const struct package_strv *src)
{
    package__strv_free(dst);
    for (size_t i = 0; i < src->n; i++)
        package__strv_push(dst, src->v[i]);
}

void package__strv_split(struct package_strv *sv, const char *s)
{
    static const char blanks[] = " \t\r\n";
    for (s += strspn(s, blanks); *s != '\0'; s += strspn(s, blanks)) {
        size_t n = strcspn(s, blanks);
        char *w = xstrndup(s, n);
        package__strv_push(sv, w);
        free(w);
        s += n;
    }
}

int package__strv_yaml(struct package_strv *sv, const struct ytree *t)
{
    if (t->kind == YTREE_SCALAR) {
        package__strv_push(sv, t->text);
        return 0;
    }
    if (t->kind != YTREE_SEQ)
        return -1;
    for (size_t i = 0; i < t->n_kids; i++)
        if (t->kids[i]->kind != YTREE_SCALAR)
            return -1;
    for (size_t i = 0; i < t->n_kids; i++)
        package__strv_push(sv, t->kids[i]->text);
    return 0;
}
