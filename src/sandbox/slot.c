/* A slot: its network, UTS and mount namespaces, made once by a helper child
 * (a fresh network namespace costs 0.7 ms, too much per run), its /box, a fresh
 * tmpfs at each reset, and the host's access to /box files, which never follows a
 * link. */
#include "sandbox/internal.h"
#include "sandbox/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The tmpfs options of the slot's /box: its size and inode caps, owned by the
 * slot's uid. */
static void slot_box_opts(const struct sandbox_slot *slot, char *out, size_t len)
{
    uint64_t kb = slot->sb->box_kb;
    snprintf(out, len, "size=%luk,nr_inodes=%lu,mode=0755,uid=%u,gid=%u", (unsigned long)kb,
             (unsigned long)(kb / 16 + 256), (unsigned)slot->uid, (unsigned)slot->gid);
}

/* Runs the helper that builds the slot's root in new mount, network and UTS
 * namespaces. It shares our descriptor table (CLONE_FILES), so what it opens is
 * ours when it exits. */
int slot_build(struct sandbox_slot *slot, const char **step)
{
    struct sandbox *sb = slot->sb;
    struct root_plan plan;
    memset(&plan, 0, sizeof(plan));
    plan.mount_point = sb->mount_point;
    plan.uid = slot->uid;
    plan.gid = slot->gid;
    plan.box_kb = sb->box_kb;
    plan.extra_root = (const char *const *)sb->extra_root;
    snprintf(plan.passwd, sizeof(plan.passwd),
             "root:x:0:0:root:/root:/usr/sbin/nologin\n"
             "box:x:%u:%u:box:/box:/usr/sbin/nologin\n"
             "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
             (unsigned)slot->uid, (unsigned)slot->gid);
    snprintf(plan.group, sizeof(plan.group), "root:x:0:\nbox:x:%u:\nnogroup:x:65534:\n",
             (unsigned)slot->gid);
    slot_box_opts(slot, plan.box_opts, sizeof(plan.box_opts));
    *step = NULL;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return -errno;
    plan.status_fd = p[1];
    int rc = 0;
    long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
    if (pid < 0) {
        rc = -errno;
        goto out;
    }
    if (pid == 0)
        mount_helper_main(&plan);
    int status;
    while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* Only now: the helper wrote through the same descriptor table. */
    sandbox__close_fd(&p[1]);
    struct child_msg msg;
    if (read(p[0], &msg, sizeof(msg)) != (ssize_t)sizeof(msg)) {
        rc = -EPROTO;
        goto out;
    }
    if (msg.kind == MSG_ERROR) {
        rc = msg.err < 0 ? msg.err : -EPROTO;
        *step = step_name(msg.step);
        goto out;
    }
    if (msg.kind != MSG_FDS) {
        rc = -EPROTO;
        goto out;
    }
    /* The old mount namespace, its /box and all its files go with these. */
    sandbox__close_fd(&slot->mnt_fd);
    sandbox__close_fd(&slot->box_fd);
    slot->mnt_fd = msg.fds[0];
    sandbox__close_fd(&slot->net_fd);
    sandbox__close_fd(&slot->uts_fd);
    slot->net_fd = msg.fds[1];
    slot->uts_fd = msg.fds[2];
    slot->box_fd = msg.fds[3];
out:
    sandbox__close_fd(&p[0]);
    sandbox__close_fd(&p[1]);
    return rc;
}

/* The child that gives the slot a fresh /box: it shares our memory and our
 * descriptor table, and we wait while it works (CLONE_VFORK). */
struct box_job {
    int mnt_fd;
    const char *opts;
    long result; /* the new /box as an O_PATH descriptor, or a negative errno */
};

SANDBOX_CHILD static int box_child(void *arg)
{
    struct box_job *b = arg;
    long rc = sys2(SYS_setns, b->mnt_fd, CLONE_NEWNS);
    /* Lazily: an init still exiting may hold the old one in its copy. */
    if (rc >= 0)
        rc = sys2(SYS_umount2, "/box", MNT_DETACH);
    if (rc >= 0)
        rc = sys5(SYS_mount, "tmpfs", "/box", "tmpfs", MS_NOSUID | MS_NODEV, b->opts);
    if (rc >= 0)
        rc = sys4(SYS_openat, AT_FDCWD, "/box", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    b->result = rc;
    return 0;
}

int slot_new_box(struct sandbox_slot *slot)
{
    /* Runs change only their own copies of the slot's mount namespace: /box
     * is all a submission leaves behind, so a fresh tmpfs there is a fresh
     * slot, for 0.1 ms instead of a new root. */
    char opts[96];
    slot_box_opts(slot, opts, sizeof(opts));
    struct box_job b = {.mnt_fd = slot->mnt_fd, .opts = opts, .result = -EPROTO};
    int pid =
        clone(box_child, plan_prog_stack(slot), CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &b);
    if (pid < 0)
        return -errno;
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    if (b.result < 0)
        return (int)b.result;
    sandbox__close_fd(&slot->box_fd);
    slot->box_fd = (int)b.result;
    return 0;
}

void slot_dispose(struct sandbox_slot *slot)
{
    sandbox__close_fd(&slot->mnt_fd);
    sandbox__close_fd(&slot->net_fd);
    sandbox__close_fd(&slot->uts_fd);
    sandbox__close_fd(&slot->box_fd);
    run_streams_dispose(slot);
}

/*** The host's access to /box ***/

/* Resolution that stays in /box: no "..", no symlink, no magic link, no mount
 * crossing (attack "symlink planting": a link named like a file we read or
 * write makes the call fail, it never reaches a host file). */
#define BOX_RESOLVE                                                                                \
    (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV)

static int box_openat2(int dirfd, const char *path, int flags, mode_t mode)
{
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW);
    how.mode = flags & O_CREAT ? mode : 0;
    how.resolve = BOX_RESOLVE;
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    return fd < 0 ? -errno : (int)fd;
}

/* Opens the directory holding path's last component; *base points at it. */
static int open_parent(struct sandbox_slot *slot, const char *path, const char **base)
{
    if (!path || !*path || path[0] == '/' || strlen(path) >= 4096)
        return -EINVAL;
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!**base || strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0)
        return -EINVAL;
    if (!slash)
        return box_openat2(slot->box_fd, ".", O_PATH | O_DIRECTORY, 0);
    char dir[4096];
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    return box_openat2(slot->box_fd, dir, O_PATH | O_DIRECTORY, 0);
}

/* Gives a file or directory we created to the slot's user, with exactly mode. */
static int give_to_slot(struct sandbox_slot *slot, int fd, mode_t mode)
{
    if (fchown(fd, slot->uid, slot->gid) < 0 || fchmod(fd, mode) < 0)
        return -errno;
    return 0;
}

int slot_open(struct sandbox_slot *slot, const char *path, int flags, mode_t mode)
{
    if (slot->busy)
        return -EBUSY;
    if (!path || !*path || path[0] == '/')
        return -EINVAL;
    /* O_NONBLOCK: a FIFO planted in the box must not block the loop. */
    int fd = box_openat2(slot->box_fd, path, flags | O_NONBLOCK, mode);
    if (fd < 0)
        return fd;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        goto fail;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        rc = -EINVAL;
        goto fail;
    }
    int fl = fcntl(fd, F_GETFL);
    if (S_ISREG(st.st_mode) && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)) {
        rc = -errno;
        goto fail;
    }
    if ((flags & O_CREAT) && (rc = give_to_slot(slot, fd, mode)) < 0)
        goto fail;
    return fd;
fail:
    close(fd);
    return rc;
}

int slot_write(struct sandbox_slot *slot, const char *path, const void *data, size_t len,
               mode_t mode)
{
    if (slot->busy)
        return -EBUSY;
    const char *base;
    int dfd = open_parent(slot, path, &base);
    if (dfd < 0)
        return dfd;
    int rc = 0, fd = -1;
    /* Whatever the box left under this name (a link, a FIFO) is replaced. */
    if (unlinkat(dfd, base, 0) < 0 && errno != ENOENT) {
        rc = -errno;
        goto out;
    }
    fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 07777);
    if (fd < 0) {
        rc = -errno;
        goto out;
    }
    for (size_t off = 0; off < len;) {
        ssize_t n = write(fd, (const char *)data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -errno : -EIO;
            goto out;
        }
        off += (size_t)n;
    }
    rc = give_to_slot(slot, fd, mode & 07777);
out:
    if (fd >= 0)
        close(fd);
    close(dfd);
    return rc;
}

int slot_mkdir(struct sandbox_slot *slot, const char *path, mode_t mode)
{
    if (slot->busy)
        return -EBUSY;
    const char *base;
    int dfd = open_parent(slot, path, &base);
    if (dfd < 0)
        return dfd;
    int rc = 0, fd = -1;
    if (mkdirat(dfd, base, 0700) < 0) {
        rc = -errno;
        goto out;
    }
    fd = openat(dfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        goto out;
    }
    rc = give_to_slot(slot, fd, mode & 07777);
out:
    if (fd >= 0)
        close(fd);
    close(dfd);
    return rc;
}

int slot_read(struct sandbox_slot *slot, const char *path, size_t max, struct buf *out)
{
    int fd = slot_open(slot, path, O_RDONLY, 0);
    if (fd < 0)
        return fd;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = -EISDIR;
        goto out;
    }
    size_t total = 0;
    char chunk[16384];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = -errno;
            goto out;
        }
        if (n == 0)
            break;
        total += (size_t)n;
        if (total > max) {
            rc = -EFBIG;
            goto out;
        }
        buf_append(out, chunk, (size_t)n);
    }
out:
    close(fd);
    return rc;
}
