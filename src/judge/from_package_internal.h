/* Shared by the from_package*.c files: one import's state and helpers. */
#ifndef JUDGE_FROM_PACKAGE_INTERNAL_H
#define JUDGE_FROM_PACKAGE_INTERNAL_H

#include "judge/from_package.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct fp {
    const struct package *pkg;
    struct catalog_problem *p;
    struct from_package_info *info;
    char *err;
    size_t errlen;
    /* The plan's parts as they are built (judge/plan.h), and the page's
     * samples; fp__documents() turns them into p->judging and p->shown. */
    cJSON *validator;  /* {"language", "files"} or NULL */
    cJSON *include;    /* [{"language", "files"}] */
    cJSON *inputs;     /* the input validators: [{"path", "dir", "language", ...}] */
    cJSON *input_sets; /* their distinct argument sets: [[args of each validator]] */
    cJSON *groups;
    cJSON *tests;
    cJSON *samples;
};

/* A list of arguments borrowed from the package (v[i] are not owned). */
struct fp_args {
    const char **v;
    size_t n;
};

void fp__warn(struct fp *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets err; returns -1. */
int fp__fail(struct fp *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A file of the package (rel to its root), whole, NUL-terminated; NULL with
 * "rel: reason" in err. fp__text also requires UTF-8 without NUL bytes
 * (why says what needs text). */
char *fp__read(struct fp *f, const char *rel, size_t *len);
char *fp__text(struct fp *f, const char *rel, const char *why);
bool fp__text_valid(const char *s, size_t len);

/* The output validator's arguments for a node with settings s: legacy
 * validator_flags (passed to every output validator), then s's own. */
void fp__args_for(struct fp *f, const struct package_settings *s, struct fp_args *out);
void fp__args_dispose(struct fp_args *a);

int fp__statement(struct fp *f); /* from_package_statement.c */
int fp__validator(struct fp *f); /* from_package_programs.c */
int fp__include(struct fp *f);   /* from_package_programs.c */
int fp__inputs(struct fp *f);    /* from_package_programs.c */
/* The index in f->input_sets of the input validator arguments under
 * settings s, or -1 when it is none of them (from_package_programs.c). */
int fp__input_set_of(struct fp *f, const struct package_settings *s);
int fp__tests(struct fp *f);     /* from_package_tests.c */
int fp__documents(struct fp *f); /* from_package_tests.c */
void fp__dispose(struct fp *f);  /* from_package_tests.c */

#endif
