/* PUT /api/problems/{id} with Content-Type: application/zip: the zip of a
 * problem directory, read in memory (package/unzip.h, libzip's adapter) as a
 * judge/problem.h problem_source. The files sit at the
 * zip's root or under one top folder (`zip -r x.zip x/` of `verdict problems
 * import`'s layout). Sizes are counted as bytes come out, never taken from
 * the zip's own headers, so a zip bomb stops at the limits. */
#include "api/internal.h"

#include "common/alloc.h"
#include "judge/problem.h"
#include "package/unzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All files of one upload together, uncompressed. */
#define ZIP_TOTAL_MAX (256ull << 20)

struct zip_ctx {
    struct package_zip *zip;
    char prefix[256]; /* "" or "<folder>/" */
    unsigned long long total;
};

static char *zip_read(void *ctx, const char *name, size_t *len_out, char *err, size_t errlen)
{
    struct zip_ctx *z = ctx;
    char path[600], why[256];
    snprintf(path, sizeof(path), "%s%s", z->prefix, name);
    long i = package_zip_find(z->zip, path);
    if (i < 0) {
        snprintf(err, errlen, "zip/%s: missing", name);
        return NULL;
    }
    char *buf = package_zip_read(z->zip, (size_t)i, PROBLEM_FILE_MAX, &z->total, ZIP_TOTAL_MAX,
                                 len_out, why, sizeof(why));
    if (buf == NULL && strcmp(why, "too large") == 0)
        snprintf(err, errlen, "zip/%s: larger than %u MiB (or the zip over %llu MiB)", name,
                 PROBLEM_FILE_MAX >> 20, ZIP_TOTAL_MAX >> 20);
    else if (buf == NULL)
        snprintf(err, errlen, "zip/%s: %s", name, why);
    return buf;
}

static int zip_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int zip_list_inputs(void *ctx, const char *sub, char ***names_out, size_t *n_out, char *err,
                           size_t errlen)
{
    struct zip_ctx *z = ctx;
    char dir[300];
    int dlen = snprintf(dir, sizeof(dir), "%s%s/", z->prefix, sub);
    char **names = NULL;
    size_t n = 0, entries = package_zip_count(z->zip);
    for (size_t i = 0; i < entries; i++) {
        const char *e = package_zip_name(z->zip, i);
        if (e == NULL || strncmp(e, dir, (size_t)dlen) != 0)
            continue;
        const char *base = e + dlen;
        size_t l = strlen(base);
        if (l > 3 && strcmp(base + l - 3, ".in") == 0 && strchr(base, '/') == NULL &&
            n < PROBLEM_TESTS_MAX + 1) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrndup(base, l - 3);
        }
    }
    if (n == 0 && package_zip_find(z->zip, dir) < 0) {
        snprintf(err, errlen, "zip/%s: missing", sub);
        free(names);
        return -1;
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), zip_cmp);
    *names_out = names;
    *n_out = n;
    return 0;
}

/* The folder holding statement.md: the root, or one top folder. */
static int zip_find_prefix(struct zip_ctx *z, char *err, size_t errlen)
{
    if (package_zip_find(z->zip, "statement.md") >= 0)
        return 0;
    size_t entries = package_zip_count(z->zip);
    for (size_t i = 0; i < entries; i++) {
        const char *e = package_zip_name(z->zip, i);
        const char *slash = e ? strchr(e, '/') : NULL;
        if (slash && strcmp(slash + 1, "statement.md") == 0 &&
            (size_t)(slash - e) + 2 < sizeof(z->prefix)) {
            snprintf(z->prefix, sizeof(z->prefix), "%.*s/", (int)(slash - e), e);
            return 0;
        }
    }
    snprintf(err, errlen, "zip: no statement.md at its root or in one top folder");
    return -1;
}

int api__zip_load(const char *data, size_t len, const char *id, struct catalog_problem *p,
                  char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    struct zip_ctx z = {0};
    z.zip = package_zip_open(data, len, err, errlen);
    if (z.zip == NULL)
        return -1;
    int rc = zip_find_prefix(&z, err, errlen);
    if (rc == 0) {
        struct problem_source ps = {"zip", zip_read, zip_list_inputs, &z};
        rc = problem_load(&ps, id, p, err, errlen);
    }
    package_zip_close(z.zip);
    return rc;
}
