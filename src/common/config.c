/* Typed option tables: flags, then environment, then defaults, into a
 * command's config struct. */
#include "common/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void *config_field(void *cfg, const struct config_opt *o)
{
    return (char *)cfg + o->offset;
}

static int config_bool(const struct config_opt *o, const char *value, bool *out, char *err,
                       size_t errlen)
{
    if (o->type == CONFIG_ONOFF) {
        if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0) {
            *out = strcmp(value, "on") == 0;
            return 0;
        }
        snprintf(err, errlen, "%s must be on or off, not '%s'", o->flag, value);
        return -1;
    }
    static const char *const yes[] = {"1", "true", "on", "yes"};
    static const char *const no[] = {"0", "false", "off", "no"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
            *out = strcasecmp(value, yes[i]) == 0;
            return 0;
        }
    }
    snprintf(err, errlen, "%s: '%s' is neither 1/true/on nor 0/false/off", o->flag, value);
    return -1;
}

/* Stores one value of o into its field, checked against its type and bounds. */
static int config_store(const struct config_opt *o, void *cfg, const char *value, char *err,
                        size_t errlen)
{
    void *field = config_field(cfg, o);
    switch (o->type) {
    case CONFIG_STR:
        *(const char **)field = value;
        return 0;
    case CONFIG_INT:
        return config_int(o->flag, value, o->min, o->max, field, err, errlen);
    case CONFIG_SWITCH:
    case CONFIG_ONOFF:
        return config_bool(o, value, field, err, errlen);
    case CONFIG_LIST: {
        struct config_list *l = field;
        if (l->n >= CONFIG_LIST_MAX) {
            snprintf(err, errlen, "%s: at most %d values", o->flag, CONFIG_LIST_MAX);
            return -1;
        }
        l->items[l->n++] = value;
        return 0;
    }
    }
    snprintf(err, errlen, "%s: unknown option type", o->flag);
    return -1;
}

/* Environment first (VERDICT_*, then the alternative name), else the table's
 * default, else the field keeps the caller's value. */
static int config_apply_env(const struct config_opt *o, void *cfg, char *err, size_t errlen)
{
    if (o->type == CONFIG_LIST) {
        ((struct config_list *)config_field(cfg, o))->n = 0;
        return 0;
    }
    const char *name = o->env;
    const char *v = name ? getenv(name) : NULL;
    if ((v == NULL || *v == '\0') && o->alt_env) {
        name = o->alt_env;
        v = getenv(name);
    }
    if (v && *v) {
        if (config_store(o, cfg, v, err, errlen) < 0) {
            size_t used = strlen(err);
            snprintf(err + used, errlen - used, " (from $%s)", name);
            return -1;
        }
        return 0;
    }
    return o->def ? config_store(o, cfg, o->def, err, errlen) : 0;
}

static const struct config_opt *config_lookup(const struct config_opt *opts, size_t nopts,
                                              const char *arg, size_t len)
{
    for (size_t k = 0; k < nopts; k++)
        if (strlen(opts[k].flag) == len && strncmp(opts[k].flag, arg, len) == 0)
            return &opts[k];
    return NULL;
}

static bool config_wants_help(int argc, char **argv, int start)
{
    for (int i = start; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

/* One "--flag", "--flag=value" or "--flag value" at argv[*i]. */
static int config_flag(const struct config_opt *opts, size_t nopts, void *cfg, int argc,
                       char **argv, int *i, char *err, size_t errlen)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
    const struct config_opt *o = config_lookup(opts, nopts, arg, name_len);
    if (o == NULL) {
        snprintf(err, errlen, "unknown option '%.*s'", (int)name_len, arg);
        return -1;
    }
    if (o->type == CONFIG_SWITCH) {
        if (eq) {
            snprintf(err, errlen, "option '%s' takes no value", o->flag);
            return -1;
        }
        *(bool *)config_field(cfg, o) = true;
        return 0;
    }
    const char *value;
    if (eq) {
        value = eq + 1;
    } else if (*i + 1 < argc) {
        value = argv[++*i];
    } else {
        snprintf(err, errlen, "option '%s' needs a value", o->flag);
        return -1;
    }
    return config_store(o, cfg, value, err, errlen);
}

int config_parse(const struct config_opt *opts, size_t nopts, void *cfg, int argc, char **argv,
                 int start, struct config_args *pos, char *err, size_t errlen)
{
    if (config_wants_help(argc, argv, start))
        return 1;
    for (size_t i = 0; i < nopts; i++)
        if (config_apply_env(&opts[i], cfg, err, errlen) < 0)
            return -1;
    if (pos)
        pos->n = 0;
    bool only_positional = false;
    for (int i = start; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_positional && strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (only_positional || strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            int max = pos ? (pos->max < CONFIG_ARGS_MAX ? pos->max : CONFIG_ARGS_MAX) : 0;
            if (pos == NULL || pos->n >= max) {
                snprintf(err, errlen, "unexpected argument '%s'", arg);
                return -1;
            }
            pos->arg[pos->n++] = arg;
            continue;
        }
        if (config_flag(opts, nopts, cfg, argc, argv, &i, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int config_parse_command(const char *name, const char *usage, const struct config_opt *opts,
                         size_t nopts, void *cfg, int argc, char **argv, struct config_args *pos)
{
    char err[512];
    int rc = config_parse(opts, nopts, cfg, argc, argv, 1, pos, err, sizeof(err));
    if (rc == 1)
        config_usage(usage, opts, nopts);
    else if (rc < 0)
        fprintf(stderr, "verdict %s: %s\n", name, err);
    return rc;
}

int config_int(const char *name, const char *value, long min, long max, long *out, char *err,
               size_t errlen)
{
    if (value == NULL || *value == '\0') {
        snprintf(err, errlen, "%s: missing number", name);
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) {
        snprintf(err, errlen, "%s: '%s' is not a number in [%ld, %ld]", name, value, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

void config_usage(const char *usage, const struct config_opt *opts, size_t nopts)
{
    fprintf(stderr, "usage: %s\n", usage);
    for (size_t i = 0; i < nopts; i++) {
        const struct config_opt *o = &opts[i];
        const char *arg = o->type == CONFIG_INT                             ? " N"
                          : o->type == CONFIG_ONOFF                         ? " on|off"
                          : o->type == CONFIG_STR || o->type == CONFIG_LIST ? " V"
                                                                            : "";
        char name[64];
        snprintf(name, sizeof(name), "%s%s", o->flag, arg);
        fprintf(stderr, "  %-24s %s", name, o->help ? o->help : "");
        if (o->type == CONFIG_INT)
            fprintf(stderr, " [%ld..%ld]", o->min, o->max);
        if (o->type == CONFIG_LIST)
            fprintf(stderr, " (repeatable)");
        if (o->env)
            fprintf(stderr, " [$%s]", o->env);
        if (o->def)
            fprintf(stderr, " (default %s)", o->def);
        fputc('\n', stderr);
    }
    fprintf(stderr, "  %-24s show this help\n", "--help");
}
