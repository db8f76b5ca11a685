/* Temporary package directories for the package tests. */
#include "pkgfs.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char pkgfs_tmp[64];
static char pkgfs_root[256];

const char *pkgfs_new(const char *name)
{
    snprintf(pkgfs_tmp, sizeof(pkgfs_tmp), "/tmp/verdict-pkg-XXXXXX");
    cr_assert_not_null(mkdtemp(pkgfs_tmp));
    snprintf(pkgfs_root, sizeof(pkgfs_root), "%s/%s", pkgfs_tmp, name);
    cr_assert_eq(mkdir(pkgfs_root, 0755), 0);
    return pkgfs_root;
}

static void pkgfs_parents(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    for (char *p = dir + strlen(pkgfs_tmp) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        mkdir(dir, 0755);
        *p = '/';
    }
}

void pkgfs_write(const char *rel, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", pkgfs_root, rel);
    pkgfs_parents(path);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

void pkgfs_link(const char *target, const char *rel)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", pkgfs_root, rel);
    pkgfs_parents(path);
    cr_assert_eq(symlink(target, path), 0);
}

void pkgfs_remove(const char *rel)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", pkgfs_root, rel);
    cr_assert_eq(unlink(path), 0, "cannot remove %s", path);
}

const char *pkgfs_minimal(const char *version)
{
    const char *root = pkgfs_new("mini");
    bool legacy = strcmp(version, "legacy") == 0;
    char yaml[512];
    if (legacy)
        snprintf(yaml, sizeof(yaml), "name: Mini\n");
    else
        snprintf(yaml, sizeof(yaml),
                 "problem_format_version: %s\nname: Mini\nuuid: 00000000-0000-4000-8000-0000000"
                 "00000\n",
                 version);
    pkgfs_write("problem.yaml", yaml);
    pkgfs_write(legacy ? "problem_statement/problem.en.tex" : "statement/problem.en.md", "x\n");
    pkgfs_write("data/secret/1.in", "1\n");
    pkgfs_write("data/secret/1.ans", "1\n");
    pkgfs_write("input_validators/v.py", "import sys\nsys.exit(42)\n");
    pkgfs_write("submissions/accepted/a.py", "print(input())\n");
    return root;
}

static int pkgfs_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void pkgfs_cleanup(void)
{
    if (pkgfs_tmp[0] != '\0')
        nftw(pkgfs_tmp, pkgfs_rm, 16, FTW_DEPTH | FTW_PHYS);
    pkgfs_tmp[0] = '\0';
}

const char *pkgfs_fixtures(void)
{
    static char dir[PATH_MAX];
    const char *src = getenv("VERDICT_SOURCE_DIR");
    if (src != NULL) {
        snprintf(dir, sizeof(dir), "%s/tests/packages", src);
        return dir;
    }
    /* __FILE__ is absolute in CMake builds: tests/unit/package/pkgfs.c. */
    snprintf(dir, sizeof(dir), "%s", __FILE__);
    char *cut = strstr(dir, "/tests/unit/package/");
    cr_assert_not_null(cut);
    snprintf(cut, sizeof(dir) - (size_t)(cut - dir), "/tests/packages");
    return dir;
}
