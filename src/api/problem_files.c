/* GET /api/problems/{id}/files/{name}: a file kept with the problem (its
 * statement's images, judge/images.h), read from PostgreSQL each time (one
 * indexed row) and revalidated by ETag. No script ever runs from one: every
 * answer carries a Content-Security-Policy with sandbox (an uploaded SVG is
 * a document that could hold <script> on our origin) and nosniff. */
#include "api/internal.h"

#include "common/alloc.h"
#include "contract/ids.h"
#include "judge/images.h"
#include "store/problem_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct file_ctx {
    struct api *api;
    struct http_request *req;
    char name[IMAGES_NAME_MAX + 1];
};

/* Whether the client's If-None-Match names etag (or is "*"). */
static bool file_not_modified(struct http_request *req, const char *etag)
{
    size_t len;
    const char *inm = http_request_header(req, "If-None-Match", &len);
    if (inm == NULL)
        return false;
    if (len == 1 && inm[0] == '*')
        return true;
    char quoted[80];
    int q = snprintf(quoted, sizeof(quoted), "\"%s\"", etag);
    for (size_t i = 0; q > 0 && (size_t)q < sizeof(quoted) && i + (size_t)q <= len; i++)
        if (memcmp(inm + i, quoted, (size_t)q) == 0)
            return true;
    return false;
}

static void file_on_read(int status, const void *bytes, size_t len, const char *etag, void *data)
{
    struct file_ctx *ctx = data;
    struct api *api = ctx->api;
    if (status == -ENOENT) {
        api__error(api, ctx->req, 404, "no such file");
    } else if (status < 0) {
        api->metrics.db_unavailable++;
        api__error(api, ctx->req, 503, "database unavailable, try again");
    } else {
        /* no-cache: kept, but asked again each time (a cheap 304), since a
         * write may replace the file under the same name. */
        char headers[512];
        snprintf(headers, sizeof(headers),
                 "Cache-Control: public, no-cache\r\nETag: \"%s\"\r\n"
                 "X-Content-Type-Options: nosniff\r\n"
                 "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
                 "sandbox\r\n",
                 etag);
        bool same = file_not_modified(ctx->req, etag);
        api->metrics.responses[same ? 3 : 2]++;
        http_respond(ctx->req, same ? 304 : 200,
                     same ? NULL : images_type(ctx->name, strlen(ctx->name)), headers,
                     same ? NULL : bytes, same ? 0 : len);
    }
    free(ctx);
}

void api__get_problem_file(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    size_t ilen, nlen;
    const char *id = route_param(m, "id", &ilen);
    const char *name = route_param(m, "name", &nlen);
    /* The name rule has no '/', '%' or "..": nothing outside the problem's
     * own rows can be named, and no decoding is needed. */
    if (!ids_problem_valid(id, ilen) || ilen >= 72 || !images_name_valid(name, nlen)) {
        api__error(api, req, 404, "no such file");
        return;
    }
    struct file_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    memcpy(ctx->name, name, nlen);
    char pid[72];
    memcpy(pid, id, ilen);
    pid[ilen] = '\0';
    int rc = problem_files_get(api->pg, pid, ctx->name, file_on_read, ctx);
    if (rc < 0)
        file_on_read(rc == -ENOENT ? -EIO : rc, NULL, 0, NULL, ctx);
}
