/* A run's "match" when the problem's checker is a program (a custom
 * checker, or a package's output validator): the program, built once per
 * problem version into the worker's cache (DIR/cache/runs/<problem>-
 * <version>-checker|validator), is run on the user's output with the
 * reference's output as the answer and the run's input, as judging runs it
 * (judge_check_output()). Its failure is no one's verdict: match null and a
 * note. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "common/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct wruncheck {
    struct wslot *s;
    struct worker_run_check c;
    worker_run_check_cb cb;
    char program[CACHE_PATH_MAX];  /* the built checker (file) or validator (directory) */
    char tmp[CACHE_PATH_MAX + 32]; /* a build in progress, "" for none */
    char answer[CACHE_PATH_MAX + 16], output[CACHE_PATH_MAX + 16];
};

/* Ends the check: the lane's files removed, then the caller's callback. */
static void check_end(struct wruncheck *k, int match, const char *note)
{
    if (k->tmp[0])
        (void)fs_remove_tree(k->tmp);
    (void)unlink(k->answer);
    (void)unlink(k->output);
    struct wslot *s = k->s;
    worker_run_check_cb cb = k->cb;
    free(k);
    cb(s, match, note);
}

static int check_write(const char *path, const char *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return -errno;
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = -errno;
            close(fd);
            return e;
        }
        done += (size_t)n;
    }
    return close(fd) < 0 ? -errno : 0;
}

static void check_on_checked(struct judge *j, int status, int match, const char *why, void *data)
{
    (void)j;
    struct wruncheck *k = data;
    if (status < 0) {
        check_end(k, -1, "the checker could not be run");
        return;
    }
    check_end(k, match, match < 0 ? why : NULL);
}

static void check_run(struct wruncheck *k)
{
    struct judge_output_check oc = {.validator = k->c.validator,
                                    .checker = k->program,
                                    .input = k->c.input,
                                    .answer = k->answer,
                                    .output = k->output,
                                    .cpu_ms = k->c.cpu_ms};
    int rc = judge_check_output(k->s->judge, &oc, check_on_checked, k);
    if (rc < 0)
        check_end(k, -1, "the checker could not be run");
}

/* The build in k->tmp is complete: into its place, where another slot's
 * build of the same version may already be (then theirs is kept). */
static void check_built(struct wruncheck *k)
{
    if (rename(k->tmp, k->program) == 0 || errno == EEXIST || errno == ENOTEMPTY) {
        check_run(k);
        return;
    }
    log_warn("slot %u: cannot keep the checker build %s: %s", k->s->index, k->program,
             strerror(errno));
    check_end(k, -1, "the checker could not be kept");
}

static void check_on_validator(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct wruncheck *k = data;
    if (status < 0) {
        char note[300];
        snprintf(note, sizeof(note), "the output validator does not build: %.250s", msg);
        check_end(k, -1, note);
        return;
    }
    check_built(k);
}

static void check_on_checker(struct judge *j, int status, const char *bin, size_t len,
                             const char *msg, void *data)
{
    (void)j;
    struct wruncheck *k = data;
    if (status < 0) {
        char note[300];
        snprintf(note, sizeof(note), "%.280s", msg);
        check_end(k, -1, note);
        return;
    }
    if (check_write(k->tmp, bin, len, 0755) < 0) {
        check_end(k, -1, "the checker could not be kept");
        return;
    }
    check_built(k);
}

/* Builds the program into a temporary name beside its place (a file for a
 * custom checker, a directory for a validator, which must not exist yet). */
static int check_build(struct wruncheck *k)
{
    static unsigned seq;
    snprintf(k->tmp, sizeof(k->tmp), "%s.tmp-%d-%u", k->program, (int)getpid(), ++seq);
    if (k->c.validator)
        return judge_build_validator(k->s->judge, k->c.validator, k->tmp, check_on_validator, k);
    return judge_build_checker(k->s->judge, k->c.checker_source, k->c.checker_len, check_on_checker,
                               k);
}

int worker__run_check(struct wslot *s, const struct worker_run_check *c, worker_run_check_cb cb)
{
    struct wruncheck *k = xcalloc(1, sizeof(*k));
    k->s = s;
    k->c = *c;
    k->cb = cb;
    char dir[CACHE_PATH_MAX - 100];
    snprintf(dir, sizeof(dir), "%s/runs", s->w->cache_dir);
    int n = snprintf(k->program, sizeof(k->program), "%s/%.64s-%d-%s", dir, c->problem, c->version,
                     c->validator ? "validator" : "checker");
    snprintf(k->answer, sizeof(k->answer), "%s/run.ans", s->lane->scratch);
    snprintf(k->output, sizeof(k->output), "%s/run.user", s->lane->scratch);
    int rc = n < 0 || n >= (int)sizeof(k->program) ? -ENAMETOOLONG : fs_mkdir_p(dir, 0755);
    if (rc == 0)
        rc = check_write(k->answer, c->answer, c->answer_len, 0644);
    if (rc == 0)
        rc = check_write(k->output, c->output, c->output_len, 0644);
    if (rc == 0 && access(k->program, F_OK) == 0) {
        check_run(k);
        return 0;
    }
    if (rc == 0)
        rc = check_build(k);
    if (rc < 0) {
        k->tmp[0] = '\0';
        (void)unlink(k->answer);
        (void)unlink(k->output);
        free(k);
    }
    return rc;
}
