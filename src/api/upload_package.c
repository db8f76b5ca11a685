/* PUT /api/problems/{id} with the zip of a Kattis problem package (a zip
 * holding problem.yaml): unpacked into a private temporary directory
 * (package/unzip.h: bounded sizes, no path out of it, no links), read
 * (package/package.h) and converted (judge/from_package.h, pandoc for a
 * LaTeX statement) on libuv's thread pool, so the loop never waits for the
 * disk or pandoc; then written like any PUT (authoring.c). */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/log.h"
#include "judge/from_package.h"
#include "package/package.h"
#include "package/unzip.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct upload_package {
    uv_work_t work;
    struct api *api;
    struct http_request *req;
    char id[72];
    const char *body; /* the request's, valid until it is answered */
    size_t len;
    int rc;
    struct catalog_problem p;
    struct from_package_info info;
    char err[1024];
};

/* Unpacks and reads into dir/<id>, so that the package is named as the
 * problem (package_read takes its id from the directory). */
static int upload_package_read(struct upload_package *u, const char *tmp)
{
    char dir[PATH_MAX + 80];
    snprintf(dir, sizeof(dir), "%s/%s", tmp, u->id);
    if (mkdir(dir, 0700) < 0) {
        snprintf(u->err, sizeof(u->err), "cannot unpack the zip: %s", strerror(errno));
        return -EIO;
    }
    if (package_unzip(u->body, u->len, dir, u->api->max_unpacked, u->err, sizeof(u->err)) < 0)
        return -EINVAL;
    struct package *pkg;
    if (package_read(dir, &pkg, u->err, sizeof(u->err)) < 0)
        return -EINVAL;
    struct from_package_options o = {.id = u->id};
    int rc = from_package(pkg, &o, &u->p, &u->info, u->err, sizeof(u->err));
    package_free(pkg);
    return rc < 0 ? -EINVAL : 0;
}

/*** On a thread of the pool ***/

static void upload_package_work(uv_work_t *w)
{
    struct upload_package *u = w->data;
    char tmp[PATH_MAX];
    int rc = package_tmpdir(tmp, sizeof(tmp));
    if (rc < 0) {
        snprintf(u->err, sizeof(u->err), "cannot create a temporary directory: %s", strerror(-rc));
        u->rc = -EIO;
        return;
    }
    u->rc = upload_package_read(u, tmp);
    (void)fs_remove_tree(tmp);
}

/*** Back on the loop ***/

/* The answer's extra members: the package's warnings (also logged), and
 * whether its time limit is provisional. */
static char *upload_package_members(struct upload_package *u)
{
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "\"timeLimitProvisional\":%s,\"warnings\":[",
               u->info.time_limit_provisional ? "true" : "false");
    for (size_t i = 0; i < u->info.nwarnings; i++) {
        log_info("problem %s: package warning: %s", u->id, u->info.warnings[i]);
        buf_puts(&b, i ? "," : "");
        buf_json_str(&b, u->info.warnings[i], strlen(u->info.warnings[i]));
    }
    buf_puts(&b, "]");
    return buf_steal(&b);
}

static void upload_package_done(uv_work_t *w, int status)
{
    struct upload_package *u = w->data;
    if (status < 0 || u->rc == -EIO) {
        log_warn("problem %s: package upload failed: %s", u->id,
                 status < 0 ? uv_strerror(status) : u->err);
        api__error(u->api, u->req, 503, "the package could not be unpacked; nothing written");
    } else if (u->rc < 0) {
        api__error(u->api, u->req, 400, u->err);
    } else {
        api__problem_write(u->api, u->req, u->id, &u->p, upload_package_members(u));
    }
    catalog_problem_dispose(&u->p);
    from_package_info_dispose(&u->info);
    free(u);
}

void api__package_put(struct api *api, struct http_request *req, const char *id)
{
    struct upload_package *u = xcalloc(1, sizeof(*u));
    u->api = api;
    u->req = req;
    snprintf(u->id, sizeof(u->id), "%s", id);
    u->body = http_request_body(req, &u->len);
    u->work.data = u;
    int rc = uv_queue_work(api->loop, &u->work, upload_package_work, upload_package_done);
    if (rc < 0) {
        api__error(api, req, 503, "the package cannot be read now; nothing written");
        free(u);
    }
}
