/* cgroups: finds the v1 hierarchies or the v2 mount at start-up, picks the
 * matching back end (cgroup_v1.c or cgroup_v2.c, as nsjail picks cgroup.cc or
 * cgroup2.cc), and holds the file helpers both back ends share. */
#include "sandbox/internal.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const v1_names[CGROUP_NCTL] = {"memory", "pids", "cpuacct"};

/* True when the comma-separated list opts holds word. */
static bool has_word(const char *opts, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = opts; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* Reads /proc/self/mountinfo for the v1 hierarchies of our controllers and the
 * cgroup2 mount. Fields: id parent major:minor root mountpoint opts [tags] - fstype
 * source superopts. */
static void scan_mountinfo(char *v1[CGROUP_NCTL], char **v2)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *sep = strstr(line, " - ");
        if (!sep)
            continue;
        char mnt[4096], fstype[64], super[1024];
        if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
            continue;
        if (sscanf(sep + 3, "%63s %*s %1023s", fstype, super) != 2)
            continue;
        if (strcmp(fstype, "cgroup2") == 0 && !*v2) {
            *v2 = xstrdup(mnt);
        } else if (strcmp(fstype, "cgroup") == 0) {
            for (int i = 0; i < CGROUP_NCTL; i++)
                if (!v1[i] && has_word(super, v1_names[i]))
                    v1[i] = xstrdup(mnt);
        }
    }
    free(line);
    fclose(f);
}

/* True when the v2 mount at dir offers memory and pids. */
static bool v2_usable(const char *dir)
{
    int fd = cgroup_open_file(dir, "cgroup.controllers", O_RDONLY);
    if (fd < 0)
        return false;
    char buf[512];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == ' ' || *p == '\n')
            *p = ',';
    return has_word(buf, "memory") && has_word(buf, "pids");
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        return -errno;
    return 0;
}

int cgroup_detect(struct cgroup_root *root, int version, const char *fake_root, const char *parent,
                  char *err, size_t errlen)
{
    memset(root, 0, sizeof(*root));
    char *v1[CGROUP_NCTL] = {NULL, NULL, NULL};
    char *v2 = NULL;
    if (fake_root) {
        struct buf b;
        buf_init(&b);
        for (int i = 0; i < CGROUP_NCTL; i++) {
            buf_reset(&b);
            buf_printf(&b, "%s/%s", fake_root, v1_names[i]);
            v1[i] = xstrdup(b.data);
        }
        buf_dispose(&b);
        v2 = xstrdup(fake_root);
        if (version == 0)
            version = 1;
    } else {
        scan_mountinfo(v1, &v2);
        if (version == 0)
            version = v1[CGROUP_MEMORY] ? 1 : 2;
    }
    int rc = 0;
    if (version == 1) {
        for (int i = 0; i < CGROUP_NCTL; i++) {
            if (!v1[i]) {
                snprintf(err, errlen, "no cgroup v1 %s hierarchy is mounted", v1_names[i]);
                rc = -ENOENT;
                goto out;
            }
            root->dirs[i] = v1[i];
            v1[i] = NULL;
        }
    } else if (version == 2) {
        if (!v2 || (!fake_root && !v2_usable(v2))) {
            snprintf(err, errlen, "no cgroup v2 mount with the memory and pids controllers");
            rc = -ENOENT;
            goto out;
        }
        root->dirs[0] = v2;
        v2 = NULL;
    } else {
        snprintf(err, errlen, "unknown cgroup version %d", version);
        rc = -EINVAL;
        goto out;
    }
    root->version = version;
    root->parent = xstrdup(parent);

    struct buf path;
    buf_init(&path);
    for (int i = 0; i < CGROUP_NCTL && root->dirs[i]; i++) {
        if (version == 2 && !fake_root && (rc = cgroup_v2_delegate(root->dirs[i])) < 0) {
            snprintf(err, errlen, "cannot enable controllers in %s: %s", root->dirs[i],
                     strerror(-rc));
            break;
        }
        buf_reset(&path);
        buf_printf(&path, "%s/%s", root->dirs[i], parent);
        if ((rc = make_dir(path.data)) < 0) {
            snprintf(err, errlen, "cannot create %s: %s", path.data, strerror(-rc));
            break;
        }
        if (version == 2 && !fake_root && (rc = cgroup_v2_delegate(path.data)) < 0) {
            snprintf(err, errlen, "cannot enable controllers in %s: %s", path.data, strerror(-rc));
            break;
        }
    }
    buf_dispose(&path);
out:
    for (int i = 0; i < CGROUP_NCTL; i++)
        free(v1[i]);
    free(v2);
    if (rc < 0)
        cgroup_root_dispose(root);
    return rc;
}

void cgroup_root_dispose(struct cgroup_root *root)
{
    for (int i = 0; i < CGROUP_NCTL; i++) {
        free(root->dirs[i]);
        root->dirs[i] = NULL;
    }
    free(root->parent);
    root->parent = NULL;
}

int cgroup_sweep(const struct cgroup_root *root)
{
    int rc = 0;
    struct buf path;
    buf_init(&path);
    for (int i = 0; i < CGROUP_NCTL && root->dirs[i]; i++) {
        buf_reset(&path);
        buf_printf(&path, "%s/%s", root->dirs[i], root->parent);
        int r = cgroup_sweep_dir(path.data);
        if (r < 0 && rc == 0)
            rc = r;
    }
    buf_dispose(&path);
    return rc;
}

void cgroup_remove_parent(const struct cgroup_root *root)
{
    struct buf path;
    buf_init(&path);
    for (int i = 0; i < CGROUP_NCTL && root->dirs[i]; i++) {
        buf_reset(&path);
        buf_printf(&path, "%s/%s", root->dirs[i], root->parent);
        (void)rmdir(path.data); /* not when another instance's groups are in it */
    }
    buf_dispose(&path);
}

int cgroup_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg)
{
    memset(cg, 0, sizeof(*cg));
    cg->version = root->version;
    cg->dir_fd = -1;
    for (int i = 0; i < CGROUP_NCTL; i++)
        cg->tasks_fd[i] = -1;
    cg->mem_limit_fd = cg->memsw_limit_fd = cg->mem_peak_fd = cg->mem_usage_fd = -1;
    cg->mem_stat_fd = cg->oom_fd = cg->pids_max_fd = cg->cpu_fd = -1;
    cg->failcnt_fd = cg->memsw_failcnt_fd = -1;
    int rc = root->version == 1 ? cgroup_v1_slot_open(root, index, cg)
                                : cgroup_v2_slot_open(root, index, cg);
    if (rc < 0)
        cgroup_slot_close(cg);
    return rc;
}

static int kill_procs(const char *dir);

static void close_files(struct cgroup_slot *cg)
{
    for (int i = 0; i < CGROUP_NCTL; i++)
        sandbox__close_fd(&cg->tasks_fd[i]);
    sandbox__close_fd(&cg->dir_fd);
    sandbox__close_fd(&cg->mem_limit_fd);
    sandbox__close_fd(&cg->memsw_limit_fd);
    sandbox__close_fd(&cg->mem_peak_fd);
    sandbox__close_fd(&cg->mem_usage_fd);
    sandbox__close_fd(&cg->mem_stat_fd);
    sandbox__close_fd(&cg->oom_fd);
    sandbox__close_fd(&cg->failcnt_fd);
    sandbox__close_fd(&cg->memsw_failcnt_fd);
    sandbox__close_fd(&cg->pids_max_fd);
    sandbox__close_fd(&cg->cpu_fd);
}

static void free_dirs(struct cgroup_slot *cg)
{
    for (int i = 0; i < CGROUP_NCTL; i++) {
        free(cg->dirs[i]);
        cg->dirs[i] = NULL;
    }
}

void cgroup_slot_release(struct cgroup_slot *cg)
{
    close_files(cg);
    free_dirs(cg);
}

void cgroup_slot_close(struct cgroup_slot *cg)
{
    close_files(cg);
    for (int i = 0; i < CGROUP_NCTL; i++)
        if (cg->dirs[i])
            (void)cgroup_remove_dir(cg->dirs[i]);
    free_dirs(cg);
}

void cgroup_slot_kill(const struct cgroup_slot *cg)
{
    for (int i = 0; i < CGROUP_NCTL; i++)
        if (cg->dirs[i])
            (void)kill_procs(cg->dirs[i]);
}

int cgroup_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                       uint32_t pids, struct cgroup_mark *mark)
{
    return cg->version == 1 ? cgroup_v1_run_prepare(cg, mem_bytes, box_bytes, pids, mark)
                            : cgroup_v2_run_prepare(cg, mem_bytes, box_bytes, pids, mark);
}

/* v1 "cache" and v2 "file" both count tmpfs, which "shmem" also counts. */
static int read_cache(struct cgroup_slot *cg, uint64_t *file, uint64_t *shmem)
{
    static const char *const v1[] = {"cache", "shmem"};
    static const char *const v2[] = {"file", "shmem"};
    uint64_t v[2];
    int rc = cgroup_read_keys(cg->mem_stat_fd, cg->version == 1 ? v1 : v2, v, 2);
    if (rc < 0)
        return rc;
    *file = v[0] > v[1] ? v[0] - v[1] : 0;
    *shmem = v[1];
    return 0;
}

int cgroup_mark_memory(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                       struct cgroup_mark *mark, uint64_t *limit)
{
    uint64_t usage = 0, file = 0, shmem = 0;
    int rc;
    if ((rc = cgroup_read_u64(cg->mem_usage_fd, &usage)) < 0 ||
        (rc = read_cache(cg, &file, &shmem)) < 0)
        return rc;
    /* The slot's /box tmpfs is charged to the slot and cannot be reclaimed: the
     * limit is the run's allowance on top of it. But only /box: the tmpfs
     * memory charged to the slot may also hold what the last run left while its
     * init was still exiting (its /tmp, its IPC namespace's segments), which is
     * no allowance of this run's (issue 10: a 64 MiB run held 120 MiB after a
     * run that filled /tmp with 60 MB). */
    mark->shmem = shmem < box_bytes ? shmem : box_bytes;
    mark->usage = usage;
    mark->file = file;
    mark->cache = file + shmem;
    *limit = mem_bytes + mark->shmem;
    return 0;
}

void cgroup_usage_since(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t peak,
                        uint64_t oom, uint64_t hits, uint64_t cpu, struct cgroup_usage *out)
{
    /* Counters are cumulative: report deltas, never the sticky total (the
     * isolate 1.10.1 bug in research/sandbox.md). */
    out->peak = peak > mark->usage ? peak - mark->usage : 0;
    out->oom_kills = oom - mark->oom_kills;
    out->limit_hits = hits - mark->limit_hits;
    out->cpu_ns = cpu > mark->cpu_ns ? cpu - mark->cpu_ns : 0;
    cg->oom_kills = oom;
    cg->limit_hits = hits;
    cg->cpu_ns = cpu;
}

int cgroup_file_growth(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t *growth)
{
    uint64_t file = 0, shmem = 0;
    int rc = read_cache(cg, &file, &shmem);
    if (rc < 0)
        return rc;
    /* Both kinds: an output file on a tmpfs (the worker's scratch is one) is
     * charged as shmem, one on a disk as page cache. */
    *growth = file + shmem > mark->cache ? file + shmem - mark->cache : 0;
    return 0;
}

int cgroup_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns)
{
    return cg->version == 1 ? cgroup_v1_run_cpu(cg, cpu_ns) : cgroup_v2_run_cpu(cg, cpu_ns);
}

int cgroup_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                       struct cgroup_usage *out)
{
    return cg->version == 1 ? cgroup_v1_run_collect(cg, mark, out)
                            : cgroup_v2_run_collect(cg, mark, out);
}

int cgroup_run_resident(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t *bytes)
{
    static const char *const v1[] = {"rss", "mapped_file", "shmem"};
    static const char *const v2[] = {"anon", "file_mapped", "shmem"};
    uint64_t v[3] = {0, 0, 0};
    int rc = cgroup_read_keys(cg->mem_stat_fd, cg->version == 1 ? v1 : v2, v, 3);
    if (rc < 0)
        return rc;
    *bytes = v[0] + v[1] + (v[2] > mark->shmem ? v[2] - mark->shmem : 0);
    return 0;
}

/*** file helpers ***/

int cgroup_open_file(const char *dir, const char *name, int flags)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return -errno;
    int fd = openat(dfd, name, flags | O_CLOEXEC | O_NOFOLLOW);
    int rc = fd < 0 ? -errno : fd;
    close(dfd);
    return rc;
}

int cgroup_write_str(int fd, const char *s)
{
    size_t n = strlen(s);
    ssize_t w = pwrite(fd, s, n, 0);
    if (w < 0)
        return -errno;
    return (size_t)w == n ? 0 : -EIO;
}

int cgroup_write_u64(int fd, uint64_t v)
{
    char s[32];
    snprintf(s, sizeof(s), "%" PRIu64, v);
    return cgroup_write_str(fd, s);
}

int cgroup_read_u64(int fd, uint64_t *out)
{
    char s[64];
    ssize_t n = pread(fd, s, sizeof(s) - 1, 0);
    if (n < 0)
        return -errno;
    s[n] = '\0';
    if (strncmp(s, "max", 3) == 0) {
        *out = UINT64_MAX;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -EPROTO;
    *out = v;
    return 0;
}

int cgroup_read_keys(int fd, const char *const *keys, uint64_t *out, size_t n)
{
    char s[8192];
    ssize_t len = pread(fd, s, sizeof(s) - 1, 0);
    if (len < 0)
        return -errno;
    s[len] = '\0';
    for (size_t k = 0; k < n; k++)
        out[k] = 0;
    /* Stops at the last key wanted: memory.stat has some 40 lines. */
    uint64_t missing = n < 64 ? (UINT64_C(1) << n) - 1 : ~UINT64_C(0);
    for (char *line = s; line && *line && missing;) {
        char *next = strchr(line, '\n');
        for (size_t k = 0; k < n && k < 64; k++) {
            size_t klen = strlen(keys[k]);
            if ((missing >> k & 1) && strncmp(line, keys[k], klen) == 0 && line[klen] == ' ') {
                out[k] = strtoull(line + klen + 1, NULL, 10);
                missing &= ~(UINT64_C(1) << k);
            }
        }
        line = next ? next + 1 : NULL;
    }
    return 0;
}

int cgroup_read_key(int fd, const char *key, uint64_t *out)
{
    return cgroup_read_keys(fd, &key, out, 1);
}

/* Sends SIGKILL to every process listed in dir/cgroup.procs; returns how many. */
static int kill_procs(const char *dir)
{
    int fd = cgroup_open_file(dir, "cgroup.procs", O_RDONLY);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return 0;
    }
    int count = 0;
    long pid;
    while (fscanf(f, "%ld", &pid) == 1) {
        if (pid > 1 && kill((pid_t)pid, SIGKILL) == 0)
            count++;
    }
    fclose(f);
    return count;
}

int cgroup_remove_dir(const char *dir)
{
    /* v2 kills the whole group at once where the kernel has cgroup.kill. */
    int kfd = cgroup_open_file(dir, "cgroup.kill", O_WRONLY);
    if (kfd >= 0) {
        (void)cgroup_write_str(kfd, "1");
        close(kfd);
    }
    for (int tries = 0; tries < 200; tries++) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY)
            return -errno;
        kill_procs(dir);
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -EBUSY;
}

int cgroup_sweep_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : -errno;
    int rc = 0;
    struct buf path;
    buf_init(&path);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_type != DT_DIR || strncmp(e->d_name, "slot", 4) != 0)
            continue;
        buf_reset(&path);
        buf_printf(&path, "%s/%s", dir, e->d_name);
        int r = cgroup_remove_dir(path.data);
        if (r < 0 && rc == 0)
            rc = r;
    }
    buf_dispose(&path);
    closedir(d);
    return rc;
}
