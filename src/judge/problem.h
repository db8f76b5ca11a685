/* A problem as an author writes it: the one set of rules every write goes
 * through (`verdict problems import DIR`, PUT and PATCH /api/problems/{id},
 * a zip upload), and the layout of a problem directory read from any source
 * (a directory on disk, a zip in memory). */
#ifndef JUDGE_PROBLEM_H
#define JUDGE_PROBLEM_H

#include "store/catalog.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Largest file of a problem (a test's input, a statement), and most tests. */
#define PROBLEM_FILE_MAX (64u << 20)
#define PROBLEM_TESTS_MAX 1000

/* Where a problem directory's files come from. Names are relative to the
 * problem's directory ("statement.md", "samples/01.in"). */
struct problem_source {
    /* Human name of the directory, the prefix of every error ("problems/x"). */
    const char *label;
    /* Reads a whole file into a new buffer (*len bytes, NUL-terminated), or
     * returns NULL with "<label>/<name>: reason" in err (a missing file, one
     * over PROBLEM_FILE_MAX). */
    char *(*read)(void *ctx, const char *name, size_t *len, char *err, size_t errlen);
    /* The names of sub's "*.in" files without ".in", sorted bytewise, as a
     * new array of new strings (*n of them); -1 with a reason in err when sub
     * is missing. */
    int (*list_inputs)(void *ctx, const char *sub, char ***names, size_t *n, char *err,
                       size_t errlen);
    void *ctx;
};

/* Loads the problem id from src (DESIGN.md "Problems on disk") and checks
 * every rule. Returns 0, or -1 with "<label>/<file>: reason" in err and p
 * left empty. */
int problem_load(const struct problem_source *src, const char *id, struct catalog_problem *p,
                 char *err, size_t errlen);

/* Reads problem.json's fields from root (title, difficulty, timeLimitMs,
 * memoryLimitMb, outputLimitKb, checker, function, visibleTests) into p. With partial, a
 * missing field is left as it is (NULL, 0): PATCH's subset, which cannot
 * hold "function"; otherwise each is required but checker (default "tokens",
 * a function problem's "json") and function (README.md "Function problems":
 * p->function its signature as JSON text). where prefixes the messages.
 * Returns 0, or -1 with a reason in err. */
int problem_meta(const cJSON *root, bool partial, struct catalog_problem *p, const char *where,
                 char *err, size_t errlen);

/* A statement's rule: UTF-8 text whose first line is "# Title". */
bool problem_statement_valid(const char *s, size_t len);

/* The whole-problem rules, once every field is read: at least one test, at
 * most PROBLEM_TESTS_MAX, a custom checker has its source, each of
 * "visibleTests" names a hidden test (whose visible flag it sets). Fills p->hash,
 * and a function problem's p->templates (starter_all()). (Each test of a
 * function problem is checked against its signature as it is read, where
 * the error can name its file.)
 * Returns 0, or -1 with a reason in err. */
int problem_finish(struct catalog_problem *p, char *err, size_t errlen);

/* PUT /api/problems/{id}'s JSON: problem.json's fields plus "statement",
 * "samples" and "tests" ([{"input","output"}]) and "checkerSource". Returns
 * 0, or -1 with a reason in err and p left empty. */
int problem_from_json(const cJSON *root, const char *id, struct catalog_problem *p, char *err,
                      size_t errlen);

#endif
