/* What the files of src/package/ share: the reading context, the directory
 * and file helpers that keep every access inside the package, and the
 * readers of each part. Not for use outside src/package/. */
#ifndef PACKAGE_INTERNAL_H
#define PACKAGE_INTERNAL_H

#include "package/package.h"
#include "package/ytree.h"

#include <stdbool.h>
#include <stddef.h>

/* One read in progress. err is the caller's buffer: the first failure writes
 * "path: rule" there and every reader returns -1 up the stack. */
struct package__ctx {
    struct package *p;
    char *root_real; /* realpath of the root: symlink targets must stay under it */
    char *err;
    size_t errlen;
    size_t entries; /* directory entries seen, against PACKAGE_MAX_ENTRIES */
};

/* One name of a directory listing. */
struct package__dirent {
    char *name;
    bool is_dir;
    long long size;
};

/* Writes "fmt..." to ctx->err; returns -1 so callers can `return package__fail(...)`. */
int package__fail(struct package__ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends a warning to the package. */
void package__warn(struct package__ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "a/b", or b when a is empty; the caller frees it. */
char *package__join(const char *a, const char *b);

/* Checks the path rel (relative to the root) without following a link out of
 * the package. Returns 1 when it exists (is_dir and size filled in), 0 when
 * it does not, -1 with err set (a link leaving the package, a dangling link,
 * a special file). */
int package__stat(struct package__ctx *ctx, const char *rel, bool *is_dir, long long *size);

/* Lists the directory rel, sorted by name (strcmp: the spec's lexicographic
 * order), without the names the spec says to ignore (starting with '.' or
 * '-', or with characters outside [A-Za-z0-9_.-]). Returns the count (>= 0)
 * with *out to free with package__dirents_free(), or -1 with err set. */
int package__list(struct package__ctx *ctx, const char *rel, struct package__dirent **out);
/* What package__list_lenient() may still read: entries left, and whether
 * it already warned that they ran out. */
struct package__budget {
    size_t left;
    bool over;
};
/* Like package__list(), for a directory the package may fill with anything
 * (the statement's subdirectories): an entry package__stat() refuses (a
 * dangling link or one leaving the package, a special file) is skipped with
 * a warning, and so is the rest of the directory once the budget's entries
 * have been read (each entry takes one from it instead of the package's;
 * one warning when they run out). What it lists passed the same checks. An
 * unreadable directory lists nothing, with a warning; never -1. */
int package__list_lenient(struct package__ctx *ctx, const char *rel, struct package__budget *budget,
                          struct package__dirent **out);
void package__dirents_free(struct package__dirent *d, size_t n);

/* Reads the text file rel whole (at most max bytes, UTF-8 without NUL); the
 * caller frees *out. -1 with err set. */
int package__read_text(struct package__ctx *ctx, const char *rel, size_t max, char **out,
                       size_t *len);
/* Reads and parses the YAML file rel; the caller frees *out with ytree_free(). */
int package__read_yaml(struct package__ctx *ctx, const char *rel, struct ytree **out);

/* String lists. */
void package__strv_push(struct package_strv *sv, const char *s);
void package__strv_free(struct package_strv *sv);
void package__strv_copy(struct package_strv *dst, const struct package_strv *src);
/* Appends the blank-separated words of s. */
void package__strv_split(struct package_strv *sv, const char *s);
/* A string (kept whole) or a sequence of strings: 0, or -1 for another shape. */
int package__strv_yaml(struct package_strv *sv, const struct ytree *t);

/* Readers of the parts; each returns 0 or -1 with err set. */
int package__read_meta(struct package__ctx *ctx, const struct ytree *yaml);
int package__read_limits(struct package__ctx *ctx, const struct ytree *limits);
int package__read_statements(struct package__ctx *ctx);
int package__read_data(struct package__ctx *ctx);
int package__read_programs(struct package__ctx *ctx);
int package__read_submissions(struct package__ctx *ctx);

/* Settings (settings.c). init gives the defaults of a node under data/ named
 * name ("", "sample", "secret", "secret/g1"); inherit copies what a child takes
 * from its parent; apply reads one settings file into s. */
void package__settings_init(struct package_settings *s, const char *name);
void package__settings_inherit(struct package_settings *child,
                               const struct package_settings *parent, enum package_version v);
void package__settings_dispose(struct package_settings *s);
/* kind: 0 for a group's file, 1 for a test's <base>.yaml. */
int package__settings_apply(struct package__ctx *ctx, struct package_settings *s,
                            const struct ytree *t, const char *rel, const char *name, int kind);

/* Reads the program at rel (a file or a directory) into *pr; folder is the
 * submissions/ folder or NULL. On failure *pr is still to be disposed. */
int package__program_read(struct package__ctx *ctx, const char *rel, bool is_dir,
                          const char *folder, struct package_program *pr);
/* Appends every file or directory of dir as a program to (*list, *n); a
 * missing dir adds none. */
int package__programs_in(struct package__ctx *ctx, const char *dir, const char *folder,
                         struct package_program **list, size_t *n);
/* Frees a program's fields (not the struct itself). */
void package__program_dispose(struct package_program *pr);
/* Frees a group tree. */
void package__group_free(struct package_group *g);

#endif
