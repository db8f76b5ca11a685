/* Tests of src/package/unzip.c: a package zip unpacked into a private
 * directory, and each attack on the unpacking refused before it writes
 * outside (names, links, bombs, duplicates). Zips are made here with libzip. */
#include "package/unzip.h"
#include "common/fs.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct entry {
    const char *name;
    const char *text; /* NULL: a directory */
    size_t zeros;     /* > 0: that many NUL bytes instead of text */
    bool link;
};

/* A zip of the entries, in memory; *len bytes, the caller frees it. */
static void *make_zip(const struct entry *e, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(z);
    char *big[8] = {0};
    size_t nbig = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].text == NULL && e[i].zeros == 0) {
            cr_assert(zip_dir_add(z, e[i].name, ZIP_FL_ENC_UTF_8) >= 0);
            continue;
        }
        const char *data = e[i].text;
        size_t dlen = data ? strlen(data) : e[i].zeros;
        if (data == NULL)
            data = big[nbig++] = calloc(1, dlen);
        zip_source_t *s = zip_source_buffer(z, data, dlen, 0);
        zip_int64_t idx = zip_file_add(z, e[i].name, s, ZIP_FL_ENC_UTF_8);
        cr_assert(idx >= 0, "%s", e[i].name);
        if (e[i].link)
            zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             (zip_uint32_t)(S_IFLNK | 0777) << 16);
    }
    cr_assert_eq(zip_close(z), 0);
    for (size_t i = 0; i < nbig; i++)
        free(big[i]);
    zip_stat_t st;
    cr_assert_eq(zip_source_stat(src, &st), 0);
    cr_assert_eq(zip_source_open(src), 0);
    void *out = malloc(st.size);
    cr_assert_eq(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    *len = st.size;
    return out;
}

static char dir[PATH_MAX];

static void setup(void)
{
    cr_assert_eq(package_tmpdir(dir, sizeof(dir)), 0);
}

static void teardown(void)
{
    cr_assert_eq(fs_remove_tree(dir), 0);
    struct stat st;
    cr_assert(stat(dir, &st) < 0 && errno == ENOENT);
}

static int unpack(const struct entry *e, size_t n, unsigned long long max, char *err, size_t errlen)
{
    size_t len;
    void *zip = make_zip(e, n, &len);
    int rc = package_unzip(zip, len, dir, max, err, errlen);
    free(zip);
    return rc;
}

static char *slurp(const char *rel)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    static char buf[256];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

TestSuite(unzip, .init = setup, .fini = teardown);

Test(unzip, a_top_folder_is_stripped_and_the_rest_skipped)
{
    const struct entry e[] = {{"Sum/", NULL, 0, false},
                              {"Sum/problem.yaml", "name: Sum\n", 0, false},
                              {"Sum/data/secret/1.in", "1\n", 0, false},
                              {"__MACOSX/Sum/._problem.yaml", "junk", 0, false}};
    char err[256];
    cr_assert_eq(unpack(e, 4, PACKAGE_ZIP_TOTAL_MAX, err, sizeof(err)), 0, "%s", err);
    cr_expect_str_eq(slurp("problem.yaml"), "name: Sum\n");
    cr_expect_str_eq(slurp("data/secret/1.in"), "1\n");
    cr_expect_null(slurp("__MACOSX/Sum/._problem.yaml"));
    size_t len;
    void *zip = make_zip(e, 4, &len);
    cr_expect(package_zip_is_package(zip, len));
    free(zip);
}

static void expect_refused(const struct entry *e, size_t n, unsigned long long max,
                           const char *message)
{
    char err[256];
    cr_assert_eq(unpack(e, n, max, err, sizeof(err)), -1, "%s", e[n - 1].name);
    cr_expect(strstr(err, message) != NULL, "%s", err);
}

Test(unzip, names_leading_out_are_refused)
{
    const char *bad[] = {"../evil", "a/../../evil", "/etc/evil", "a//b", "./x", "a\\..\\b"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        /* The bad name first: refused before anything is written. */
        const struct entry e[] = {{bad[i], "x", 0, false}, {"problem.yaml", "name: x\n", 0, false}};
        char err[256];
        cr_assert_eq(unpack(e, 2, PACKAGE_ZIP_TOTAL_MAX, err, sizeof(err)), -1, "%s", bad[i]);
        cr_expect(strstr(err, "not a plain relative path (refused)") != NULL, "%s", err);
    }
    char path[PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/../evil", dir);
    cr_expect(access(path, F_OK) < 0);
}

Test(unzip, links_are_refused)
{
    const struct entry e[] = {{"problem.yaml", "name: x\n", 0, false},
                              {"data/secret/1.in", "/etc/passwd", 0, true}};
    expect_refused(e, 2, PACKAGE_ZIP_TOTAL_MAX, "zip/data/secret/1.in: a link or special file");
}

Test(unzip, a_bomb_stops_at_the_bound)
{
    const struct entry e[] = {{"problem.yaml", "name: x\n", 0, false},
                              {"data/secret/1.in", NULL, 3u << 20, false}};
    expect_refused(e, 2, 1u << 20, "zip/data/secret/1.in: unpacks past 1 MiB");
}

Test(unzip, a_name_given_twice_is_refused)
{
    const struct entry e[] = {
        {"problem.yaml", "name: x\n", 0, false}, {"a", "1", 0, false}, {"a/", NULL, 0, false}};
    char err[256];
    cr_assert_eq(unpack(e, 3, PACKAGE_ZIP_TOTAL_MAX, err, sizeof(err)), -1);
    cr_expect(strstr(err, "zip/a/") != NULL, "%s", err);
}

Test(unzip, not_a_package_or_not_a_zip)
{
    const struct entry e[] = {{"statement.md", "# T\n", 0, false}};
    expect_refused(e, 1, PACKAGE_ZIP_TOTAL_MAX, "zip: no problem.yaml at its root or in one top");
    char err[256];
    cr_expect_eq(package_unzip("PK not really", 13, dir, 1000, err, sizeof(err)), -1);
    cr_expect(strstr(err, "zip: not a zip archive") != NULL, "%s", err);
    cr_expect_not(package_zip_is_package("nope", 4));
}
