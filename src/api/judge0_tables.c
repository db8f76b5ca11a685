/* Judge0's language and status tables for verdict's languages and verdicts,
 * the mapping of a run's outcome to Judge0's status, and Judge0's output
 * comparison. */
#include "api/judge0.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

/* Judge0's ids (its CE release's table) for the seven languages verdict
 * runs; the names follow Judge0's "Language (toolchain version)" style with
 * the toolchains installed here (judge/lang.c). */
static const struct judge0_language tables_languages[] = {
    {50, "C (GCC 12)", "c", "main.c"},
    {54, "C++ (GCC 12)", "cpp", "main.cpp"},
    {60, "Go (1.19)", "go", "main.go"},
    {62, "Java (OpenJDK 17)", "java", "Main.java"},
    {63, "JavaScript (Node.js)", "javascript", "script.js"},
    {71, "Python (3.11)", "python", "script.py"},
    {73, "Rust (1.63)", "rust", "main.rs"},
};
#define TABLES_NLANG (sizeof(tables_languages) / sizeof(tables_languages[0]))

const struct judge0_language *judge0_tables_language(long id)
{
    for (size_t i = 0; i < TABLES_NLANG; i++)
        if (tables_languages[i].id == id)
            return &tables_languages[i];
    return NULL;
}

const struct judge0_language *judge0_tables_language_of(const char *lang_id)
{
    for (size_t i = 0; i < TABLES_NLANG; i++)
        if (strcmp(tables_languages[i].lang_id, lang_id) == 0)
            return &tables_languages[i];
    return NULL;
}

const struct judge0_language *judge0_tables_languages(size_t *n)
{
    *n = TABLES_NLANG;
    return tables_languages;
}

static const char *const tables_status_names[] = {
    NULL,
    "In Queue",
    "Processing",
    "Accepted",
    "Wrong Answer",
    "Time Limit Exceeded",
    "Compilation Error",
    "Runtime Error (SIGSEGV)",
    "Runtime Error (SIGXFSZ)",
    "Runtime Error (SIGFPE)",
    "Runtime Error (SIGABRT)",
    "Runtime Error (NZEC)",
    "Runtime Error (Other)",
    "Internal Error",
    "Exec Format Error",
};

const char *judge0_tables_status_name(int id)
{
    if (id < JUDGE0_IN_QUEUE || id > JUDGE0_EXEC_FORMAT_ERROR)
        return NULL;
    return tables_status_names[id];
}

const char *judge0_tables_statuses_json(void)
{
    return "[{\"id\":1,\"description\":\"In Queue\"},{\"id\":2,\"description\":\"Processing\"},"
           "{\"id\":3,\"description\":\"Accepted\"},{\"id\":4,\"description\":\"Wrong Answer\"},"
           "{\"id\":5,\"description\":\"Time Limit Exceeded\"},"
           "{\"id\":6,\"description\":\"Compilation Error\"},"
           "{\"id\":7,\"description\":\"Runtime Error (SIGSEGV)\"},"
           "{\"id\":8,\"description\":\"Runtime Error (SIGXFSZ)\"},"
           "{\"id\":9,\"description\":\"Runtime Error (SIGFPE)\"},"
           "{\"id\":10,\"description\":\"Runtime Error (SIGABRT)\"},"
           "{\"id\":11,\"description\":\"Runtime Error (NZEC)\"},"
           "{\"id\":12,\"description\":\"Runtime Error (Other)\"},"
           "{\"id\":13,\"description\":\"Internal Error\"},"
           "{\"id\":14,\"description\":\"Exec Format Error\"}]";
}

/* Judge0's /about keys, describing verdict: a client that reads "version"
 * learns which API it speaks. */
const char *judge0_tables_about_json(void)
{
    return "{\"version\":\"1.13.1\",\"homepage\":\"https://judge0.com\","
           "\"source_code\":\"https://github.com/judge0/judge0\","
           "\"maintainer\":\"verdict (a Judge0-compatible API; README \\\"Judge0-compatible "
           "API\\\")\"}";
}

static const struct {
    const char *run;
    int judge0;
} tables_run_status[] = {
    {"queued", JUDGE0_IN_QUEUE}, {"running", JUDGE0_PROCESSING}, {"ok", JUDGE0_ACCEPTED},
    {"AC", JUDGE0_ACCEPTED},     {"WA", JUDGE0_WRONG_ANSWER},    {"TLE", JUDGE0_TLE},
    {"CE", JUDGE0_CE},           {"MLE", JUDGE0_RE_OTHER},       {"OLE", JUDGE0_SIGXFSZ},
};

int judge0_tables_status_of(const char *run_status, int exit_signal)
{
    for (size_t i = 0; i < sizeof(tables_run_status) / sizeof(tables_run_status[0]); i++)
        if (strcmp(run_status, tables_run_status[i].run) == 0)
            return tables_run_status[i].judge0;
    if (strcmp(run_status, "RE") != 0)
        return JUDGE0_INTERNAL_ERROR;
    switch (exit_signal) {
    case 0:
        return JUDGE0_NZEC;
    case SIGSEGV:
        return JUDGE0_SIGSEGV;
    case SIGXFSZ:
        return JUDGE0_SIGXFSZ;
    case SIGFPE:
        return JUDGE0_SIGFPE;
    case SIGABRT:
        return JUDGE0_SIGABRT;
    default:
        return JUDGE0_RE_OTHER;
    }
}
