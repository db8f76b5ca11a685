/* The programs a packaged problem's plan carries: its output validator
 * (output_validators/<name>/ legacy, output_validator/ later; one file or a
 * directory of sources), include/<language>/ code, each as {"language",
 * "files": [{"name", "text"}]}, and its input validators (judge/plan.h). */
#include "common/alloc.h"
#include "judge/from_package_internal.h"
#include "judge/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* [{"name", "text"}] of the files under dir (files are relative to it), or
 * NULL with err set. A file's own name is used when dir is a file. */
static cJSON *fp_files(struct fp *f, const char *path, bool is_dir,
                       const struct package_strv *files)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < files->n; i++) {
        char rel[4096];
        if (is_dir)
            snprintf(rel, sizeof(rel), "%s/%s", path, files->v[i]);
        else
            snprintf(rel, sizeof(rel), "%s", path);
        char *text = fp__text(f, rel, "sources are text");
        if (text == NULL) {
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON *file = cJSON_CreateObject();
        cJSON_AddStringToObject(file, "name", files->v[i]);
        cJSON_AddStringToObject(file, "text", text);
        free(text);
        cJSON_AddItemToArray(arr, file);
    }
    return arr;
}

static cJSON *fp_program(struct fp *f, const char *language, const char *path, bool is_dir,
                         const struct package_strv *files)
{
    cJSON *files_json = fp_files(f, path, is_dir, files);
    if (files_json == NULL)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "language", language);
    cJSON_AddItemToObject(o, "files", files_json);
    return o;
}

int fp__validator(struct fp *f)
{
    const struct package *pkg = f->pkg;
    const char *dir = pkg->version == PACKAGE_LEGACY ? "output_validators/" : "output_validator/";
    if (pkg->n_output_validators == 0) {
        if (pkg->meta.custom_output_validation || (pkg->meta.type & PACKAGE_INTERACTIVE))
            return fp__fail(f, "%s: missing (the problem's validation is custom)", dir);
        return 0;
    }
    if (pkg->n_output_validators > 1)
        return fp__fail(f, "%s: %zu output validators; verdict judges with one", dir,
                        pkg->n_output_validators);
    if (!pkg->meta.custom_output_validation && pkg->version == PACKAGE_LEGACY)
        fp__warn(f, "%s: present, but problem.yaml's validation is not custom: it is used", dir);
    const struct package_program *v = &pkg->output_validators[0];
    if (v->has_build_run)
        return fp__fail(f, "%s: build/run scripts are not supported (give the sources)", v->path);
    if (v->lang == SRCLANG_UNSUPPORTED)
        return fp__fail(f, "%s: an output validator in a language verdict does not run (%s)",
                        v->path, v->lang_note ? v->lang_note : "unknown");
    f->validator = fp_program(f, srclang_name(v->lang), v->path, v->is_dir, &v->files);
    return f->validator == NULL ? -1 : 0;
}

/* The languages include/default/ stands for: those without their own. */
static void fp_include_default(struct fp *f, const struct package_include *def)
{
    static const enum srclang all[] = {SRCLANG_C,  SRCLANG_CPP,  SRCLANG_PYTHON,    SRCLANG_JAVA,
                                       SRCLANG_GO, SRCLANG_RUST, SRCLANG_JAVASCRIPT};
    for (size_t k = 0; k < sizeof(all) / sizeof(*all); k++) {
        bool own = false;
        for (size_t i = 0; i < f->pkg->n_includes; i++)
            own = own || f->pkg->includes[i].lang == all[k];
        cJSON *files = own ? NULL : fp_files(f, def->path, true, &def->files);
        if (files == NULL)
            continue; /* read once already by the caller: cannot fail here */
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "language", srclang_name(all[k]));
        cJSON_AddItemToObject(o, "files", files);
        cJSON_AddItemToArray(f->include, o);
    }
}

/* include/<language>/ for each language verdict judges; include/default/
 * is spelled out for every language without its own (so the judge needs no
 * fallback rule). */
int fp__include(struct fp *f)
{
    f->include = cJSON_CreateArray();
    const struct package_include *def = NULL;
    for (size_t i = 0; i < f->pkg->n_includes; i++) {
        const struct package_include *in = &f->pkg->includes[i];
        if (strcmp(in->lang_dir, "default") == 0) {
            def = in;
            continue;
        }
        if (in->lang == SRCLANG_UNSUPPORTED) {
            fp__warn(f, "%s: not a language verdict judges (ignored)", in->path);
            continue;
        }
        cJSON *o = fp_program(f, srclang_name(in->lang), in->path, true, &in->files);
        if (o == NULL)
            return -1;
        cJSON_AddItemToArray(f->include, o);
    }
    if (def != NULL) {
        cJSON *check = fp_files(f, def->path, true, &def->files);
        if (check == NULL)
            return -1;
        cJSON_Delete(check);
        fp_include_default(f, def);
    }
    return 0;
}

/* Whether verdict runs input validator v (else it is left out; the
 * package's reading warned of it). */
static bool fp_input_kept(const struct package_program *v)
{
    return v->lang != SRCLANG_UNSUPPORTED && !v->has_build_run;
}

/* Validator name's input validator arguments under settings s: the ones
 * for it in the map form, else those for every validator. */
static cJSON *fp_input_args(const struct package_settings *s, const char *name)
{
    const struct package_strv *a = &s->input_validator_args;
    for (size_t i = 0; i < s->n_input_validator_named; i++)
        if (strcmp(s->input_validator_named[i].validator, name) == 0)
            a = &s->input_validator_named[i].args;
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < a->n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(a->v[i]));
    return arr;
}

/* The arguments each kept input validator (the first
 * PLAN_INPUT_VALIDATORS_MAX, in order) gets under settings s: one list per
 * validator. */
static cJSON *fp_input_set(const struct package *pkg, const struct package_settings *s)
{
    cJSON *set = cJSON_CreateArray();
    for (size_t i = 0; i < pkg->n_input_validators; i++)
        if (fp_input_kept(&pkg->input_validators[i]) &&
            cJSON_GetArraySize(set) < PLAN_INPUT_VALIDATORS_MAX)
            cJSON_AddItemToArray(set, fp_input_args(s, pkg->input_validators[i].name));
    return set;
}

int fp__input_set_of(struct fp *f, const struct package_settings *s)
{
    if (f->input_sets == NULL)
        return -1;
    cJSON *set = fp_input_set(f->pkg, s);
    int k = 0, found = -1;
    for (const cJSON *it = f->input_sets->child; it && found < 0; it = it->next, k++)
        if (cJSON_Compare(it, set, true))
            found = k;
    cJSON_Delete(set);
    return found;
}

struct fp_sets {
    struct fp *f;
    bool secret; /* this pass's tests: secret's, or the others */
    bool over;   /* a set beyond PLAN_INPUT_ARG_SETS_MAX was seen */
};

static int fp_sets_on_test(const struct package_group *g, const struct package_test *t, void *data)
{
    (void)g;
    struct fp_sets *c = data;
    if (t->in == NULL || (strncmp(t->name, "secret/", 7) == 0) != c->secret ||
        fp__input_set_of(c->f, t->settings) >= 0)
        return 0;
    if (cJSON_GetArraySize(c->f->input_sets) == PLAN_INPUT_ARG_SETS_MAX)
        c->over = true;
    else
        cJSON_AddItemToArray(c->f->input_sets, fp_input_set(c->f->pkg, t->settings));
    return 0;
}

/* The distinct sets of input validator arguments the tests are checked
 * with (the import checks each .in with its own test's), secret's tests'
 * first: a run's input is valid under any of them (README "Runs"). */
static void fp_input_sets(struct fp *f)
{
    f->input_sets = cJSON_CreateArray();
    struct fp_sets c = {f, true, false};
    (void)package_each_test(f->pkg->data, fp_sets_on_test, &c);
    c.secret = false;
    (void)package_each_test(f->pkg->data, fp_sets_on_test, &c);
    if (cJSON_GetArraySize(f->input_sets) == 0) /* no .in at all: data/'s */
        cJSON_AddItemToArray(f->input_sets, fp_input_set(f->pkg, &f->pkg->data->settings));
    if (c.over)
        fp__warn(f,
                 "input validator arguments: more than %d different sets: a run's input is "
                 "checked with the first %d, and an export gives the other tests the first's",
                 PLAN_INPUT_ARG_SETS_MAX, PLAN_INPUT_ARG_SETS_MAX);
}

/* o's "args" and "argSets": validator i's arguments in each set. One set
 * is "args" alone, the plan as it was before argSets: a worker built before
 * them refuses the key, so that only a package whose tests need two sets
 * needs upgraded workers (README "Kattis problem packages"). */
static void fp_input_add_sets(struct fp *f, cJSON *o, int i)
{
    cJSON *sets = cJSON_CreateArray();
    for (const cJSON *set = f->input_sets->child; set; set = set->next)
        cJSON_AddItemToArray(sets, cJSON_Duplicate(cJSON_GetArrayItem(set, i), true));
    cJSON_AddItemToObject(o, "args", cJSON_Duplicate(sets->child, true));
    if (cJSON_GetArraySize(sets) > 1)
        cJSON_AddItemToObject(o, "argSets", sets);
    else
        cJSON_Delete(sets);
}

/* input_validators/ verdict can run, kept with the problem so that a run's
 * input is checked by them (README "Runs"), with the argument sets of the
 * tests; the others are left out (the package's reading warned of each). */
int fp__inputs(struct fp *f)
{
    const struct package *pkg = f->pkg;
    f->inputs = cJSON_CreateArray();
    fp_input_sets(f);
    for (size_t i = 0; i < pkg->n_input_validators; i++) {
        const struct package_program *v = &pkg->input_validators[i];
        if (!fp_input_kept(v))
            continue;
        if (cJSON_GetArraySize(f->inputs) == PLAN_INPUT_VALIDATORS_MAX)
            return fp__fail(f, "input_validators/: more than %d validators",
                            PLAN_INPUT_VALIDATORS_MAX);
        cJSON *o = fp_program(f, srclang_name(v->lang), v->path, v->is_dir, &v->files);
        if (o == NULL)
            return -1;
        const struct package_limits *l = &pkg->meta.limits;
        cJSON_AddStringToObject(o, "path", v->path);
        cJSON_AddBoolToObject(o, "dir", v->is_dir);
        fp_input_add_sets(f, o, cJSON_GetArraySize(f->inputs));
        /* The spec bounds neither; a plan does (plan_parse() refuses more,
         * which would leave the problem unjudgeable). */
        long cpu_s = l->validation_time_s < 1 ? 1 : l->validation_time_s;
        long mem = l->validation_memory_mib < 1 ? 1 : l->validation_memory_mib;
        cJSON_AddNumberToObject(o, "cpuMs",
                                cpu_s > PLAN_VALIDATOR_CPU_MS_MAX / 1000 ? PLAN_VALIDATOR_CPU_MS_MAX
                                                                         : (double)cpu_s * 1000);
        cJSON_AddNumberToObject(o, "memoryMb",
                                mem > PLAN_VALIDATOR_MEMORY_MB_MAX ? PLAN_VALIDATOR_MEMORY_MB_MAX
                                                                   : (double)mem);
        cJSON_AddItemToArray(f->inputs, o);
    }
    return 0;
}
