/* The human summary of a Kattis problem package (package/package.h): id,
 * version, type, limits, groups with their test counts, validators,
 * submissions per folder with their languages, and the warnings. */
#include "cli/problem_inspect.h"

#include "package/package.h"

#include <stdio.h>
#include <string.h>

static void inspect_limits(const struct package_meta *m)
{
    const struct package_limits *l = &m->limits;
    if (l->given & PACKAGE_LIMIT_TIME)
        printf("limits: time %g s", l->time_limit);
    else
        printf("limits: time from the accepted submissions");
    printf(" (ac_to_time_limit %g, time_limit_to_tle %g, resolution %g s)\n", l->ac_to_time_limit,
           l->time_limit_to_tle, l->time_resolution);
    printf("  memory %ld MiB%s, output %ld MiB%s, code %ld KiB%s\n", l->memory_mib,
           l->given & PACKAGE_LIMIT_MEMORY ? " (given)" : "", l->output_mib,
           l->given & PACKAGE_LIMIT_OUTPUT ? " (given)" : "", l->code_kib,
           l->given & PACKAGE_LIMIT_CODE ? " (given)" : "");
    printf("  compilation %ld s, %ld MiB; validation %ld s, %ld MiB, output %ld MiB\n",
           l->compilation_time_s, l->compilation_memory_mib, l->validation_time_s,
           l->validation_memory_mib, l->validation_output_mib);
}

static void inspect_args(const char *label, const struct package_strv *sv)
{
    if (sv->n == 0)
        return;
    printf(", %s:", label);
    for (size_t i = 0; i < sv->n; i++)
        printf(" %s", sv->v[i]);
}

static void inspect_group(const struct package_group *g, int depth, unsigned type)
{
    if (depth > 0) {
        printf("%*s%s: %zu test%s", depth * 2, "", g->name, g->n_tests, g->n_tests == 1 ? "" : "s");
        if (!g->is_group)
            printf(" (directory)");
        else if (type & PACKAGE_SCORING) {
            printf(", aggregation %s", package_aggregation_name(g->settings.aggregation));
            if (g->settings.max_score >= 0)
                printf(", max score %g", g->settings.max_score);
        }
        if (g->settings.on_reject_continue)
            printf(", on_reject continue");
        inspect_args("output validator args", &g->settings.output_validator_args);
        inspect_args("input validator args", &g->settings.input_validator_args);
        inspect_args("grader flags", &g->settings.grader_flags);
        printf("\n");
    }
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].group != NULL)
            inspect_group(g->entries[i].group, depth + 1, type);
}

static void inspect_programs(const char *label, const struct package_program *list, size_t n)
{
    printf("%s:", label);
    if (n == 0)
        printf(" none");
    for (size_t i = 0; i < n; i++) {
        const struct package_program *pr = &list[i];
        printf("%s %s (%s%s%s%s)", i ? "," : "", pr->name, srclang_name(pr->lang),
               pr->lang_note ? ": " : "", pr->lang_note ? pr->lang_note : "",
               pr->has_build_run ? ", build/run" : "");
    }
    printf("\n");
}

/* Submissions per folder: "accepted: 3 (hello.c c, Hello.java java Hello)". */
static void inspect_submissions(const struct package *p)
{
    printf("submissions:%s\n", p->n_submissions ? "" : " none");
    for (size_t i = 0; i < p->n_submissions;) {
        size_t j = i;
        while (j < p->n_submissions &&
               strcmp(p->submissions[j].folder, p->submissions[i].folder) == 0)
            j++;
        printf("  %s: %zu:", p->submissions[i].folder, j - i);
        for (size_t k = i; k < j; k++) {
            const struct package_program *s = &p->submissions[k];
            const char *base = strrchr(s->path, '/');
            printf("%s %s %s", k > i ? "," : "", base ? base + 1 : s->path, srclang_name(s->lang));
            if (s->entry)
                printf(" (class %s)", s->entry);
        }
        printf("\n");
        i = j;
    }
}

int problem_inspect_main(const char *path)
{
    struct package *p;
    char err[1024];
    if (package_read(path, &p, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict problems: %s\n", err);
        return 1;
    }
    char types[96];
    printf("id: %s\nversion: %s\n", p->id, package_version_name(p->version));
    printf("name: %s%s%s%s\n", p->meta.name ? p->meta.name : "(none)",
           p->meta.name_lang ? " (" : "", p->meta.name_lang ? p->meta.name_lang : "",
           p->meta.name_lang ? ")" : "");
    printf("type: %s\n", package_type_name(p->meta.type, types, sizeof(types)));
    printf("output validation: %s", p->meta.custom_output_validation ? "custom" : "default");
    inspect_args("flags", &p->meta.validator_flags);
    printf("\n");
    inspect_limits(&p->meta);
    for (size_t i = 0; i < p->n_statements; i++)
        printf("statement: %s %s\n", p->statements[i].lang, p->statements[i].path);
    printf("test data: %zu tests\n", p->data->n_tests);
    inspect_group(p->data, 0, p->meta.type);
    inspect_programs("input validators", p->input_validators, p->n_input_validators);
    inspect_programs("output validators", p->output_validators, p->n_output_validators);
    for (size_t i = 0; i < p->n_includes; i++)
        printf("include: %s (%s, %zu files)\n", p->includes[i].lang_dir,
               srclang_name(p->includes[i].lang), p->includes[i].files.n);
    inspect_submissions(p);
    for (size_t i = 0; i < p->n_expectations; i++)
        printf("expectation: %s\n", p->expectations[i].pattern);
    for (size_t i = 0; i < p->warnings.n; i++)
        printf("warning: %s\n", p->warnings.v[i]);
    package_free(p);
    return 0;
}
