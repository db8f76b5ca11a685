/* Example programs put together from the catalog's rows (cli/programs.h). */
#include "cli/programs.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The length of row path's program part: "folder/name" of a directory
 * program's file, the whole path of a one-file program. */
static size_t program_len(const char *path)
{
    const char *a = strchr(path, '/');
    const char *b = a ? strchr(a + 1, '/') : NULL;
    return b ? (size_t)(b - path) : strlen(path);
}

/* A directory program of rows r[0..k): entry file as the code, the rest
 * beside it. */
static void program_dir(struct cli_program *p, const struct catalog_program *r, size_t k,
                        size_t plen)
{
    const char **names = xcalloc(k, sizeof(*names));
    for (size_t i = 0; i < k; i++)
        names[i] = r[i].path + plen + 1;
    const char *entry = p->lang ? lang_entry(p->lang, names, k) : NULL;
    if (entry == NULL) {
        p->lang = NULL;
        p->note = "no source file of its language";
        free(names);
        return;
    }
    p->files = xcalloc(k, sizeof(*p->files));
    for (size_t i = 0; i < k; i++) {
        if (names[i] == entry) {
            p->code = r[i].code;
            p->len = strlen(r[i].code);
            continue;
        }
        p->files[p->nfiles++] = (struct plan_file){(char *)names[i], r[i].code, strlen(r[i].code)};
    }
    free(names);
}

void cli_programs(const struct catalog_program *rows, size_t n, struct cli_program **out,
                  size_t *nout)
{
    *out = xcalloc(n + 1, sizeof(**out));
    *nout = 0;
    for (size_t i = 0; i < n;) {
        const struct catalog_program *r = &rows[i];
        if (r->folder[0] == '\0') { /* submissions.yaml */
            i++;
            continue;
        }
        size_t plen = program_len(r->path), k = 1;
        bool dir = r->path[plen] == '/';
        while (dir && i + k < n && strncmp(rows[i + k].path, r->path, plen + 1) == 0)
            k++;
        struct cli_program *p = &(*out)[(*nout)++];
        *p = (struct cli_program){.path = xstrndup(r->path, plen), .folder = r->folder};
        p->lang = r->language ? lang_find(r->language) : NULL;
        if (p->lang == NULL)
            p->note = "unsupported language";
        else if (dir)
            program_dir(p, &rows[i], k, plen);
        else {
            p->code = r->code;
            p->len = strlen(r->code);
        }
        i += k;
    }
}

void cli_programs_free(struct cli_program *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].path);
        free(v[i].files);
    }
    free(v);
}
