/* statement/ (problem_statement/ in legacy): the problem.<lang>.<kind> files.
 * Only found and classified here; conversion to HTML comes with the import. */
#include "package/internal.h"

#include "common/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A language code as the spec writes them: 2-3 lowercase letters, optionally
 * "-" and a 2-letter uppercase region ("en", "fil", "pt-BR"). */
static bool statement_lang_ok(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && islower((unsigned char)s[i]))
        i++;
    if (i < 2 || i > 3)
        return false;
    if (i == n)
        return true;
    return n == i + 3 && s[i] == '-' && isupper((unsigned char)s[i + 1]) &&
           isupper((unsigned char)s[i + 2]);
}

/* The kind of "problem.<lang>.<ext>", with the language in *lang; -1 when
 * the name is not a statement. "problem.tex" (old Kattis packages) is English. */
static int statement_kind(const char *name, char **lang)
{
    static const struct {
        const char *ext;
        enum package_statement_kind kind;
    } kinds[] = {{".md", PACKAGE_STATEMENT_MARKDOWN},
                 {".tex", PACKAGE_STATEMENT_LATEX},
                 {".pdf", PACKAGE_STATEMENT_PDF}};
    if (strncmp(name, "problem.", 8) != 0)
        return -1;
    const char *rest = name + 8, *dot = strrchr(rest, '.');
    for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
        const char *ext = kinds[k].ext;
        if (dot == NULL || strcmp(dot, ext) != 0)
            continue;
        if (!statement_lang_ok(rest, (size_t)(dot - rest)))
            return -1;
        *lang = xstrndup(rest, (size_t)(dot - rest));
        return (int)kinds[k].kind;
    }
    if (strcmp(name, "problem.tex") == 0) {
        *lang = xstrdup("en");
        return PACKAGE_STATEMENT_LATEX;
    }
    return -1;
}

/* Which of statement/ and problem_statement/ to read: the version's own name
 * first, the other one (with a warning) when only it exists. */
static int statement_dir(struct package__ctx *ctx, const char **dir)
{
    const char *own = ctx->p->version == PACKAGE_LEGACY ? "problem_statement" : "statement";
    const char *other = ctx->p->version == PACKAGE_LEGACY ? "statement" : "problem_statement";
    bool is_dir;
    long long size;
    int st = package__stat(ctx, own, &is_dir, &size);
    if (st < 0)
        return -1;
    if (st == 1 && is_dir) {
        *dir = own;
        return 0;
    }
    st = package__stat(ctx, other, &is_dir, &size);
    if (st < 0)
        return -1;
    if (st == 0 || !is_dir)
        return package__fail(ctx, "%s/: missing (the problem statement)", own);
    package__warn(ctx, "%s/: this version names it %s/ (read anyway)", other, own);
    *dir = other;
    return 0;
}

/* How deep statement_files_in() goes below the statement directory: images
 * in "img/" or "figures/sample/" are found, a deeper tree is not read. */
#define STATEMENT_DEPTH_MAX 4

/* Adds the files under rel (a subdirectory of the statement directory,
 * depth levels below it) to statement_files, subdirectories first by name
 * as listed. Only images are looked for there, and packages keep anything
 * beside them (TikZ sources with links to shared files, build output), so
 * what cannot be read is skipped with a warning, never fails the package;
 * budget bounds the entries read (package__list_lenient()). */
static void statement_files_in(struct package__ctx *ctx, const char *rel, int depth,
                               struct package__budget *budget)
{
    if (depth > STATEMENT_DEPTH_MAX) {
        package__warn(ctx, "%s/: more than %d directories deep: not read", rel,
                      STATEMENT_DEPTH_MAX);
        return;
    }
    struct package__dirent *ents;
    int n = package__list_lenient(ctx, rel, budget, &ents);
    for (int i = 0; i < n; i++) {
        char *path = package__join(rel, ents[i].name);
        if (ents[i].is_dir)
            statement_files_in(ctx, path, depth + 1, budget);
        else
            package__strv_push(&ctx->p->statement_files, path);
        free(path);
    }
    package__dirents_free(ents, n > 0 ? (size_t)n : 0);
}

int package__read_statements(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    const char *dir = NULL;
    if (statement_dir(ctx, &dir) < 0)
        return -1;
    struct package__dirent *ents;
    int n = package__list(ctx, dir, &ents);
    if (n < 0)
        return -1;
    struct package__budget budget = {PACKAGE_STATEMENT_SUB_ENTRIES_MAX, false};
    for (int i = 0; i < n; i++) {
        char *lang = NULL;
        int kind = ents[i].is_dir ? -1 : statement_kind(ents[i].name, &lang);
        if (kind < 0) {
            /* Images may sit in subdirectories ("img/fig1.png"). */
            char *path = package__join(dir, ents[i].name);
            if (ents[i].is_dir)
                statement_files_in(ctx, path, 1, &budget);
            else
                package__strv_push(&p->statement_files, path);
            free(path);
            continue;
        }
        p->statements = xrealloc(p->statements, (p->n_statements + 1) * sizeof(*p->statements));
        p->statements[p->n_statements++] = (struct package_statement){
            lang, (enum package_statement_kind)kind, package__join(dir, ents[i].name)};
    }
    package__dirents_free(ents, (size_t)n);
    if (p->n_statements == 0)
        return package__fail(ctx, "%s/: no problem.<language>.md, .tex or .pdf", dir);
    bool named = p->meta.name_lang == NULL;
    for (size_t i = 0; i < p->n_statements && !named; i++)
        named = strcmp(p->statements[i].lang, p->meta.name_lang) == 0;
    if (!named)
        package__warn(ctx, "problem.yaml: name: no statement in language '%s'", p->meta.name_lang);
    return 0;
}
