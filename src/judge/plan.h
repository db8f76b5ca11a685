/* A packaged problem's judging plan: what a Kattis problem package adds to a
 * verdict problem's tests (test groups and their scoring, per-test arguments,
 * an output validator of its own, interaction, driver code). It is stored
 * with the problem as one JSON document (problems.judging, NULL for a problem
 * of verdict's own format, which is judged as before), fetched by the worker
 * with the tests, kept in the cache version directory as judging.json, and
 * parsed here once per cached version.
 *
 * The document (version 1), written by the importer (judge/from_package.c)
 * and read only by plan_parse():
 *
 *   {
 *     "format": 1,
 *     "types": ["pass-fail"] | ["scoring"] | [..., "interactive"],
 *     "validator": {                     // absent: the problem's checker field
 *       "language": "cpp",               //   ("kattis:FLAGS") is the output validator
 *       "files": [{"name": "validate.cc", "text": "..."},
 *                 {"name": "validate.h",  "text": "..."}]
 *     },
 *     "include": [{"language": "cpp",    // copied beside a submission in that
 *                  "files": [{"name", "text"}]}],   // language before compiling
 *     "inputValidators": [               // absent: none (input_validators/ the
 *       {"path": "input_validators/bounds.cpp",    //   verdict can run), each
 *        "dir": false,                   // a file (or a directory) of sources:
 *        "language": "cpp", "files": [{"name", "text"}],
 *        "args": ["--max", "100"],       // argSets[0] (what plans before argSets had)
 *        "argSets": [["--max", "100"], ["--max", "10"]],  // its input_validator_args
 *                                        //   of each distinct set the tests use (set
 *                                        //   k of every validator together; the same
 *                                        //   count for each; secret's tests' first);
 *                                        //   absent: [args]. A run's input is valid
 *                                        //   when all accept it with one set of a
 *                                        //   test of data/secret
 *        "cpuMs": 60000, "memoryMb": 2048}],  // the package's validation limits
 *     "groups": [                        // [0] is data/ itself; parents before children
 *       {"name": "", "parent": -1,
 *        "aggregation": "pass-fail" | "sum" | "min" | "max" | "avg",
 *        "onReject": "break" | "continue",
 *        "acceptScore": 1, "rejectScore": 0,
 *        "range": [min, max] | null,     // legacy grader range (null: unbounded)
 *        "maxScore": 100 | null,         // null: not given / unbounded
 *        "graderFlags": ["ignore_sample", "first_error", ...],  // those of
 *                          //   enum plan_grader_flag, by their names; no other
 *        "requirePass": ["secret/group1"]}
 *     ],
 *     "tests": [                         // one per row of the problem's tests, in
 *       {"name": "secret/group1/03",     // the same order (samples first)
 *        "group": 2,                     // index into groups: the nearest group
 *        "args": ["--n", "5"],           // appended to the submission's command
 *        "validatorArgs": ["float_tolerance", "1e-6"],  // to the output validator
 *        "fullFeedback": false,
 *        "inputArgs": 1,                 // the argSets index of its input validator
 *                                        //   arguments (absent: 0)
 *        "desc": null, "hint": null}
 *     ]
 *   }
 *
 * With a "validator", the problem's checker field is "validator": the Kattis
 * protocol (`validator input answer feedback_dir [validatorArgs] < output`,
 * exit 42 accepted, 43 wrong answer, anything else a judge error), compiled
 * once per problem version. Without one, the test's validatorArgs (2025-09
 * groups may set them) are the default validator's flags, replacing the
 * checker field's.
 *
 * File names in "files" are plain names or relative paths without "..";
 * texts are UTF-8 (sources). Every string, array and number is bounded by
 * the same limits as the problem (judge/problem.h). */
#ifndef JUDGE_PLAN_H
#define JUDGE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#define PLAN_FORMAT 1

/* Bounds plan_parse() enforces beyond the problem's own. */
#define PLAN_NAME_MAX 255   /* bytes of a file, group or test name */
#define PLAN_FILES_MAX 64   /* files of the validator, or of one include language */
#define PLAN_ARGS_MAX 64    /* args, or validatorArgs, of one test */
#define PLAN_ARG_MAX 1024   /* bytes of one argument */
#define PLAN_TEXT_MAX 65536 /* bytes of a desc or hint */
/* An input validator's limits (a package's validation limits, capped). */
#define PLAN_VALIDATOR_CPU_MS_MAX 3600000
#define PLAN_VALIDATOR_MEMORY_MB_MAX 65536

enum plan_aggregation {
    PLAN_AGG_PASS_FAIL,
    PLAN_AGG_SUM,
    PLAN_AGG_MIN,
    PLAN_AGG_MAX,
    PLAN_AGG_AVG,
};

/* Legacy grader flags the scoring honours. */
enum plan_grader_flag {
    PLAN_IGNORE_SAMPLE = 1 << 0,
    PLAN_FIRST_ERROR = 1 << 1,
    PLAN_ACCEPT_IF_ANY_ACCEPTED = 1 << 2,
    PLAN_ALWAYS_ACCEPT = 1 << 3,
};

struct plan_file {
    char *name;
    char *text;
    size_t len;
};

struct plan_files {
    char *language; /* a verdict language id */
    struct plan_file *v;
    size_t n;
};

struct plan_group {
    char *name;
    int parent; /* -1 for the root */
    enum plan_aggregation aggregation;
    bool on_reject_continue;
    double accept_score, reject_score;
    double range_min, range_max; /* -inf, +inf when not given */
    double max_score;            /* < 0 when not given */
    unsigned grader_flags;       /* enum plan_grader_flag */
    char **require_pass;         /* group names */
    size_t n_require_pass;
};

struct plan_test {
    char *name;
    unsigned group;
    char **args; /* NULL-terminated (an empty list is {NULL}) */
    size_t nargs;
    char **validator_args; /* NULL-terminated */
    size_t nvalidator_args;
    bool full_feedback;
    unsigned input_args; /* the input validators' arg_sets index of its arguments */
    char *desc, *hint;   /* NULL when absent */
};

/* One list of arguments: v is NULL-terminated. */
struct plan_args {
    char **v;
    size_t n;
};

/* An input validator kept with the problem: `validator [args] < input`,
 * exit 42 valid; runs' inputs are checked by it (README "Runs"). */
struct plan_input_validator {
    char *path; /* "input_validators/bounds.cpp": the file, or the directory */
    bool dir;   /* the files are under path/, else path is the one file */
    struct plan_files files;
    char **args; /* NULL-terminated */
    size_t nargs;
    /* Its arguments in each set the tests use (plan.ninput_arg_sets of
     * them, arg_sets[0] is args): a run's input is valid when, for some k,
     * every validator accepts it with its arg_sets[k] (README "Runs"). */
    struct plan_args *arg_sets;
    size_t narg_sets;
    unsigned cpu_ms, memory_mb;
};

#define PLAN_INPUT_VALIDATORS_MAX 16
/* Distinct sets of input validator arguments a plan keeps (a package with
 * more keeps the first ones, with a warning at import). */
#define PLAN_INPUT_ARG_SETS_MAX 16

struct plan {
    bool scoring;
    bool interactive;
    struct plan_files *validator; /* NULL: the checker field decides */
    struct plan_files *include;
    size_t ninclude;
    struct plan_input_validator *input_validators;
    size_t ninput_validators;
    size_t ninput_arg_sets; /* each input validator's; at least 1 when there is one */
    /* Bit k: set k is the input validator arguments of some test of
     * data/secret, so a run's input may be checked with it (the samples'
     * arguments do not count: a sample is meant to be valid secret input,
     * and packages often give the samples none). Bit 0 when no test says. */
    unsigned input_run_sets;
    struct plan_group *groups;
    size_t ngroups;
    struct plan_test *tests;
    size_t ntests;
};

/* Parses the document (len bytes) for a problem of ntests tests. Returns a
 * plan the caller frees with plan_free(), or NULL with a reason in err (a
 * document that breaks any rule above, or whose tests do not number ntests). */
struct plan *plan_parse(const char *doc, size_t len, size_t ntests, char *err, size_t errlen);

void plan_free(struct plan *p);

/* The files to copy beside a submission in language lang, or NULL. */
const struct plan_files *plan_include_for(const struct plan *p, const char *lang);

#endif
