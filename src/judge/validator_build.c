/* Building a package's output validator once per problem version: its files
 * compiled in the slot by its language's compiler, then everything the box
 * holds (sources, binaries, classes) copied out to a host directory, from
 * which each test's run binds it read-only. */
#include "judge/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VALIDATOR_FILE_MAX (64u << 20) /* bytes of one file of the built box */
#define VALIDATOR_FILES_MAX 4096       /* files and directories of it */
#define VALIDATOR_DEPTH_MAX 8

static void validator_on_built(struct sandbox_slot *slot, int status,
                               const struct sandbox_result *res, void *data);

int judge_build_validator(struct judge *j, const struct plan_files *v, const char *dest,
                          judge_validator_cb cb, void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    struct judge_program *p = &j->val;
    int rc = judge__program_of(p, v, JUDGE_CHECKER_MEMORY_MB);
    if (rc < 0 || (rc = sandbox_slot_reset(j->slot)) < 0)
        return rc;
    for (size_t i = 0; i < v->n; i++) {
        const char *name = v->v[i].name;
        for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
            char dir[PLAN_NAME_MAX + 1];
            snprintf(dir, sizeof(dir), "%.*s", (int)(s - name), name);
            if ((rc = sandbox_slot_mkdir(j->slot, dir, 0755)) < 0 && rc != -EEXIST)
                return rc;
        }
        if ((rc = sandbox_slot_write(j->slot, name, v->v[i].text, v->v[i].len, 0644)) < 0)
            return rc;
    }
    if (!p->lang->compile[0])
        return -EINVAL; /* every language of ours compiles or checks first */
    struct lang_argv argv;
    if ((rc = lang_program_expand(p->lang, p->lang->compile, &p->files, true,
                                  p->lang->compile_memory_mb, &argv)) < 0 ||
        (rc = judge__run_compile(j, argv.argv, p->lang, validator_on_built)) < 0)
        return rc;
    snprintf(j->dest, sizeof(j->dest), "%s", dest);
    j->validator_done = cb;
    j->data = data;
    j->step = STEP_VALIDATOR_BUILD;
    return 0;
}

static int copy_file(struct sandbox_slot *slot, const char *rel, const char *dest, mode_t mode)
{
    struct buf b;
    buf_init(&b);
    int rc = sandbox_slot_read(slot, rel, VALIDATOR_FILE_MAX, &b);
    int fd = rc < 0 ? rc : open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (rc == 0 && fd < 0)
        rc = -errno;
    for (size_t off = 0; rc == 0 && off < b.len;) {
        ssize_t w = write(fd, b.data + off, b.len - off);
        if (w < 0 && errno != EINTR)
            rc = -errno;
        off += w > 0 ? (size_t)w : 0;
    }
    /* The umask must not hide it from the boxes' uids. */
    if (rc == 0 && fchmod(fd, mode) < 0)
        rc = -errno;
    if (fd >= 0 && close(fd) < 0 && rc == 0)
        rc = -errno;
    buf_dispose(&b);
    return rc;
}

/* Copies the box's directory rel (relative to /box) to the host's dest. */
static int copy_dir(struct sandbox_slot *slot, const char *rel, const char *dest, int depth,
                    unsigned *count)
{
    if (mkdir(dest, 0755) < 0 || chmod(dest, 0755) < 0)
        return -errno;
    int fd = sandbox_slot_open(slot, rel, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd;
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return -errno;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char from[CACHE_PATH_MAX], to[CACHE_PATH_MAX + 256];
        struct stat st;
        if (++*count > VALIDATOR_FILES_MAX ||
            snprintf(from, sizeof(from), "%s/%s", rel, e->d_name) >= (int)sizeof(from))
            rc = -E2BIG;
        else if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            rc = -errno;
        snprintf(to, sizeof(to), "%s/%s", dest, e->d_name);
        if (rc == 0 && S_ISDIR(st.st_mode))
            rc = depth < VALIDATOR_DEPTH_MAX ? copy_dir(slot, from, to, depth + 1, count) : -E2BIG;
        else if (rc == 0 && S_ISREG(st.st_mode))
            rc = copy_file(slot, from, to, st.st_mode & 0111 ? 0755 : 0644);
    }
    closedir(d);
    return rc;
}

static void validator_on_built(struct sandbox_slot *slot, int status,
                               const struct sandbox_result *res, void *data)
{
    struct judge *j = data;
    j->step = STEP_IDLE;
    char msg[4200];
    if (status < 0) {
        snprintf(msg, sizeof(msg), "cannot compile the output validator: %s", strerror(-status));
        j->validator_done(j, status, msg, j->data);
        return;
    }
    if (res->verdict != SANDBOX_VERDICT_OK) {
        judge__read_compile_output(j);
        snprintf(msg, sizeof(msg), "the output validator does not compile (%s): %s",
                 sandbox_verdict_name(res->verdict),
                 j->compile_out.data ? j->compile_out.data : "");
        j->validator_done(j, -EINVAL, msg, j->data);
        return;
    }
    unsigned count = 0;
    int rc = copy_dir(slot, ".", j->dest, 0, &count);
    snprintf(msg, sizeof(msg), "cannot store the output validator: %s", strerror(-rc));
    j->validator_done(j, rc, rc < 0 ? msg : "", j->data);
}

int judge__box_save(struct sandbox_slot *slot, const char *dest)
{
    unsigned count = 0;
    return copy_dir(slot, ".", dest, 0, &count);
}
