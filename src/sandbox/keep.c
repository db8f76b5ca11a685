/* Slots kept from one process to the next (sandbox_config.keep).
 *
 * A one-shot tool such as `verdict sandbox run` would otherwise build a slot
 * (a helper, new mount, network and UTS namespaces, the root's binds, a pivot:
 * 1.5-2 ms), create its cgroups, try a first run, and tear all of it down again
 * (a mount namespace's teardown waits for an RCU grace period) on every
 * invocation: 3-4 ms of the 9 it cost against bubblewrap's 4 (issue 10). A kept
 * slot outlives the process: its namespaces are pinned by bind mounts of their
 * nsfs files, its cgroups stay, and the next process with the same root_dir and
 * configuration takes them as they are and only gives /box a fresh tmpfs.
 *
 * Layout: <root_dir>/keep is a tmpfs of its own, made private, so that the pins
 * never propagate into another mount namespace (where they would pin the slot
 * for as long as that namespace lives). In it, slot<i>.mnt, .net and .uts, then
 * "config", written last: the configuration and the binary that built the
 * slots. A slot is taken only when config matches in full; anything else (a
 * new binary, other limits, a half-written keep after a crash, a reboot that
 * left empty files) drops the keep and builds afresh. Dropping is one lazy
 * unmount of the tmpfs: the pins, and with them the namespaces, go at once.
 *
 * Why it is safe to reuse: a slot's mount, network and UTS namespaces are
 * read-only to its runs (they run without capabilities in copies of the mount
 * namespace), /box is replaced before the first run, and the cgroups' counters
 * are read as deltas from a mark taken before each run. The directory is root's
 * (0700), as is everything else of the sandbox's. */
#include "sandbox/internal.h"

#include "common/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEEP_CONFIG_MAX 65536

static const struct {
    const char *suffix;
    int type;
} keep_ns[] = {{"mnt", CLONE_NEWNS}, {"net", CLONE_NEWNET}, {"uts", CLONE_NEWUTS}};

#define KEEP_NS (sizeof(keep_ns) / sizeof(keep_ns[0]))

static int *slot_ns_fd(struct sandbox_slot *slot, size_t k)
{
    return k == 0 ? &slot->mnt_fd : k == 1 ? &slot->net_fd : &slot->uts_fd;
}

static void keep_path(const struct sandbox *sb, struct buf *b, const char *name)
{
    buf_reset(b);
    buf_printf(b, "%s/keep", sb->root_dir);
    if (name)
        buf_printf(b, "/%s", name);
}

/* What the kept slots were built from: the configuration, and the binary by
 * identity (its build decides the root's layout and the run's steps). */
static void keep_signature(const struct sandbox *sb, struct buf *out)
{
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0)
        buf_printf(out, "exe %llu:%llu %lld.%09ld %lld\n", (unsigned long long)st.st_dev,
                   (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                   (long long)st.st_size);
    else
        buf_puts(out, "exe unknown\n"); /* never matches a file: see keep_take */
    /* A process under another root (a chroot, another mount namespace) builds
     * its own: the slot is built from the caller's view of /usr and the rest,
     * and a bound copy of the same root differs only by its mount. */
    struct statx root;
    if (statx(AT_FDCWD, "/", 0, STATX_MNT_ID, &root) == 0 && (root.stx_mask & STATX_MNT_ID))
        buf_printf(out, "root mount %llu\n", (unsigned long long)root.stx_mnt_id);
    buf_printf(out, "slots %u\nbox_kb %llu\ncgroup v%d %s\nmount %s\n", sb->nslots,
               (unsigned long long)sb->box_kb, sb->cg.version, sb->cg.parent, sb->mount_point);
    for (unsigned i = 0; i < sb->nslots; i++)
        buf_printf(out, "slot %u uid %u gid %u\n", i, (unsigned)sb->slots[i].uid,
                   (unsigned)sb->slots[i].gid);
    for (char **p = sb->extra_root; p && *p; p++)
        buf_printf(out, "extra %s\n", *p);
}

/* The kept config, or -errno. */
static int read_config(const struct sandbox *sb, struct buf *out)
{
    struct buf path;
    buf_init(&path);
    keep_path(sb, &path, "config");
    int fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    buf_dispose(&path);
    if (fd < 0)
        return -errno;
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0 && out->len < KEEP_CONFIG_MAX)
        buf_append(out, chunk, (size_t)n);
    int rc = n < 0 ? -errno : 0;
    close(fd);
    return rc;
}

/* Opens slot i's pinned namespace k; -ENOENT when the file is not a pin of
 * the right kind (a reboot leaves the empty files behind). */
static int open_pin(const struct sandbox *sb, unsigned i, size_t k)
{
    struct buf path;
    buf_init(&path);
    buf_printf(&path, "%s/keep/slot%u.%s", sb->root_dir, i, keep_ns[k].suffix);
    int fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    buf_dispose(&path);
    if (fd < 0)
        return -errno;
    if (ioctl(fd, NS_GET_NSTYPE) != keep_ns[k].type) {
        close(fd);
        return -ENOENT;
    }
    return fd;
}

int keep_take(struct sandbox *sb)
{
    struct buf want, have;
    buf_init(&want);
    buf_init(&have);
    keep_signature(sb, &want);
    int rc = read_config(sb, &have);
    bool same = rc == 0 && have.len == want.len && memcmp(have.data, want.data, want.len) == 0 &&
                strncmp(want.data, "exe unknown", 11) != 0;
    buf_dispose(&want);
    buf_dispose(&have);
    if (!same) {
        keep_drop(sb->root_dir);
        return 0;
    }
    for (unsigned i = 0; i < sb->nslots; i++) {
        for (size_t k = 0; k < KEEP_NS; k++) {
            int fd = open_pin(sb, i, k);
            if (fd < 0) {
                for (unsigned j = 0; j <= i; j++)
                    for (size_t m = 0; m < KEEP_NS; m++)
                        sandbox__close_fd(slot_ns_fd(&sb->slots[j], m));
                keep_drop(sb->root_dir);
                return 0;
            }
            *slot_ns_fd(&sb->slots[i], k) = fd;
        }
    }
    return 1;
}

/* Makes <root_dir>/keep a private tmpfs of its own, empty. */
static int keep_mount(const struct sandbox *sb, struct buf *path)
{
    keep_path(sb, path, NULL);
    if (mkdir(path->data, 0700) < 0 && errno != EEXIST)
        return -errno;
    if (mount("verdict-keep", path->data, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "size=64k,nr_inodes=256,mode=0700") < 0)
        return -errno;
    if (mount(NULL, path->data, NULL, MS_PRIVATE, NULL) < 0) {
        int rc = -errno;
        (void)umount2(path->data, MNT_DETACH);
        return rc;
    }
    return 0;
}

/* Pins slot i's namespace k: a bind mount of its nsfs file. */
static int pin(const struct sandbox *sb, unsigned i, size_t k, struct buf *path)
{
    struct sandbox_slot *slot = &sb->slots[i];
    buf_reset(path);
    buf_printf(path, "%s/keep/slot%u.%s", sb->root_dir, i, keep_ns[k].suffix);
    int fd = open(path->data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    close(fd);
    char src[64];
    snprintf(src, sizeof(src), "/proc/self/fd/%d", *slot_ns_fd(slot, k));
    return mount(src, path->data, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
}

int keep_save(struct sandbox *sb)
{
    keep_drop(sb->root_dir);
    struct buf path, sig;
    buf_init(&path);
    buf_init(&sig);
    int rc = keep_mount(sb, &path);
    for (unsigned i = 0; rc == 0 && i < sb->nslots; i++)
        for (size_t k = 0; rc == 0 && k < KEEP_NS; k++)
            rc = pin(sb, i, k, &path);
    if (rc == 0) {
        keep_signature(sb, &sig);
        keep_path(sb, &path, "config");
        int fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            rc = -errno;
        } else {
            if (write(fd, sig.data, sig.len) != (ssize_t)sig.len)
                rc = -EIO;
            if (close(fd) < 0 && rc == 0)
                rc = -errno;
        }
    }
    if (rc < 0)
        keep_drop(sb->root_dir);
    buf_dispose(&path);
    buf_dispose(&sig);
    return rc;
}

void keep_drop(const char *root_dir)
{
    struct buf path;
    buf_init(&path);
    buf_printf(&path, "%s/keep", root_dir);
    /* Until nothing is mounted there (EINVAL): a crash between two mounts
     * could have left more than one. */
    for (int i = 0; i < 8 && umount2(path.data, MNT_DETACH | UMOUNT_NOFOLLOW) == 0; i++)
        ;
    buf_dispose(&path);
}
