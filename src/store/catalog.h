/* The problem catalog as the CLI writes it: blocking calls for `verdict
 * problems import/list` and `verdict up` start-up, never used on a loop. */
#ifndef STORE_CATALOG_H
#define STORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

struct catalog;

struct catalog_test {
    bool is_sample;
    char *input;
    char *output;
    /* A hidden test whose data a failed submission is shown, as a sample's
     * is (problem.json's "visibleTests"; sql/014's tests.visible). */
    bool visible;
};

/* One example program of a problem (submissions/<folder>/<file>). */
struct catalog_program {
    char *path;     /* "accepted/sol.cpp" */
    char *folder;   /* "accepted" */
    char *language; /* a verdict language id, NULL when unsupported */
    char *code;
};

/* One file kept with a problem version and served beside its statement
 * (a statement image, judge/images.h): bytes, maybe binary. */
struct catalog_file {
    char *name; /* "circle.png": no directory */
    char *data; /* len bytes (NUL-terminated for convenience) */
    size_t len;
};

/* One problem as imported (DESIGN.md "Problems on disk"). */
struct catalog_problem {
    char *id;
    char *title;
    char *difficulty;
    char *statement;
    int time_limit_ms;
    int memory_limit_mb;
    int output_limit_kb;
    char *checker;
    char *checker_source; /* NULL unless checker is "custom" */
    struct catalog_test *tests;
    size_t ntests;
    /* A packaged problem's judging plan (judge/plan.h) and what a page shows
     * of it beyond the statement ({"type", "samples", "scoring"}): JSON
     * texts, NULL for a problem of verdict's own format. */
    char *judging;
    char *shown;
    /* A function problem's signature (problem.json's "function" as
     * judge/signature.c writes it) and its starter code per language
     * ({lang: code}): JSON texts, NULL for a stdin/stdout problem. */
    char *function;
    char *templates;
    /* "visibleTests" as given (a JSON array of 1-based hidden test numbers,
     * normalised: sorted, no repeats), NULL when absent; problem_finish()
     * sets the tests' visible flags from it, a PATCH sends it as it is. */
    char *visible_tests;
    char hash[65];
    struct catalog_program *programs; /* its example programs, kept beside it */
    size_t nprograms;
    /* Its statement's images (sql/014's problem_files), sorted by name;
     * part of the content (the hash), replaced by every write of the whole
     * problem. */
    struct catalog_file *files;
    size_t nfiles;
};

void catalog_problem_dispose(struct catalog_problem *p);

/* Connects (blocking). Returns NULL with a reason in err. */
struct catalog *catalog_open(const char *conninfo, char *err, size_t errlen);
void catalog_close(struct catalog *c);

/* Inserts or replaces the problem and its tests in one transaction; the
 * version moves only when the content changed. *changed says whether it
 * did, *version (when
 * not NULL) is the problem's version after it. Returns 0, or -1 with a
 * reason in err (and nothing written). */
int catalog_save(struct catalog *c, const struct catalog_problem *p, bool *changed, int *version,
                 char *err, size_t errlen);

/* Reads the problem id (not deleted), its tests and its files into p. Returns 0, -ENOENT
 * when there is no such problem, or -1; with a reason in err and p left
 * empty on failure. */
int catalog_load(struct catalog *c, const char *id, struct catalog_problem *p, char *err,
                 size_t errlen);

/* Reads the example programs of problem id, sorted by path, into a new array
 * (*n of them, maybe none) the caller frees with catalog_programs_free().
 * Returns 0, or -1 with a reason in err. */
int catalog_load_programs(struct catalog *c, const char *id, struct catalog_program **out,
                          size_t *n, char *err, size_t errlen);
void catalog_programs_free(struct catalog_program *v, size_t n);
void catalog_files_free(struct catalog_file *v, size_t n);

/* Prints "id<TAB>title<TAB>difficulty<TAB>tests<TAB>version" lines to out. */
int catalog_print(struct catalog *c, void *out_file, char *err, size_t errlen);

#endif
