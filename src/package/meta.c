/* problem.yaml into struct package_meta: name, type, credits, source,
 * license, keywords and the legacy validation keys, each version's shape
 * normalised to one. Unknown keys are warnings; wrong values are errors. */
#include "package/internal.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const meta_keys_legacy[] = {
    "problem_format_version",
    "type",
    "name",
    "uuid",
    "author",
    "source",
    "source_url",
    "license",
    "rights_owner",
    "limits",
    "validation",
    "validator_flags",
    "grading",
    "keywords",
    NULL,
};
static const char *const meta_keys_new[] = {
    "problem_format_version",
    "type",
    "name",
    "uuid",
    "version",
    "credits",
    "source",
    "license",
    "rights_owner",
    "embargo_until",
    "limits",
    "keywords",
    "languages",
    "allow_file_writing",
    "constants",
    NULL,
};

static bool meta_in(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* A plain string value of key, copied to *out; absent leaves *out NULL. */
static int meta_string(struct package__ctx *ctx, const struct ytree *y, const char *key, char **out)
{
    const struct ytree *v = ytree_get(y, key);
    if (v == NULL || ytree_is_null(v))
        return 0;
    if (v->kind != YTREE_SCALAR)
        return package__fail(ctx, "problem.yaml: %s: not a string", key);
    *out = xstrdup(v->text);
    return 0;
}

/* name: a string (English) or a map of language to string: "en", else the first. */
static int meta_name(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    const struct ytree *v = ytree_get(y, "name");
    if (v == NULL || ytree_is_null(v)) {
        if (ctx->p->version != PACKAGE_LEGACY)
            return package__fail(ctx, "problem.yaml: name: missing");
        return 0;
    }
    if (v->kind == YTREE_SCALAR) {
        m->name = xstrdup(v->text);
        m->name_lang = xstrdup("en");
        return 0;
    }
    if (v->kind != YTREE_MAP || ytree_map_len(v) == 0)
        return package__fail(ctx, "problem.yaml: name: not a string or a map of languages");
    size_t pick = 0;
    for (size_t i = 0; i < ytree_map_len(v); i++) {
        if (ytree_map_value(v, i)->kind != YTREE_SCALAR)
            return package__fail(ctx, "problem.yaml: name.%s: not a string", ytree_map_key(v, i));
        if (strcmp(ytree_map_key(v, i), "en") == 0)
            pick = i;
    }
    m->name = xstrdup(ytree_map_value(v, pick)->text);
    m->name_lang = xstrdup(ytree_map_key(v, pick));
    return 0;
}

static unsigned meta_type_bit(const char *s)
{
    static const struct {
        const char *name;
        unsigned bit;
    } types[] = {
        {"pass-fail", PACKAGE_PASS_FAIL},         {"scoring", PACKAGE_SCORING},
        {"multi-pass", PACKAGE_MULTI_PASS},       {"interactive", PACKAGE_INTERACTIVE},
        {"submit-answer", PACKAGE_SUBMIT_ANSWER},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
        if (strcmp(s, types[i].name) == 0)
            return types[i].bit;
    return 0;
}

/* legacy: type pass-fail|scoring, and validation "default|custom [score]
 * [interactive]". */
static int meta_type_legacy(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    const struct ytree *t = ytree_get(y, "type");
    unsigned bit = PACKAGE_PASS_FAIL;
    if (t != NULL && (t->kind != YTREE_SCALAR ||
                      !((bit = meta_type_bit(t->text)) & (PACKAGE_PASS_FAIL | PACKAGE_SCORING))))
        return package__fail(ctx, "problem.yaml: type: must be pass-fail or scoring");
    m->type = bit;
    const struct ytree *v = ytree_get(y, "validation");
    if (v == NULL)
        return 0;
    struct package_strv w = {0};
    int rc = 0;
    if (v->kind == YTREE_SCALAR)
        package__strv_split(&w, v->text);
    if (w.n == 0 || (strcmp(w.v[0], "default") != 0 && strcmp(w.v[0], "custom") != 0)) {
        rc = package__fail(ctx, "problem.yaml: validation: must begin with default or custom");
        goto out;
    }
    m->custom_output_validation = strcmp(w.v[0], "custom") == 0;
    for (size_t i = 1; i < w.n && rc == 0; i++) {
        if (!m->custom_output_validation)
            rc = package__fail(ctx, "problem.yaml: validation: '%s' needs custom", w.v[i]);
        else if (strcmp(w.v[i], "interactive") == 0)
            m->type |= PACKAGE_INTERACTIVE;
        else if (strcmp(w.v[i], "score") == 0 && (m->type & PACKAGE_SCORING))
            m->validator_score = true;
        else if (strcmp(w.v[i], "score") == 0)
            rc = package__fail(ctx, "problem.yaml: validation: score is only for type scoring");
        else
            rc = package__fail(ctx, "problem.yaml: validation: unknown word '%s'", w.v[i]);
    }
out:
    package__strv_free(&w);
    return rc;
}

/* 2023-07 and 2025-09: a string or non-empty sequence of distinct, compatible types. */
static int meta_type_new(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    const struct ytree *t = ytree_get(y, "type");
    unsigned set = 0;
    size_t n = t == NULL ? 0 : t->kind == YTREE_SCALAR ? 1 : t->n_kids;
    if (t != NULL && (t->kind == YTREE_MAP || n == 0))
        return package__fail(ctx, "problem.yaml: type: not a string or a list of strings");
    for (size_t i = 0; i < n; i++) {
        const struct ytree *e = t->kind == YTREE_SCALAR ? t : t->kids[i];
        unsigned bit = e->kind == YTREE_SCALAR ? meta_type_bit(e->text) : 0;
        if (bit == 0)
            return package__fail(ctx, "problem.yaml: type: unknown type '%s'",
                                 e->kind == YTREE_SCALAR ? e->text : "(not a string)");
        if (set & bit)
            return package__fail(ctx, "problem.yaml: type: '%s' given twice", e->text);
        set |= bit;
    }
    if ((set & PACKAGE_PASS_FAIL) && (set & PACKAGE_SCORING))
        return package__fail(ctx, "problem.yaml: type: pass-fail and scoring exclude each other");
    if ((set & PACKAGE_SUBMIT_ANSWER) && (set & (PACKAGE_MULTI_PASS | PACKAGE_INTERACTIVE)))
        return package__fail(ctx, "problem.yaml: type: submit-answer excludes multi-pass and "
                                  "interactive");
    if (!(set & PACKAGE_SCORING))
        set |= PACKAGE_PASS_FAIL;
    m->type = set;
    m->custom_output_validation = (set & (PACKAGE_INTERACTIVE | PACKAGE_MULTI_PASS)) != 0;
    return 0;
}

/* A person: "Name <mail>" or a map with a name. */
static int meta_person(struct package__ctx *ctx, const struct ytree *v, struct package_strv *sv)
{
    const struct ytree *n = v->kind == YTREE_MAP ? ytree_get(v, "name") : v;
    if (n == NULL || n->kind != YTREE_SCALAR)
        return package__fail(ctx, "problem.yaml: credits: a person is a string or has a name");
    package__strv_push(sv, n->text);
    return 0;
}

/* credits (a person or a map whose authors are a person or a list), or the
 * legacy author string "A, B and C". */
static int meta_authors(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    const struct ytree *a = ytree_get(y, "author");
    if (ctx->p->version == PACKAGE_LEGACY) {
        if (a == NULL || a->kind != YTREE_SCALAR)
            return a == NULL ? 0 : package__fail(ctx, "problem.yaml: author: not a string");
        char *s = xstrdup(a->text);
        for (char *p = strstr(s, " and "); p != NULL; p = strstr(p, " and "))
            memcpy(p, " ,   ", 5);
        char *save = NULL;
        for (char *tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            tok += strspn(tok, " \t");
            size_t l = strlen(tok);
            while (l > 0 && (tok[l - 1] == ' ' || tok[l - 1] == '\t'))
                tok[--l] = '\0';
            if (l > 0)
                package__strv_push(&m->authors, tok);
        }
        free(s);
        return 0;
    }
    const struct ytree *c = ytree_get(y, "credits");
    if (c == NULL)
        return 0;
    if (c->kind == YTREE_SCALAR)
        return meta_person(ctx, c, &m->authors);
    if (c->kind != YTREE_MAP)
        return package__fail(ctx, "problem.yaml: credits: not a string or a map");
    a = ytree_get(c, "authors");
    if (a == NULL || a->kind != YTREE_SEQ)
        return a == NULL ? 0 : meta_person(ctx, a, &m->authors);
    for (size_t i = 0; i < a->n_kids; i++)
        if (meta_person(ctx, a->kids[i], &m->authors) < 0)
            return -1;
    return 0;
}

/* source: legacy source + source_url strings; later a string, a map with
 * name and url, or a list of those (the first is kept). */
static int meta_source(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    if (ctx->p->version == PACKAGE_LEGACY)
        return meta_string(ctx, y, "source", &m->source) < 0 ||
                       meta_string(ctx, y, "source_url", &m->source_url) < 0
                   ? -1
                   : 0;
    const struct ytree *s = ytree_get(y, "source");
    if (s != NULL && s->kind == YTREE_SEQ)
        s = s->n_kids > 0 ? s->kids[0] : NULL;
    if (s == NULL)
        return 0;
    if (s->kind == YTREE_SCALAR) {
        m->source = xstrdup(s->text);
        return 0;
    }
    const struct ytree *n = ytree_get(s, "name"), *u = ytree_get(s, "url");
    if (n == NULL || n->kind != YTREE_SCALAR || (u != NULL && u->kind != YTREE_SCALAR))
        return package__fail(ctx, "problem.yaml: source: needs a name string");
    m->source = xstrdup(n->text);
    m->source_url = u != NULL ? xstrdup(u->text) : NULL;
    return 0;
}

static int meta_license(struct package__ctx *ctx, const struct ytree *y)
{
    static const char *const licenses[] = {"unknown",  "public domain", "cc0",        "cc by",
                                           "cc by-sa", "educational",   "permission", NULL};
    struct package_meta *m = &ctx->p->meta;
    if (meta_string(ctx, y, "license", &m->license) < 0 ||
        meta_string(ctx, y, "rights_owner", &m->rights_owner) < 0)
        return -1;
    if (m->license == NULL)
        m->license = xstrdup("unknown");
    if (!meta_in(licenses, m->license))
        return package__fail(ctx, "problem.yaml: license: '%s' is not one of the spec's",
                             m->license);
    if (strcmp(m->license, "public domain") == 0 && m->rights_owner != NULL)
        return package__fail(ctx, "problem.yaml: rights_owner: must not be set for public "
                                  "domain");
    if (strcmp(m->license, "unknown") != 0 && strcmp(m->license, "public domain") != 0 &&
        m->rights_owner == NULL && m->authors.n == 0 && m->source == NULL)
        package__warn(ctx,
                      "problem.yaml: license '%s' needs a rights owner (rights_owner, "
                      "authors or source)",
                      m->license);
    return 0;
}

/* keywords (legacy: one string of words; later: a list), languages,
 * allow_file_writing, legacy grading and validator_flags. */
static int meta_lists(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    const struct ytree *k = ytree_get(y, "keywords");
    if (k != NULL && k->kind == YTREE_SCALAR)
        package__strv_split(&m->keywords, k->text);
    else if (k != NULL && package__strv_yaml(&m->keywords, k) < 0)
        return package__fail(ctx, "problem.yaml: keywords: not a list of strings");
    const struct ytree *l = ytree_get(y, "languages");
    if (l != NULL && package__strv_yaml(&m->languages, l) < 0)
        return package__fail(ctx, "problem.yaml: languages: not a list of strings");
    if (m->languages.n == 1 && strcmp(m->languages.v[0], "all") == 0)
        package__strv_free(&m->languages);
    const struct ytree *w = ytree_get(y, "allow_file_writing");
    if (w != NULL && ytree_bool(w, &m->allow_file_writing) < 0)
        return package__fail(ctx, "problem.yaml: allow_file_writing: not a boolean");
    const struct ytree *f = ytree_get(y, "validator_flags");
    if (f != NULL && f->kind != YTREE_SCALAR)
        return package__fail(ctx, "problem.yaml: validator_flags: not a string");
    if (f != NULL)
        package__strv_split(&m->validator_flags, f->text);
    const struct ytree *g = ytree_get(y, "grading");
    if (g == NULL)
        return 0;
    if (!(m->type & PACKAGE_SCORING))
        return package__fail(ctx, "problem.yaml: grading: only for type scoring");
    const struct ytree *o = ytree_get(g, "objective"), *s = ytree_get(g, "show_test_data_groups");
    if (o != NULL &&
        (o->kind != YTREE_SCALAR || (strcmp(o->text, "min") != 0 && strcmp(o->text, "max") != 0)))
        return package__fail(ctx, "problem.yaml: grading.objective: must be min or max");
    m->objective_min = o != NULL && strcmp(o->text, "min") == 0;
    if (s != NULL && ytree_bool(s, &m->show_test_data_groups) < 0)
        return package__fail(ctx, "problem.yaml: grading.show_test_data_groups: not a boolean");
    return 0;
}

int package__read_meta(struct package__ctx *ctx, const struct ytree *y)
{
    struct package_meta *m = &ctx->p->meta;
    bool legacy = ctx->p->version == PACKAGE_LEGACY;
    for (size_t i = 0; i < ytree_map_len(y); i++)
        if (!meta_in(legacy ? meta_keys_legacy : meta_keys_new, ytree_map_key(y, i)))
            package__warn(ctx, "problem.yaml: %s: unknown key (ignored)", ytree_map_key(y, i));
    if (meta_name(ctx, y) < 0 || (legacy ? meta_type_legacy(ctx, y) : meta_type_new(ctx, y)) < 0)
        return -1;
    if (meta_string(ctx, y, "uuid", &m->uuid) < 0 ||
        meta_string(ctx, y, "version", &m->version) < 0 ||
        meta_string(ctx, y, "embargo_until", &m->embargo_until) < 0)
        return -1;
    if (!legacy && m->uuid == NULL)
        return package__fail(ctx, "problem.yaml: uuid: missing");
    if (meta_authors(ctx, y) < 0 || meta_source(ctx, y) < 0 || meta_license(ctx, y) < 0 ||
        meta_lists(ctx, y) < 0)
        return -1;
    return package__read_limits(ctx, ytree_get(y, "limits"));
}
