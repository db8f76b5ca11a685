/* 'verdict problems import PATH' (verdict's own problems, Kattis packages,
 * directories of either, package zips) and 'verdict problems list'. */
#include "cli/problems.h"

#include "cli/export.h"
#include "cli/problem_dir.h"
#include "cli/problem_inspect.h"
#include "cli/settle.h"
#include "cli/timing.h"
#include "cli/verify.h"
#include "common/alloc.h"
#include "common/config.h"
#include "store/catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One import: where it writes, what it prints, what it counted. */
struct import_run {
    struct catalog *c;
    FILE *out; /* one line per problem written; NULL: none (verdict up) */
    int imported, failed, changed;
};

/* Saves p (loaded from label); a failure is reported and counted. */
static int import_save(struct import_run *r, const char *label, struct catalog_problem *p,
                       const struct from_package_info *info)
{
    char err[1024];
    bool changed;
    int version = 0;
    int rc = catalog_save(r->c, p, &changed, &version, err, sizeof(err));
    if (rc < 0) {
        fprintf(stderr, "verdict problems: %s: not saved: %s\n", label, err);
        r->failed++;
        return -1;
    }
    r->imported++;
    r->changed += changed;
    for (size_t i = 0; info && i < info->nwarnings; i++)
        fprintf(stderr, "verdict problems: %s: warning: %s\n", p->id, info->warnings[i]);
    if (r->out)
        fprintf(r->out, "%s: version %d%s, %zu tests, %s, time limit %d ms%s\n", p->id, version,
                changed ? "" : " (unchanged)", p->ntests,
                info && info->type[0] ? info->type : "pass-fail", p->time_limit_ms,
                info && info->time_limit_provisional
                    ? " (provisional: `verdict problems verify` computes it)"
                    : "");
    return 0;
}

enum import_kind { IMPORT_OWN, IMPORT_PACKAGE, IMPORT_ZIP, IMPORT_SET };

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

/* What path holds: a zip, a package (problem.yaml), one of verdict's own
 * problems (problem.json), or a set of them. */
static enum import_kind import_kind(const char *path)
{
    char file[4096];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && has_suffix(path, ".zip"))
        return IMPORT_ZIP;
    snprintf(file, sizeof(file), "%s/problem.yaml", path);
    if (stat(file, &st) == 0)
        return IMPORT_PACKAGE;
    snprintf(file, sizeof(file), "%s/problem.json", path);
    return stat(file, &st) == 0 ? IMPORT_OWN : IMPORT_SET;
}

/* Imports one problem (a directory of either format, or a zip). A broken
 * one is reported with its file and rule, and changes nothing: each
 * problem is one transaction. */
static void import_one(struct import_run *r, const char *path, enum import_kind kind)
{
    struct catalog_problem p;
    struct from_package_info info = {0};
    char err[1024];
    int rc = kind == IMPORT_ZIP       ? problem_zip_load(path, &p, &info, err, sizeof(err))
             : kind == IMPORT_PACKAGE ? problem_package_load(path, &p, &info, err, sizeof(err))
                                      : problem_dir_load(path, &p, err, sizeof(err));
    if (rc == 0 && kind == IMPORT_OWN &&
        problem_dir_programs(path, &p.programs, &p.nprograms, err, sizeof(err)) < 0) {
        catalog_problem_dispose(&p);
        rc = -1;
    }
    if (rc == 0 && kind != IMPORT_OWN &&
        timing_settle(&p, &info, 0, r->out, err, sizeof(err)) < 0) {
        catalog_problem_dispose(&p);
        from_package_info_dispose(&info);
        rc = -1;
    }
    if (rc < 0) {
        /* problem_dir_load names the path itself; a package's rule names
         * its file inside the package. */
        if (kind == IMPORT_OWN)
            fprintf(stderr, "verdict problems: skipped %s\n", err);
        else
            fprintf(stderr, "verdict problems: skipped %s: %s\n", path, err);
        r->failed++;
        return;
    }
    import_save(r, path, &p, kind == IMPORT_OWN ? NULL : &info);
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
}

/* The entries of a set, sorted: directories (packages or verdict's own
 * problems) and package zips. */
static int import_set(struct import_run *r, const char *root, char *err, size_t errlen)
{
    DIR *d = opendir(root);
    if (d == NULL) {
        snprintf(err, errlen, "cannot open %s", root);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
        if (stat(path, &st) == 0 &&
            (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && has_suffix(e->d_name, ".zip")))) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrdup(path);
        }
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
        enum import_kind kind = import_kind(names[i]);
        import_one(r, names[i], kind == IMPORT_SET ? IMPORT_OWN : kind);
        free(names[i]);
    }
    free(names);
    return 0;
}

int problems_import(const char *conninfo, const char *root, FILE *out, int *imported, int *failed,
                    char *err, size_t errlen)
{
    *imported = *failed = 0;
    struct import_run r = {.out = out};
    r.c = catalog_open(conninfo, err, errlen);
    if (r.c == NULL)
        return -1;
    enum import_kind kind = import_kind(root);
    int rc = 0;
    if (kind == IMPORT_SET)
        rc = import_set(&r, root, err, errlen);
    else
        import_one(&r, root, kind);
    catalog_close(r.c);
    if (rc < 0)
        return -1;
    *imported = r.imported;
    *failed = r.failed;
    fprintf(stderr, "verdict problems: %d imported (%d changed), %d failed\n", r.imported,
            r.changed, r.failed);
    return 0;
}

int problems_import_dir(const char *conninfo, const char *root, int *imported, int *failed,
                        char *err, size_t errlen)
{
    return problems_import(conninfo, root, NULL, imported, failed, err, errlen);
}

struct problems_config {
    const char *db;
    long slots;
};

static const struct config_opt problems_options[] = {
    CONFIG_DB(struct problems_config, db),
    CONFIG_INT(struct problems_config, slots, "--slots", NULL, "2", 1, 16,
               "verify: programs judged at once"),
};

int problems_main(int argc, char **argv)
{
    static const char usage[] =
        "verdict problems import DIR|PACKAGE|ZIP [--db URL] | verdict problems list [--db URL] | "
        "verdict problems inspect PACKAGE | verdict problems settle ZIP";
    struct problems_config cfg = {0};
    struct config_args pos = {.max = 3};
    size_t n = CONFIG_COUNT(problems_options);
    int prc = config_parse_command("problems", usage, problems_options, n, &cfg, argc, argv, &pos);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    char err[1024];
    const char *verb = pos.n ? pos.arg[0] : "";
    if (strcmp(verb, "import") == 0 && pos.n == 2) {
        int imported, failed;
        if (problems_import(cfg.db, pos.arg[1], stdout, &imported, &failed, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict problems: %s\n", err);
            return 1;
        }
        return failed ? 1 : 0;
    }
    if (strcmp(verb, "export") == 0 && pos.n == 3)
        return export_main(cfg.db, pos.arg[1], pos.arg[2]);
    if (strcmp(verb, "verify") == 0 && pos.n == 2)
        return verify_main(pos.arg[1], (unsigned)cfg.slots, cfg.db);
    if (strcmp(verb, "settle") == 0 && pos.n == 2)
        return settle_main(pos.arg[1]);
    if (strcmp(verb, "inspect") == 0 && pos.n == 2)
        return problem_inspect_main(pos.arg[1]);
    if (strcmp(verb, "list") == 0 && pos.n == 1) {
        struct catalog *c = catalog_open(cfg.db, err, sizeof(err));
        if (c == NULL || catalog_print(c, stdout, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict problems: %s\n", err);
            catalog_close(c);
            return 1;
        }
        catalog_close(c);
        return 0;
    }
    config_usage(usage, problems_options, n);
    return 2;
}
