/* A problem package zip unpacked into a private directory for package_read:
 * the `verdict problems import X.zip` and PUT /api/problems/{id} paths.
 * The zip is untrusted: names are checked before anything is written (no
 * absolute path, no "..", no empty part), links and devices are refused,
 * each file is created new (O_EXCL, O_NOFOLLOW) under the directory, and
 * sizes are counted as bytes come out, never taken from the zip's headers,
 * so a zip bomb stops at the bounds below. */
#ifndef PACKAGE_UNZIP_H
#define PACKAGE_UNZIP_H

#include <stdbool.h>
#include <stddef.h>

/* Everything one zip may unpack to, and its most entries. */
#define PACKAGE_ZIP_TOTAL_MAX (512ull << 20)
#define PACKAGE_ZIP_ENTRIES_MAX 20000

/* True when the zip (len bytes in memory) holds problem.yaml at its root or
 * in one top folder: a Kattis package rather than verdict's own layout. */
bool package_zip_is_package(const void *data, size_t len);

/* Unpacks the package in the zip into dir (an existing empty directory):
 * the files of its root, or of its one top folder, land in dir itself (the
 * rest of the zip, e.g. __MACOSX/, is skipped), max_total bytes at most
 * (at most PACKAGE_ZIP_TOTAL_MAX whatever is asked). Returns 0, or -1 with
 * "zip: reason" or "zip/<name>: reason" in err; dir may then hold part of
 * the files (remove it with fs_remove_tree, common/fs.h). */
int package_unzip(const void *data, size_t len, const char *dir, unsigned long long max_total,
                  char *err, size_t errlen);

/* A zip read in memory, entry by entry: the one adapter of libzip, also
 * behind PUT of verdict's own problem zips (api/upload_zip.c). */
struct package_zip;

/* Opens the zip of len bytes at data (borrowed while it is open). Returns
 * NULL with "zip: not a zip archive (...)" in err. */
struct package_zip *package_zip_open(const void *data, size_t len, char *err, size_t errlen);
void package_zip_close(struct package_zip *z);
size_t package_zip_count(struct package_zip *z);
/* Entry i's name (borrowed until close), or NULL. */
const char *package_zip_name(struct package_zip *z, size_t i);
/* The index of the entry named name, or -1. */
long package_zip_find(struct package_zip *z, const char *name);
/* Entry i, whole and NUL-terminated (*len bytes), as a new buffer. Bytes are
 * counted as they are inflated, into *total too: past max_file bytes of the
 * entry or max_total in all it stops and returns NULL with err set to
 * "too large"; a corrupt entry gives "corrupt (...)". */
char *package_zip_read(struct package_zip *z, size_t i, size_t max_file, unsigned long long *total,
                       unsigned long long max_total, size_t *len, char *err, size_t errlen);

/* Creates a private directory /tmp/verdict-import-XXXXXX (TMPDIR honoured)
 * and writes its path to out. Returns 0 or a negative errno. */
int package_tmpdir(char *out, size_t len);

#endif
