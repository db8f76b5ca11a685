/* A Kattis problem package directory read into one C structure: metadata
 * (problem.yaml of the legacy, 2023-07-draft and 2025-09 versions, normalised),
 * statements, the test data tree with each group's settings, validators,
 * included code and example submissions. Reading is pure: nothing is
 * written, nothing is run, nothing is compiled. The importer, the judge
 * (validators, interactive, scoring) and verify/export build on this.
 *
 * Paths in the structure are relative to the package root (so an error or a
 * later copy can name them as the package does); package->root is the
 * directory as given, to open them with. */
#ifndef PACKAGE_PACKAGE_H
#define PACKAGE_PACKAGE_H

#include "package/srclang.h"

#include <stdbool.h>
#include <stddef.h>

/* Bounds on what one package may hold; past one, reading fails with the
 * file that crossed it. Real packages stay far below (the largest ICPC
 * World Finals problems have a few hundred tests of under 100 MiB each). */
#define PACKAGE_MAX_TESTS 10000
#define PACKAGE_MAX_DEPTH 16         /* directory levels below the package root */
#define PACKAGE_MAX_ENTRIES 100000   /* directory entries over the whole package */
#define PACKAGE_MAX_FILE (1ul << 30) /* bytes of one test file (.in, .ans, ...) */
#define PACKAGE_MAX_TEXT (1u << 16)  /* bytes of one .desc/.hint/.args text read whole */
/* Entries read below the statement directory's subdirectories, where only
 * images are looked for: past it the rest is skipped with a warning (and
 * these do not count against PACKAGE_MAX_ENTRIES). */
#define PACKAGE_STATEMENT_SUB_ENTRIES_MAX 1000

enum package_version {
    PACKAGE_LEGACY,
    PACKAGE_2023_07_DRAFT,
    PACKAGE_2025_09,
};

/* Problem types, a set (2023-07 and 2025-09 allow several, e.g. scoring and
 * interactive). PASS_FAIL is set exactly when SCORING is not. */
enum package_type {
    PACKAGE_PASS_FAIL = 1 << 0,
    PACKAGE_SCORING = 1 << 1,
    PACKAGE_INTERACTIVE = 1 << 2,
    PACKAGE_MULTI_PASS = 1 << 3,
    PACKAGE_SUBMIT_ANSWER = 1 << 4,
};

/* A list of strings (arguments, keywords, authors); v is NULL when n is 0. */
struct package_strv {
    char **v;
    size_t n;
};

/* Which limits the package gave explicitly (a given limit must be honoured
 * exactly; a default one is the system's to choose). */
enum package_limit_bit {
    PACKAGE_LIMIT_TIME = 1 << 0,
    PACKAGE_LIMIT_AC_TO_TIME = 1 << 1,
    PACKAGE_LIMIT_TIME_TO_TLE = 1 << 2,
    PACKAGE_LIMIT_RESOLUTION = 1 << 3,
    PACKAGE_LIMIT_MEMORY = 1 << 4,
    PACKAGE_LIMIT_OUTPUT = 1 << 5,
    PACKAGE_LIMIT_CODE = 1 << 6,
    PACKAGE_LIMIT_COMPILE_TIME = 1 << 7,
    PACKAGE_LIMIT_COMPILE_MEMORY = 1 << 8,
    PACKAGE_LIMIT_VALIDATION_TIME = 1 << 9,
    PACKAGE_LIMIT_VALIDATION_MEMORY = 1 << 10,
    PACKAGE_LIMIT_VALIDATION_OUTPUT = 1 << 11,
    PACKAGE_LIMIT_PASSES = 1 << 12,
};

/* Limits with the spec's defaults filled in. The two multipliers are the
 * same rule in every version: time_limit >= slowest accepted * ac_to_time_limit
 * and time_limit * time_limit_to_tle <= fastest TLE submission (legacy calls
 * them time_multiplier, default 5, and time_safety_margin, default 2). */
struct package_limits {
    unsigned given;              /* enum package_limit_bit */
    double time_limit;           /* seconds; 0 when not given: computed at import */
    double ac_to_time_limit;     /* 2.0 (legacy 5) */
    double time_limit_to_tle;    /* 1.5 (legacy 2) */
    double time_resolution;      /* seconds, 1.0 */
    long memory_mib;             /* 2048 */
    long output_mib;             /* 8 */
    long code_kib;               /* 128 */
    long compilation_time_s;     /* 60 */
    long compilation_memory_mib; /* 2048 */
    long validation_time_s;      /* 60 */
    long validation_memory_mib;  /* 2048 */
    long validation_output_mib;  /* 8 */
    long validation_passes;      /* 2, multi-pass only */
};

/* problem.yaml, normalised over the versions. Strings are NULL when absent. */
struct package_meta {
    char *name;                    /* the "en" name, else the first one given */
    char *name_lang;               /* its language ("en" for a plain string) */
    unsigned type;                 /* enum package_type */
    bool custom_output_validation; /* legacy validation: custom; always for interactive */
    bool validator_score;          /* legacy validation: custom score */
    char *uuid;
    char *version;               /* the problem's own version (2023-07 and later) */
    struct package_strv authors; /* credits.authors, legacy author split on ',' and 'and' */
    char *source;                /* the first source's name */
    char *source_url;
    char *license; /* "unknown" when absent */
    char *rights_owner;
    char *embargo_until;
    struct package_strv keywords;
    struct package_strv languages; /* empty means all */
    bool allow_file_writing;
    bool objective_min;                  /* legacy grading.objective: min */
    bool show_test_data_groups;          /* legacy grading.show_test_data_groups */
    struct package_strv validator_flags; /* legacy validator_flags, split on blanks */
    struct package_limits limits;
};

enum package_statement_kind {
    PACKAGE_STATEMENT_MARKDOWN,
    PACKAGE_STATEMENT_LATEX,
    PACKAGE_STATEMENT_PDF,
};

struct package_statement {
    char *lang; /* "en", "pt-BR" */
    enum package_statement_kind kind;
    char *path; /* "statement/problem.en.md" */
};

/* How a group's results combine. Legacy grader_flags give sum/avg/min/max
 * (default sum); 2023-07 scoring.aggregation and 2025-09 score_aggregation
 * give pass-fail/sum/min. */
enum package_aggregation {
    PACKAGE_AGG_PASS_FAIL,
    PACKAGE_AGG_SUM,
    PACKAGE_AGG_MIN,
    PACKAGE_AGG_MAX,
    PACKAGE_AGG_AVG,
};

/* Arguments for one named input validator (a map form of the args). */
struct package_named_args {
    char *validator;
    struct package_strv args;
};

/* A group's (or a test's) settings after inheritance (legacy: every key is
 * inherited from the nearest ancestor that sets it; 2023-07 and 2025-09: the
 * argument keys and full_feedback are, the scoring keys are not). */
struct package_settings {
    bool has_file; /* this node had its own testdata.yaml / test_group.yaml / <test>.yaml */
    /* legacy and 2023-07 testdata.yaml */
    bool on_reject_continue;           /* on_reject: continue (default break) */
    bool custom_grading;               /* grading: custom */
    struct package_strv grader_flags;  /* raw, e.g. "ignore_sample" "first_error" */
    double accept_score, reject_score; /* 1 and 0 */
    double range_min, range_max;       /* -inf and +inf */
    /* scoring, every version */
    enum package_aggregation aggregation;
    bool max_score_given;
    double max_score; /* < 0 means unbounded; 2025-09 max_score, 2023-07 scoring.score */
    struct package_strv require_pass;
    /* validator and submission arguments */
    struct package_strv input_validator_args;         /* for every input validator... */
    struct package_named_args *input_validator_named; /* ...or per validator (map form) */
    size_t n_input_validator_named;
    char *output_validator_name; /* legacy output_validator_flags in its map/name form */
    struct package_strv output_validator_args;
    struct package_strv args; /* the submission's command line (2023-07, 2025-09) */
    bool full_feedback;       /* default true in sample, false elsewhere */
    /* static validation (2023-07 static_validation, 2025-09 static_validation_score) */
    bool static_validation;
    double static_validation_score; /* < 0 means pass-fail or not given */
    struct package_strv static_validator_args;
};

/* One test case: the files sharing a base name. Absent files are NULL. */
struct package_test {
    char *name; /* relative to data/, no extension: "secret/group1/03" */
    char *in;   /* "data/secret/group1/03.in"; NULL only for a sample .interaction alone */
    char *ans;
    long long in_size, ans_size;
    char *interaction;
    char *out; /* 2025-09: example output shown instead of .ans */
    char *in_statement, *ans_statement, *in_download, *ans_download;
    char *files_dir;              /* <base>.files/, input files copied beside the submission */
    char *illustration;           /* .png/.jpg/.jpeg/.svg */
    char *desc;                   /* text of .desc or the .yaml's description */
    char *hint;                   /* text of .hint or the .yaml's hint */
    struct package_settings *own; /* the test's .yaml (and .args) applied, else NULL */
    const struct package_settings *settings; /* own, or its group's; borrowed */
};

struct package_group;

/* A group's members in the order they are judged (lexicographic on name):
 * exactly one of group and test is set. */
struct package_entry {
    struct package_group *group;
    struct package_test *test;
};

/* A directory under data/. The root is data/ itself (legacy testdata.yaml may
 * sit there); its members are sample then secret. In 2025-09 a directory of
 * secret without test_group.yaml (or a directory inside a group) only holds
 * tests: is_group is false and its settings are its parent's. */
struct package_group {
    char *name; /* "" for data/, "sample", "secret", "secret/group1" */
    char *path; /* "data", "data/secret/group1" */
    bool is_group;
    struct package_settings settings;
    struct package_entry *entries;
    size_t n_entries;
    size_t n_tests; /* tests in this group and below */
};

/* A program of the package: a single file or a directory of files. */
struct package_program {
    char *name;   /* file base name without extension, or the directory's name */
    char *path;   /* "submissions/accepted/sol.cpp", "output_validators/check" */
    char *folder; /* submissions: "accepted", "wrong_answer", ...; else NULL */
    bool is_dir;
    struct package_strv files; /* relative to path for a directory; the file's name otherwise */
    enum srclang lang;         /* SRCLANG_UNSUPPORTED when no or no single language */
    char *lang_note;           /* why unsupported: the extension (".ctd") or "several languages" */
    bool has_build_run;        /* a directory with a build or run script */
    char *entry;               /* Java: the class holding main; else NULL */
};

/* include/<lang>/: files copied beside a submission before it is compiled. */
struct package_include {
    char *lang_dir; /* the directory's name: "cpp", "python3", "default" */
    enum srclang lang;
    char *path;
    struct package_strv files;
};

/* One top-level entry of 2025-09's submissions/submissions.yaml, kept raw:
 * its semantics (permitted, required, score, glob matching) come later. */
struct package_expectation {
    char *pattern; /* "accepted", "time_limit_exceeded/slow.py" */
    char *raw;     /* the YAML text of its value */
    int line;
};

struct package {
    char *root; /* the directory as given */
    char *id;   /* its base name, lowercased; a valid problem id */
    enum package_version version;
    struct package_meta meta;
    struct package_statement *statements;
    size_t n_statements;
    /* The other files beside the statements and in the statement
     * directory's subdirectories ("statement/circle.png",
     * "statement/img/fig1.png"): its images, which judge/images.h keeps with
     * the problem. */
    struct package_strv statement_files;
    struct package_group *data; /* the data/ tree */
    struct package_program *input_validators;
    size_t n_input_validators;
    struct package_program *output_validators; /* legacy: several; else at most one */
    size_t n_output_validators;
    struct package_program *static_validator; /* NULL when none */
    struct package_include *includes;
    size_t n_includes;
    struct package_program *submissions; /* sorted by folder, then name */
    size_t n_submissions;
    struct package_expectation *expectations;
    size_t n_expectations;
    struct package_strv warnings; /* "path: what was ignored or looks wrong" */
};

/* Reads the package directory dir. Returns 0 and a package the caller frees
 * with package_free(), or -1 and "path: rule" in err (path relative to the
 * package, e.g. "data/secret/03.in: no matching .ans"); on failure *out is
 * NULL. Symbolic links are followed only when their target stays inside the
 * package; one leading elsewhere fails the read. */
int package_read(const char *dir, struct package **out, char *err, size_t errlen);

void package_free(struct package *p);

/* The version as problem.yaml spells it ("legacy" for legacy). */
const char *package_version_name(enum package_version v);
/* "pass-fail", "scoring interactive", ...: the types, space separated. The
 * text is static. */
const char *package_type_name(unsigned type, char *buf, size_t len);
const char *package_aggregation_name(enum package_aggregation a);

/* Calls cb on every test in judging order (sample first); stops and returns
 * the first non-zero value cb returns. */
typedef int (*package_test_cb)(const struct package_group *g, const struct package_test *t,
                               void *data);
int package_each_test(const struct package_group *g, package_test_cb cb, void *data);

#endif
