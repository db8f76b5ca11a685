/* A package's statement as verdict's Markdown: the English one (else the
 * name's language, else the first), Markdown as is, LaTeX through pandoc,
 * the LaTeX source itself when pandoc fails, a note for a PDF alone. Each
 * starts with "# Title" (judge/problem.h, problem_statement_valid). */
#include "common/alloc.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "judge/from_package_internal.h"
#include "judge/images.h"
#include "judge/problem.h"
#include "judge/statement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool fp__text_valid(const char *s, size_t len)
{
    return memchr(s, '\0', len) == NULL && utf8_valid(s, len);
}

/* Lower is better: English first, then the name's language; Markdown
 * before LaTeX before PDF. */
static int fp_statement_rank(const struct package *pkg, const struct package_statement *s)
{
    int lang = strcmp(s->lang, "en") == 0                                         ? 0
               : pkg->meta.name_lang && strcmp(s->lang, pkg->meta.name_lang) == 0 ? 1
                                                                                  : 2;
    int kind = s->kind == PACKAGE_STATEMENT_MARKDOWN ? 0
               : s->kind == PACKAGE_STATEMENT_LATEX  ? 1
                                                     : 2;
    return lang * 3 + kind;
}

static const struct package_statement *fp_statement_pick(const struct package *pkg)
{
    const struct package_statement *best = NULL;
    for (size_t i = 0; i < pkg->n_statements; i++)
        if (best == NULL ||
            fp_statement_rank(pkg, &pkg->statements[i]) < fp_statement_rank(pkg, best))
            best = &pkg->statements[i];
    return best;
}

/* The body of a LaTeX statement: pandoc's Markdown, or the source in a
 * fenced block when pandoc cannot convert it (a warning says so). */
static void fp_statement_latex(struct fp *f, const char *path, const char *tex, struct buf *b)
{
    char *md = NULL, why[256];
    if (statement_from_latex(tex, strlen(tex), f->p->title, &md, why, sizeof(why)) == 0 &&
        fp__text_valid(md, strlen(md))) {
        buf_puts(b, md);
        free(md);
        return;
    }
    free(md);
    fp__warn(f, "%s: not converted (%s): the LaTeX source is shown as it is", path, why);
    buf_puts(b, "```latex\n");
    buf_puts(b, tex);
    buf_puts(b, "\n```\n");
}

/* Whether one more image of len bytes fits the bounds; warns when not. */
static bool fp_image_fits(struct fp *f, const char *path, size_t len, size_t total)
{
    if (len > IMAGES_FILE_MAX) {
        fp__warn(f, "%s: larger than %u MiB: not kept (the statement shows no image)", path,
                 IMAGES_FILE_MAX >> 20);
        return false;
    }
    if (f->p->nfiles >= IMAGES_MAX || total + len > IMAGES_TOTAL_MAX) {
        fp__warn(f, "%s: over %d images or %u MiB in all: not kept", path, IMAGES_MAX,
                 IMAGES_TOTAL_MAX >> 20);
        return false;
    }
    return true;
}

/* Whether one of the n images kept so far has name. */
static bool fp_image_taken(const struct catalog_problem *p, const char *name)
{
    for (size_t i = 0; i < p->nfiles; i++)
        if (strcmp(p->files[i].name, name) == 0)
            return true;
    return false;
}

/* The name an image at rel (under the statement directory) is kept under:
 * its flat name (judge/images.h), or with "-2", "-3"... before its
 * extension when another image has it ("a/b-c.png" and "a-b/c.png"). False
 * when none fits the name rule. */
static bool fp_image_name(struct fp *f, const char *rel, char name[IMAGES_NAME_MAX + 1])
{
    if (!images_flat_name(rel, name))
        return false;
    if (!fp_image_taken(f->p, name))
        return true;
    char flat[IMAGES_NAME_MAX + 1];
    memcpy(flat, name, sizeof(flat));
    const char *dot = strrchr(flat, '.'); /* there is one: an image's extension */
    int stem = (int)(dot - flat);
    for (int k = 2; k < 100; k++) {
        int n = snprintf(name, IMAGES_NAME_MAX + 1, "%.*s-%d%s", stem, flat, k, dot);
        if (n < 0 || n > IMAGES_NAME_MAX)
            return false;
        if (!fp_image_taken(f->p, name))
            return true;
    }
    return false;
}

/* Keeps one image: sv path (under the package), rel (under the statement
 * directory). Adds its source for the linking to src. */
static int fp_image_keep(struct fp *f, const char *path, const char *rel, size_t *total,
                         struct images_source *src)
{
    char name[IMAGES_NAME_MAX + 1];
    if (!fp_image_name(f, rel, name)) {
        fp__warn(f,
                 "%s: not kept: an image's name is [A-Za-z0-9._-], 1-%d bytes with its "
                 "directories",
                 path, IMAGES_NAME_MAX);
        return 0;
    }
    size_t len;
    char *data = fp__read(f, path, &len);
    if (data == NULL)
        return -1;
    if (!fp_image_fits(f, path, len, *total)) {
        free(data);
        return 0;
    }
    struct catalog_problem *p = f->p;
    p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof(*p->files));
    p->files[p->nfiles] = (struct catalog_file){xstrdup(name), data, len};
    src[p->nfiles] = (struct images_source){rel, p->files[p->nfiles].name};
    p->nfiles++;
    *total += len;
    return 0;
}

static int fp_file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct catalog_file *)a)->name, ((const struct catalog_file *)b)->name);
}

/* The statement directory's images, kept with the problem (judge/images.h),
 * and in src[] (as many as the statement directory's files) where the
 * statement finds them. The directory's own files come first, so that they
 * keep their names; those of its subdirectories are kept under their flat
 * names. A file whose name breaks the rule is left out with a warning, one
 * that is no image (a .cls, a .sty) silently. The files end sorted by name
 * (store/catalog.h); src keeps pointing at their names. */
static int fp_images(struct fp *f, struct images_source *src)
{
    const struct package_strv *sv = &f->pkg->statement_files;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sv->n; i++) {
            const char *rel = strchr(sv->v[i], '/'); /* after "statement/" */
            rel = rel ? rel + 1 : sv->v[i];
            if ((strchr(rel, '/') != NULL) != (pass == 1) || images_type(rel, strlen(rel)) == NULL)
                continue;
            if (fp_image_keep(f, sv->v[i], rel, &total, src) < 0)
                return -1;
        }
    }
    if (f->p->nfiles > 1)
        qsort(f->p->files, f->p->nfiles, sizeof(*f->p->files), fp_file_cmp);
    return 0;
}

/* The statement with its references to the kept images pointing at the
 * api's URLs, so that a page shows them. */
static void fp_link_images(struct fp *f, const struct images_source *src)
{
    if (f->p->nfiles == 0)
        return;
    char *linked = images_link(f->p->statement, f->p->id, src, f->p->nfiles);
    free(f->p->statement);
    f->p->statement = linked;
}

/* The chosen statement as verdict's Markdown, in f->p->statement. */
static int fp_statement_text(struct fp *f)
{
    const struct package_statement *s = fp_statement_pick(f->pkg);
    if (s == NULL)
        return fp__fail(f, "statement/: no problem statement");
    struct buf b;
    buf_init(&b);
    char *text = NULL;
    if (s->kind != PACKAGE_STATEMENT_PDF &&
        (text = fp__text(f, s->path, "a statement is text")) == NULL) {
        buf_dispose(&b);
        return -1;
    }
    /* A Markdown statement that already opens with a title keeps it. */
    bool titled = s->kind == PACKAGE_STATEMENT_MARKDOWN && strncmp(text, "# ", 2) == 0;
    if (!titled)
        buf_printf(&b, "# %s\n\n", f->p->title);
    if (s->kind == PACKAGE_STATEMENT_MARKDOWN)
        buf_puts(&b, text);
    else if (s->kind == PACKAGE_STATEMENT_LATEX)
        fp_statement_latex(f, s->path, text, &b);
    else
        buf_printf(&b,
                   "The statement of this problem is a PDF (%s), which verdict does not "
                   "show.\n",
                   s->path);
    free(text);
    if (b.len > PROBLEM_FILE_MAX) {
        buf_dispose(&b);
        return fp__fail(f, "%s: larger than %u MiB", s->path, PROBLEM_FILE_MAX >> 20);
    }
    f->p->statement = buf_steal(&b);
    return 0;
}

int fp__statement(struct fp *f)
{
    struct images_source *src =
        xcalloc(f->pkg->statement_files.n + 1, sizeof(*src)); /* borrowed names */
    int rc = fp_images(f, src) < 0 ? -1 : fp_statement_text(f);
    if (rc == 0)
        fp_link_images(f, src);
    free(src);
    return rc;
}
