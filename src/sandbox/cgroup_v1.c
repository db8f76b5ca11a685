/* cgroup v1 back end: one group per slot in each of the memory, pids and
 * cpuacct hierarchies. The program moves itself in by writing "0" to "tasks"
 * (0.02 ms, where a PID written to cgroup.procs waits out an RCU grace period
 * of 5-16 ms after an idle gap: research/sandbox.md §4.1). */
#include "sandbox/internal.h"
#include "sandbox/sys.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Counts the charges that met the limit: memory.failcnt, plus memsw's where the
 * kernel still keeps it (before 6.12) and swap made memsw fail first. A charge
 * within a batch (64 pages) of the limit counts too: the kernel first tries to
 * charge a whole batch. */
static int read_limit_hits(struct cgroup_slot *cg, uint64_t *out)
{
    uint64_t mem = 0, memsw = 0;
    int rc = cgroup_read_u64(cg->failcnt_fd, &mem);
    if (rc == 0 && cg->memsw_failcnt_fd >= 0)
        rc = cgroup_read_u64(cg->memsw_failcnt_fd, &memsw);
    *out = mem + memsw;
    return rc;
}

int cgroup_v1_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg)
{
    struct buf path;
    buf_init(&path);
    int rc = 0;
    for (int i = 0; i < CGROUP_NCTL; i++) {
        buf_reset(&path);
        buf_printf(&path, "%s/%s/slot%u", root->dirs[i], root->parent, index);
        if (mkdir(path.data, 0755) < 0 && errno != EEXIST) {
            rc = -errno;
            goto out;
        }
        cg->dirs[i] = xstrdup(path.data);
        if ((rc = cg->tasks_fd[i] = cgroup_open_file(path.data, "tasks", O_WRONLY)) < 0)
            goto out;
    }
    const char *mem = cg->dirs[CGROUP_MEMORY];
    if ((rc = cg->mem_limit_fd = cgroup_open_file(mem, "memory.limit_in_bytes", O_RDWR)) < 0 ||
        (rc = cg->mem_peak_fd = cgroup_open_file(mem, "memory.max_usage_in_bytes", O_RDWR)) < 0 ||
        (rc = cg->mem_usage_fd = cgroup_open_file(mem, "memory.usage_in_bytes", O_RDONLY)) < 0 ||
        (rc = cg->mem_stat_fd = cgroup_open_file(mem, "memory.stat", O_RDONLY)) < 0 ||
        (rc = cg->oom_fd = cgroup_open_file(mem, "memory.oom_control", O_RDONLY)) < 0 ||
        (rc = cg->failcnt_fd = cgroup_open_file(mem, "memory.failcnt", O_RDONLY)) < 0 ||
        (rc = cg->pids_max_fd = cgroup_open_file(cg->dirs[CGROUP_PIDS], "pids.max", O_RDWR)) < 0 ||
        (rc = cg->cpu_fd = cgroup_open_file(cg->dirs[CGROUP_CPUACCT], "cpuacct.usage", O_RDONLY)) <
            0)
        goto out;
    /* Swap accounting may be off; then there is no memsw to limit. */
    int fd = cgroup_open_file(mem, "memory.memsw.limit_in_bytes", O_RDWR);
    cg->memsw_limit_fd = fd < 0 ? -1 : fd;
    fd = cgroup_open_file(mem, "memory.memsw.failcnt", O_RDONLY);
    cg->memsw_failcnt_fd = fd < 0 ? -1 : fd;
    rc = 0;
    /* The direction of the first change depends on the limit as it is now. */
    if ((rc = cgroup_read_u64(cg->mem_limit_fd, &cg->mem_limit)) < 0 ||
        (rc = cgroup_read_key(cg->oom_fd, "oom_kill", &cg->oom_kills)) < 0 ||
        (rc = read_limit_hits(cg, &cg->limit_hits)) < 0 ||
        (rc = cgroup_read_u64(cg->cpu_fd, &cg->cpu_ns)) < 0)
        goto out;
out:
    buf_dispose(&path);
    return rc;
}

/* memory+swap is this much above the memory limit, so that the memory counter
 * meets its limit first: since Linux 6.12 the kernel keeps no failcnt for
 * memsw, which is charged first, and an equal memsw limit would hide every hit
 * of the limit (read_limit_hits). One charge is at most a 2 MiB huge page; a
 * program may thus put at most this much into swap, where there is any. */
#define MEMSW_SLACK (4u << 20)

/* Sets memory to bytes and memory+swap just above it. The kernel wants limit <=
 * memsw at all times, so the order depends on the direction of the change. */
static int set_memory(struct cgroup_slot *cg, uint64_t bytes)
{
    int rc;
    bool raise = bytes > cg->mem_limit;
    uint64_t memsw = bytes + MEMSW_SLACK;
    if (raise && cg->memsw_limit_fd >= 0 && (rc = cgroup_write_u64(cg->memsw_limit_fd, memsw)) < 0)
        return rc;
    if ((rc = cgroup_write_u64(cg->mem_limit_fd, bytes)) < 0)
        return rc;
    if (!raise && cg->memsw_limit_fd >= 0 && (rc = cgroup_write_u64(cg->memsw_limit_fd, memsw)) < 0)
        return rc;
    cg->mem_limit = bytes;
    return 0;
}

int cgroup_v1_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                          uint32_t pids, struct cgroup_mark *mark)
{
    uint64_t limit;
    int rc = cgroup_mark_memory(cg, mem_bytes, box_bytes, mark, &limit);
    if (rc < 0)
        return rc;
    if (limit != cg->mem_limit && (rc = set_memory(cg, limit)) < 0)
        return rc;
    if (pids != cg->pids_max) {
        if ((rc = cgroup_write_u64(cg->pids_max_fd, pids)) < 0)
            return rc;
        cg->pids_max = pids;
    }
    /* Writing 0 brings the peak down to the current usage. */
    if ((rc = cgroup_write_str(cg->mem_peak_fd, "0")) < 0)
        return rc;
    mark->oom_kills = cg->oom_kills;
    mark->limit_hits = cg->limit_hits;
    mark->cpu_ns = cg->cpu_ns;
    return 0;
}

int cgroup_v1_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns)
{
    return cgroup_read_u64(cg->cpu_fd, cpu_ns);
}

int cgroup_v1_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                          struct cgroup_usage *out)
{
    int rc;
    uint64_t peak, oom, hits, cpu;
    if ((rc = cgroup_read_u64(cg->mem_peak_fd, &peak)) < 0 ||
        (rc = cgroup_read_key(cg->oom_fd, "oom_kill", &oom)) < 0 ||
        (rc = read_limit_hits(cg, &hits)) < 0 || (rc = cgroup_read_u64(cg->cpu_fd, &cpu)) < 0 ||
        (rc = cgroup_file_growth(cg, mark, &out->file_growth)) < 0)
        return rc;
    cgroup_usage_since(cg, mark, peak, oom, hits, cpu, out);
    return 0;
}

/*** The program's side, between clone and execve ***/

int cgroup_v1_attach_self(const struct cgroup_slot *cg)
{
    for (int i = 0; i < CGROUP_NCTL; i++) {
        long n = sys3(SYS_write, cg->tasks_fd[i], "0", 1);
        if (n != 1)
            return n < 0 ? (int)n : -EIO;
    }
    return 0;
}
