/* A Kattis problem package into a verdict problem: metadata, limits and the
 * checker field; the statement (statement.c); the tests, groups and plan
 * (from_package_tests.c); the validator and included code. */
#include "judge/from_package.h"

#include "common/alloc.h"
#include "judge/checker.h"
#include "judge/from_package_internal.h"
#include "judge/problem.h"
#include "judge/statement.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void from_package_info_dispose(struct from_package_info *info)
{
    for (size_t i = 0; i < info->nwarnings; i++)
        free(info->warnings[i]);
    free(info->warnings);
    memset(info, 0, sizeof(*info));
}

void fp__warn(struct fp *f, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    f->info->warnings =
        xrealloc(f->info->warnings, (f->info->nwarnings + 1) * sizeof(*f->info->warnings));
    f->info->warnings[f->info->nwarnings++] = xstrdup(msg);
}

int fp__fail(struct fp *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err, f->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

char *fp__read(struct fp *f, const char *rel, size_t *len_out)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", f->pkg->root, rel);
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fp__fail(f, "%s: %s", rel, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, cap - len - 1, in);
        len += n;
        if (len > PROBLEM_FILE_MAX) {
            fp__fail(f, "%s: larger than %u MiB (verdict's bound on one file)", rel,
                     PROBLEM_FILE_MAX >> 20);
            goto fail;
        }
        if (n == 0)
            break;
    }
    if (ferror(in)) {
        fp__fail(f, "%s: read error", rel);
        goto fail;
    }
    fclose(in);
    buf[len] = '\0';
    *len_out = len;
    return buf;
fail:
    fclose(in);
    free(buf);
    return NULL;
}

char *fp__text(struct fp *f, const char *rel, const char *why)
{
    size_t len;
    char *text = fp__read(f, rel, &len);
    if (text != NULL && !fp__text_valid(text, len)) {
        fp__fail(f, "%s: not UTF-8 text (%s)", rel, why);
        free(text);
        return NULL;
    }
    return text;
}

/* The first keyword that is one of verdict's difficulties. */
static const char *fp_difficulty(const struct package *pkg)
{
    static const char *const levels[] = {"easy", "medium", "hard"};
    for (size_t i = 0; i < pkg->meta.keywords.n; i++)
        for (size_t k = 0; k < 3; k++)
            if (strcmp(pkg->meta.keywords.v[i], levels[k]) == 0)
                return levels[k];
    return FROM_PACKAGE_DEFAULT_DIFFICULTY;
}

/* Types verdict judges; multi-pass and submit-answer are refused. */
static int fp_type(struct fp *f)
{
    unsigned type = f->pkg->meta.type;
    if (type & (PACKAGE_MULTI_PASS | PACKAGE_SUBMIT_ANSWER))
        return fp__fail(f,
                        "problem.yaml: type: %s problems are not supported yet (verdict judges "
                        "pass-fail, scoring and interactive ones; README \"Kattis problem "
                        "packages\")",
                        type & PACKAGE_MULTI_PASS ? "multi-pass" : "submit-answer");
    package_type_name(type, f->info->type, sizeof(f->info->type));
    return 0;
}

/* Time, memory and output limits within verdict's bounds (judge/problem.c). */
static int fp_limits(struct fp *f, int opt_tl)
{
    const struct package_limits *l = &f->pkg->meta.limits;
    struct catalog_problem *p = f->p;
    if (l->given & PACKAGE_LIMIT_TIME) {
        double ms = ceil(l->time_limit * 1000 - 1e-9);
        if (!(ms >= 1 && ms <= 60000))
            return fp__fail(f,
                            "problem.yaml: limits.time_limit: %g s is outside verdict's "
                            "0.001-60 s",
                            l->time_limit);
        p->time_limit_ms = (int)ms;
    } else if (opt_tl > 0) {
        p->time_limit_ms = opt_tl;
    } else {
        p->time_limit_ms = FROM_PACKAGE_PROVISIONAL_TL_MS;
        f->info->time_limit_provisional = true;
        f->info->ac_to_time_limit = l->ac_to_time_limit;
        f->info->time_limit_to_tle = l->time_limit_to_tle;
        f->info->time_resolution = l->time_resolution;
    }
    if (l->memory_mib < 1 || l->memory_mib > 4096)
        return fp__fail(f, "problem.yaml: limits.memory: %ld MiB is outside verdict's 1-4096",
                        l->memory_mib);
    if (l->output_mib < 1 || l->output_mib > 1024)
        return fp__fail(f, "problem.yaml: limits.output: %ld MiB is outside verdict's 1-1024",
                        l->output_mib);
    p->memory_limit_mb = (int)l->memory_mib;
    p->output_limit_kb = (int)l->output_mib * 1024;
    return 0;
}

/* "kattis[:FLAGS]" from the flags that apply to every test: legacy
 * validator_flags, then data/'s own output validator arguments. */
static int fp_default_checker(struct fp *f)
{
    struct fp_args flags = {0};
    fp__args_for(f, &f->pkg->data->settings, &flags);
    char spec[300] = "kattis";
    size_t used = strlen(spec);
    for (size_t i = 0; i < flags.n && used < sizeof(spec); i++)
        used +=
            (size_t)snprintf(spec + used, sizeof(spec) - used, "%c%s", i ? ' ' : ':', flags.v[i]);
    fp__args_dispose(&flags);
    struct checker c;
    if (used >= sizeof(spec) || checker_parse(spec, &c) < 0)
        return fp__fail(f,
                        "%s: '%s' are not flags of the default output validator (case_sensitive, "
                        "space_change_sensitive, float_tolerance, float_relative_tolerance, "
                        "float_absolute_tolerance with a number)",
                        f->pkg->version == PACKAGE_LEGACY ? "problem.yaml: validator_flags"
                                                          : "data/: output_validator_args",
                        spec + (used > 6 ? 7 : 6));
    f->p->checker = xstrdup(spec);
    return 0;
}

static int fp_problem(struct fp *f, const struct from_package_options *o)
{
    const struct package *pkg = f->pkg;
    struct catalog_problem *p = f->p;
    p->id = xstrdup(o && o->id ? o->id : pkg->id);
    const char *name = pkg->meta.name ? pkg->meta.name : pkg->id;
    if (strlen(name) > 200 || !fp__text_valid(name, strlen(name)))
        return fp__fail(f, "problem.yaml: name: must be 1-200 bytes of UTF-8");
    p->title = xstrdup(name);
    p->difficulty = xstrdup(fp_difficulty(pkg));
    if (fp_type(f) < 0 || fp_limits(f, o ? o->time_limit_ms : 0) < 0)
        return -1;
    if (fp__validator(f) < 0)
        return -1;
    if (f->validator == NULL && fp_default_checker(f) < 0)
        return -1;
    if (f->validator != NULL)
        p->checker = xstrdup("validator");
    return 0;
}

int from_package(const struct package *pkg, const struct from_package_options *opts,
                 struct catalog_problem *p, struct from_package_info *info, char *err,
                 size_t errlen)
{
    memset(p, 0, sizeof(*p));
    memset(info, 0, sizeof(*info));
    struct fp f = {.pkg = pkg, .p = p, .info = info, .err = err, .errlen = errlen};
    for (size_t i = 0; i < pkg->warnings.n; i++)
        fp__warn(&f, "%s", pkg->warnings.v[i]);
    int rc = fp_problem(&f, opts);
    if (rc == 0)
        rc = fp__statement(&f);
    if (rc == 0)
        rc = fp__include(&f);
    if (rc == 0)
        rc = fp__inputs(&f);
    if (rc == 0)
        rc = fp__tests(&f);
    if (rc == 0)
        rc = fp__documents(&f);
    if (rc == 0 && problem_finish(p, err, errlen) < 0)
        rc = -1;
    fp__dispose(&f);
    if (rc < 0) {
        catalog_problem_dispose(p);
        from_package_info_dispose(info);
    }
    return rc;
}
