/* PUT /api/problems/{id} with Content-Type: application/zip: the zip of a
 * problem directory, read in memory with libzip (the only file that includes
 * its header) as a judge/problem.h problem_source. The files sit at the
 * zip's root or under one top folder (`zip -r x.zip x/` of `verdict problems
 * import`'s layout). Sizes are counted as bytes come out, never taken from
 * the zip's own headers, so a zip bomb stops at the limits. */
#include "api/internal.h"

#include "common/alloc.h"
#include "judge/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* All files of one upload together, uncompressed. */
#define ZIP_TOTAL_MAX (256ull << 20)

struct zip_ctx {
    zip_t *zip;
    char prefix[256]; /* "" or "<folder>/" */
    unsigned long long total;
};

static char *zip_read(void *ctx, const char *name, size_t *len_out, char *err, size_t errlen)
{
    struct zip_ctx *z = ctx;
    char path[600];
    snprintf(path, sizeof(path), "%s%s", z->prefix, name);
    zip_int64_t i = zip_name_locate(z->zip, path, 0);
    zip_file_t *f = i < 0 ? NULL : zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (f == NULL) {
        snprintf(err, errlen, "zip/%s: %s", name, i < 0 ? "missing" : "cannot be read");
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
            snprintf(err, errlen, "zip/%s: corrupt (%s)", name, zip_strerror(z->zip));
            goto fail;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        z->total += (unsigned long long)n;
        if (len > PROBLEM_FILE_MAX || z->total > ZIP_TOTAL_MAX) {
            snprintf(err, errlen, "zip/%s: larger than %u MiB (or the zip over %llu MiB)", name,
                     PROBLEM_FILE_MAX >> 20, ZIP_TOTAL_MAX >> 20);
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
    size_t n = 0;
    zip_int64_t entries = zip_get_num_entries(z->zip, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *e = zip_get_name(z->zip, (zip_uint64_t)i, 0);
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
    if (n == 0 && zip_name_locate(z->zip, dir, 0) < 0) {
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
    if (zip_name_locate(z->zip, "statement.md", 0) >= 0)
        return 0;
    zip_int64_t entries = zip_get_num_entries(z->zip, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *e = zip_get_name(z->zip, (zip_uint64_t)i, 0);
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
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    struct zip_ctx z = {0};
    z.zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (z.zip == NULL) {
        snprintf(err, errlen, "zip: not a zip archive (%s)", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        if (src)
            zip_source_free(src);
        return -1;
    }
    zip_error_fini(&ze);
    int rc = zip_find_prefix(&z, err, errlen);
    if (rc == 0) {
        struct problem_source ps = {"zip", zip_read, zip_list_inputs, &z};
        rc = problem_load(&ps, id, p, err, errlen);
    }
    zip_discard(z.zip); /* frees src too */
    return rc;
}
