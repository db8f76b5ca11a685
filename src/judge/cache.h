/* The local copy of each problem's tests, one directory per problem version
 * under the worker's cache root, so that a hot problem costs no transfer:
 *
 *     <root>/<problem>/<version>/meta      "tests N\nsamples S\n"
 *                               /001.in 001.out ...   samples first, in order
 *                               /NNN.visible          a visible hidden test (empty)
 *                               /checker              the compiled custom checker
 *                               /judging.json         a packaged problem's plan
 *                               /validator/           its output validator, built
 *
 * A version is built in a temporary directory beside it and renamed into place
 * when complete, so a reader (another worker on the host too) sees all of it or
 * nothing. The files live outside every box: runs get them as a stdin
 * descriptor or a read-only bind. */
#ifndef JUDGE_CACHE_H
#define JUDGE_CACHE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CACHE_PATH_MAX 512

/* One cached problem version, as found on disk. */
struct cache_problem {
    char dir[CACHE_PATH_MAX];
    unsigned ntests;    /* samples included */
    unsigned nsamples;  /* the first nsamples tests */
    bool has_checker;   /* a compiled custom checker is there */
    bool has_judging;   /* a packaged problem's plan (judging.json) is there */
    bool has_validator; /* its built output validator (validator/) is there */
};

/* A version being built. Embedded by the caller; cache_writer_begin() fills it. */
struct cache_writer {
    char tmp[CACHE_PATH_MAX];
    char final[CACHE_PATH_MAX];
    char parent[CACHE_PATH_MAX - 32]; /* <root>/<problem> */
    char root[CACHE_PATH_MAX];
    char problem[72];
    int version;
    unsigned ntests;
    unsigned nsamples;
    bool has_checker;
    bool has_judging;
    bool has_validator;
};

/* Opens the cached version of problem. Returns 0, -ENOENT when it is not
 * cached, or another negative errno. */
int cache_open(const char *root, const char *problem, int version, struct cache_problem *out);

/* Writes the path of test i's input (output false) or expected output (true). */
void cache_test_path(const struct cache_problem *p, unsigned i, bool output, char *buf, size_t len);

/* Starts building a version in a fresh temporary directory. Returns 0 or a
 * negative errno. */
int cache_writer_begin(struct cache_writer *w, const char *root, const char *problem, int version);
/* Adds the next test; samples must all come before the first hidden test. */
int cache_writer_add(struct cache_writer *w, bool sample, const char *in, size_t inlen,
                     const char *out, size_t outlen);
/* Marks the test added last as visible: a hidden test whose data a failed
 * submission is shown (problem.json's "visibleTests"). */
int cache_writer_mark_visible(struct cache_writer *w);
/* Whether test i of p was marked visible (samples are visible anyway). */
bool cache_test_visible(const struct cache_problem *p, unsigned i);
/* Stores the compiled custom checker (mode 0755). */
int cache_writer_put_checker(struct cache_writer *w, const char *data, size_t len);
/* Stores a packaged problem's judging plan, doc[0..len), as judging.json. */
int cache_writer_put_judging(struct cache_writer *w, const char *doc, size_t len);
/* Writes the path of the directory the output validator is built into
 * (which does not exist yet); cache_writer_put_validator() then says it is
 * complete. */
void cache_writer_validator_dir(const struct cache_writer *w, char *buf, size_t len);
void cache_writer_put_validator(struct cache_writer *w);
/* Puts the version in place and opens it into out. When another writer got
 * there first, ours is dropped and theirs is opened. Older versions but the
 * previous one are removed (the previous one may still be in use by a run of
 * another worker). Returns 0 or a negative errno; the writer is done either
 * way. */
int cache_writer_commit(struct cache_writer *w, struct cache_problem *out);
/* Removes the temporary directory. */
void cache_writer_abort(struct cache_writer *w);

struct plan;
/* Reads and parses the version's judging.json. Returns 0 with *out (NULL for
 * a version without one), or a negative errno (-EBADMSG with the reason in
 * err for a plan that breaks the rules of judge/plan.h). */
int cache_plan_read(const struct cache_problem *p, struct plan **out, char *err, size_t errlen);

#endif
