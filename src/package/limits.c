/* problem.yaml's limits map, per version, with the spec's defaults. */
#include "package/internal.h"

#include <math.h>
#include <string.h>

/* The "typical system defaults" the spec names; verdict's own configuration
 * may later lower or raise those a package did not give. */
static void limits_defaults(struct package_limits *l, enum package_version v)
{
    *l = (struct package_limits){
        .ac_to_time_limit = v == PACKAGE_LEGACY ? 5.0 : 2.0,
        .time_limit_to_tle = v == PACKAGE_LEGACY ? 2.0 : 1.5,
        .time_resolution = 1.0,
        .memory_mib = 2048,
        .output_mib = 8,
        .code_kib = 128,
        .compilation_time_s = 60,
        .compilation_memory_mib = 2048,
        .validation_time_s = 60,
        .validation_memory_mib = 2048,
        .validation_output_mib = 8,
        .validation_passes = 2,
    };
}

struct limits_int {
    const char *key;
    size_t offset;
    unsigned bit;
};

static const struct limits_int limits_ints[] = {
    {"memory", offsetof(struct package_limits, memory_mib), PACKAGE_LIMIT_MEMORY},
    {"output", offsetof(struct package_limits, output_mib), PACKAGE_LIMIT_OUTPUT},
    {"code", offsetof(struct package_limits, code_kib), PACKAGE_LIMIT_CODE},
    {"compilation_time", offsetof(struct package_limits, compilation_time_s),
     PACKAGE_LIMIT_COMPILE_TIME},
    {"compilation_memory", offsetof(struct package_limits, compilation_memory_mib),
     PACKAGE_LIMIT_COMPILE_MEMORY},
    {"validation_time", offsetof(struct package_limits, validation_time_s),
     PACKAGE_LIMIT_VALIDATION_TIME},
    {"validation_memory", offsetof(struct package_limits, validation_memory_mib),
     PACKAGE_LIMIT_VALIDATION_MEMORY},
    {"validation_output", offsetof(struct package_limits, validation_output_mib),
     PACKAGE_LIMIT_VALIDATION_OUTPUT},
};

/* Reads a float key of map t; min is its bound (> min, or >= min when
 * inclusive). 0 when absent or read, -1 with err set. */
static int limits_float(struct package__ctx *ctx, const struct ytree *t, const char *prefix,
                        const char *key, double min, bool inclusive, double *out, bool *given)
{
    const struct ytree *v = ytree_get(t, key);
    *given = false;
    if (v == NULL)
        return 0;
    double d;
    if (ytree_double(v, &d) < 0 || !isfinite(d) || d < min || (!inclusive && d == min))
        return package__fail(ctx, "problem.yaml: %s%s: not a number %s %g", prefix, key,
                             inclusive ? ">=" : ">", min);
    *out = d;
    *given = true;
    return 0;
}

/* legacy time_multiplier / time_safety_margin, or the later time_multipliers
 * map, time_limit and time_resolution. */
static int limits_time(struct package__ctx *ctx, const struct ytree *t, struct package_limits *l)
{
    bool legacy = ctx->p->version == PACKAGE_LEGACY, g1 = false, g2 = false, g;
    if (legacy) {
        if (limits_float(ctx, t, "limits.", "time_multiplier", 0, false, &l->ac_to_time_limit,
                         &g1) < 0 ||
            limits_float(ctx, t, "limits.", "time_safety_margin", 0, false, &l->time_limit_to_tle,
                         &g2) < 0)
            return -1;
    } else {
        const struct ytree *m = ytree_get(t, "time_multipliers");
        if (m != NULL && m->kind != YTREE_MAP)
            return package__fail(ctx, "problem.yaml: limits.time_multipliers: not a map");
        const char *pre = "limits.time_multipliers.";
        if (limits_float(ctx, m, pre, "ac_to_time_limit", 1, true, &l->ac_to_time_limit, &g1) < 0 ||
            limits_float(ctx, m, pre, "time_limit_to_tle", 1, true, &l->time_limit_to_tle, &g2) < 0)
            return -1;
        for (size_t i = 0; i < ytree_map_len(m); i++) {
            const char *k = ytree_map_key(m, i);
            if (strcmp(k, "ac_to_time_limit") != 0 && strcmp(k, "time_limit_to_tle") != 0)
                package__warn(ctx, "problem.yaml: limits.time_multipliers.%s: unknown key", k);
        }
        if (limits_float(ctx, t, "limits.", "time_limit", 0, false, &l->time_limit, &g) < 0)
            return -1;
        l->given |= g ? PACKAGE_LIMIT_TIME : 0;
        if (limits_float(ctx, t, "limits.", "time_resolution", 0, false, &l->time_resolution, &g) <
            0)
            return -1;
        l->given |= g ? PACKAGE_LIMIT_RESOLUTION : 0;
    }
    l->given |= (g1 ? PACKAGE_LIMIT_AC_TO_TIME : 0) | (g2 ? PACKAGE_LIMIT_TIME_TO_TLE : 0);
    /* 2025-09 only: 2023-07 ignored the resolution when a time limit was given. */
    if (ctx->p->version == PACKAGE_2025_09 && (l->given & PACKAGE_LIMIT_TIME)) {
        double k = l->time_limit / l->time_resolution;
        if (fabs(k - round(k)) > 1e-9 * fmax(1.0, k))
            return package__fail(ctx,
                                 "problem.yaml: limits.time_limit: %g is not a multiple of "
                                 "time_resolution %g",
                                 l->time_limit, l->time_resolution);
    }
    return 0;
}

static bool limits_known(const char *k, enum package_version v)
{
    for (size_t i = 0; i < sizeof(limits_ints) / sizeof(*limits_ints); i++)
        if (strcmp(k, limits_ints[i].key) == 0)
            return true;
    if (v == PACKAGE_LEGACY)
        return strcmp(k, "time_multiplier") == 0 || strcmp(k, "time_safety_margin") == 0;
    return strcmp(k, "time_multipliers") == 0 || strcmp(k, "time_limit") == 0 ||
           strcmp(k, "time_resolution") == 0 || strcmp(k, "validation_passes") == 0;
}

int package__read_limits(struct package__ctx *ctx, const struct ytree *t)
{
    struct package_limits *l = &ctx->p->meta.limits;
    enum package_version v = ctx->p->version;
    limits_defaults(l, v);
    if (t == NULL)
        return 0;
    if (t->kind != YTREE_MAP)
        return package__fail(ctx, "problem.yaml: limits: not a map");
    for (size_t i = 0; i < sizeof(limits_ints) / sizeof(*limits_ints); i++) {
        const struct ytree *val = ytree_get(t, limits_ints[i].key);
        long n;
        if (val == NULL)
            continue;
        if (ytree_long(val, &n) < 0 || n <= 0 || n > 1L << 30)
            return package__fail(ctx, "problem.yaml: limits.%s: not a positive integer",
                                 limits_ints[i].key);
        *(long *)((char *)l + limits_ints[i].offset) = n;
        l->given |= limits_ints[i].bit;
    }
    if (limits_time(ctx, t, l) < 0)
        return -1;
    const struct ytree *passes = ytree_get(t, "validation_passes");
    if (v != PACKAGE_LEGACY && passes != NULL) {
        if (ytree_long(passes, &l->validation_passes) < 0 || l->validation_passes < 2)
            return package__fail(ctx,
                                 "problem.yaml: limits.validation_passes: not an integer >= 2");
        if (!(ctx->p->meta.type & PACKAGE_MULTI_PASS))
            return package__fail(ctx, "problem.yaml: limits.validation_passes: only for "
                                      "multi-pass problems");
        l->given |= PACKAGE_LIMIT_PASSES;
    }
    for (size_t i = 0; i < ytree_map_len(t); i++)
        if (!limits_known(ytree_map_key(t, i), v))
            package__warn(ctx, "problem.yaml: limits.%s: unknown key (ignored)",
                          ytree_map_key(t, i));
    return 0;
}
