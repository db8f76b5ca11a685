/* A problem's example programs as verify and the time limit's inference judge
 * them: one source file, or a directory program (the catalog keeps it a row
 * per file, "accepted/multi/main.cpp") whose entry file (lang_entry()) is the
 * code and whose other files are put beside it, as include/ files are. */
#ifndef CLI_PROGRAMS_H
#define CLI_PROGRAMS_H

#include "judge/lang.h"
#include "judge/plan.h"
#include "store/catalog.h"

#include <stddef.h>

struct cli_program {
    char *path;              /* "accepted/sol.py", "accepted/multi": owned */
    const char *folder;      /* borrowed from the rows */
    const struct lang *lang; /* NULL: verdict does not judge it (note says why) */
    const char *code;        /* the entry file's text, borrowed */
    size_t len;
    struct plan_file *files; /* the others (names relative to the directory,
                                texts borrowed); owned array */
    size_t nfiles;
    const char *note; /* why not judged, or NULL */
};

/* The programs of rows (sorted by path, as the catalog and problem_dir give
 * them), the rules file (no folder) left out. The caller frees *out with
 * cli_programs_free(); the rows must outlive it. */
void cli_programs(const struct catalog_program *rows, size_t n, struct cli_program **out,
                  size_t *nout);
void cli_programs_free(struct cli_program *v, size_t n);

#endif
