/* The data/ walk: sample then secret, recursively, each directory's test
 * cases (files sharing a base name) and subgroups in lexicographic order,
 * with the settings each inherits. */
#include "package/internal.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The files of one test case, by extension. Longer extensions come first so
 * that "a.in.statement" is not read as a test "a.in" with ".statement". */
enum slot {
    SLOT_IN_STATEMENT,
    SLOT_ANS_STATEMENT,
    SLOT_IN_DOWNLOAD,
    SLOT_ANS_DOWNLOAD,
    SLOT_INTERACTION,
    SLOT_IN,
    SLOT_ANS,
    SLOT_OUT,
    SLOT_DESC,
    SLOT_HINT,
    SLOT_ARGS,
    SLOT_YAML,
    SLOT_FILES,
    SLOT_PNG,
    SLOT_JPG,
    SLOT_JPEG,
    SLOT_SVG,
    SLOT_COUNT,
};

static const char *const slot_ext[SLOT_COUNT] = {
    ".in.statement", ".ans.statement", ".in.download", ".ans.download", ".interaction", ".in",
    ".ans",          ".out",           ".desc",        ".hint",         ".args",        ".yaml",
    ".files",        ".png",           ".jpg",         ".jpeg",         ".svg",
};

/* One file of a directory, tied to its test's base name. */
struct part {
    char *base;
    enum slot slot;
    const struct package__dirent *ent;
};

struct walk {
    struct package__ctx *ctx;
    size_t tests; /* over the whole package, against PACKAGE_MAX_TESTS */
};

static int part_cmp(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c != 0 ? c : (int)x->slot - (int)y->slot;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct package_entry *x = a, *y = b;
    const char *nx = x->group ? x->group->name : x->test->name;
    const char *ny = y->group ? y->group->name : y->test->name;
    return strcmp(nx, ny);
}

static void test_free(struct package_test *t)
{
    char **strs[] = {&t->name,         &t->in,           &t->ans,           &t->interaction,
                     &t->out,          &t->in_statement, &t->ans_statement, &t->in_download,
                     &t->ans_download, &t->files_dir,    &t->illustration,  &t->desc,
                     &t->hint};
    for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
        free(*strs[i]);
    if (t->own != NULL) {
        package__settings_dispose(t->own);
        free(t->own);
    }
    free(t);
}

void package__group_free(struct package_group *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n_entries; i++) {
        if (g->entries[i].group != NULL)
            package__group_free(g->entries[i].group);
        else
            test_free(g->entries[i].test);
    }
    free(g->entries);
    package__settings_dispose(&g->settings);
    free(g->name);
    free(g->path);
    free(g);
}

static void group_add(struct package_group *g, struct package_group *sub, struct package_test *t)
{
    g->entries = xrealloc(g->entries, (g->n_entries + 1) * sizeof(*g->entries));
    g->entries[g->n_entries++] = (struct package_entry){sub, t};
    g->n_tests += sub != NULL ? sub->n_tests : 1;
}

/* The slot of a file name and the length of its base; -1 when the name has
 * none of the test extensions. */
static int part_of(const char *name, size_t *base_len)
{
    size_t len = strlen(name);
    for (int s = 0; s < SLOT_COUNT; s++) {
        size_t el = strlen(slot_ext[s]);
        if (len > el && strcmp(name + len - el, slot_ext[s]) == 0) {
            *base_len = len - el;
            return s;
        }
    }
    return -1;
}

/* The test's .desc/.hint text and the optional <base>.yaml and .args. */
static int test_texts(struct walk *w, struct package_group *g, struct package_test *t,
                      char *const *paths)
{
    struct package__ctx *ctx = w->ctx;
    if (paths[SLOT_DESC] != NULL &&
        package__read_text(ctx, paths[SLOT_DESC], PACKAGE_MAX_TEXT, &t->desc, NULL) < 0)
        return -1;
    if (paths[SLOT_HINT] != NULL &&
        package__read_text(ctx, paths[SLOT_HINT], PACKAGE_MAX_TEXT, &t->hint, NULL) < 0)
        return -1;
    bool yaml = paths[SLOT_YAML] != NULL && ctx->p->version != PACKAGE_LEGACY;
    if (paths[SLOT_YAML] != NULL && !yaml)
        package__warn(ctx, "%s: test .yaml files are not part of the legacy format (ignored)",
                      paths[SLOT_YAML]);
    if (!yaml && paths[SLOT_ARGS] == NULL)
        return 0;
    t->own = xcalloc(1, sizeof(*t->own));
    package__settings_init(t->own, t->name);
    package__settings_inherit(t->own, &g->settings, PACKAGE_LEGACY);
    t->own->has_file = true;
    if (paths[SLOT_ARGS] != NULL) {
        char *text;
        if (package__read_text(ctx, paths[SLOT_ARGS], PACKAGE_MAX_TEXT, &text, NULL) < 0)
            return -1;
        package__strv_free(&t->own->args);
        package__strv_split(&t->own->args, text);
        free(text);
    }
    if (!yaml)
        return 0;
    struct ytree *y;
    if (package__read_yaml(ctx, paths[SLOT_YAML], &y) < 0)
        return -1;
    int rc = package__settings_apply(ctx, t->own, y, paths[SLOT_YAML], t->name, 1);
    const struct ytree *h = ytree_get(y, "hint"), *d = ytree_get(y, "description");
    if (rc == 0 && h != NULL && h->kind == YTREE_SCALAR) {
        free(t->hint);
        t->hint = xstrdup(h->text);
    }
    if (rc == 0 && d != NULL && d->kind == YTREE_SCALAR) {
        free(t->desc);
        t->desc = xstrdup(d->text);
    }
    ytree_free(y);
    return rc;
}

/* Makes the test of one base name from its parts[0..n) (all with that base). */
static int test_make(struct walk *w, struct package_group *g, const struct part *parts, size_t n)
{
    struct package__ctx *ctx = w->ctx;
    char *paths[SLOT_COUNT] = {0};
    long long sizes[SLOT_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        bool want_dir = parts[i].slot == SLOT_FILES;
        paths[parts[i].slot] = package__join(g->path, parts[i].ent->name);
        sizes[parts[i].slot] = parts[i].ent->size;
        if (parts[i].ent->is_dir != want_dir) {
            int rc = package__fail(ctx, "%s: must be a %s", paths[parts[i].slot],
                                   want_dir ? "directory" : "file");
            for (int s = 0; s < SLOT_COUNT; s++)
                free(paths[s]);
            return rc;
        }
    }
    struct package_test *t = xcalloc(1, sizeof(*t));
    t->name = package__join(g->name, parts[0].base);
    t->in = paths[SLOT_IN];
    t->ans = paths[SLOT_ANS];
    t->in_size = sizes[SLOT_IN];
    t->ans_size = sizes[SLOT_ANS];
    t->interaction = paths[SLOT_INTERACTION];
    t->out = paths[SLOT_OUT];
    t->in_statement = paths[SLOT_IN_STATEMENT];
    t->ans_statement = paths[SLOT_ANS_STATEMENT];
    t->in_download = paths[SLOT_IN_DOWNLOAD];
    t->ans_download = paths[SLOT_ANS_DOWNLOAD];
    t->files_dir = paths[SLOT_FILES];
    for (int s = SLOT_PNG; s <= SLOT_SVG; s++) {
        if (paths[s] != NULL && t->illustration != NULL)
            package__warn(ctx, "%s: a second illustration (ignored)", paths[s]);
        else if (paths[s] != NULL)
            t->illustration = paths[s];
        if (paths[s] != NULL && t->illustration != paths[s])
            free(paths[s]);
    }
    group_add(g, NULL, t);
    int rc = test_texts(w, g, t, paths);
    free(paths[SLOT_DESC]);
    free(paths[SLOT_HINT]);
    free(paths[SLOT_ARGS]);
    free(paths[SLOT_YAML]);
    t->settings = t->own != NULL ? t->own : &g->settings;
    return rc;
}

/* Checks the parts of one base name against the spec's rules before the test
 * is made: an .in needs its .ans; other files need an .in, except a sample's
 * lone .interaction (a protocol shown in the statement only). */
static int test_check(struct walk *w, const struct package_group *g, const struct part *parts,
                      size_t n)
{
    struct package__ctx *ctx = w->ctx;
    bool has[SLOT_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        has[parts[i].slot] = true;
    const char *first = parts[0].ent->name;
    bool sample = strcmp(g->name, "sample") == 0 || strncmp(g->name, "sample/", 7) == 0;
    if (has[SLOT_IN] && !has[SLOT_ANS])
        return package__fail(ctx, "%s/%s.in: no matching .ans", g->path, parts[0].base);
    if (!has[SLOT_IN] && !(sample && has[SLOT_INTERACTION] && !has[SLOT_ANS]))
        return package__fail(ctx, "%s/%s: no matching .in", g->path, first);
    if (ctx->p->version == PACKAGE_2025_09 && strcmp(parts[0].base, "test_group") == 0)
        return package__fail(ctx, "%s/%s: a test must not be named test_group", g->path, first);
    for (size_t i = 0; i < n; i++)
        if (parts[i].ent->size > (long long)PACKAGE_MAX_FILE)
            return package__fail(ctx, "%s/%s: larger than %lu MiB", g->path, parts[i].ent->name,
                                 PACKAGE_MAX_FILE >> 20);
    if (++w->tests > PACKAGE_MAX_TESTS)
        return package__fail(ctx, "%s/%s: more than %d test cases", g->path, first,
                             PACKAGE_MAX_TESTS);
    return 0;
}

/* Ties each file of ents to its base name; files of no test are warned
 * about. Returns the parts, sorted by base, in *out. */
static size_t parts_collect(struct walk *w, const struct package_group *g,
                            const struct package__dirent *ents, size_t n, struct part **out)
{
    struct part *parts = xcalloc(n ? n : 1, sizeof(*parts));
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const char *nm = ents[i].name;
        size_t bl = 0;
        int s = part_of(nm, &bl);
        if (strcmp(nm, "testdata.yaml") == 0 || strcmp(nm, "test_group.yaml") == 0)
            continue;
        if (ents[i].is_dir && s != SLOT_FILES)
            continue; /* a subgroup */
        if (!ents[i].is_dir && (s < 0 || s == SLOT_FILES)) {
            package__warn(w->ctx, "%s/%s: not part of a test case (ignored)", g->path, nm);
            continue;
        }
        parts[np++] = (struct part){xstrndup(nm, bl), (enum slot)s, &ents[i]};
    }
    if (np > 1)
        qsort(parts, np, sizeof(*parts), part_cmp);
    *out = parts;
    return np;
}

static void parts_free(struct part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(parts[i].base);
    free(parts);
}

/* The tests of directory g (its files listed in ents). */
static int group_tests(struct walk *w, struct package_group *g, const struct package__dirent *ents,
                       size_t n)
{
    struct part *parts;
    size_t np = parts_collect(w, g, ents, n, &parts);
    int rc = 0;
    for (size_t i = 0; i < np && rc == 0;) {
        size_t j = i + 1;
        while (j < np && strcmp(parts[j].base, parts[i].base) == 0)
            j++;
        rc = test_check(w, g, parts + i, j - i);
        if (rc == 0)
            rc = test_make(w, g, parts + i, j - i);
        for (size_t k = 0; rc == 0 && k < n; k++)
            if (ents[k].is_dir && strcmp(ents[k].name, parts[i].base) == 0)
                rc = package__fail(w->ctx, "%s/%s: a directory with the name of a test case",
                                   g->path, ents[k].name);
        i = j;
    }
    parts_free(parts, np);
    return rc;
}

/* Reads the settings file of directory g, if any: testdata.yaml (legacy;
 * 2023-07-draft, which also takes its later test_group.yaml) or
 * test_group.yaml (2025-09). *found tells whether there was one. */
static int group_settings(struct walk *w, struct package_group *g,
                          const struct package__dirent *ents, size_t n, bool *found)
{
    struct package__ctx *ctx = w->ctx;
    enum package_version v = ctx->p->version;
    bool td = false, tg = false;
    for (size_t i = 0; i < n; i++) {
        td |= !ents[i].is_dir && strcmp(ents[i].name, "testdata.yaml") == 0;
        tg |= !ents[i].is_dir && strcmp(ents[i].name, "test_group.yaml") == 0;
    }
    if (v == PACKAGE_LEGACY && tg)
        package__warn(ctx, "%s/test_group.yaml: not read by the legacy format", g->path);
    if (v == PACKAGE_2025_09 && td)
        package__warn(ctx, "%s/testdata.yaml: not read by 2025-09 (test_group.yaml is)", g->path);
    if (v == PACKAGE_2023_07_DRAFT && td && tg)
        return package__fail(ctx, "%s: both testdata.yaml and test_group.yaml", g->path);
    const char *file = v == PACKAGE_LEGACY    ? (td ? "testdata.yaml" : NULL)
                       : v == PACKAGE_2025_09 ? (tg ? "test_group.yaml" : NULL)
                       : td                   ? "testdata.yaml"
                       : tg                   ? "test_group.yaml"
                                              : NULL;
    *found = file != NULL;
    if (file == NULL)
        return 0;
    char *rel = package__join(g->path, file);
    struct ytree *y;
    int rc = package__read_yaml(ctx, rel, &y);
    if (rc == 0)
        rc = package__settings_apply(ctx, &g->settings, y, rel, g->name, 0);
    ytree_free(y);
    free(rel);
    return rc;
}

/* Whether the subdirectory sub of g has a test_group.yaml (2025-09 groups). */
static int has_group_file(struct walk *w, const struct package_group *g, const char *sub)
{
    char *dir = package__join(g->path, sub);
    char *rel = package__join(dir, "test_group.yaml");
    bool is_dir;
    long long size;
    int rc = package__stat(w->ctx, rel, &is_dir, &size);
    free(rel);
    free(dir);
    return rc < 0 ? -1 : rc == 1 && !is_dir;
}

/* The 2025-09 rules on groups, checked on a directory's subdirectories:
 * sample holds none; in secret either every subdirectory is a group (and no
 * test sits beside them) or none is; groups hold no further groups. Sets
 * *groups when the subdirectories of secret are groups. */
static int group_rules_2025(struct walk *w, const struct package_group *g, int level,
                            const struct package__dirent *ents, size_t n, bool *groups)
{
    size_t with = 0, dirs = 0, ins = 0;
    const char *without = NULL, *with_name = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t bl = 0;
        if (!ents[i].is_dir) {
            ins += part_of(ents[i].name, &bl) == SLOT_IN;
            continue;
        }
        if (part_of(ents[i].name, &bl) == SLOT_FILES)
            continue;
        int h = has_group_file(w, g, ents[i].name);
        if (h < 0)
            return -1;
        dirs++;
        with += (size_t)h;
        if (h)
            with_name = ents[i].name;
        else if (without == NULL)
            without = ents[i].name;
    }
    *groups = with > 0 && strcmp(g->name, "secret") == 0;
    if (with == 0)
        return 0;
    if (strcmp(g->name, "sample") == 0 || level > 1 || strcmp(g->name, "secret") != 0)
        return package__fail(w->ctx, "%s/%s/test_group.yaml: %s", g->path, with_name,
                             strcmp(g->name, "sample") == 0
                                 ? "sample must not contain test data groups"
                                 : "test data groups must not contain groups");
    if (with < dirs)
        return package__fail(w->ctx,
                             "%s/%s: every directory of a secret with groups must be a "
                             "group (no test_group.yaml)",
                             g->path, without);
    if (ins > 0)
        return package__fail(w->ctx, "%s: test cases beside test data groups", g->path);
    return 0;
}

static struct package_group *group_read(struct walk *w, const struct package_group *parent,
                                        const char *name, int level, bool is_group);

/* The subdirectories of g, each read as a group (or a plain directory). At
 * data/ itself only sample and secret are test data, in that order. */
static int group_children(struct walk *w, struct package_group *g, int level,
                          const struct package__dirent *ents, size_t n, bool sub_groups)
{
    static const char *const top[] = {"sample", "secret"};
    static const char *const later[] = {"invalid_input", "invalid_output", "valid_output"};
    if (level == 0) {
        for (size_t i = 0; i < n; i++) {
            bool known = strcmp(ents[i].name, "testdata.yaml") == 0 ||
                         strcmp(ents[i].name, "test_group.yaml") == 0;
            for (size_t k = 0; k < 2; k++)
                known |= ents[i].is_dir && strcmp(ents[i].name, top[k]) == 0;
            for (size_t k = 0; k < 3; k++)
                known |= ents[i].is_dir && strcmp(ents[i].name, later[k]) == 0;
            if (!known)
                package__warn(w->ctx, "data/%s: not sample or secret (ignored)", ents[i].name);
        }
    }
    for (size_t i = 0; i < (level == 0 ? 2 : n); i++) {
        const char *sub = level == 0 ? top[i] : ents[i].name;
        size_t bl = 0;
        if (level > 0 && (!ents[i].is_dir || part_of(sub, &bl) == SLOT_FILES))
            continue;
        char *rel = package__join(g->path, sub);
        bool is_dir = false;
        long long size;
        int st = level == 0 ? package__stat(w->ctx, rel, &is_dir, &size) : 1;
        free(rel);
        if (st < 0)
            return -1;
        if (level == 0 && (st == 0 || !is_dir))
            continue;
        char *child_name = package__join(g->name, sub);
        bool grp = w->ctx->p->version != PACKAGE_2025_09 || level == 0 || sub_groups;
        struct package_group *c = group_read(w, g, child_name, level + 1, grp);
        free(child_name);
        if (c == NULL)
            return -1;
        group_add(g, c, NULL);
    }
    return 0;
}

/* Reads the directory data/<name> into a new group; NULL with err set. */
static struct package_group *group_read(struct walk *w, const struct package_group *parent,
                                        const char *name, int level, bool is_group)
{
    struct package__ctx *ctx = w->ctx;
    enum package_version v = ctx->p->version;
    struct package_group *g = xcalloc(1, sizeof(*g));
    g->name = xstrdup(name);
    g->path = package__join("data", name);
    g->is_group = is_group;
    package__settings_init(&g->settings, name);
    if (parent != NULL)
        package__settings_inherit(&g->settings, &parent->settings, is_group ? v : PACKAGE_LEGACY);
    /* full_feedback's default depends on the top group, not on data/. */
    if (level == 1)
        g->settings.full_feedback = strcmp(name, "sample") == 0;
    struct package__dirent *ents = NULL;
    int n = 0;
    bool sub_groups = false, found = false;
    if (level > PACKAGE_MAX_DEPTH - 1) {
        package__fail(ctx, "%s: nested deeper than %d directories", g->path, PACKAGE_MAX_DEPTH);
        goto fail;
    }
    n = package__list(ctx, g->path, &ents);
    if (n < 0 || (v == PACKAGE_2025_09 && level > 0 &&
                  group_rules_2025(w, g, level, ents, (size_t)n, &sub_groups) < 0))
        goto fail;
    if (group_settings(w, g, ents, (size_t)n, &found) < 0)
        goto fail;
    if (level > 0 && group_tests(w, g, ents, (size_t)n) < 0)
        goto fail;
    if (group_children(w, g, level, ents, (size_t)n, sub_groups) < 0)
        goto fail;
    if (g->n_entries > 1)
        qsort(g->entries, g->n_entries, sizeof(*g->entries), entry_cmp);
    if (level >= 2 && is_group && g->n_tests == 0 && !g->settings.static_validation) {
        if (v == PACKAGE_2025_09) {
            package__fail(ctx, "%s: a test data group without test cases", g->path);
            goto fail;
        }
        package__warn(ctx, "%s: a test data group without test cases", g->path);
    }
    package__dirents_free(ents, n > 0 ? (size_t)n : 0);
    return g;
fail:
    package__dirents_free(ents, n > 0 ? (size_t)n : 0);
    package__group_free(g);
    return NULL;
}

int package__read_data(struct package__ctx *ctx)
{
    struct walk w = {.ctx = ctx};
    bool is_dir;
    long long size;
    int st = package__stat(ctx, "data/secret", &is_dir, &size);
    if (st < 0)
        return -1;
    if (st == 0 || !is_dir)
        return package__fail(ctx, "data/secret: missing (every package needs secret test data)");
    ctx->p->data = group_read(&w, NULL, "", 0, true);
    if (ctx->p->data == NULL)
        return -1;
    const struct package_group *secret = NULL;
    for (size_t i = 0; i < ctx->p->data->n_entries; i++)
        if (strcmp(ctx->p->data->entries[i].group->name, "secret") == 0)
            secret = ctx->p->data->entries[i].group;
    if (secret == NULL || secret->n_tests == 0)
        return package__fail(ctx, "data/secret: no test cases");
    return 0;
}
