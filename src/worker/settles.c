/* Package zips an api wants settled before it writes them (store/lane.h, lane_settles;
 * README "Kattis problem packages"): between jobs, the worker takes one
 * request at a time and runs `verdict problems settle ZIP` as a child
 * process (the import's own steps: input validators on every test input, the
 * time limit from the accepted programs when the package gives none, in a
 * sandbox instance of the child's own), reading its one JSON line without
 * blocking the loop, and stores it as the answer. The child is killed at the
 * request's deadline, or at once when the worker stops. */
#include "worker/internal.h"

#include "common/fs.h"
#include "common/log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SETTLE_OUT_MAX (1u << 20) /* of the child's JSON line */

struct wsettle {
    struct worker *w;
    char token[LANE_TOKEN_MAX];
    char dir[CACHE_PATH_MAX], zip[CACHE_PATH_MAX + 16];
    uv_process_t proc;
    uv_pipe_t out;
    uv_timer_t deadline;
    unsigned open; /* handles not closed yet */
    bool running;
    int64_t exit_status;
    int term_signal;
    struct buf text;
};

static void settle_on_answered(int status, void *data)
{
    struct worker *w = data;
    struct wsettle *c = w->settle;
    if (status < 0)
        log_warn("cannot answer package settle %s: %s", c->token, strerror(-status));
    if (c->dir[0])
        (void)fs_remove_tree(c->dir);
    buf_dispose(&c->text);
    free(c);
    w->settle = NULL;
    worker__taker_done(&w->takers[WORKER_TAKE_SETTLES]);
}

/* {"internal": why}: the worker could not settle the package, for its own
 * reasons (cli/settle.h). */
static void settle_internal(struct buf *b, const char *why)
{
    buf_puts(b, "{\"internal\":");
    buf_json_str(b, why, strlen(why));
    buf_puts(b, "}");
}

static void settle_answer(struct wsettle *c, const char *internal)
{
    struct buf b;
    buf_init(&b);
    if (internal) {
        settle_internal(&b, internal);
    } else {
        buf_append(&b, c->text.data, c->text.len);
    }
    log_info("package settle %s: %s", c->token, internal ? internal : "answered");
    if (lane_answer(c->w->redis, &lane_settles, c->token, b.data, b.len, settle_on_answered, c->w) <
        0)
        settle_on_answered(-ENOTCONN, c->w);
    buf_dispose(&b);
}

/* Every handle closed: the child's line is the answer if it is one. */
static void settle_finish(struct wsettle *c)
{
    cJSON *doc = cJSON_ParseWithLength(c->text.data ? c->text.data : "", c->text.len);
    /* {"error"} is the package's fault (400), {"internal"} this host's
     * (503), as the child tells them apart (cli/settle.h). */
    bool answer = cJSON_IsObject(doc) && (cJSON_GetObjectItemCaseSensitive(doc, "error") ||
                                          cJSON_GetObjectItemCaseSensitive(doc, "internal") ||
                                          cJSON_GetObjectItemCaseSensitive(doc, "timeLimitMs"));
    cJSON_Delete(doc);
    char why[160];
    if (c->term_signal)
        snprintf(why, sizeof(why),
                 "the settle was killed (signal %d: its deadline or the "
                 "worker's stop)",
                 c->term_signal);
    else
        snprintf(why, sizeof(why), "the settle ended (exit %lld) without an answer",
                 (long long)c->exit_status);
    settle_answer(c, answer ? NULL : why);
}

static void settle_on_closed(uv_handle_t *h)
{
    struct wsettle *c = h->data;
    if (--c->open == 0)
        settle_finish(c);
}

static void settle_on_exit(uv_process_t *p, int64_t exit_status, int term_signal)
{
    struct wsettle *c = p->data;
    c->running = false;
    c->exit_status = exit_status;
    c->term_signal = term_signal;
    uv_close((uv_handle_t *)&c->proc, settle_on_closed);
    uv_close((uv_handle_t *)&c->deadline, settle_on_closed);
}

static void settle_on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)h;
    (void)hint;
    static char chunk[65536];
    *buf = uv_buf_init(chunk, sizeof(chunk));
}

static void settle_on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    struct wsettle *c = s->data;
    if (n > 0 && c->text.len + (size_t)n <= SETTLE_OUT_MAX)
        buf_append(&c->text, buf->base, (size_t)n);
    else if (n < 0)
        uv_close((uv_handle_t *)&c->out, settle_on_closed);
}

static void settle_kill(struct wsettle *c)
{
    if (c->running)
        (void)uv_process_kill(&c->proc, SIGKILL);
}

static void settle_on_deadline(uv_timer_t *t)
{
    settle_kill(t->data);
}

/* Starts the child on the zip; its stdout piped to us. */
static int settle_spawn(struct wsettle *c)
{
    char exe[4096];
    size_t len = sizeof(exe);
    int rc = uv_exepath(exe, &len);
    if (rc < 0)
        return rc;
    char *args[] = {exe, "problems", "settle", c->zip, NULL};
    uv_pipe_init(c->w->loop, &c->out, 0);
    uv_timer_init(c->w->loop, &c->deadline);
    c->out.data = c->deadline.data = c->proc.data = c;
    c->open = 2;
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE},
        {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&c->out},
        {.flags = UV_INHERIT_FD, .data.fd = 2}};
    uv_process_options_t o = {
        .exit_cb = settle_on_exit, .file = exe, .args = args, .stdio = stdio, .stdio_count = 3};
    rc = uv_spawn(c->w->loop, &c->proc, &o);
    if (rc < 0) {
        /* Counted like the others: c must outlive this close too (libuv
         * finishes it after the pipe's and the timer's, and the last
         * close may free c). */
        c->open = 3;
        uv_close((uv_handle_t *)&c->proc, settle_on_closed);
        return rc;
    }
    c->open = 3;
    c->running = true;
    return uv_read_start((uv_stream_t *)&c->out, settle_on_alloc, settle_on_read);
}

static int settle_write_zip(struct wsettle *c, const char *zip, size_t len)
{
    snprintf(c->dir, sizeof(c->dir), "%s/settle-XXXXXX", c->w->work_dir);
    int rc = fs_mkdtemp(c->dir, 0755);
    if (rc < 0) {
        c->dir[0] = '\0';
        return rc;
    }
    snprintf(c->zip, sizeof(c->zip), "%s/package.zip", c->dir);
    int fd = open(c->zip, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, zip + done, len - done);
        if (n < 0) {
            rc = -errno;
            close(fd);
            return rc;
        }
        done += (size_t)n;
    }
    return close(fd) < 0 ? -errno : 0;
}

static void settles_on_request(struct wtaker *t, const struct lane_request *req)
{
    struct worker *w = t->w;
    struct wsettle *c = xcalloc(1, sizeof(*c));
    w->settle = c;
    c->w = w;
    buf_init(&c->text);
    snprintf(c->token, sizeof(c->token), "%s", req->token);
    if (req->blob == NULL) {
        settle_answer(c, "the package zip is gone from Redis");
        return;
    }
    int rc = settle_write_zip(c, req->blob, req->blob_len);
    if (rc == 0)
        rc = settle_spawn(c);
    if (rc < 0) {
        log_warn("package settle %s: %s", c->token, strerror(-rc));
        if (c->running) { /* its exit closes the process and the timer */
            settle_kill(c);
            uv_close((uv_handle_t *)&c->out, settle_on_closed);
            return;
        }
        if (c->open) { /* the pipe and the timer (and a process that never started) */
            uv_close((uv_handle_t *)&c->out, settle_on_closed);
            uv_close((uv_handle_t *)&c->deadline, settle_on_closed);
            return;
        }
        settle_answer(c, "the worker could not start the settle");
        return;
    }
    /* Killed at its api's deadline: nobody waits for it after. */
    uint64_t now = lane_now_ms();
    uint64_t dl = req->deadline_ms;
    uv_timer_start(&c->deadline, settle_on_deadline, dl > now ? dl - now : 0, 0);
}

void worker__settles_stop(struct worker *w)
{
    if (w->settle)
        settle_kill(w->settle);
}

/* A request taken as the worker stops (takers.c). */
static int settles_refuse(struct redis *r, const char *token, const char *why,
                          void (*cb)(int status, void *data), void *data)
{
    struct buf b;
    buf_init(&b);
    settle_internal(&b, why);
    int rc = lane_answer(r, &lane_settles, token, b.data, b.len, cb, data);
    buf_dispose(&b);
    return rc;
}

void worker__settles_init(struct worker *w)
{
    worker__taker_init(w, &w->takers[WORKER_TAKE_SETTLES], &lane_settles, settles_on_request,
                       settles_refuse);
}
