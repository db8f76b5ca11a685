/* Command-line configuration: flags, then VERDICT_* environment variables,
 * then defaults (DESIGN.md "One program, several roles"). */
#ifndef COMMON_CONFIG_H
#define COMMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* One option a subcommand accepts. The caller fills flag/env/alt_env/def/help
 * and is_switch; config_parse() fills value (borrowed from argv, the
 * environment or def). */
struct config_opt {
    const char *flag;    /* "--port" */
    const char *env;     /* "VERDICT_PORT", or NULL */
    const char *alt_env; /* honoured as-is after env, e.g. "REDIS_URL", or NULL */
    const char *def;     /* default value, or NULL for none */
    const char *help;
    bool is_switch; /* takes no value; value becomes "1" when given */
    bool repeat;    /* may be given many times (values collected in argv order) */
    const char *value;
};

/* Parses argv[start..argc) against opts. Arguments after "--" or that do not
 * start with "--" are positional: their index in argv is stored in positional[]
 * (at most max_positional) and their count in *npositional. Returns 0, or -1
 * with a one-line reason in err. */
int config_parse(struct config_opt *opts, size_t nopts, int argc, char **argv, int start,
                 int *positional, int max_positional, int *npositional, char *err, size_t errlen);

/* The options every role shares, as DESIGN.md names them: REDIS_URL and
 * DATABASE_URL are honoured after the VERDICT_* variables. */
#define CONFIG_OPT_REDIS                                                                           \
    {                                                                                              \
        .flag = "--redis", .env = "VERDICT_REDIS", .alt_env = "REDIS_URL",                         \
        .def = "redis://127.0.0.1:6379", .help = "Redis URL"                                       \
    }
#define CONFIG_OPT_DB                                                                              \
    {                                                                                              \
        .flag = "--db", .env = "VERDICT_DB", .alt_env = "DATABASE_URL",                            \
        .def = "postgresql://postgres@127.0.0.1:5432/verdict",                                     \
        .help = "PostgreSQL URL (libpq connection string or URI)"                                  \
    }
#define CONFIG_OPT_HELP                                                                            \
    {                                                                                              \
        .flag = "--help", .is_switch = true, .help = "show this help"                              \
    }

/* Returns the option named flag (which must exist in opts). */
struct config_opt *config_find(struct config_opt *opts, size_t nopts, const char *flag);

/* Collects every value of a repeatable flag from argv in order; returns the
 * count (at most max). */
int config_all(int argc, char **argv, int start, const char *flag, const char **out, int max);

/* Parses a decimal integer in [min, max]; returns 0, or -1 with a reason. */
int config_int(const char *name, const char *value, long min, long max, long *out, char *err,
               size_t errlen);

/* Prints the options of a subcommand, one per line, to stderr. */
void config_usage(const char *usage, const struct config_opt *opts, size_t nopts);

#endif
