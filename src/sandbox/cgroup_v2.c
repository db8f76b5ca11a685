/* cgroup v2 back end: one group per slot under the unified hierarchy. The init
 * is born inside it with clone3(CLONE_INTO_CGROUP), which takes no global lock,
 * so no process ever migrates (research/sandbox.md §4.1). */
#include "sandbox/internal.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cgroup_v2_delegate(const char *dir)
{
    int fd = cgroup_open_file(dir, "cgroup.subtree_control", O_WRONLY);
    if (fd < 0)
        return fd;
    int rc = cgroup_write_str(fd, "+memory +pids");
    close(fd);
    return rc;
}

/* Reads memory.events: OOM kills, and "max", the charges that met memory.max
 * (each one reclaims before it may fail). */
static int read_events(struct cgroup_slot *cg, uint64_t *oom_kills, uint64_t *limit_hits)
{
    static const char *const keys[] = {"oom_kill", "max"};
    uint64_t v[2] = {0, 0};
    int rc = cgroup_read_keys(cg->oom_fd, keys, v, 2);
    *oom_kills = v[0];
    *limit_hits = v[1];
    return rc;
}

int cgroup_v2_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg)
{
    struct buf path;
    buf_init(&path);
    buf_printf(&path, "%s/%s/slot%u", root->dirs[0], root->parent, index);
    int rc = 0;
    if (mkdir(path.data, 0755) < 0 && errno != EEXIST) {
        rc = -errno;
        goto out;
    }
    cg->dirs[0] = xstrdup(path.data);
    const char *d = cg->dirs[0];
    cg->dir_fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cg->dir_fd < 0) {
        rc = -errno;
        goto out;
    }
    if ((rc = cg->mem_limit_fd = cgroup_open_file(d, "memory.max", O_RDWR)) < 0 ||
        (rc = cg->mem_usage_fd = cgroup_open_file(d, "memory.current", O_RDONLY)) < 0 ||
        (rc = cg->mem_stat_fd = cgroup_open_file(d, "memory.stat", O_RDONLY)) < 0 ||
        (rc = cg->oom_fd = cgroup_open_file(d, "memory.events", O_RDONLY)) < 0 ||
        (rc = cg->pids_max_fd = cgroup_open_file(d, "pids.max", O_RDWR)) < 0 ||
        (rc = cg->cpu_fd = cgroup_open_file(d, "cpu.stat", O_RDONLY)) < 0)
        goto out;
    /* memory.peak exists from Linux 5.19; without it the peak is unknown. */
    int fd = cgroup_open_file(d, "memory.peak", O_RDWR);
    cg->mem_peak_fd = fd < 0 ? -1 : fd;
    /* No swap: a program must not trade memory for swap to dodge the limit. */
    fd = cgroup_open_file(d, "memory.swap.max", O_WRONLY);
    if (fd >= 0) {
        rc = cgroup_write_str(fd, "0");
        close(fd);
        if (rc < 0)
            goto out;
    }
    uint64_t usec;
    if ((rc = read_events(cg, &cg->oom_kills, &cg->limit_hits)) < 0 ||
        (rc = cgroup_read_key(cg->cpu_fd, "usage_usec", &usec)) < 0)
        goto out;
    cg->cpu_ns = usec * 1000;
    rc = 0;
out:
    buf_dispose(&path);
    return rc;
}

int cgroup_v2_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                          uint32_t pids, struct cgroup_mark *mark)
{
    /* As in v1: the slot's /box tmpfs is not the run's to pay for. */
    uint64_t limit;
    int rc = cgroup_mark_memory(cg, mem_bytes, box_bytes, mark, &limit);
    if (rc < 0)
        return rc;
    if (limit != cg->mem_limit) {
        if ((rc = cgroup_write_u64(cg->mem_limit_fd, limit)) < 0)
            return rc;
        cg->mem_limit = limit;
    }
    if (pids != cg->pids_max) {
        if ((rc = cgroup_write_u64(cg->pids_max_fd, pids)) < 0)
            return rc;
        cg->pids_max = pids;
    }
    /* Linux 6.12+: any write resets the peak seen through this descriptor.
     * Older kernels refuse it; the peak then covers the slot's lifetime. */
    if (cg->mem_peak_fd >= 0)
        (void)cgroup_write_str(cg->mem_peak_fd, "reset");
    mark->oom_kills = cg->oom_kills;
    mark->limit_hits = cg->limit_hits;
    mark->cpu_ns = cg->cpu_ns;
    return 0;
}

int cgroup_v2_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns)
{
    uint64_t usec;
    int rc = cgroup_read_key(cg->cpu_fd, "usage_usec", &usec);
    if (rc < 0)
        return rc;
    *cpu_ns = usec * 1000;
    return 0;
}

int cgroup_v2_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                          struct cgroup_usage *out)
{
    int rc;
    uint64_t peak = 0, oom, hits, cpu;
    if (cg->mem_peak_fd >= 0 && (rc = cgroup_read_u64(cg->mem_peak_fd, &peak)) < 0)
        return rc;
    if ((rc = read_events(cg, &oom, &hits)) < 0 || (rc = cgroup_v2_run_cpu(cg, &cpu)) < 0 ||
        (rc = cgroup_file_growth(cg, mark, &out->file_growth)) < 0)
        return rc;
    cgroup_usage_since(cg, mark, peak, oom, hits, cpu, out);
    return 0;
}
