/* PUT /api/problems/{id} with the zip of a Kattis problem package (a zip
 * holding problem.yaml): unpacked into a private temporary directory
 * (package/unzip.h: bounded sizes, no path out of it, no links), read
 * (package/package.h) and converted (judge/from_package.h, pandoc for a
 * LaTeX statement) on libuv's thread pool, so the loop never waits for the
 * disk or pandoc; then, when the package has input validators or gives no
 * time limit, settled by a worker as the CLI import would (the api has no
 * sandbox: the request lane lane_settles, store/lane.h; the PUT waits for
 * its answer up to --settle-wait-ms, lanes.c); then written like any PUT
 * (authoring.c). A package the settle refuses, or one no worker settled in
 * time, changes nothing. */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/log.h"
#include "judge/from_package.h"
#include "judge/problem.h"
#include "package/package.h"
#include "package/unzip.h"
#include "store/lane.h"

#include <cjson/cJSON.h>

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
    bool settle; /* input validators to run, or a time limit to compute */
    /* The settle in flight. */
    uint64_t settle_started;
    cJSON *answer; /* the worker's, once there */
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
    u->settle = u->info.time_limit_provisional;
    for (size_t i = 0; i < pkg->n_input_validators; i++)
        u->settle = u->settle || (pkg->input_validators[i].lang != SRCLANG_UNSUPPORTED &&
                                  !pkg->input_validators[i].has_build_run);
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

/* The answer's extra members: the package's warnings (also logged; the
 * settle's when there was one: the import's own list), whether its time
 * limit is provisional, and how a computed one came about. */
static char *upload_package_members(struct upload_package *u)
{
    struct buf b;
    buf_init(&b);
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(u->answer, "timeLimitNote");
    buf_printf(&b, "\"timeLimitProvisional\":%s,\"timeLimitNote\":",
               u->info.time_limit_provisional ? "true" : "false");
    if (cJSON_IsString(note))
        buf_json_str(&b, note->valuestring, strlen(note->valuestring));
    else
        buf_puts(&b, "null");
    buf_puts(&b, ",\"warnings\":[");
    const cJSON *ws = cJSON_GetObjectItemCaseSensitive(u->answer, "warnings"), *w;
    size_t n = 0;
    for (size_t i = 0; !cJSON_IsArray(ws) && i < u->info.nwarnings; i++) {
        log_info("problem %s: package warning: %s", u->id, u->info.warnings[i]);
        buf_puts(&b, n++ ? "," : "");
        buf_json_str(&b, u->info.warnings[i], strlen(u->info.warnings[i]));
    }
    cJSON_ArrayForEach(w, ws)
    {
        if (!cJSON_IsString(w))
            continue;
        log_info("problem %s: package warning: %s", u->id, w->valuestring);
        buf_puts(&b, n++ ? "," : "");
        buf_json_str(&b, w->valuestring, strlen(w->valuestring));
    }
    buf_puts(&b, "]");
    return buf_steal(&b);
}

static void upload_package_free(struct upload_package *u)
{
    catalog_problem_dispose(&u->p);
    from_package_info_dispose(&u->info);
    cJSON_Delete(u->answer);
    free(u);
}

/*** The settle, by a worker ***/

/* The worker's answer: refused (400, the file and rule), not settled (503),
 * or settled: the computed time limit taken, then written. */
static void upload_settled(struct upload_package *u)
{
    const cJSON *a = u->answer;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(a, "error");
    const cJSON *internal = cJSON_GetObjectItemCaseSensitive(a, "internal");
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(a, "timeLimitMs");
    log_info("problem %s: package settled by a worker in %llu ms", u->id,
             (unsigned long long)(lane_now_ms() - u->settle_started));
    if (cJSON_IsString(err)) {
        api__error(u->api, u->req, 400, err->valuestring);
    } else if (!cJSON_IsObject(a) || internal != NULL) {
        log_warn("problem %s: package settle failed: %s", u->id,
                 cJSON_IsString(internal) ? internal->valuestring : "(no answer)");
        api__error(u->api, u->req, 503, "a worker could not settle the package; nothing written");
    } else {
        if (cJSON_IsNumber(tl) && u->info.time_limit_provisional) {
            u->p.time_limit_ms = (int)tl->valuedouble;
            u->info.time_limit_provisional = false;
        }
        if (problem_finish(&u->p, u->err, sizeof(u->err)) < 0)
            api__error(u->api, u->req, 400, u->err);
        else
            api__problem_write(u->api, u->req, u->id, &u->p, upload_package_members(u));
    }
    upload_package_free(u);
}

static void upload_on_settled(int status, const char *answer, size_t len, void *data)
{
    struct upload_package *u = data;
    if (status == 0) {
        u->answer = cJSON_ParseWithLength(answer, len);
        upload_settled(u);
        return;
    }
    if (status == -ETIMEDOUT)
        api__error(u->api, u->req, 503,
                   "no worker settled the package in time (is a worker running?); nothing "
                   "written");
    else if (status == -ECANCELED)
        api__error(u->api, u->req, 503, "the api is stopping; nothing written");
    else
        api__error(u->api, u->req, 503,
                   "Redis unavailable: the package cannot be settled; nothing written");
    upload_package_free(u);
}

/* Asks a worker to settle the zip (the api has no sandbox); the write
 * follows its answer. Returns 0, or a negative errno when the request could
 * not be made (nothing answered). */
static int upload_settle(struct upload_package *u)
{
    u->settle_started = lane_now_ms();
    return api__lane_ask(u->api, &lane_settles, u->settle_started + u->api->settle_wait_ms, NULL,
                         u->body, u->len, upload_on_settled, u);
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
    } else if (u->settle) {
        int rc = upload_settle(u);
        if (rc == 0)
            return;
        api__error(u->api, u->req, 503,
                   rc == -ECANCELED
                       ? "the api is stopping; nothing written"
                       : "Redis unavailable: the package cannot be settled; nothing written");
    } else {
        api__problem_write(u->api, u->req, u->id, &u->p, upload_package_members(u));
    }
    upload_package_free(u);
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
