/* Tests of the cgroup v1 back end on a fake cgroupfs (plain directories with
 * the files the kernel would show): the memory+swap limit above the memory
 * limit, and the counters read back as deltas. */
#include "sandbox/internal.h"

#include <criterion/criterion.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char fake[128];

static void put(const char *ctl, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/verdict/slot0/%s", fake, ctl, name);
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static unsigned long long get(const char *name)
{
    char path[512], text[128] = "";
    snprintf(path, sizeof(path), "%s/memory/verdict/slot0/%s", fake, name);
    FILE *f = fopen(path, "re");
    cr_assert_not_null(f);
    cr_assert_not_null(fgets(text, sizeof(text), f));
    fclose(f);
    return strtoull(text, NULL, 10);
}

static void setup(void)
{
    snprintf(fake, sizeof(fake), "/tmp/verdict-fakecg1-%d", (int)getpid());
    cr_assert_eq(mkdir(fake, 0755), 0);
    static const char *const ctls[] = {"memory", "pids", "cpuacct"};
    char dir[512];
    for (int i = 0; i < 3; i++) {
        snprintf(dir, sizeof(dir), "%s/%s", fake, ctls[i]);
        cr_assert_eq(mkdir(dir, 0755), 0);
        snprintf(dir, sizeof(dir), "%s/%s/verdict", fake, ctls[i]);
        cr_assert_eq(mkdir(dir, 0755), 0);
        snprintf(dir, sizeof(dir), "%s/%s/verdict/slot0", fake, ctls[i]);
        cr_assert_eq(mkdir(dir, 0755), 0);
        put(ctls[i], "tasks", "");
    }
    /* Short values: the back end writes in place, as into cgroupfs. */
    put("memory", "memory.limit_in_bytes", "0\n");
    put("memory", "memory.memsw.limit_in_bytes", "0\n");
    put("memory", "memory.max_usage_in_bytes", "2097152\n");
    put("memory", "memory.usage_in_bytes", "1048576\n");
    put("memory", "memory.stat", "cache 0\nrss 0\nshmem 4096\nmapped_file 0\ntotal_rss 0\n");
    put("memory", "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    put("memory", "memory.failcnt", "10\n");
    put("memory", "memory.memsw.failcnt", "5\n");
    put("pids", "pids.max", "max\n");
    put("cpuacct", "cpuacct.usage", "1000000\n");
}

static void teardown(void)
{
    char *argv[] = {"/bin/rm", "-rf", fake, NULL};
    pid_t pid;
    extern char **environ;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) == 0)
        waitpid(pid, NULL, 0);
}

TestSuite(cgroup_v1, .init = setup, .fini = teardown);

static void open_slot(struct cgroup_root *root, struct cgroup_slot *cg)
{
    char err[256];
    cr_assert_eq(cgroup_detect(root, 1, fake, "verdict", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(cgroup_slot_open(root, 0, cg), 0);
}

/* memsw stays above the memory limit, so that the memory counter (the one
 * whose failcnt Linux 6.12+ still keeps) is the one that meets it. */
Test(cgroup_v1, memsw_limit_is_above_the_memory_limit)
{
    struct cgroup_root root;
    struct cgroup_slot cg;
    open_slot(&root, &cg);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    cr_assert_eq(get("memory.limit_in_bytes"), (64ull << 20) + 4096);
    cr_assert_eq(get("memory.memsw.limit_in_bytes"), (68ull << 20) + 4096);
    cr_assert_eq(cgroup_run_prepare(&cg, 32 << 20, UINT64_MAX, 32, &mark), 0);
    cr_assert_eq(get("memory.limit_in_bytes"), (32ull << 20) + 4096);
    cr_assert_eq(get("memory.memsw.limit_in_bytes"), (36ull << 20) + 4096);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

/* Both failcnts count; like every counter, as a delta over the run. */
Test(cgroup_v1, limit_hits_are_deltas_of_both_failcnts)
{
    struct cgroup_root root;
    struct cgroup_slot cg;
    open_slot(&root, &cg);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    put("memory", "memory.failcnt", "17\n");
    put("memory", "memory.memsw.failcnt", "6\n");
    put("memory", "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
    struct cgroup_usage use;
    cr_assert_eq(cgroup_run_collect(&cg, &mark, &use), 0);
    cr_assert_eq(use.limit_hits, 8);
    cr_assert_eq(use.oom_kills, 1);
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    cr_assert_eq(cgroup_run_collect(&cg, &mark, &use), 0);
    cr_assert_eq(use.limit_hits, 0);
    cr_assert_eq(use.oom_kills, 0);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

Test(cgroup_v1, resident_reads_rss_mapped_file_and_new_shmem)
{
    struct cgroup_root root;
    struct cgroup_slot cg;
    open_slot(&root, &cg);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    put("memory", "memory.stat",
        "cache 90000000\nrss 3000000\nshmem 12288\nmapped_file 40000\ntotal_rss 3000000\n");
    uint64_t bytes;
    cr_assert_eq(cgroup_run_resident(&cg, &mark, &bytes), 0);
    cr_assert_eq(bytes, 3000000 + 40000 + 8192);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

/* Issue 10: tmpfs memory charged to the slot beyond what its /box holds (the
 * last run's /tmp, while its init exits) is not added to the allowance. */
Test(cgroup_v1, allowance_counts_only_the_box_of_the_tmpfs_memory)
{
    struct cgroup_root root;
    struct cgroup_slot cg;
    open_slot(&root, &cg);
    put("memory", "memory.stat", "cache 70000000\nrss 0\nshmem 60000000\nmapped_file 0\n");
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, 1 << 20, 32, &mark), 0);
    cr_assert_eq(get("memory.limit_in_bytes"), (64ull << 20) + (1 << 20));
    cr_assert_eq(mark.shmem, 1 << 20);
    cr_assert_eq(mark.file, 10000000);
    /* Output written during the run grows the page cache, not the run. */
    put("memory", "memory.stat", "cache 110000000\nrss 0\nshmem 60000000\nmapped_file 0\n");
    struct cgroup_usage use;
    cr_assert_eq(cgroup_run_collect(&cg, &mark, &use), 0);
    cr_assert_eq(use.file_growth, 40000000);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}
