/* package_read(): recognises a problem package by its problem.yaml, takes its
 * id from the directory's name and its version from problem_format_version,
 * then reads each part (meta.c, statement.c, testdata.c, programs.c,
 * submissions.c) and checks the rules that span parts. */
#include "package/package.h"

#include "common/alloc.h"
#include "contract/ids.h"
#include "package/internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *package_version_name(enum package_version v)
{
    switch (v) {
    case PACKAGE_LEGACY:
        return "legacy";
    case PACKAGE_2023_07_DRAFT:
        return "2023-07-draft";
    case PACKAGE_2025_09:
        return "2025-09";
    }
    return "?";
}

const char *package_type_name(unsigned type, char *buf, size_t len)
{
    static const char *const names[] = {"pass-fail", "scoring", "interactive", "multi-pass",
                                        "submit-answer"};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        if (!(type & (1u << i)))
            continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? " " : "", names[i]);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

const char *package_aggregation_name(enum package_aggregation a)
{
    static const char *const names[] = {"pass-fail", "sum", "min", "max", "avg"};
    return (size_t)a < sizeof(names) / sizeof(*names) ? names[a] : "?";
}

int package_each_test(const struct package_group *g, package_test_cb cb, void *data)
{
    for (size_t i = 0; g != NULL && i < g->n_entries; i++) {
        int rc = g->entries[i].group != NULL ? package_each_test(g->entries[i].group, cb, data)
                                             : cb(g, g->entries[i].test, data);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void meta_dispose(struct package_meta *m)
{
    char **strs[] = {&m->name,       &m->name_lang, &m->uuid,         &m->version,      &m->source,
                     &m->source_url, &m->license,   &m->rights_owner, &m->embargo_until};
    for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
        free(*strs[i]);
    package__strv_free(&m->authors);
    package__strv_free(&m->keywords);
    package__strv_free(&m->languages);
    package__strv_free(&m->validator_flags);
}

static void programs_free(struct package_program *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        package__program_dispose(&list[i]);
    free(list);
}

void package_free(struct package *p)
{
    if (p == NULL)
        return;
    meta_dispose(&p->meta);
    for (size_t i = 0; i < p->n_statements; i++) {
        free(p->statements[i].lang);
        free(p->statements[i].path);
    }
    free(p->statements);
    package__strv_free(&p->statement_files);
    package__group_free(p->data);
    programs_free(p->input_validators, p->n_input_validators);
    programs_free(p->output_validators, p->n_output_validators);
    programs_free(p->static_validator, p->static_validator ? 1 : 0);
    for (size_t i = 0; i < p->n_includes; i++) {
        free(p->includes[i].lang_dir);
        free(p->includes[i].path);
        package__strv_free(&p->includes[i].files);
    }
    free(p->includes);
    programs_free(p->submissions, p->n_submissions);
    for (size_t i = 0; i < p->n_expectations; i++) {
        free(p->expectations[i].pattern);
        free(p->expectations[i].raw);
    }
    free(p->expectations);
    package__strv_free(&p->warnings);
    free(p->root);
    free(p->id);
    free(p);
}

/* The id: the directory's base name, lowercased, under the project's rule. */
static int package_id(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    const char *base = strrchr(p->root, '/');
    base = base != NULL ? base + 1 : p->root;
    p->id = xstrdup(base);
    for (char *c = p->id; *c != '\0'; c++)
        *c = (char)tolower((unsigned char)*c);
    if (!ids_problem_valid(p->id, strlen(p->id)))
        return package__fail(ctx, "%s: the package name '%s' is not a problem id (%s)", p->root,
                             p->id, IDS_PROBLEM_RULE);
    return 0;
}

static int package_version(struct package__ctx *ctx, const struct ytree *y)
{
    const struct ytree *v = ytree_get(y, "problem_format_version");
    if (v == NULL || (v->kind == YTREE_SCALAR && strcmp(v->text, "legacy") == 0)) {
        ctx->p->version = PACKAGE_LEGACY;
        return 0;
    }
    if (v->kind != YTREE_SCALAR)
        return package__fail(ctx, "problem.yaml: problem_format_version: not a string");
    if (strcmp(v->text, "2023-07-draft") == 0)
        ctx->p->version = PACKAGE_2023_07_DRAFT;
    else if (strcmp(v->text, "2025-09") == 0)
        ctx->p->version = PACKAGE_2025_09;
    else
        return package__fail(ctx,
                             "problem.yaml: problem_format_version '%s': not supported (legacy, "
                             "2023-07-draft and 2025-09 are)",
                             v->text);
    return 0;
}

/* Rules across parts: a time limit comes from problem.yaml or from running
 * the accepted submissions, so one of them must exist. */
static int package_cross_checks(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    size_t accepted = 0, partial = 0;
    for (size_t i = 0; i < p->n_submissions; i++) {
        accepted += strcmp(p->submissions[i].folder, "accepted") == 0;
        partial += strcmp(p->submissions[i].folder, "partially_accepted") == 0;
    }
    if (accepted == 0 && !(p->meta.limits.given & PACKAGE_LIMIT_TIME))
        return package__fail(ctx, "submissions/accepted: none, and problem.yaml gives no "
                                  "limits.time_limit (the time limit comes from them)");
    if (partial > 0 && !(p->meta.type & PACKAGE_SCORING))
        package__warn(ctx, "submissions/partially_accepted: only meaningful for scoring problems");
    return 0;
}

/* The root as given, without trailing slashes ("pkgs/hello/" names hello). */
static char *package_root(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return xstrndup(dir, n);
}

int package_read(const char *dir, struct package **out, char *err, size_t errlen)
{
    struct package *p = xcalloc(1, sizeof(*p));
    struct package__ctx ctx = {.p = p, .err = err, .errlen = errlen};
    struct ytree *y = NULL;
    *out = NULL;
    p->root = package_root(dir);
    ctx.root_real = realpath(p->root, NULL);
    if (ctx.root_real == NULL) {
        package__fail(&ctx, "%s: %s", p->root, strerror(errno));
        goto fail;
    }
    bool is_dir;
    long long size;
    int st = package__stat(&ctx, "problem.yaml", &is_dir, &size);
    if (st == 0)
        package__fail(&ctx, "problem.yaml: missing (%s is not a problem package)", p->root);
    if (st <= 0 || package_id(&ctx) < 0 || package__read_yaml(&ctx, "problem.yaml", &y) < 0)
        goto fail;
    if (y->kind != YTREE_MAP) {
        package__fail(&ctx, "problem.yaml: not a map of keys");
        goto fail;
    }
    if (package_version(&ctx, y) < 0 || package__read_meta(&ctx, y) < 0 ||
        package__read_statements(&ctx) < 0 || package__read_data(&ctx) < 0 ||
        package__read_programs(&ctx) < 0 || package__read_submissions(&ctx) < 0 ||
        package_cross_checks(&ctx) < 0)
        goto fail;
    ytree_free(y);
    free(ctx.root_real);
    *out = p;
    return 0;
fail:
    ytree_free(y);
    free(ctx.root_real);
    package_free(p);
    return -1;
}
