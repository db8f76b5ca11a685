/* Tests of the cgroup v2 back end on a fake cgroupfs (a plain directory with
 * the files the kernel would show), since this host's cgroup2 mount has no
 * controllers: the limits it writes and the figures it reads back. */
#include "sandbox/internal.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char fake[128];
static char slot_dir[256];

static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", slot_dir, name);
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static unsigned long long get(const char *name)
{
    char path[512], text[128] = "";
    snprintf(path, sizeof(path), "%s/%s", slot_dir, name);
    FILE *f = fopen(path, "re");
    cr_assert_not_null(f);
    cr_assert_not_null(fgets(text, sizeof(text), f));
    fclose(f);
    return strtoull(text, NULL, 10);
}

static void setup(void)
{
    snprintf(fake, sizeof(fake), "/tmp/verdict-fakecg-%d", (int)getpid());
    snprintf(slot_dir, sizeof(slot_dir), "%s/verdict/slot0", fake);
    cr_assert_eq(mkdir(fake, 0755), 0);
    char parent[256];
    snprintf(parent, sizeof(parent), "%s/verdict", fake);
    cr_assert_eq(mkdir(parent, 0755), 0);
    cr_assert_eq(mkdir(slot_dir, 0755), 0);
    put("memory.max", "max\n");
    put("memory.current", "1048576\n");
    put("memory.stat", "anon 0\nfile 0\nshmem 4096\n");
    put("memory.events", "low 0\nhigh 0\nmax 0\noom 1\noom_kill 2\n");
    put("memory.peak", "2097152\n");
    put("memory.swap.max", "max\n");
    put("pids.max", "max\n");
    put("cpu.stat", "usage_usec 1000\nuser_usec 800\nsystem_usec 200\n");
}

static void teardown(void)
{
    char *argv[] = {"/bin/rm", "-rf", fake, NULL};
    pid_t pid;
    extern char **environ;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) == 0)
        waitpid(pid, NULL, 0);
}

TestSuite(cgroup_v2, .init = setup, .fini = teardown);

Test(cgroup_v2, detect_on_a_fake_root)
{
    struct cgroup_root root;
    char err[256];
    cr_assert_eq(cgroup_detect(&root, 2, fake, "verdict", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(root.version, 2);
    cr_assert_str_eq(root.dirs[0], fake);
    cr_assert_null(root.dirs[1]);
    cgroup_root_dispose(&root);
}

Test(cgroup_v2, limits_written_and_swap_off)
{
    struct cgroup_root root;
    char err[256];
    cr_assert_eq(cgroup_detect(&root, 2, fake, "verdict", err, sizeof(err)), 0);
    struct cgroup_slot cg;
    cr_assert_eq(cgroup_slot_open(&root, 0, &cg), 0);
    cr_assert_geq(cg.dir_fd, 0, "the directory is kept for CLONE_INTO_CGROUP");
    cr_assert_eq(get("memory.swap.max"), 0);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    /* The run's allowance plus the slot's unreclaimable tmpfs (shmem). */
    cr_assert_eq(get("memory.max"), (64ull << 20) + 4096);
    cr_assert_eq(get("pids.max"), 32);
    cr_assert_eq(mark.usage, 1048576);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

Test(cgroup_v2, figures_are_deltas_and_oom_is_not_sticky)
{
    struct cgroup_root root;
    char err[256];
    cr_assert_eq(cgroup_detect(&root, 2, fake, "verdict", err, sizeof(err)), 0);
    struct cgroup_slot cg;
    cr_assert_eq(cgroup_slot_open(&root, 0, &cg), 0);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    /* What the kernel would show after an MLE run. */
    put("memory.peak", "68157440\n");
    put("memory.events", "low 0\nhigh 0\nmax 9\noom 2\noom_kill 3\n");
    put("cpu.stat", "usage_usec 251000\nuser_usec 200000\nsystem_usec 51000\n");
    struct cgroup_usage use;
    cr_assert_eq(cgroup_run_collect(&cg, &mark, &use), 0);
    cr_assert_eq(use.oom_kills, 1);
    cr_assert_eq(use.limit_hits, 9, "memory.events max counts the charges that met the limit");
    cr_assert_eq(use.cpu_ns, 250000000ull);
    cr_assert_eq(use.peak, 68157440ull - 1048576);
    uint64_t cpu;
    cr_assert_eq(cgroup_run_cpu(&cg, &cpu), 0);
    cr_assert_eq(cpu, 251000000ull);
    /* The next run: nothing changed, so nothing is reported. */
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    put("memory.peak", "1048576\n");
    cr_assert_eq(cgroup_run_collect(&cg, &mark, &use), 0);
    cr_assert_eq(use.oom_kills, 0);
    cr_assert_eq(use.limit_hits, 0);
    cr_assert_eq(use.cpu_ns, 0);
    cr_assert_eq(use.peak, 0);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

/* What a run holds: anonymous, mapped file and its own tmpfs pages; neither
 * the unmapped page cache of earlier runs nor the slot's /box (shmem at the
 * mark). */
Test(cgroup_v2, resident_leaves_out_old_cache_and_the_box)
{
    struct cgroup_root root;
    char err[256];
    cr_assert_eq(cgroup_detect(&root, 2, fake, "verdict", err, sizeof(err)), 0);
    struct cgroup_slot cg;
    cr_assert_eq(cgroup_slot_open(&root, 0, &cg), 0);
    struct cgroup_mark mark;
    cr_assert_eq(cgroup_run_prepare(&cg, 64 << 20, UINT64_MAX, 32, &mark), 0);
    cr_assert_eq(mark.shmem, 4096);
    put("memory.stat", "anon 1000000\nfile 60000000\nkernel 50000\nfile_mapped 20000\n"
                       "shmem 12288\n");
    uint64_t bytes;
    cr_assert_eq(cgroup_run_resident(&cg, &mark, &bytes), 0);
    cr_assert_eq(bytes, 1000000 + 20000 + 8192);
    cgroup_slot_close(&cg);
    cgroup_root_dispose(&root);
}

Test(cgroup_v2, missing_files_fail_cleanly)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/cpu.stat", slot_dir);
    cr_assert_eq(unlink(path), 0);
    struct cgroup_root root;
    char err[256];
    cr_assert_eq(cgroup_detect(&root, 2, fake, "verdict", err, sizeof(err)), 0);
    struct cgroup_slot cg;
    cr_assert_eq(cgroup_slot_open(&root, 0, &cg), -ENOENT);
    cgroup_root_dispose(&root);
}

Test(cgroup_v2, key_parser_reads_the_right_line)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/memory.events", slot_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    uint64_t v;
    cr_assert_eq(cgroup_read_key(fd, "oom", &v), 0);
    cr_assert_eq(v, 1, "\"oom\" must not match \"oom_kill\"");
    cr_assert_eq(cgroup_read_key(fd, "oom_kill", &v), 0);
    cr_assert_eq(v, 2);
    cr_assert_eq(cgroup_read_key(fd, "absent", &v), 0);
    cr_assert_eq(v, 0);
    close(fd);
}
