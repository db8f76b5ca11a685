/* The package's programs: input validators, output validators, the static
 * validator and include/<lang>/ directories; each program is one file or a
 * directory of sources, with its language told by extension. */
#include "package/internal.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Largest Java source scanned for its main class. */
#define PROGRAM_JAVA_MAX (1u << 20)

void package__program_dispose(struct package_program *pr)
{
    free(pr->name);
    free(pr->path);
    free(pr->folder);
    package__strv_free(&pr->files);
    free(pr->lang_note);
    free(pr->entry);
}

/* Appends the files under rel (a directory of the program), as paths
 * relative to the program's directory (prefix), recursively. */
static int program_files(struct package__ctx *ctx, const char *rel, const char *prefix, int depth,
                         struct package_strv *out)
{
    if (depth > PACKAGE_MAX_DEPTH)
        return package__fail(ctx, "%s: nested deeper than %d directories", rel, PACKAGE_MAX_DEPTH);
    struct package__dirent *ents;
    int n = package__list(ctx, rel, &ents);
    int rc = n < 0 ? -1 : 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *name = package__join(prefix, ents[i].name);
        if (ents[i].is_dir) {
            char *sub = package__join(rel, ents[i].name);
            rc = program_files(ctx, sub, name, depth + 1, out);
            free(sub);
        } else {
            package__strv_push(out, name);
        }
        free(name);
    }
    if (n > 0)
        package__dirents_free(ents, (size_t)n);
    return rc;
}

/* The language of a program from its files: headers and build/run scripts
 * do not count; C with C++ is C++ (a validator's testlib-style .c helpers);
 * any other mix, or no source at all, is unsupported with a note. */
static void program_lang(struct package_program *pr)
{
    enum srclang lang = SRCLANG_UNSUPPORTED;
    const char *odd = NULL;
    bool mixed = false;
    for (size_t i = 0; i < pr->files.n; i++) {
        const char *f = pr->files.v[i], *base = strrchr(f, '/');
        base = base ? base + 1 : f;
        if (strcmp(base, "build") == 0 || strcmp(base, "run") == 0) {
            pr->has_build_run = pr->is_dir;
            continue;
        }
        if (srclang_is_header(base))
            continue;
        enum srclang l = srclang_of_file(base);
        if (l == SRCLANG_UNSUPPORTED) {
            odd = odd ? odd : base;
            continue;
        }
        if (lang == SRCLANG_UNSUPPORTED || lang == l)
            lang = l;
        else if ((lang == SRCLANG_C && l == SRCLANG_CPP) || (lang == SRCLANG_CPP && l == SRCLANG_C))
            lang = SRCLANG_CPP;
        else
            mixed = true;
    }
    pr->lang = mixed ? SRCLANG_UNSUPPORTED : lang;
    if (mixed) {
        pr->lang_note = xstrdup("several languages");
    } else if (lang == SRCLANG_UNSUPPORTED) {
        const char *dot = odd ? strrchr(odd, '.') : NULL;
        pr->lang_note = xstrdup(dot ? dot : odd ? odd : "no source files");
    }
}

/* Java: the class holding main, found in the first source that has one. */
static int program_java_entry(struct package__ctx *ctx, struct package_program *pr)
{
    for (size_t i = 0; i < pr->files.n && pr->entry == NULL; i++) {
        if (srclang_of_file(pr->files.v[i]) != SRCLANG_JAVA)
            continue;
        char *rel = pr->is_dir ? package__join(pr->path, pr->files.v[i]) : xstrdup(pr->path);
        char *text;
        size_t len;
        int rc = package__read_text(ctx, rel, PROGRAM_JAVA_MAX, &text, &len);
        free(rel);
        if (rc < 0)
            return -1;
        pr->entry = srclang_java_main_class(text, len);
        free(text);
    }
    if (pr->entry == NULL)
        package__warn(ctx, "%s: no class with a main method", pr->path);
    return 0;
}

int package__program_read(struct package__ctx *ctx, const char *rel, bool is_dir,
                          const char *folder, struct package_program *pr)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = is_dir ? NULL : strrchr(base, '.');
    *pr = (struct package_program){
        .name = dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base),
        .path = xstrdup(rel),
        .folder = folder ? xstrdup(folder) : NULL,
        .is_dir = is_dir,
    };
    if (!is_dir)
        package__strv_push(&pr->files, base);
    else if (program_files(ctx, rel, "", 0, &pr->files) < 0)
        return -1;
    if (pr->files.n == 0)
        return package__fail(ctx, "%s: an empty program directory", rel);
    program_lang(pr);
    return pr->lang == SRCLANG_JAVA ? program_java_entry(ctx, pr) : 0;
}

/* Appends one program to *list. */
static struct package_program *program_add(struct package_program **list, size_t *n)
{
    *list = xrealloc(*list, (*n + 1) * sizeof(**list));
    struct package_program *pr = &(*list)[(*n)++];
    memset(pr, 0, sizeof(*pr));
    return pr;
}

/* Every file or directory in dir is a program (input_validators/,
 * output_validators/<name>/, submissions/<folder>/). A missing dir is none. */
int package__programs_in(struct package__ctx *ctx, const char *dir, const char *folder,
                         struct package_program **list, size_t *n)
{
    bool is_dir;
    long long size;
    int st = package__stat(ctx, dir, &is_dir, &size);
    if (st <= 0 || !is_dir)
        return st < 0 ? -1 : 0;
    struct package__dirent *ents;
    int ne = package__list(ctx, dir, &ents);
    int rc = ne < 0 ? -1 : 0;
    for (int i = 0; i < ne && rc == 0; i++) {
        char *rel = package__join(dir, ents[i].name);
        rc = package__program_read(ctx, rel, ents[i].is_dir, folder, program_add(list, n));
        free(rel);
    }
    if (ne > 0)
        package__dirents_free(ents, (size_t)ne);
    return rc;
}

/* A directory that is itself one program (output_validator/, static_validator/,
 * 2025-09's input_validator/): 1 when read, 0 when absent. */
static int program_whole_dir(struct package__ctx *ctx, const char *dir,
                             struct package_program **list, size_t *n)
{
    bool is_dir;
    long long size;
    int st = package__stat(ctx, dir, &is_dir, &size);
    if (st <= 0)
        return st;
    if (!is_dir)
        return package__fail(ctx, "%s: must be a directory", dir);
    return package__program_read(ctx, dir, true, NULL, program_add(list, n)) < 0 ? -1 : 1;
}

static int programs_input(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    if (package__programs_in(ctx, "input_validators", NULL, &p->input_validators,
                             &p->n_input_validators) < 0)
        return -1;
    /* The deprecated legacy name. */
    if (p->version == PACKAGE_LEGACY &&
        package__programs_in(ctx, "input_format_validators", NULL, &p->input_validators,
                             &p->n_input_validators) < 0)
        return -1;
    if (p->version == PACKAGE_2025_09 &&
        program_whole_dir(ctx, "input_validator", &p->input_validators, &p->n_input_validators) < 0)
        return -1;
    for (size_t i = 0; i < p->n_input_validators; i++)
        if (p->input_validators[i].lang == SRCLANG_UNSUPPORTED &&
            !p->input_validators[i].has_build_run)
            package__warn(ctx, "%s: input validator in an unsupported language (%s)",
                          p->input_validators[i].path, p->input_validators[i].lang_note);
    if (p->n_input_validators == 0)
        package__warn(ctx, "input_validators/: none (the spec requires one)");
    return 0;
}

/* legacy: output_validators/<name>/ (several may run); later: output_validator/
 * is the one program (output_validators/ read with a warning). */
static int programs_output(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    int rc = 0;
    if (p->version != PACKAGE_LEGACY)
        rc = program_whole_dir(ctx, "output_validator", &p->output_validators,
                               &p->n_output_validators);
    if (rc < 0)
        return -1;
    if (rc == 0 && package__programs_in(ctx, "output_validators", NULL, &p->output_validators,
                                        &p->n_output_validators) < 0)
        return -1;
    if (rc == 0 && p->version != PACKAGE_LEGACY && p->n_output_validators > 0)
        package__warn(ctx, "output_validators/: the legacy name of output_validator/ (read)");
    if (p->version != PACKAGE_LEGACY && p->n_output_validators > 0)
        p->meta.custom_output_validation = true;
    if (p->version == PACKAGE_LEGACY && p->n_output_validators > 0 &&
        !p->meta.custom_output_validation)
        package__warn(ctx, "output_validators/: not used: problem.yaml's validation is default");
    if (p->meta.custom_output_validation && p->n_output_validators == 0)
        return package__fail(ctx, "%s/: missing (%s needs a custom output validator)",
                             p->version == PACKAGE_LEGACY ? "output_validators"
                                                          : "output_validator",
                             p->version == PACKAGE_LEGACY           ? "validation: custom"
                             : (p->meta.type & PACKAGE_INTERACTIVE) ? "type interactive"
                                                                    : "type multi-pass");
    for (size_t i = 0; i < p->n_output_validators; i++)
        if (p->output_validators[i].lang == SRCLANG_UNSUPPORTED &&
            !p->output_validators[i].has_build_run)
            return package__fail(ctx, "%s: output validator in an unsupported language (%s)",
                                 p->output_validators[i].path, p->output_validators[i].lang_note);
    return 0;
}

/* include/<lang>/ (and include/default/ in later versions). */
static int programs_include(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    bool is_dir;
    long long size;
    int st = package__stat(ctx, "include", &is_dir, &size);
    if (st <= 0 || !is_dir)
        return st < 0 ? -1 : 0;
    struct package__dirent *ents;
    int n = package__list(ctx, "include", &ents);
    int rc = n < 0 ? -1 : 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (!ents[i].is_dir) {
            package__warn(ctx, "include/%s: not a language directory (ignored)", ents[i].name);
            continue;
        }
        p->includes = xrealloc(p->includes, (p->n_includes + 1) * sizeof(*p->includes));
        struct package_include *inc = &p->includes[p->n_includes++];
        *inc = (struct package_include){.lang_dir = xstrdup(ents[i].name),
                                        .lang = srclang_of_dir(ents[i].name),
                                        .path = package__join("include", ents[i].name)};
        if (inc->lang == SRCLANG_UNSUPPORTED && strcmp(ents[i].name, "default") != 0)
            package__warn(ctx, "%s: not a language verdict judges (kept)", inc->path);
        rc = program_files(ctx, inc->path, "", 1, &inc->files);
    }
    if (n > 0)
        package__dirents_free(ents, (size_t)n);
    return rc;
}

int package__read_programs(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    if (programs_input(ctx) < 0 || programs_output(ctx) < 0 || programs_include(ctx) < 0)
        return -1;
    if (p->version == PACKAGE_LEGACY)
        return 0;
    struct package_program *sv = NULL;
    size_t n = 0;
    int rc = program_whole_dir(ctx, "static_validator", &sv, &n);
    if (rc < 0) {
        for (size_t i = 0; i < n; i++)
            package__program_dispose(&sv[i]);
        free(sv);
        return -1;
    }
    p->static_validator = sv;
    if (sv != NULL && (p->meta.type & PACKAGE_SUBMIT_ANSWER))
        return package__fail(ctx, "static_validator/: not allowed for submit-answer problems");
    return 0;
}
