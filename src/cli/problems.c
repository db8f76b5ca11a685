/* 'verdict problems import DIR' and 'verdict problems list'. */
#include "cli/problems.h"

#include "cli/export.h"
#include "cli/problem_dir.h"
#include "cli/problem_inspect.h"
#include "cli/verify.h"
#include "common/alloc.h"
#include "common/config.h"
#include "store/catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Imports one problem directory; a broken one is reported and skipped. */
static int import_one(struct catalog *c, const char *dir, int *changed_count)
{
    struct catalog_problem p;
    char err[1024];
    if (problem_dir_load(dir, &p, err, sizeof(err)) < 0 ||
        problem_dir_programs(dir, &p.programs, &p.nprograms, err, sizeof(err)) < 0) {
        catalog_problem_dispose(&p);
        fprintf(stderr, "verdict problems: skipped %s\n", err);
        return -1;
    }
    bool changed;
    int rc = catalog_save(c, &p, &changed, err, sizeof(err));
    if (rc < 0)
        fprintf(stderr, "verdict problems: %s: not saved: %s\n", dir, err);
    else if (changed)
        (*changed_count)++;
    catalog_problem_dispose(&p);
    return rc;
}

/* Imports every problem under root (or root itself when it is one). */
int problems_import_dir(const char *conninfo, const char *root, int *imported, int *failed,
                        char *err, size_t errlen)
{
    *imported = *failed = 0;
    struct catalog *c = catalog_open(conninfo, err, errlen);
    if (c == NULL)
        return -1;
    char path[4096];
    struct stat st;
    int changed = 0;
    snprintf(path, sizeof(path), "%s/problem.json", root);
    if (stat(path, &st) == 0) {
        if (import_one(c, root, &changed) < 0)
            (*failed)++;
        else
            (*imported)++;
        catalog_close(c);
        return 0;
    }
    DIR *d = opendir(root);
    if (d == NULL) {
        snprintf(err, errlen, "cannot open %s", root);
        catalog_close(c);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrdup(path);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (import_one(c, names[i], &changed) < 0)
            (*failed)++;
        else
            (*imported)++;
        free(names[i]);
    }
    free(names);
    catalog_close(c);
    fprintf(stderr, "verdict problems: %d imported (%d changed), %d failed\n", *imported, changed,
            *failed);
    return 0;
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
        "verdict problems import DIR [--db URL] | verdict problems list [--db URL] | "
        "verdict problems inspect PACKAGE | verdict problems verify DIR|ID [--slots N] [--db URL]";
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
        if (problems_import_dir(cfg.db, pos.arg[1], &imported, &failed, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict problems: %s\n", err);
            return 1;
        }
        return failed ? 1 : 0;
    }
    if (strcmp(verb, "export") == 0 && pos.n == 3)
        return export_main(cfg.db, pos.arg[1], pos.arg[2]);
    if (strcmp(verb, "verify") == 0 && pos.n == 2)
        return verify_main(pos.arg[1], (unsigned)cfg.slots, cfg.db);
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
