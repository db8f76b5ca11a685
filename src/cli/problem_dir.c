/* Loads a problem directory from disk: the filesystem side of a
 * problem_source (judge/problem.h holds the layout and every rule); and a
 * Kattis package, a directory or a zip (judge/from_package.h). */
#include "cli/problem_dir.h"

#include "cli/input_check.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "contract/ids.h"
#include "judge/expect_rules.h"
#include "judge/problem.h"
#include "package/srclang.h"
#include "package/unzip.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

#define PROGRAM_MAX_CODE (256u << 10) /* as the worker takes a submission */

static int program_cmp(const void *a, const void *b)
{
    return strcmp(((const struct catalog_program *)a)->path,
                  ((const struct catalog_program *)b)->path);
}

/* Reads submissions/<folder>/<file> of dir into a new entry of *v. */
static int program_add(const char *dir, const char *folder, const char *file,
                       struct catalog_program **v, size_t *n, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/submissions/%s/%s", dir, folder, file);
    size_t len;
    char *code = fs_read_file(path, PROGRAM_MAX_CODE, &len);
    if (code == NULL) {
        snprintf(err, errlen, "%.3000s: %s", path,
                 errno == EFBIG ? "larger than a submission may be (256 KiB)" : strerror(errno));
        return -1;
    }
    *v = xrealloc(*v, (*n + 1) * sizeof(**v));
    struct catalog_program *p = &(*v)[(*n)++];
    size_t l = strlen(folder) + strlen(file) + 2;
    p->path = xmalloc(l);
    snprintf(p->path, l, "%s/%s", folder, file);
    p->folder = xstrdup(folder);
    enum srclang sl = srclang_of_file(file);
    p->language = sl == SRCLANG_UNSUPPORTED ? NULL : xstrdup(srclang_name(sl));
    p->code = code;
    return 0;
}

/* Adds the regular files of submissions/<folder>/. */
static int programs_of_folder(const char *dir, const char *folder, struct catalog_program **v,
                              size_t *n, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/submissions/%s", dir, folder);
    DIR *d = opendir(path);
    if (d == NULL)
        return 0; /* a file beside the folders */
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        struct stat st;
        char file[4096 + 256];
        snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
        if (e->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode))
            rc = program_add(dir, folder, e->d_name, v, n, err, errlen);
    }
    closedir(d);
    return rc;
}

int problem_dir_programs(const char *dir, struct catalog_program **out, size_t *n, char *err,
                         size_t errlen)
{
    *out = NULL;
    *n = 0;
    char path[4096];
    snprintf(path, sizeof(path), "%s/submissions", dir);
    DIR *top = opendir(path);
    if (top == NULL && errno == ENOENT)
        return 0;
    if (top == NULL) {
        snprintf(err, errlen, "%.3000s: %s", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *f;
    while (rc == 0 && (f = readdir(top)) != NULL)
        if (f->d_name[0] != '.')
            rc = programs_of_folder(dir, f->d_name, out, n, err, errlen);
    closedir(top);
    if (rc < 0) {
        catalog_programs_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), program_cmp);
    return 0;
}

/* submissions/submissions.yaml, the rules of the example programs, kept
 * among them with no folder and no language (verify reads it, export writes
 * it back); nothing when the package has none; a legacy package's rules in
 * 2025-09's words. */
static int package_rules(const struct package *pkg, struct catalog_problem *p, char *err,
                         size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", pkg->root, EXPECT_RULES_FILE);
    size_t len;
    char *text = pkg->version == PACKAGE_LEGACY ? xstrdup(EXPECT_RULES_LEGACY)
                                                : fs_read_file(path, PROGRAM_MAX_CODE, &len);
    if (text == NULL) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: %s", EXPECT_RULES_FILE, strerror(errno));
        return -1;
    }
    struct catalog_program *c = &p->programs[p->nprograms++];
    *c = (struct catalog_program){xstrdup("submissions.yaml"), xstrdup(""), NULL, text};
    return 0;
}

/* One file of an example program into a catalog row: path (relative to
 * submissions/), the program's folder and language, the file's text. */
static int program_row(const struct package *pkg, const char *rel, const char *folder,
                       const char *lang, struct catalog_program *c, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/submissions/%s", pkg->root, rel);
    size_t len;
    char *code = fs_read_file(path, PROGRAM_MAX_CODE, &len);
    if (code == NULL) {
        snprintf(err, errlen, "submissions/%s: %s", rel,
                 errno == EFBIG ? "larger than a submission may be (256 KiB)" : strerror(errno));
        return -1;
    }
    *c = (struct catalog_program){xstrdup(rel), xstrdup(folder), xstrdup(lang), code};
    return 0;
}

/* The package's example programs (submissions/<folder>/...) as the catalog
 * keeps them, and their rules: a file a row; a directory program a row per
 * file ("accepted/multi/main.cpp"; cli/programs.h puts them together again);
 * a program in no language verdict judges one row with no language and no
 * code, so verify lists it as skipped. */
static int package_programs(const struct package *pkg, struct catalog_problem *p, char *err,
                            size_t errlen)
{
    size_t rows = 1;
    for (size_t i = 0; i < pkg->n_submissions; i++)
        rows += pkg->submissions[i].is_dir ? pkg->submissions[i].files.n + 1 : 1;
    p->programs = xcalloc(rows, sizeof(*p->programs));
    if (package_rules(pkg, p, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < pkg->n_submissions; i++) {
        const struct package_program *g = &pkg->submissions[i];
        const char *rel = g->path + strlen("submissions/");
        if (g->lang == SRCLANG_UNSUPPORTED || g->has_build_run) {
            p->programs[p->nprograms++] =
                (struct catalog_program){xstrdup(rel), xstrdup(g->folder), NULL, xstrdup("")};
            continue;
        }
        const char *lang = srclang_name(g->lang);
        if (!g->is_dir) {
            if (program_row(pkg, rel, g->folder, lang, &p->programs[p->nprograms], err, errlen) < 0)
                return -1;
            p->nprograms++;
            continue;
        }
        for (size_t k = 0; k < g->files.n; k++) {
            char file[PATH_MAX];
            snprintf(file, sizeof(file), "%s/%s", rel, g->files.v[k]);
            if (program_row(pkg, file, g->folder, lang, &p->programs[p->nprograms], err, errlen) <
                0)
                return -1;
            p->nprograms++;
        }
    }
    return 0;
}

int problem_package_load(const char *dir, struct catalog_problem *p, struct from_package_info *info,
                         char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    memset(info, 0, sizeof(*info));
    struct package *pkg;
    if (package_read(dir, &pkg, err, errlen) < 0)
        return -1;
    int rc = from_package(pkg, NULL, p, info, err, errlen);
    if (rc == 0)
        rc = package_programs(pkg, p, err, errlen);
    if (rc == 0)
        rc = input_check_run(pkg, &info->warnings, &info->nwarnings, err, errlen);
    if (rc < 0) {
        catalog_problem_dispose(p);
        from_package_info_dispose(info);
    }
    package_free(pkg);
    return rc;
}

/* The zip's bytes, at most PACKAGE_ZIP_TOTAL_MAX, into *out (*len bytes).
 * Returns 0, -1 with err when it is no regular file or too big, or -EIO
 * with err when it cannot be read: this host's fault (for `problems
 * settle`, the worker wrote it), not the package's. */
static int zip_slurp(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "cannot read the zip: %s", strerror(errno));
        return -EIO;
    }
    struct stat st;
    int rc = 0;
    *out = NULL;
    if (fstat(fileno(f), &st) < 0) {
        snprintf(err, errlen, "zip: %s", strerror(errno));
        rc = -EIO;
    } else if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > PACKAGE_ZIP_TOTAL_MAX) {
        snprintf(err, errlen, "zip: not a regular file of at most %llu MiB",
                 PACKAGE_ZIP_TOTAL_MAX >> 20);
        rc = -1;
    } else {
        *out = xmalloc((size_t)st.st_size + 1);
        *len = fread(*out, 1, (size_t)st.st_size, f);
        if (*len != (size_t)st.st_size) {
            snprintf(err, errlen, "zip: read error");
            free(*out);
            *out = NULL;
            rc = -EIO;
        }
    }
    fclose(f);
    return rc;
}

/* "hello" of ".../Hello.zip"; false when it is no problem id. */
static bool zip_id(const char *path, char *id, size_t len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n <= 4 || n - 4 >= len || strcasecmp(base + n - 4, ".zip") != 0)
        return false;
    for (size_t i = 0; i < n - 4; i++)
        id[i] = (char)tolower((unsigned char)base[i]);
    id[n - 4] = '\0';
    return ids_problem_valid(id, n - 4);
}

int problem_zip_load(const char *path, struct catalog_problem *p, struct from_package_info *info,
                     char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    memset(info, 0, sizeof(*info));
    char id[72], tmp[PATH_MAX], dir[PATH_MAX + 80];
    if (!zip_id(path, id, sizeof(id))) {
        snprintf(err, errlen, "the zip's name must be a problem id and .zip (%s)",
                 IDS_PROBLEM_RULE);
        return -1;
    }
    size_t len = 0;
    char *data;
    int rc = zip_slurp(path, &data, &len, err, errlen);
    if (rc < 0)
        return rc;
    rc = package_tmpdir(tmp, sizeof(tmp));
    if (rc < 0) {
        snprintf(err, errlen, "cannot create a temporary directory: %s", strerror(-rc));
        free(data);
        return -EIO;
    }
    snprintf(dir, sizeof(dir), "%s/%s", tmp, id);
    if (mkdir(dir, 0700) < 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        rc = -EIO;
    } else {
        rc = package_unzip(data, len, dir, PACKAGE_ZIP_TOTAL_MAX, err, errlen);
    }
    free(data);
    if (rc == 0)
        rc = problem_package_load(dir, p, info, err, errlen);
    (void)fs_remove_tree(tmp);
    return rc;
}
