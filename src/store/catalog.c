/* Blocking writes of the problem catalog (import) with libpq. */
#include "store/catalog.h"

#include "common/alloc.h"
#include "store/internal.h"
#include "store/pq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void catalog_problem_dispose(struct catalog_problem *p)
{
    free(p->id);
    free(p->title);
    free(p->difficulty);
    free(p->statement);
    free(p->checker);
    free(p->checker_source);
    for (size_t i = 0; i < p->ntests; i++) {
        free(p->tests[i].input);
        free(p->tests[i].output);
    }
    free(p->tests);
    free(p->judging);
    free(p->shown);
    free(p->function);
    free(p->templates);
    free(p->visible_tests);
    catalog_programs_free(p->programs, p->nprograms);
    catalog_files_free(p->files, p->nfiles);
    memset(p, 0, sizeof(*p));
}

struct catalog *catalog_open(const char *conninfo, char *err, size_t errlen)
{
    PGconn *conn = store__connect(conninfo, err, errlen);
    if (conn == NULL)
        return NULL;
    struct catalog *c = xmalloc(sizeof(*c));
    c->conn = conn;
    return c;
}

void catalog_close(struct catalog *c)
{
    if (c == NULL)
        return;
    PQfinish(c->conn);
    free(c);
}

/* The version after the write (changed or not). */
static int catalog_version(struct catalog *c, const char *id, int *version, char *err,
                           size_t errlen)
{
    const char *v[1] = {id};
    PGresult *res = NULL;
    if (store__exec(c->conn, "SELECT version FROM problems WHERE id = $1", 1, v, &res, err,
                    errlen) < 0)
        return -1;
    *version = PQntuples(res) == 1 ? (int)strtol(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return 0;
}

static int catalog_tests(struct catalog *c, const struct catalog_problem *p, char *err,
                         size_t errlen)
{
    const char *d[1] = {p->id};
    if (store__exec(c->conn, "DELETE FROM tests WHERE problem_id = $1", 1, d, NULL, err, errlen) <
        0)
        return -1;
    for (size_t i = 0; i < p->ntests; i++) {
        char ord[24];
        snprintf(ord, sizeof(ord), "%zu", i + 1);
        const char *t[6] = {p->id,
                            ord,
                            p->tests[i].is_sample ? "t" : "f",
                            p->tests[i].input,
                            p->tests[i].output,
                            p->tests[i].visible ? "t" : "f"};
        if (store__exec(c->conn,
                        "INSERT INTO tests (problem_id, ord, is_sample, input, output, visible) "
                        "VALUES ($1, $2, $3, $4, $5, $6)",
                        6, t, NULL, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int catalog_save(struct catalog *c, const struct catalog_problem *p, bool *changed, int *version,
                 char *err, size_t errlen)
{
    char tl[16], ml[16], ol[16];
    snprintf(tl, sizeof(tl), "%d", p->time_limit_ms);
    snprintf(ml, sizeof(ml), "%d", p->memory_limit_mb);
    snprintf(ol, sizeof(ol), "%d", p->output_limit_kb);
    *changed = false;
    if (store__exec(c->conn, "BEGIN", 0, NULL, NULL, err, errlen) < 0)
        return -1;
    const char *v[14] = {p->id,      p->title, p->difficulty, p->statement,      tl,
                         ml,         ol,       p->checker,    p->checker_source, p->hash,
                         p->judging, p->shown, p->function,   p->templates};
    PGresult *res = NULL;
    if (store__exec(c->conn,
                    "INSERT INTO problems (id, title, difficulty, statement, time_limit_ms, "
                    "memory_limit_mb, output_limit_kb, checker, checker_source, content_hash, "
                    "judging, shown, function, templates) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                    "$9, $10, $11, $12, $13, $14) "
                    "ON CONFLICT (id) DO UPDATE SET title = $2, difficulty = $3, statement = $4, "
                    "time_limit_ms = $5, memory_limit_mb = $6, output_limit_kb = $7, checker = "
                    "$8, checker_source = $9, content_hash = $10, judging = $11, shown = $12, "
                    "function = $13, templates = $14, "
                    "version = problems.version + 1, updated_at = now() WHERE "
                    "problems.content_hash IS DISTINCT FROM $10 RETURNING id",
                    14, v, &res, err, errlen) < 0)
        goto fail;
    *changed = PQntuples(res) == 1;
    PQclear(res);
    if (*changed && catalog_tests(c, p, err, errlen) < 0)
        goto fail;
    if (version != NULL && catalog_version(c, p->id, version, err, errlen) < 0)
        goto fail;
    if (catalog__save_programs(c, p, err, errlen) < 0 ||
        catalog__save_files(c, p, err, errlen) < 0 ||
        store__exec(c->conn, "COMMIT", 0, NULL, NULL, err, errlen) < 0)
        goto fail;
    return 0;
fail:
    PQclear(PQexec(c->conn, "ROLLBACK"));
    *changed = false;
    return -1;
}

int catalog_print(struct catalog *c, void *out_file, char *err, size_t errlen)
{
    PGresult *res;
    if (store__exec(c->conn,
                    "SELECT p.id, p.title, p.difficulty, (SELECT count(*) FROM tests t WHERE "
                    "t.problem_id = p.id), p.version FROM problems p ORDER BY p.created_at, p.id",
                    0, NULL, &res, err, errlen) < 0)
        return -1;
    FILE *out = out_file;
    for (int i = 0; i < PQntuples(res); i++)
        fprintf(out, "%s\t%s\t%s\t%s\t%s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                PQgetvalue(res, i, 2), PQgetvalue(res, i, 3), PQgetvalue(res, i, 4));
    PQclear(res);
    return 0;
}
