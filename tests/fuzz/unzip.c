/* libFuzzer target for package zips (package/unzip.c): each input is a zip
 * as `verdict problems import X.zip` and PUT /api/problems/{id} receive it.
 * Asserted:
 *   - package_unzip() never crashes and never writes outside its directory:
 *     afterwards the directory holds only directories and regular files, no
 *     link, and nothing appeared beside it;
 *   - what it wrote stays within the bound it was given;
 *   - fs_remove_tree() removes everything it wrote.
 * Seeds: small package zips (at the root, in a top folder). Links
 * layer_package. By hand (from a VERDICT_FUZZ=ON build, tests/fuzz/run.sh):
 *
 *   ./fuzz_unzip -max_len=4096 tests/fuzz/corpus/unzip
 */
#include "package/unzip.h"
#include "common/fs.h"

#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_MAX_TOTAL (1u << 20)

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

static unsigned long long fuzz_bytes;
static bool fuzz_odd;

static int fuzz_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F && S_ISREG(st->st_mode))
        fuzz_bytes += (unsigned long long)st->st_size;
    else if (flag != FTW_D)
        fuzz_odd = true;
    return 0;
}

/* Entries of parent other than the fuzz directory itself. */
static int fuzz_siblings(const char *parent)
{
    int n = 0;
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/evil", parent);
    n += access(path, F_OK) == 0;
    snprintf(path, sizeof(path), "%s/x", parent);
    n += access(path, F_OK) == 0;
    return n;
}

static char parent[PATH_MAX];

static void fuzz_cleanup(void)
{
    fs_remove_tree(parent);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (parent[0] == '\0') {
        fuzz_require(package_tmpdir(parent, sizeof(parent)) == 0);
        atexit(fuzz_cleanup);
    }
    char dir[PATH_MAX + 8];
    snprintf(dir, sizeof(dir), "%s/pkg", parent);
    fuzz_require(mkdir(dir, 0700) == 0);
    char err[512];
    (void)package_zip_is_package(data, size);
    (void)package_unzip(data, size, dir, FUZZ_MAX_TOTAL, err, sizeof(err));
    fuzz_bytes = 0;
    fuzz_odd = false;
    fuzz_require(nftw(dir, fuzz_visit, 16, FTW_PHYS) == 0);
    fuzz_require(!fuzz_odd && fuzz_bytes <= FUZZ_MAX_TOTAL);
    fuzz_require(fuzz_siblings(parent) == 0);
    fuzz_require(fs_remove_tree(dir) == 0 && access(dir, F_OK) != 0);
    return 0;
}
