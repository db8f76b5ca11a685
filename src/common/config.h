/* Command-line configuration: flags, then VERDICT_* environment variables,
 * then defaults (DESIGN.md "One program, several roles").
 *
 * Each command declares its options once, in a table of struct config_opt:
 * the flag, its environment variable, its type and bounds, its default, its
 * help line, and the field of the command's own config struct it fills.
 * config_parse() fills that struct; --help is printed from the same table.
 * The CONFIG_* macros below name the target field, so a mistyped field, or a
 * field of the wrong type, fails the build; code reads cfg->port, never an
 * option looked up by its string. */
#ifndef COMMON_CONFIG_H
#define COMMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_LIST_MAX 64

/* Every value of a repeatable flag, in argv order; the strings are borrowed
 * from argv. */
struct config_list {
    int n;
    const char *items[CONFIG_LIST_MAX];
};

enum config_type {
    CONFIG_STR,    /* const char *: the text as given (borrowed from argv, environ or the table) */
    CONFIG_INT,    /* long in [min, max] */
    CONFIG_SWITCH, /* bool: true when the flag is given; env: 1/true/on or 0/false/off */
    CONFIG_ONOFF,  /* bool from the value "on" or "off" */
    CONFIG_LIST,   /* struct config_list: a repeatable flag (no env, no default) */
};

/* One option a command accepts. Declared through the CONFIG_* macros. */
struct config_opt {
    const char *flag;    /* "--port" */
    const char *env;     /* "VERDICT_PORT", or NULL */
    const char *alt_env; /* honoured as-is after env, e.g. "REDIS_URL", or NULL */
    const char *def;     /* default text, or NULL: the field keeps what the caller put there */
    const char *help;
    enum config_type type;
    long min, max; /* CONFIG_INT bounds */
    size_t offset; /* of the target field in the command's config struct */
};

/* offsetof(T, field), only when the field has type ctype: a different type is
 * a _Generic without a matching association, which no compiler accepts. */
#define CONFIG__AT(T, field, ctype) _Generic(((T *)0)->field, ctype : offsetof(T, field))

#define CONFIG_STR(T, field, flag_, env_, def_, help_)                                             \
    {                                                                                              \
        .flag = flag_, .env = env_, .def = def_, .help = help_, .type = CONFIG_STR,                \
        .offset = CONFIG__AT(T, field, const char *)                                               \
    }
#define CONFIG_INT(T, field, flag_, env_, def_, min_, max_, help_)                                 \
    {                                                                                              \
        .flag = flag_, .env = env_, .def = def_, .help = help_, .type = CONFIG_INT, .min = min_,   \
        .max = max_, .offset = CONFIG__AT(T, field, long)                                          \
    }
#define CONFIG_SWITCH(T, field, flag_, env_, help_)                                                \
    {                                                                                              \
        .flag = flag_, .env = env_, .help = help_, .type = CONFIG_SWITCH,                          \
        .offset = CONFIG__AT(T, field, bool)                                                       \
    }
#define CONFIG_ONOFF(T, field, flag_, env_, def_, help_)                                           \
    {                                                                                              \
        .flag = flag_, .env = env_, .def = def_, .help = help_, .type = CONFIG_ONOFF,              \
        .offset = CONFIG__AT(T, field, bool)                                                       \
    }
#define CONFIG_LIST(T, field, flag_, help_)                                                        \
    {                                                                                              \
        .flag = flag_, .help = help_, .type = CONFIG_LIST,                                         \
        .offset = CONFIG__AT(T, field, struct config_list)                                         \
    }

/* The options every role shares, as DESIGN.md names them: REDIS_URL and
 * DATABASE_URL are honoured after the VERDICT_* variables. */
#define CONFIG_REDIS(T, field)                                                                     \
    {                                                                                              \
        .flag = "--redis", .env = "VERDICT_REDIS", .alt_env = "REDIS_URL",                         \
        .def = "redis://127.0.0.1:6379",                                                           \
        .help = "Redis URL: redis://host:port[/db] or sentinel://h1:p1,h2:p2,.../<master-name>",   \
        .type = CONFIG_STR, .offset = CONFIG__AT(T, field, const char *)                           \
    }
/* Pushes of jobs (api intake, worker requeues) wait for this many Redis
 * replicas (WAIT) before they count. */
#define CONFIG_REDIS_WAIT(T, field)                                                                \
    CONFIG_INT(T, field, "--redis-wait-replicas", "VERDICT_REDIS_WAIT_REPLICAS", "0", 0, 16,       \
               "Redis replicas that must have a pushed job before it counts (WAIT; 0 = the "       \
               "primary's ack)")
#define CONFIG_DB(T, field)                                                                        \
    {                                                                                              \
        .flag = "--db", .env = "VERDICT_DB", .alt_env = "DATABASE_URL",                            \
        .def = "postgresql://postgres@127.0.0.1:5432/verdict",                                     \
        .help = "PostgreSQL URL (libpq connection string or URI)", .type = CONFIG_STR,             \
        .offset = CONFIG__AT(T, field, const char *)                                               \
    }

#define CONFIG_COUNT(table) (sizeof(table) / sizeof((table)[0]))

#define CONFIG_ARGS_MAX 256

/* Where positional arguments go: arguments that do not start with "--", and
 * all after "--". The caller sets max (at most CONFIG_ARGS_MAX); they are
 * stored in arg[] (borrowed from argv), their count in n. */
struct config_args {
    int max;
    int n;
    const char *arg[CONFIG_ARGS_MAX];
};

/* Fills cfg from the environment and defaults, then from argv[start..argc)
 * against opts. Fields whose option has no default and is not given keep
 * what the caller put there. pos may be NULL when no positional argument is
 * accepted. Returns 0, 1 when --help was asked for (nothing else is
 * checked then), or -1 with a one-line reason in err. */
int config_parse(const struct config_opt *opts, size_t nopts, void *cfg, int argc, char **argv,
                 int start, struct config_args *pos, char *err, size_t errlen);

/* config_parse() for a command 'verdict <name>' (argv[0] is its name): on
 * --help prints the usage and returns 1; on a bad option prints
 * "verdict <name>: <reason>" to stderr and returns -1; else returns 0. */
int config_parse_command(const char *name, const char *usage, const struct config_opt *opts,
                         size_t nopts, void *cfg, int argc, char **argv, struct config_args *pos);

/* Parses a decimal integer in [min, max]; returns 0, or -1 with a reason. */
int config_int(const char *name, const char *value, long min, long max, long *out, char *err,
               size_t errlen);

/* Prints the usage line and the options, one per line with their variable,
 * bounds and default, to stderr. */
void config_usage(const char *usage, const struct config_opt *opts, size_t nopts);

#endif
