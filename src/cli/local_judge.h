/* Judging programs in-process with the worker's judge, in a sandbox of its own
 * (/run/verdict/verify-K, cgroup verdict-verify-K, uids 62000 + 16 K + slot):
 * `verdict problems verify` and the import's time limit. */
#ifndef CLI_LOCAL_JUDGE_H
#define CLI_LOCAL_JUDGE_H

#include "judge/lang.h"
#include "judge/plan.h"
#include "judge/verdict.h"
#include "store/catalog.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOCAL_JUDGE_MAX_SLOTS 16

/* One test a program ran, in the order run. */
struct local_test {
    unsigned index; /* into the problem's tests */
    enum verdict verdict;
    uint32_t time_ms;
    char *judge_message; /* with run_all: its judgemessage.txt, or NULL; owned */
};

/* One program to judge (lang, code and files borrowed; a NULL code is left
 * unjudged) and, once judged, its outcome. */
struct local_program {
    const struct lang *lang;
    const char *code;
    size_t len;
    /* Files put beside the code (a directory program's others), as a
     * packaged problem's include/ files of its language are, after them. */
    const struct plan_file *files;
    size_t nfiles;
    bool judged;
    enum verdict verdict;
    bool host_fault; /* an IE of this host's (judge_result.host_fault) */
    bool scored;
    double score, max_score;
    uint32_t time_ms;         /* the slowest test's CPU time */
    char note[240];           /* the judge's message */
    struct local_test *tests; /* the tests run (all with run_all), owned: free() */
    size_t ntests;
    /* A packaged problem's group scores by plan group (NAN: the group
     * counted nothing), owned; NULL and 0 for another. */
    double *group_scores;
    size_t ngroups;
};

struct local_judge_opts {
    unsigned slots;         /* programs judged at once (0: 2) */
    uint32_t time_limit_ms; /* instead of the problem's, when not 0 */
    bool run_all;           /* every test of a packaged problem (judge_problem.run_all) */
};

/* Judges each program against p. Returns 0 (each program judged, or with a
 * note saying why not), or with a reason in err when the run could not be
 * set up: -EINVAL for the problem's fault (its checker or output validator
 * does not compile, its plan or function is not valid), -EIO for this
 * host's (no work directory, no sandbox, the tests could not be cached, a
 * build could not be run). */
int local_judge(const struct catalog_problem *p, struct local_program *progs, size_t n,
                const struct local_judge_opts *o, char *err, size_t errlen);

/* Frees what judging gave the programs (their tests, messages). */
void local_programs_clear(struct local_program *progs, size_t n);

#endif
