/* Reads the judging plan document (plan.h), strictly: a key it does not know,
 * a value of the wrong type, an index out of range or a size over its limit
 * makes the whole document wrong, with a reason naming where. A plan the
 * worker half understood would judge a problem differently from Kattis. */
#include "judge/plan.h"

#include "common/alloc.h"
#include "common/utf8.h"
#include "judge/lang.h"
#include "judge/problem.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_GROUPS_MAX PROBLEM_TESTS_MAX

struct ctx {
    char *err;
    size_t errlen;
};

static bool fail(struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return false;
}

/* Every key of obj is one of keys (NULL-terminated), none twice. */
static bool keys_known(struct ctx *c, const cJSON *obj, const char *const *keys, const char *where)
{
    if (!cJSON_IsObject(obj))
        return fail(c, "%s must be an object", where);
    unsigned seen = 0;
    for (const cJSON *it = obj->child; it; it = it->next) {
        unsigned k = 0;
        while (keys[k] && strcmp(keys[k], it->string) != 0)
            k++;
        if (keys[k] == NULL)
            return fail(c, "%s: unknown key '%.64s'", where, it->string);
        if (seen & (1u << k))
            return fail(c, "%s: key '%s' given twice", where, it->string);
        seen |= 1u << k;
    }
    return true;
}

/* A name: at most PLAN_NAME_MAX bytes of UTF-8, a relative path without
 * empty, "." or ".." components (empty only where empty_ok). */
static bool name_ok(const char *s, bool empty_ok)
{
    size_t len = strlen(s);
    if (len == 0)
        return empty_ok;
    if (len > PLAN_NAME_MAX || !utf8_valid(s, len) || s[0] == '/')
        return false;
    for (const char *p = s; *p;) {
        size_t seg = strcspn(p, "/");
        if (seg == 0 || (seg == 1 && p[0] == '.') || (seg == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        p += seg;
        if (*p == '/')
            p++;
        if (*p == '\0' && p[-1] == '/')
            return false;
    }
    return true;
}

/* A string member of at most max bytes of UTF-8; NULL (and false) when not. */
static const char *string_of(struct ctx *c, const cJSON *v, size_t max, const char *where)
{
    if (!cJSON_IsString(v)) {
        fail(c, "%s must be a string", where);
        return NULL;
    }
    size_t len = strlen(v->valuestring);
    if (len > max || !utf8_valid(v->valuestring, len)) {
        fail(c, "%s must be UTF-8 of at most %zu bytes", where, max);
        return NULL;
    }
    return v->valuestring;
}

/* An integer in [lo, hi]. */
static bool int_of(struct ctx *c, const cJSON *v, int lo, int hi, int *out, const char *where)
{
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return fail(c, "%s must be an integer from %d to %d", where, lo, hi);
    *out = (int)v->valuedouble;
    return true;
}

static bool number_of(struct ctx *c, const cJSON *v, double *out, const char *where)
{
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return fail(c, "%s must be a number", where);
    *out = v->valuedouble;
    return true;
}

/* An array of at most max strings (absent: empty) into a NULL-terminated list. */
static bool strings_of(struct ctx *c, const cJSON *v, size_t max, size_t each, char ***out,
                       size_t *n, const char *where)
{
    *out = xcalloc(1, sizeof(char *));
    *n = 0;
    if (v == NULL)
        return true;
    int size = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (size < 0 || (size_t)size > max)
        return fail(c, "%s must be an array of at most %zu strings", where, max);
    free(*out);
    *out = xcalloc((size_t)size + 1, sizeof(char *));
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *s = string_of(c, it, each, where);
        if (s == NULL)
            return false;
        (*out)[(*n)++] = xstrdup(s);
    }
    return true;
}

static void strings_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* A copy of the NULL-terminated list v (n strings) into a. */
static void strings_copy(char *const *v, size_t n, struct plan_args *a)
{
    a->v = xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        a->v[i] = xstrdup(v[i]);
    a->n = n;
}

/* The "language" and "files" members of v, its other keys checked. */
static bool files_body_of(struct ctx *c, const cJSON *v, struct plan_files *out, const char *where)
{
    static const char *const fkeys[] = {"name", "text", NULL};
    const char *lang = string_of(c, cJSON_GetObjectItemCaseSensitive(v, "language"), 32, where);
    if (lang == NULL || lang_find(lang) == NULL)
        return fail(c, "%s: 'language' must name a language verdict knows", where);
    out->language = xstrdup(lang_find(lang)->id);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(v, "files");
    int size = cJSON_IsArray(files) ? cJSON_GetArraySize(files) : -1;
    if (size < 1 || size > PLAN_FILES_MAX)
        return fail(c, "%s: 'files' must be an array of 1 to %d files", where, PLAN_FILES_MAX);
    out->v = xcalloc((size_t)size, sizeof(*out->v));
    for (const cJSON *f = files->child; f; f = f->next) {
        if (!keys_known(c, f, fkeys, where))
            return false;
        const char *name =
            string_of(c, cJSON_GetObjectItemCaseSensitive(f, "name"), PLAN_NAME_MAX, where);
        if (name == NULL || !name_ok(name, false))
            return fail(c, "%s: a file name must be a relative path without '..'", where);
        const char *text =
            string_of(c, cJSON_GetObjectItemCaseSensitive(f, "text"), PROBLEM_FILE_MAX, where);
        if (text == NULL)
            return false;
        for (size_t i = 0; i < out->n; i++)
            if (strcmp(out->v[i].name, name) == 0)
                return fail(c, "%s: file '%s' given twice", where, name);
        out->v[out->n].name = xstrdup(name);
        out->v[out->n].len = strlen(text);
        out->v[out->n++].text = xstrdup(text);
    }
    return true;
}

/* {"language", "files": [{"name", "text"}]} */
static bool files_of(struct ctx *c, const cJSON *v, struct plan_files *out, const char *where)
{
    static const char *const keys[] = {"language", "files", NULL};
    return keys_known(c, v, keys, where) && files_body_of(c, v, out, where);
}

static void files_dispose(struct plan_files *f)
{
    free(f->language);
    for (size_t i = 0; f->v && i < f->n; i++) {
        free(f->v[i].name);
        free(f->v[i].text);
    }
    free(f->v);
}

/* "types": exactly one of pass-fail and scoring, interactive or not. */
static bool types_of(struct ctx *c, const cJSON *v, struct plan *p)
{
    int size = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (size < 1 || size > 2)
        return fail(c, "'types' must be an array of one or two types");
    int kinds = 0;
    for (const cJSON *it = v->child; it; it = it->next) {
        const char *t = cJSON_IsString(it) ? it->valuestring : "";
        if (strcmp(t, "pass-fail") == 0 || strcmp(t, "scoring") == 0) {
            kinds++;
            p->scoring = t[0] == 's';
        } else if (strcmp(t, "interactive") == 0 && !p->interactive) {
            p->interactive = true;
        } else {
            return fail(c, "'types': unknown or repeated type '%.32s'", t);
        }
    }
    if (kinds != 1)
        return fail(c, "'types' must hold exactly one of pass-fail and scoring");
    return true;
}

static bool grader_flags_of(struct ctx *c, const cJSON *v, unsigned *out, const char *where)
{
    static const char *const names[] = {"ignore_sample", "first_error", "accept_if_any_accepted",
                                        "always_accept", NULL};
    *out = 0;
    if (v == NULL || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > 16)
        return fail(c, "%s: 'graderFlags' must be an array of flags", where);
    for (const cJSON *it = v->child; it; it = it->next) {
        unsigned k = 0;
        while (names[k] && !(cJSON_IsString(it) && strcmp(names[k], it->valuestring) == 0))
            k++;
        if (names[k] == NULL)
            return fail(c, "%s: unknown grader flag", where);
        *out |= 1u << k;
    }
    return true;
}

static bool range_of(struct ctx *c, const cJSON *v, struct plan_group *g, const char *where)
{
    g->range_min = -INFINITY;
    g->range_max = INFINITY;
    if (v == NULL || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 ||
        !number_of(c, cJSON_GetArrayItem(v, 0), &g->range_min, where) ||
        !number_of(c, cJSON_GetArrayItem(v, 1), &g->range_max, where) ||
        g->range_min > g->range_max)
        return fail(c, "%s: 'range' must be null or [min, max] with min <= max", where);
    return true;
}

static bool enum_of(struct ctx *c, const cJSON *v, const char *const *names, int *out,
                    const char *where)
{
    for (int k = 0; names[k]; k++)
        if (cJSON_IsString(v) && strcmp(names[k], v->valuestring) == 0) {
            *out = k;
            return true;
        }
    return fail(c, "%s has an unknown value", where);
}

static bool group_of(struct ctx *c, const cJSON *v, size_t i, struct plan_group *g)
{
    static const char *const keys[] = {"name",        "parent",      "aggregation", "onReject",
                                       "acceptScore", "rejectScore", "range",       "maxScore",
                                       "graderFlags", "requirePass", NULL};
    static const char *const aggs[] = {"pass-fail", "sum", "min", "max", "avg", NULL};
    static const char *const rejects[] = {"break", "continue", NULL};
    char where[48];
    snprintf(where, sizeof(where), "group %zu", i);
    if (!keys_known(c, v, keys, where))
        return false;
    const char *name =
        string_of(c, cJSON_GetObjectItemCaseSensitive(v, "name"), PLAN_NAME_MAX, where);
    if (name == NULL || !name_ok(name, i == 0) || (i == 0 && name[0] != '\0'))
        return fail(c, "%s: bad 'name' (the root's is \"\", others relative paths)", where);
    g->name = xstrdup(name);
    int agg = 0, rej = 0;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "maxScore");
    if (!int_of(c, cJSON_GetObjectItemCaseSensitive(v, "parent"), -1, (int)i - 1, &g->parent,
                where) ||
        (i == 0) != (g->parent == -1))
        return fail(c, "%s: 'parent' must be an earlier group (-1 for group 0 only)", where);
    if (!enum_of(c, cJSON_GetObjectItemCaseSensitive(v, "aggregation"), aggs, &agg, where) ||
        !enum_of(c, cJSON_GetObjectItemCaseSensitive(v, "onReject"), rejects, &rej, where) ||
        !number_of(c, cJSON_GetObjectItemCaseSensitive(v, "acceptScore"), &g->accept_score,
                   where) ||
        !number_of(c, cJSON_GetObjectItemCaseSensitive(v, "rejectScore"), &g->reject_score,
                   where) ||
        !range_of(c, cJSON_GetObjectItemCaseSensitive(v, "range"), g, where) ||
        !grader_flags_of(c, cJSON_GetObjectItemCaseSensitive(v, "graderFlags"), &g->grader_flags,
                         where))
        return false;
    g->aggregation = (enum plan_aggregation)agg;
    g->on_reject_continue = rej == 1;
    g->max_score = -1;
    if (max && !cJSON_IsNull(max) && (!number_of(c, max, &g->max_score, where) || g->max_score < 0))
        return fail(c, "%s: 'maxScore' must be null or a number >= 0", where);
    return strings_of(c, cJSON_GetObjectItemCaseSensitive(v, "requirePass"), PLAN_GROUPS_MAX,
                      PLAN_NAME_MAX, &g->require_pass, &g->n_require_pass, where);
}

/* A string or null (absent: NULL). */
static bool opt_text(struct ctx *c, const cJSON *v, char **out, const char *where)
{
    *out = NULL;
    if (v == NULL || cJSON_IsNull(v))
        return true;
    const char *s = string_of(c, v, PLAN_TEXT_MAX, where);
    if (s == NULL)
        return false;
    *out = xstrdup(s);
    return true;
}

static bool test_of(struct ctx *c, const cJSON *v, size_t i, size_t ngroups, struct plan_test *t)
{
    static const char *const keys[] = {"name",          "group",        "args",
                                       "validatorArgs", "fullFeedback", "inputArgs",
                                       "desc",          "hint",         NULL};
    char where[48];
    snprintf(where, sizeof(where), "test %zu", i);
    if (!keys_known(c, v, keys, where))
        return false;
    const char *name =
        string_of(c, cJSON_GetObjectItemCaseSensitive(v, "name"), PLAN_NAME_MAX, where);
    if (name == NULL || !name_ok(name, false))
        return fail(c, "%s: 'name' must be a relative path without '..'", where);
    t->name = xstrdup(name);
    int group = 0;
    if (!int_of(c, cJSON_GetObjectItemCaseSensitive(v, "group"), 0, (int)ngroups - 1, &group,
                where))
        return fail(c, "%s: 'group' must be the index of a group", where);
    t->group = (unsigned)group;
    const cJSON *full = cJSON_GetObjectItemCaseSensitive(v, "fullFeedback");
    if (full && !cJSON_IsBool(full))
        return fail(c, "%s: 'fullFeedback' must be true or false", where);
    t->full_feedback = cJSON_IsTrue(full);
    const cJSON *ia = cJSON_GetObjectItemCaseSensitive(v, "inputArgs");
    int input_args = 0;
    if (ia && !int_of(c, ia, 0, PLAN_INPUT_ARG_SETS_MAX - 1, &input_args, where))
        return fail(c, "%s: 'inputArgs' must be the index of a set of 'argSets'", where);
    t->input_args = (unsigned)input_args;
    return strings_of(c, cJSON_GetObjectItemCaseSensitive(v, "args"), PLAN_ARGS_MAX, PLAN_ARG_MAX,
                      &t->args, &t->nargs, where) &&
           strings_of(c, cJSON_GetObjectItemCaseSensitive(v, "validatorArgs"), PLAN_ARGS_MAX,
                      PLAN_ARG_MAX, &t->validator_args, &t->nvalidator_args, where) &&
           opt_text(c, cJSON_GetObjectItemCaseSensitive(v, "desc"), &t->desc, where) &&
           opt_text(c, cJSON_GetObjectItemCaseSensitive(v, "hint"), &t->hint, where);
}

/* An array member of 1..max (0..max when empty_ok) objects; its size in n. */
static bool array_of(struct ctx *c, const cJSON *v, size_t max, bool empty_ok, size_t *n,
                     const char *what)
{
    int size = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (size < (empty_ok ? 0 : 1) || (size_t)size > max)
        return fail(c, "'%s' must be an array of %d to %zu items", what, empty_ok ? 0 : 1, max);
    *n = (size_t)size;
    return true;
}

static bool groups_of(struct ctx *c, const cJSON *v, struct plan *p)
{
    size_t n = 0;
    if (!array_of(c, v, PLAN_GROUPS_MAX, false, &n, "groups"))
        return false;
    p->groups = xcalloc(n, sizeof(*p->groups));
    for (const cJSON *it = v->child; it; it = it->next) {
        size_t i = p->ngroups++;
        if (!group_of(c, it, i, &p->groups[i]))
            return false;
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->groups[k].name, p->groups[i].name) == 0)
                return fail(c, "group %zu: name '%s' given twice", i, p->groups[i].name);
    }
    return true;
}

static bool tests_of(struct ctx *c, const cJSON *v, size_t ntests, struct plan *p)
{
    size_t n = 0;
    if (!array_of(c, v, PROBLEM_TESTS_MAX, true, &n, "tests"))
        return false;
    if (n != ntests)
        return fail(c, "'tests' has %zu tests, the problem %zu", n, ntests);
    p->tests = xcalloc(n ? n : 1, sizeof(*p->tests));
    for (const cJSON *it = v->child; it; it = it->next) {
        size_t i = p->ntests++;
        if (!test_of(c, it, i, p->ngroups, &p->tests[i]))
            return false;
    }
    return true;
}

static bool includes_of(struct ctx *c, const cJSON *v, struct plan *p)
{
    size_t n = 0;
    if (v == NULL)
        return true;
    if (!array_of(c, v, 16, true, &n, "include"))
        return false;
    p->include = xcalloc(n ? n : 1, sizeof(*p->include));
    for (const cJSON *it = v->child; it; it = it->next) {
        size_t i = p->ninclude++;
        if (!files_of(c, it, &p->include[i], "include"))
            return false;
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->include[k].language, p->include[i].language) == 0)
                return fail(c, "include: language '%s' given twice", p->include[i].language);
    }
    return true;
}

/* "argSets": 1..PLAN_INPUT_ARG_SETS_MAX lists of arguments; absent, the
 * one set is "args" (a plan written before argSets). */
static bool arg_sets_of(struct ctx *c, const cJSON *v, struct plan_input_validator *iv,
                        const char *where)
{
    size_t n = 0;
    if (v == NULL) {
        iv->arg_sets = xcalloc(1, sizeof(*iv->arg_sets));
        iv->narg_sets = 1;
        strings_copy(iv->args, iv->nargs, &iv->arg_sets[0]);
        return true;
    }
    char what[64];
    snprintf(what, sizeof(what), "%s: argSets", where);
    int size = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (size < 1 || size > PLAN_INPUT_ARG_SETS_MAX)
        return fail(c, "%s must be an array of 1 to %d lists", what, PLAN_INPUT_ARG_SETS_MAX);
    iv->arg_sets = xcalloc((size_t)size, sizeof(*iv->arg_sets));
    for (const cJSON *it = v->child; it; it = it->next, n++) {
        iv->narg_sets = n + 1;
        struct plan_args *a = &iv->arg_sets[n];
        if (!cJSON_IsArray(it) ||
            !strings_of(c, it, PLAN_ARGS_MAX, PLAN_ARG_MAX, &a->v, &a->n, what))
            return fail(c, "%s must be an array of lists of strings", what);
    }
    return true;
}

static bool input_validator_of(struct ctx *c, const cJSON *v, size_t i,
                               struct plan_input_validator *iv)
{
    static const char *const keys[] = {"path",    "dir",   "language", "files", "args",
                                       "argSets", "cpuMs", "memoryMb", NULL};
    char where[48];
    snprintf(where, sizeof(where), "input validator %zu", i);
    if (!keys_known(c, v, keys, where))
        return false;
    const char *path =
        string_of(c, cJSON_GetObjectItemCaseSensitive(v, "path"), PLAN_NAME_MAX, where);
    if (path == NULL || !name_ok(path, false))
        return fail(c, "%s: 'path' must be a relative path without '..'", where);
    iv->path = xstrdup(path);
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(v, "dir");
    if (!cJSON_IsBool(dir))
        return fail(c, "%s: 'dir' must be true or false", where);
    iv->dir = cJSON_IsTrue(dir);
    int cpu = 0, mem = 0;
    if (!files_body_of(c, v, &iv->files, where) ||
        !strings_of(c, cJSON_GetObjectItemCaseSensitive(v, "args"), PLAN_ARGS_MAX, PLAN_ARG_MAX,
                    &iv->args, &iv->nargs, where) ||
        !int_of(c, cJSON_GetObjectItemCaseSensitive(v, "cpuMs"), 1, PLAN_VALIDATOR_CPU_MS_MAX, &cpu,
                where) ||
        !int_of(c, cJSON_GetObjectItemCaseSensitive(v, "memoryMb"), 1, PLAN_VALIDATOR_MEMORY_MB_MAX,
                &mem, where))
        return false;
    if (!iv->dir && iv->files.n != 1)
        return fail(c, "%s: a validator of one file has one file", where);
    if (!arg_sets_of(c, cJSON_GetObjectItemCaseSensitive(v, "argSets"), iv, where))
        return false;
    iv->cpu_ms = (unsigned)cpu;
    iv->memory_mb = (unsigned)mem;
    return true;
}

static bool input_validators_of(struct ctx *c, const cJSON *v, struct plan *p)
{
    size_t n = 0;
    if (v == NULL)
        return true;
    if (!array_of(c, v, PLAN_INPUT_VALIDATORS_MAX, true, &n, "inputValidators"))
        return false;
    p->input_validators = xcalloc(n ? n : 1, sizeof(*p->input_validators));
    for (const cJSON *it = v->child; it; it = it->next) {
        size_t i = p->ninput_validators++;
        if (!input_validator_of(c, it, i, &p->input_validators[i]))
            return false;
        size_t sets = p->input_validators[i].narg_sets;
        if (i > 0 && sets != p->ninput_arg_sets)
            return fail(c, "input validator %zu: 'argSets' must have as many sets as the first's",
                        i);
        p->ninput_arg_sets = sets;
    }
    return true;
}

/* Each test's "inputArgs" is a set of the input validators' (0 when there
 * are none); the sets of data/secret's tests are a run's. */
static bool input_args_known(struct ctx *c, struct plan *p)
{
    for (size_t i = 0; i < p->ntests; i++) {
        unsigned k = p->tests[i].input_args;
        if (k > 0 && k >= p->ninput_arg_sets)
            return fail(c, "test %zu: 'inputArgs' must be the index of a set of 'argSets'", i);
        if (strncmp(p->tests[i].name, "secret/", 7) == 0)
            p->input_run_sets |= 1u << k;
    }
    if (p->input_run_sets == 0)
        p->input_run_sets = 1;
    return true;
}

/* requirePass names groups or tests of this plan. */
static bool require_pass_known(struct ctx *c, const struct plan *p)
{
    for (size_t g = 0; g < p->ngroups; g++)
        for (size_t r = 0; r < p->groups[g].n_require_pass; r++) {
            const char *name = p->groups[g].require_pass[r];
            bool found = false;
            for (size_t k = 0; !found && k < p->ngroups; k++)
                found = strcmp(p->groups[k].name, name) == 0;
            for (size_t k = 0; !found && k < p->ntests; k++)
                found = strcmp(p->tests[k].name, name) == 0;
            if (!found)
                return fail(c, "group %zu: 'requirePass' names no group or test: '%.64s'", g, name);
        }
    return true;
}

static bool plan_of(struct ctx *c, const cJSON *root, size_t ntests, struct plan *p)
{
    static const char *const keys[] = {"format",          "types",  "validator", "include",
                                       "inputValidators", "groups", "tests",     NULL};
    int format = 0;
    if (!keys_known(c, root, keys, "the plan") ||
        !int_of(c, cJSON_GetObjectItemCaseSensitive(root, "format"), PLAN_FORMAT, PLAN_FORMAT,
                &format, "'format'") ||
        !types_of(c, cJSON_GetObjectItemCaseSensitive(root, "types"), p))
        return false;
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(root, "validator");
    if (val && !cJSON_IsNull(val)) {
        p->validator = xcalloc(1, sizeof(*p->validator));
        if (!files_of(c, val, p->validator, "validator"))
            return false;
    }
    if (p->interactive && p->validator == NULL)
        return fail(c, "an interactive problem needs a validator");
    return includes_of(c, cJSON_GetObjectItemCaseSensitive(root, "include"), p) &&
           input_validators_of(c, cJSON_GetObjectItemCaseSensitive(root, "inputValidators"), p) &&
           groups_of(c, cJSON_GetObjectItemCaseSensitive(root, "groups"), p) &&
           tests_of(c, cJSON_GetObjectItemCaseSensitive(root, "tests"), ntests, p) &&
           require_pass_known(c, p) && input_args_known(c, p);
}

struct plan *plan_parse(const char *doc, size_t len, size_t ntests, char *err, size_t errlen)
{
    struct ctx c = {err, errlen};
    cJSON *root = cJSON_ParseWithLength(doc, len);
    if (root == NULL) {
        fail(&c, "the plan is not JSON");
        return NULL;
    }
    struct plan *p = xcalloc(1, sizeof(*p));
    bool ok = plan_of(&c, root, ntests, p);
    cJSON_Delete(root);
    if (!ok) {
        plan_free(p);
        return NULL;
    }
    return p;
}

void plan_free(struct plan *p)
{
    if (p == NULL)
        return;
    if (p->validator) {
        files_dispose(p->validator);
        free(p->validator);
    }
    for (size_t i = 0; i < p->ninclude; i++)
        files_dispose(&p->include[i]);
    free(p->include);
    for (size_t i = 0; i < p->ninput_validators; i++) {
        free(p->input_validators[i].path);
        files_dispose(&p->input_validators[i].files);
        strings_free(p->input_validators[i].args, p->input_validators[i].nargs);
        for (size_t k = 0; p->input_validators[i].arg_sets && k < p->input_validators[i].narg_sets;
             k++)
            strings_free(p->input_validators[i].arg_sets[k].v,
                         p->input_validators[i].arg_sets[k].n);
        free(p->input_validators[i].arg_sets);
    }
    free(p->input_validators);
    for (size_t i = 0; i < p->ngroups; i++) {
        free(p->groups[i].name);
        strings_free(p->groups[i].require_pass, p->groups[i].n_require_pass);
    }
    free(p->groups);
    for (size_t i = 0; i < p->ntests; i++) {
        free(p->tests[i].name);
        strings_free(p->tests[i].args, p->tests[i].nargs);
        strings_free(p->tests[i].validator_args, p->tests[i].nvalidator_args);
        free(p->tests[i].desc);
        free(p->tests[i].hint);
    }
    free(p->tests);
    free(p);
}

const struct plan_files *plan_include_for(const struct plan *p, const char *lang)
{
    const struct lang *l = lang ? lang_find(lang) : NULL;
    for (size_t i = 0; p && l && i < p->ninclude; i++)
        if (strcmp(p->include[i].language, l->id) == 0)
            return &p->include[i];
    return NULL;
}
