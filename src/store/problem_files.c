/* A problem's files (sql/014's problem_files): the api's read of one, the
 * CLI catalog's blocking writes and reads, and their hex form. Bytes travel
 * as hex text (decode($x, 'hex') / encode(content, 'hex')): every statement
 * here takes text parameters, and an image's bytes may hold a NUL. */
#include "store/problem_files.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "store/catalog.h"
#include "store/internal.h"
#include "store/pq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex_put(struct buf *b, const char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    buf_reserve(b, len * 2);
    for (size_t i = 0; i < len; i++) {
        char two[2] = {digits[(unsigned char)data[i] >> 4], digits[(unsigned char)data[i] & 15]};
        buf_append(b, two, 2);
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* hex (len digits) as bytes in a new buffer (NUL-terminated), or NULL when
 * it is not hex. */
static char *hex_get(const char *hex, size_t len, size_t *out_len)
{
    if (len % 2)
        return NULL;
    char *out = xmalloc(len / 2 + 1);
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[i] = (char)(hi * 16 + lo);
    }
    out[len / 2] = '\0';
    *out_len = len / 2;
    return out;
}

/*** The api's read ***/

static void files_on_result(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    problem_files_cb cb = (problem_files_cb)store__call_end(data, &cb_data);
    if (status < 0) {
        cb(status, NULL, 0, NULL, cb_data);
        return;
    }
    if (pg_result_rows(res) == 0) {
        cb(-ENOENT, NULL, 0, NULL, cb_data);
        return;
    }
    size_t hlen, len;
    const char *hex = pg_result_value(res, 0, 0, &hlen);
    char *bytes = hex_get(hex, hlen, &len);
    if (bytes == NULL)
        cb(-EPROTO, NULL, 0, NULL, cb_data);
    else
        cb(0, bytes, len, pg_result_value(res, 0, 1, NULL), cb_data);
    free(bytes);
}

int problem_files_get(struct pg *pg, const char *id, const char *name, problem_files_cb cb,
                      void *data)
{
    const char *v[2] = {id, name};
    return store__pg_call(pg, "prob_file", 2, v, NULL, files_on_result, (store__fn)cb, data);
}

/*** The catalog (blocking) ***/

char *store__files_json(const struct catalog_problem *p)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "[");
    for (size_t i = 0; i < p->nfiles; i++) {
        buf_puts(&b, i ? ",{\"n\":" : "{\"n\":");
        buf_json_str(&b, p->files[i].name, strlen(p->files[i].name));
        buf_puts(&b, ",\"d\":\"");
        hex_put(&b, p->files[i].data, p->files[i].len);
        buf_puts(&b, "\"}");
    }
    buf_puts(&b, "]");
    return buf_steal(&b);
}

int catalog__save_files(struct catalog *c, const struct catalog_problem *p, char *err,
                        size_t errlen)
{
    const char *d[1] = {p->id};
    if (store__exec(c->conn, "DELETE FROM problem_files WHERE problem_id = $1", 1, d, NULL, err,
                    errlen) < 0)
        return -1;
    for (size_t i = 0; i < p->nfiles; i++) {
        struct buf hex;
        buf_init(&hex);
        hex_put(&hex, p->files[i].data, p->files[i].len);
        buf_append(&hex, "", 1);
        const char *v[3] = {p->id, p->files[i].name, hex.data};
        int rc = store__exec(c->conn,
                             "INSERT INTO problem_files (problem_id, name, content) "
                             "VALUES ($1, $2, decode($3, 'hex'))",
                             3, v, NULL, err, errlen);
        buf_dispose(&hex);
        if (rc < 0)
            return -1;
    }
    return 0;
}

void catalog_files_free(struct catalog_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].data);
    }
    free(v);
}

int catalog__load_files(struct catalog *c, struct catalog_problem *p, char *err, size_t errlen)
{
    const char *v[1] = {p->id};
    PGresult *res;
    if (store__exec(c->conn,
                    "SELECT name, encode(content, 'hex') FROM problem_files WHERE problem_id = $1 "
                    "ORDER BY name COLLATE \"C\"",
                    1, v, &res, err, errlen) < 0)
        return -1;
    int rows = PQntuples(res);
    p->files = xcalloc(rows ? (size_t)rows : 1, sizeof(*p->files));
    for (int i = 0; i < rows; i++) {
        struct catalog_file *f = &p->files[p->nfiles];
        f->data = hex_get(PQgetvalue(res, i, 1), (size_t)PQgetlength(res, i, 1), &f->len);
        if (f->data == NULL) {
            snprintf(err, errlen, "problem_files: %s: not hex", PQgetvalue(res, i, 0));
            PQclear(res);
            return -1;
        }
        f->name = xstrdup(PQgetvalue(res, i, 0));
        p->nfiles++;
    }
    PQclear(res);
    return 0;
}
