/* Blocking reads of one problem from the catalog (`verdict problems export`,
 * `verify ID`), and the writes of its example programs. */
#include "store/catalog.h"

#include "common/alloc.h"
#include "store/internal.h"
#include "store/pq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *value_or_null(PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : xstrdup(PQgetvalue(res, row, col));
}

static int load_row(struct catalog *c, const char *id, struct catalog_problem *p, char *err,
                    size_t errlen)
{
    const char *v[1] = {id};
    PGresult *res;
    if (store__exec(
            c->conn,
            "SELECT id, title, difficulty, statement, time_limit_ms, memory_limit_mb, "
            "output_limit_kb, checker, checker_source, judging::text, shown::text, function::text, "
            "templates::text FROM problems "
            "WHERE id = $1 AND "
            "deleted_at IS NULL",
            1, v, &res, err, errlen) < 0)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        snprintf(err, errlen, "no problem %s", id);
        return -ENOENT;
    }
    p->id = value_or_null(res, 0, 0);
    p->title = value_or_null(res, 0, 1);
    p->difficulty = value_or_null(res, 0, 2);
    p->statement = value_or_null(res, 0, 3);
    p->time_limit_ms = (int)strtol(PQgetvalue(res, 0, 4), NULL, 10);
    p->memory_limit_mb = (int)strtol(PQgetvalue(res, 0, 5), NULL, 10);
    p->output_limit_kb = (int)strtol(PQgetvalue(res, 0, 6), NULL, 10);
    p->checker = value_or_null(res, 0, 7);
    p->checker_source = value_or_null(res, 0, 8);
    p->judging = value_or_null(res, 0, 9);
    p->shown = value_or_null(res, 0, 10);
    p->function = value_or_null(res, 0, 11);
    p->templates = value_or_null(res, 0, 12);
    PQclear(res);
    return 0;
}

static int load_tests(struct catalog *c, struct catalog_problem *p, char *err, size_t errlen)
{
    const char *v[1] = {p->id};
    PGresult *res;
    if (store__exec(c->conn,
                    "SELECT is_sample, input, output, visible FROM tests WHERE problem_id = $1 "
                    "ORDER BY "
                    "ord",
                    1, v, &res, err, errlen) < 0)
        return -1;
    int n = PQntuples(res);
    p->tests = xcalloc(n ? (size_t)n : 1, sizeof(*p->tests));
    for (int i = 0; i < n; i++) {
        p->tests[i].is_sample = PQgetvalue(res, i, 0)[0] == 't';
        p->tests[i].input = xstrdup(PQgetvalue(res, i, 1));
        p->tests[i].output = xstrdup(PQgetvalue(res, i, 2));
        p->tests[i].visible = PQgetvalue(res, i, 3)[0] == 't';
    }
    p->ntests = (size_t)n;
    PQclear(res);
    return 0;
}

int catalog_load(struct catalog *c, const char *id, struct catalog_problem *p, char *err,
                 size_t errlen)
{
    memset(p, 0, sizeof(*p));
    int rc = load_row(c, id, p, err, errlen);
    if (rc == 0)
        rc = load_tests(c, p, err, errlen);
    if (rc == 0)
        rc = catalog__load_files(c, p, err, errlen);
    if (rc < 0)
        catalog_problem_dispose(p);
    return rc;
}

void catalog_programs_free(struct catalog_program *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].path);
        free(v[i].folder);
        free(v[i].language);
        free(v[i].code);
    }
    free(v);
}

int catalog_load_programs(struct catalog *c, const char *id, struct catalog_program **out,
                          size_t *n, char *err, size_t errlen)
{
    const char *v[1] = {id};
    PGresult *res;
    *out = NULL;
    *n = 0;
    if (store__exec(c->conn,
                    "SELECT path, folder, language, code FROM problem_programs WHERE problem_id "
                    "= $1 ORDER BY path COLLATE \"C\"",
                    1, v, &res, err, errlen) < 0)
        return -1;
    int rows = PQntuples(res);
    struct catalog_program *p = xcalloc(rows ? (size_t)rows : 1, sizeof(*p));
    for (int i = 0; i < rows; i++) {
        p[i].path = value_or_null(res, i, 0);
        p[i].folder = value_or_null(res, i, 1);
        p[i].language = value_or_null(res, i, 2);
        p[i].code = value_or_null(res, i, 3);
    }
    PQclear(res);
    *out = p;
    *n = (size_t)rows;
    return 0;
}

int catalog__save_programs(struct catalog *c, const struct catalog_problem *p, char *err,
                           size_t errlen)
{
    const char *d[1] = {p->id};
    if (store__exec(c->conn, "DELETE FROM problem_programs WHERE problem_id = $1", 1, d, NULL, err,
                    errlen) < 0)
        return -1;
    for (size_t i = 0; i < p->nprograms; i++) {
        const struct catalog_program *g = &p->programs[i];
        const char *v[5] = {p->id, g->path, g->folder, g->language, g->code};
        if (store__exec(c->conn,
                        "INSERT INTO problem_programs (problem_id, path, folder, language, code) "
                        "VALUES ($1, $2, $3, $4, $5)",
                        5, v, NULL, err, errlen) < 0)
            return -1;
    }
    return 0;
}
