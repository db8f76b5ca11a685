/* Flag and environment parsing shared by every subcommand. */
#include "common/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config_opt *config_find(struct config_opt *opts, size_t nopts, const char *flag)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].flag, flag) == 0)
            return &opts[i];
    return NULL;
}

static int config_apply_env(struct config_opt *o)
{
    const char *v = o->env ? getenv(o->env) : NULL;
    if ((v == NULL || *v == '\0') && o->alt_env)
        v = getenv(o->alt_env);
    if (v && *v)
        o->value = v;
    else
        o->value = o->def;
    return 0;
}

int config_parse(struct config_opt *opts, size_t nopts, int argc, char **argv, int start,
                 int *positional, int max_positional, int *npositional, char *err, size_t errlen)
{
    for (size_t i = 0; i < nopts; i++)
        config_apply_env(&opts[i]);
    *npositional = 0;
    bool only_positional = false;
    for (int i = start; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_positional && strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (only_positional || strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (*npositional >= max_positional) {
                snprintf(err, errlen, "unexpected argument '%s'", arg);
                return -1;
            }
            positional[(*npositional)++] = i;
            continue;
        }
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        struct config_opt *o = NULL;
        for (size_t k = 0; k < nopts; k++) {
            if (strlen(opts[k].flag) == name_len && strncmp(opts[k].flag, arg, name_len) == 0) {
                o = &opts[k];
                break;
            }
        }
        if (o == NULL) {
            snprintf(err, errlen, "unknown option '%.*s'", (int)name_len, arg);
            return -1;
        }
        if (o->is_switch) {
            if (eq) {
                snprintf(err, errlen, "option '%s' takes no value", o->flag);
                return -1;
            }
            o->value = "1";
            continue;
        }
        if (eq) {
            o->value = eq + 1;
        } else {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "option '%s' needs a value", o->flag);
                return -1;
            }
            o->value = argv[++i];
        }
    }
    return 0;
}

int config_all(int argc, char **argv, int start, const char *flag, const char **out, int max)
{
    int n = 0;
    size_t fl = strlen(flag);
    for (int i = start; i < argc && n < max; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], flag) == 0 && i + 1 < argc)
            out[n++] = argv[++i];
        else if (strncmp(argv[i], flag, fl) == 0 && argv[i][fl] == '=')
            out[n++] = argv[i] + fl + 1;
    }
    return n;
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
        fprintf(stderr, "  %-18s %s", opts[i].flag, opts[i].help ? opts[i].help : "");
        if (opts[i].env)
            fprintf(stderr, " [$%s]", opts[i].env);
        if (opts[i].def)
            fprintf(stderr, " (default %s)", opts[i].def);
        fputc('\n', stderr);
    }
}
