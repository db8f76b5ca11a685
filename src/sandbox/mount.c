/* Mount namespaces: the slot helper builds each slot's read-only root once,
 * and each run's init adds its fresh /proc, /tmp and binds in a private copy
 * that dies with the run. */
#include "sandbox/internal.h"
#include "sandbox/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define RO_BIND (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)

/* Runs a step: on failure, records which one and returns the negative errno. */
#define TRY(st, expr)                                                                              \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            *step = (st);                                                                          \
            return -errno;                                                                         \
        }                                                                                          \
    } while (0)

/* Creates the missing parent directories of path (absolute), root-owned 0755. */
static int make_parents(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    return 0;
}

/* Creates an empty mount point at target for a directory or a file. */
static int make_mount_point(const char *target, bool dir)
{
    int rc = make_parents(target);
    if (rc < 0)
        return rc;
    if (dir)
        return mkdir(target, 0755) < 0 && errno != EEXIST ? -errno : 0;
    int fd = open(target, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    close(fd);
    return 0;
}

/* Puts host path into the root at root/path: symlinks are copied (the merged
 * /usr's /bin -> usr/bin), directories and files are bound read-only, nosuid,
 * nodev; a missing path is skipped. */
static int add_host_path(const char *root, const char *path)
{
    char target[PATH_MAX];
    if (snprintf(target, sizeof(target), "%s%s", root, path) >= (int)sizeof(target))
        return -ENAMETOOLONG;
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -errno;
    if (S_ISLNK(st.st_mode)) {
        char link[PATH_MAX];
        ssize_t n = readlink(path, link, sizeof(link) - 1);
        if (n < 0)
            return -errno;
        link[n] = '\0';
        int rc = make_parents(target);
        if (rc < 0)
            return rc;
        return symlink(link, target) < 0 && errno != EEXIST ? -errno : 0;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
        return 0;
    int rc = make_mount_point(target, S_ISDIR(st.st_mode));
    if (rc < 0)
        return rc;
    /* Not MS_REC: mounts below a bound directory stay hidden. */
    if (mount(path, target, NULL, MS_BIND, NULL) < 0 ||
        mount(NULL, target, NULL, RO_BIND, NULL) < 0)
        return -errno;
    return 0;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    size_t n = strlen(text);
    int rc = write(fd, text, n) == (ssize_t)n ? 0 : -EIO;
    close(fd);
    return rc;
}

/* The box's /etc: our own passwd, group and hosts (no host accounts, never
 * /etc/shadow); the few host files the runtimes need come as binds. */
static int make_etc(const char *root, const struct root_plan *plan)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/etc", root);
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        return -errno;
    static const char *const files[] = {"passwd", "group", "hosts"};
    const char *texts[] = {plan->passwd, plan->group, "127.0.0.1 localhost box\n"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/etc/%s", root, files[i]);
        int rc = write_file(path, texts[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A minimal /dev: null, zero, urandom, and the usual links. The program cannot
 * reach the host's devices, ttys or /dev/shm (attack "write host /dev/shm":
 * /dev/shm is the run's own /tmp). */
static int make_dev(const char *root)
{
    char dev[PATH_MAX], path[PATH_MAX + 32];
    snprintf(dev, sizeof(dev), "%s/dev", root);
    if (mkdir(dev, 0755) < 0 ||
        mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755") < 0)
        return -errno;
    static const struct {
        const char *name;
        unsigned minor;
    } nodes[] = {{"null", 3}, {"zero", 5}, {"urandom", 9}};
    for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dev, nodes[i].name);
        if (mknod(path, S_IFCHR | 0666, makedev(1, nodes[i].minor)) < 0 || chmod(path, 0666) < 0)
            return -errno;
    }
    static const char *const links[][2] = {{"fd", "/proc/self/fd"},
                                           {"stdin", "/proc/self/fd/0"},
                                           {"stdout", "/proc/self/fd/1"},
                                           {"stderr", "/proc/self/fd/2"},
                                           {"shm", "/tmp"}};
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dev, links[i][0]);
        if (symlink(links[i][1], path) < 0)
            return -errno;
    }
    if (mount(NULL, dev, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL) < 0)
        return -errno;
    return 0;
}

static int build_root(const struct root_plan *plan, int *step)
{
    const char *root = plan->mount_point;
    char path[PATH_MAX];
    /* Nothing we mount may propagate back to the host. */
    TRY(STEP_ROOT_PRIVATE, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    TRY(STEP_ROOT_TMPFS,
        mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=1024,mode=0755"));
    static const char *const defaults[] = {"/usr",
                                           "/bin",
                                           "/sbin",
                                           "/lib",
                                           "/lib32",
                                           "/lib64",
                                           "/libx32",
                                           "/etc/ld.so.cache",
                                           "/etc/ld.so.conf",
                                           "/etc/ld.so.conf.d",
                                           "/etc/alternatives",
                                           "/etc/localtime",
                                           NULL};
    for (int i = 0; defaults[i]; i++) {
        int rc = add_host_path(root, defaults[i]);
        if (rc < 0) {
            *step = STEP_ROOT_POPULATE;
            return rc;
        }
    }
    for (int i = 0; plan->extra_root && plan->extra_root[i]; i++) {
        int rc = add_host_path(root, plan->extra_root[i]);
        if (rc < 0) {
            *step = STEP_ROOT_POPULATE;
            return rc;
        }
    }
    int rc = make_etc(root, plan);
    if (rc < 0) {
        *step = STEP_ROOT_ETC;
        return rc;
    }
    if ((rc = make_dev(root)) < 0) {
        *step = STEP_ROOT_DEV;
        return rc;
    }
    static const char *const dirs[] = {"/proc", "/tmp", "/box"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
        TRY(STEP_ROOT_POPULATE, mkdir(path, dirs[i][1] == 't' ? 01777 : 0755));
    }
    /* /box: the slot's working directory for one submission, a tmpfs of its own
     * owned by the slot's uid (attack "disk fill": it cannot outgrow box_kb). */
    TRY(STEP_ROOT_BOX, mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, plan->box_opts));
    /* The root becomes "/"; the host's tree is detached, so no ".." leads back. */
    TRY(STEP_ROOT_PIVOT, chdir(root));
    TRY(STEP_ROOT_PIVOT, syscall(SYS_pivot_root, ".", "."));
    TRY(STEP_ROOT_PIVOT, umount2(".", MNT_DETACH));
    TRY(STEP_ROOT_PIVOT, chdir("/"));
    TRY(STEP_ROOT_READONLY, mount(NULL, "/", NULL, RO_BIND, NULL));
    return 0;
}

/*** The slot helper, in its new namespaces ***/

_Noreturn void mount_helper_main(const struct root_plan *plan)
{
    int step = STEP_HELPER_UNSHARE;
    int fds[4] = {-1, -1, -1, -1};
    int flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS;
    int rc = 0;
    if (unshare(flags) < 0) {
        rc = -errno;
        goto fail;
    }
    /* A new network namespace has only a loopback interface, and it is down:
     * the box has no network at all, and nothing here turns it on. */
    if (sethostname("box", 3) < 0) {
        step = STEP_HOSTNAME;
        rc = -errno;
        goto fail;
    }
    static const char *const ns[] = {"/proc/self/ns/mnt", "/proc/self/ns/net", "/proc/self/ns/uts"};
    for (int i = 0; i < 3; i++) {
        fds[i] = open(ns[i], O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) {
            step = STEP_HELPER_NS;
            rc = -errno;
            goto fail;
        }
    }
    if ((rc = build_root(plan, &step)) < 0)
        goto fail;
    fds[3] = open("/box", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fds[3] < 0) {
        step = STEP_BOX_OPEN;
        rc = -errno;
        goto fail;
    }
    /* The descriptor table is shared with the parent: the numbers are enough. */
    struct child_msg msg = {.kind = MSG_FDS};
    memcpy(msg.fds, fds, sizeof(fds));
    if (write(plan->status_fd, &msg, sizeof(msg)) != sizeof(msg))
        _exit(1);
    _exit(0);
fail:
    for (int i = 0; i < 4; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    child_report(plan->status_fd, MSG_ERROR, step, rc);
    _exit(1);
}

/*** The run's init, before the program starts ***/

/* The init shares the worker's memory: raw system calls only (sys.h). */
#define SYS_TRY(st, expr)                                                                          \
    do {                                                                                           \
        long rc_ = (expr);                                                                         \
        if (rc_ < 0) {                                                                             \
            *step = (st);                                                                          \
            return (int)rc_;                                                                       \
        }                                                                                          \
    } while (0)

/* make_mount_point() for the init: the missing parents of target, root-owned
 * 0755, then target itself, an empty directory or file. */
SANDBOX_CHILD static int run_mount_point(const char *target, bool dir)
{
    char buf[PATH_MAX];
    size_t n = strlen(target);
    if (n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, target, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        long rc = sys3(SYS_mkdirat, AT_FDCWD, buf, 0755);
        if (rc < 0 && rc != -EEXIST)
            return (int)rc;
        *p = '/';
    }
    long rc =
        dir ? sys3(SYS_mkdirat, AT_FDCWD, target, 0755)
            : sys4(SYS_openat, AT_FDCWD, target, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (rc == -EEXIST && dir)
        return 0;
    if (rc < 0)
        return (int)rc;
    if (!dir)
        sys1(SYS_close, rc);
    return 0;
}

int mount_run(const struct run_plan *plan, int *step)
{
    /* Host paths are opened as detached trees first: once in the slot's mount
     * namespace, the host's tree is out of reach. */
    int trees[SANDBOX_MAX_BINDS];
    for (size_t i = 0; i < plan->nbinds; i++) {
        long fd =
            sys3(SYS_open_tree, AT_FDCWD, plan->bind_host[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        SYS_TRY(STEP_INIT_OPEN_TREE, fd);
        trees[i] = (int)fd;
    }
    SYS_TRY(STEP_INIT_SETNS, sys2(SYS_setns, plan->net_fd, CLONE_NEWNET));
    SYS_TRY(STEP_INIT_SETNS, sys2(SYS_setns, plan->uts_fd, CLONE_NEWUTS));
    SYS_TRY(STEP_INIT_SETNS, sys2(SYS_setns, plan->mnt_fd, CLONE_NEWNS));
    /* A private copy of the slot's tree: every mount below dies with the run. */
    SYS_TRY(STEP_INIT_UNSHARE, sys1(SYS_unshare, CLONE_NEWNS));
    /* /proc of the run's own PID namespace: no host process is visible. */
    SYS_TRY(STEP_INIT_PROC, sys5(SYS_mount, "proc", "/proc", "proc",
                                 MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2"));
    /* The kernel's tunables and symbols are none of the run's business: an
     * empty read-only tmpfs over /proc/sys, /dev/null over /proc/kallsyms
     * (attack "hidden"). */
    SYS_TRY(STEP_INIT_MASK,
            sys5(SYS_mount, "none", "/proc/sys", "tmpfs",
                 MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,nr_inodes=1,mode=0555"));
    SYS_TRY(STEP_INIT_MASK, sys5(SYS_mount, "/dev/null", "/proc/kallsyms", NULL, MS_BIND, NULL));
    /* A fresh, size-limited /tmp (attack "disk fill of /tmp"). */
    SYS_TRY(STEP_INIT_TMP,
            sys5(SYS_mount, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, plan->tmp_opts));
    if (plan->box_readonly)
        SYS_TRY(STEP_INIT_BOX_RO, sys5(SYS_mount, NULL, "/box", NULL, RO_BIND, NULL));
    if (plan->nbinds) {
        /* Mount points go into the root tmpfs, writable for this copy only. */
        SYS_TRY(STEP_INIT_BIND, sys5(SYS_mount, NULL, "/", NULL,
                                     MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV, NULL));
        for (size_t i = 0; i < plan->nbinds; i++) {
            struct stat st;
            SYS_TRY(STEP_INIT_BIND, sys4(SYS_newfstatat, trees[i], "", &st, AT_EMPTY_PATH));
            SYS_TRY(STEP_INIT_BIND, run_mount_point(plan->bind_box[i], S_ISDIR(st.st_mode)));
            SYS_TRY(STEP_INIT_BIND, sys5(SYS_move_mount, trees[i], "", AT_FDCWD, plan->bind_box[i],
                                         MOVE_MOUNT_F_EMPTY_PATH));
            SYS_TRY(STEP_INIT_BIND, sys5(SYS_mount, NULL, plan->bind_box[i], NULL, RO_BIND, NULL));
            sys1(SYS_close, trees[i]);
        }
        SYS_TRY(STEP_INIT_BIND, sys5(SYS_mount, NULL, "/", NULL, RO_BIND, NULL));
    }
    SYS_TRY(STEP_INIT_CHDIR, sys1(SYS_chdir, plan->cwd));
    return 0;
}
