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

/* The input validator arguments a run's input is checked with: data/secret's
 * (the hidden tests' rules), else data/'s; the ones for validator name in
 * the map form, else those for every validator. */
static cJSON *fp_input_args(const struct package *pkg, const char *name)
{
    const struct package_settings *s = &pkg->data->settings;
    for (size_t i = 0; i < pkg->data->n_entries; i++) {
        const struct package_group *g = pkg->data->entries[i].group;
        if (g != NULL && strcmp(g->name, "secret") == 0)
            s = &g->settings;
    }
    const struct package_strv *a = &s->input_validator_args;
    for (size_t i = 0; i < s->n_input_validator_named; i++)
        if (strcmp(s->input_validator_named[i].validator, name) == 0)
            a = &s->input_validator_named[i].args;
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < a->n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(a->v[i]));
    return arr;
}

/* input_validators/ verdict can run, kept with the problem so that a run's
 * input is checked by them (README "Runs"); the others are left out (the
 * package's reading warned of each). */
int fp__inputs(struct fp *f)
{
    const struct package *pkg = f->pkg;
    f->inputs = cJSON_CreateArray();
    for (size_t i = 0; i < pkg->n_input_validators; i++) {
        const struct package_program *v = &pkg->input_validators[i];
        if (v->lang == SRCLANG_UNSUPPORTED || v->has_build_run)
            continue; /* package_read() warned of it */
        if (cJSON_GetArraySize(f->inputs) == PLAN_INPUT_VALIDATORS_MAX)
            return fp__fail(f, "input_validators/: more than %d validators",
                            PLAN_INPUT_VALIDATORS_MAX);
        cJSON *o = fp_program(f, srclang_name(v->lang), v->path, v->is_dir, &v->files);
        if (o == NULL)
            return -1;
        const struct package_limits *l = &pkg->meta.limits;
        cJSON_AddStringToObject(o, "path", v->path);
        cJSON_AddBoolToObject(o, "dir", v->is_dir);
        cJSON_AddItemToObject(o, "args", fp_input_args(pkg, v->name));
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
