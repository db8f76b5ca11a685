/* Loads a problem directory from disk: the filesystem side of a
 * problem_source (judge/problem.h holds the layout and every rule). */
#include "cli/problem_dir.h"

#include "common/alloc.h"
#include "judge/problem.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; NULL with "dir/name: reason" in err. */
static char *dir_read(void *ctx, const char *name, size_t *len_out, char *err, size_t errlen)
{
    const char *dir = ctx;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *p = NULL;
    size_t len = 0, cap = 0;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (len + n > PROBLEM_FILE_MAX) {
            snprintf(err, errlen, "%s: larger than %u MiB", path, PROBLEM_FILE_MAX >> 20);
            goto fail;
        }
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            p = xrealloc(p, cap);
        }
        memcpy(p + len, chunk, n);
        len += n;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    if (p == NULL)
        p = xstrdup("");
    p[len] = '\0';
    *len_out = len;
    return p;
fail:
    fclose(f);
    free(p);
    return NULL;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dir_list_inputs(void *ctx, const char *sub, char ***names_out, size_t *n_out, char *err,
                           size_t errlen)
{
    const char *dir = ctx;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    DIR *d = opendir(path);
    if (d == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 3 && strcmp(e->d_name + l - 3, ".in") == 0) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrndup(e->d_name, l - 3);
        }
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_names);
    *names_out = names;
    *n_out = n;
    return 0;
}

int problem_dir_load(const char *dir, struct catalog_problem *p, char *err, size_t errlen)
{
    const char *slash = strrchr(dir, '/');
    const char *id = slash ? slash + 1 : dir;
    struct problem_source src = {dir, dir_read, dir_list_inputs, (void *)dir};
    return problem_load(&src, id, p, err, errlen);
}
