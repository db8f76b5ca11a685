/* Test harness for the sandbox (unit and attack tiers): a private sandbox per
 * test (its own root dir, cgroup and uids, so tests may run in parallel), a
 * synchronous run helper that counts callbacks, C cases compiled on the host,
 * and the host checks every test ends with: no process of the slots' uids, no
 * cgroup, no mount left behind. Static functions only: each tier's binary
 * includes it. */
#ifndef TESTS_SANDBOX_HARNESS_H
#define TESTS_SANDBOX_HARNESS_H

#include "common/buf.h"
#include "sandbox/sandbox.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#define HARNESS_MAX_SLOTS 4
/* Each binary uses only some of the helpers. */
#define HARNESS_FN static __attribute__((unused))

struct harness {
    uv_loop_t loop;
    struct sandbox *sb;
    unsigned slots;
    uid_t first_uid;
    char root_dir[128];
    char cgroup[64];
    char work[128]; /* host scratch directory of the test, outside every box */
};

struct harness_run {
    int calls;
    int status;
    struct sandbox_result res;
};

HARNESS_FN void harness_on_done(struct sandbox_slot *slot, int status,
                                const struct sandbox_result *res, void *data)
{
    (void)slot;
    struct harness_run *r = data;
    r->calls++;
    r->status = status;
    r->res = *res;
}

/* Opens a sandbox of n slots private to this test process. */
HARNESS_FN void harness_open(struct harness *h, unsigned n)
{
    memset(h, 0, sizeof(*h));
    pid_t pid = getpid();
    h->slots = n;
    h->first_uid = 100000 + (uid_t)(pid % 100000) * HARNESS_MAX_SLOTS;
    snprintf(h->root_dir, sizeof(h->root_dir), "/run/verdict/test-%d", (int)pid);
    snprintf(h->cgroup, sizeof(h->cgroup), "verdict-test-%d", (int)pid);
    /* On a disk: /tmp may be a tmpfs (it is in a pristine root), whose files
     * are charged to the slot that writes them as shmem, which the tests of
     * page cache left by a run do not mean. */
    snprintf(h->work, sizeof(h->work), "/var/tmp/verdict-test-%d", (int)pid);
    cr_assert(mkdir(h->work, 0755) == 0 || errno == EEXIST);
    cr_assert_eq(uv_loop_init(&h->loop), 0);
    struct sandbox_config cfg = {.slots = n,
                                 .root_dir = h->root_dir,
                                 .cgroup_parent = h->cgroup,
                                 .first_uid = h->first_uid,
                                 .box_kb = 64 * 1024};
    char err[512] = "";
    h->sb = sandbox_new(&h->loop, &cfg, err, sizeof(err));
    cr_assert_not_null(h->sb, "sandbox_new: %s", err);
}

HARNESS_FN struct sandbox_slot *harness_slot(struct harness *h, unsigned i)
{
    return sandbox_slot(h->sb, i);
}

/* Runs spec in slot i to completion; asserts the callback came exactly once and
 * not before the loop ran. Returns the callback's status. */
HARNESS_FN int harness_run(struct harness *h, unsigned i, const struct sandbox_spec *spec,
                           struct sandbox_result *res)
{
    struct harness_run r = {0};
    int rc = sandbox_run(harness_slot(h, i), spec, harness_on_done, &r);
    cr_assert_eq(rc, 0, "sandbox_run: %s", strerror(-rc));
    cr_assert_eq(r.calls, 0, "the callback must never be synchronous");
    uv_run(&h->loop, UV_RUN_DEFAULT);
    cr_assert_eq(r.calls, 1, "the callback must come exactly once");
    if (res)
        *res = r.res;
    return r.status;
}

/* The host processes whose real uid is one of the harness's slots: the first
 * max of them in pids[], with zombie[] telling those already dead (either may
 * be NULL when max is 0). Returns how many there are, zombies included. */
HARNESS_FN int harness_slot_procs(const struct harness *h, pid_t *pids, bool *zombie, int max)
{
    DIR *d = opendir("/proc");
    cr_assert_not_null(d);
    int count = 0;
    struct dirent *e;
    char path[300], line[256];
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
        FILE *f = fopen(path, "re");
        if (!f)
            continue;
        unsigned uid = 0;
        bool dead = false, have_uid = false;
        while (fgets(line, sizeof(line), f)) {
            if (strncmp(line, "State:", 6) == 0)
                dead = strchr(line, 'Z') != NULL;
            if (sscanf(line, "Uid: %u", &uid) == 1) {
                have_uid = true;
                break;
            }
        }
        fclose(f);
        if (!have_uid || uid < h->first_uid || uid >= h->first_uid + HARNESS_MAX_SLOTS)
            continue;
        if (count < max) {
            pids[count] = (pid_t)strtol(e->d_name, NULL, 10);
            zombie[count] = dead;
        }
        count++;
    }
    closedir(d);
    return count;
}

/* Processes on the host whose real uid is one of the harness's slots. */
HARNESS_FN int harness_count_uid_procs(const struct harness *h)
{
    return harness_slot_procs(h, NULL, NULL, 0);
}

/* Kills every host process whose real uid is one of the harness's slots (a
 * test's fixture, such as kill_minus_one's sentinel, or anything a failed test
 * left) and reaps those that are our children: nothing of a test outlives it,
 * whatever its outcome. Returns how many it signalled. */
HARNESS_FN int harness_kill_fixtures(const struct harness *h)
{
    int signalled = 0;
    for (int round = 0; round < 100; round++) {
        pid_t pids[256];
        bool zombie[256];
        int found = harness_slot_procs(h, pids, zombie, 256);
        for (int i = 0; i < found && i < 256; i++)
            if (!zombie[i] && kill(pids[i], SIGKILL) == 0 && round == 0)
                signalled++;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (!found)
            break;
        usleep(10 * 1000);
    }
    return signalled;
}

/* Mounts on the host that mention the test's root dir. */
HARNESS_FN int harness_count_mounts(const struct harness *h)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    cr_assert_not_null(f);
    char line[4096];
    int count = 0;
    while (fgets(line, sizeof(line), f))
        if (strstr(line, h->root_dir))
            count++;
    fclose(f);
    return count;
}

HARNESS_FN bool harness_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Checks the host between runs: no process of ours, no mount on the host. */
HARNESS_FN void harness_check_host(const struct harness *h)
{
    cr_assert_eq(harness_count_uid_procs(h), 0, "a box process outlived its run");
    cr_assert_eq(harness_count_mounts(h), 0, "a box mount leaked into the host");
}

/* Frees the sandbox and checks that nothing is left: loop handles, processes,
 * cgroups, mounts. Removes the test's directories. */
HARNESS_FN void harness_close(struct harness *h)
{
    /* Measure first, clean up, then assert: a failed check must not leave the
     * sandbox's cgroups behind for the next test. */
    int procs = harness_count_uid_procs(h);
    int mounts = harness_count_mounts(h);
    (void)harness_kill_fixtures(h);
    sandbox_free(h->sb);
    uv_run(&h->loop, UV_RUN_DEFAULT);
    int loop_rc = uv_loop_close(&h->loop);
    static const char *const ctl[] = {"memory", "pids", "cpuacct"};
    char path[512];
    bool left = false;
    for (int c = 0; c < 3; c++) {
        for (unsigned i = 0; i < h->slots; i++) {
            snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/%s/slot%u", ctl[c], h->cgroup, i);
            left |= harness_exists(path);
        }
        snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/%s", ctl[c], h->cgroup);
        rmdir(path);
    }
    int procs_after = harness_count_uid_procs(h);
    snprintf(path, sizeof(path), "%s/lock", h->root_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/root", h->root_dir);
    rmdir(path);
    rmdir(h->root_dir);
    /* The scratch directory holds only files the test made. */
    DIR *d = opendir(h->work);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", h->work, e->d_name);
            unlink(path);
        }
        closedir(d);
        rmdir(h->work);
    }
    cr_assert_eq(procs, 0, "a box process outlived its run");
    cr_assert_eq(mounts, 0, "a box mount leaked into the host");
    cr_assert_eq(loop_rc, 0, "handles left open");
    cr_assert(!left, "a slot cgroup was left behind");
    cr_assert_eq(procs_after, 0);
}

/* Runs argv on the host and waits; returns its exit status or -1. */
HARNESS_FN int harness_spawn(char *const argv[])
{
    pid_t pid;
    extern char **environ;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0)
        return -1;
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Writes text to host path. */
HARNESS_FN void harness_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Compiles the C source file src with the host's gcc into host path out. */
HARNESS_FN void harness_compile_file(const char *src, const char *out)
{
    char *argv[] = {"/usr/bin/gcc", "-O1", "-o", (char *)out, (char *)src, "-lpthread", NULL};
    cr_assert_eq(harness_spawn(argv), 0, "cannot compile %s", src);
}

/* Compiles C source text into the work dir as name; returns the host path. */
HARNESS_FN const char *harness_compile(struct harness *h, const char *name, const char *text)
{
    static char out[256];
    char src[256];
    snprintf(src, sizeof(src), "%s/%s.c", h->work, name);
    snprintf(out, sizeof(out), "%s/%s", h->work, name);
    harness_write(src, text);
    harness_compile_file(src, out);
    return out;
}

/* Copies host file path into slot i's /box as name (mode 0755). */
HARNESS_FN void harness_put(struct harness *h, unsigned i, const char *path, const char *name)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert(fd >= 0, "cannot open %s", path);
    struct buf b;
    buf_init(&b);
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(&b, chunk, (size_t)n);
    close(fd);
    int rc = sandbox_slot_write(harness_slot(h, i), name, b.data, b.len, 0755);
    cr_assert_eq(rc, 0, "cannot put %s: %s", name, strerror(-rc));
    buf_dispose(&b);
}

/* Reads a whole host file into a static buffer (tests read small outputs). */
HARNESS_FN const char *harness_slurp(const char *path)
{
    static char text[65536];
    text[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return text;
    ssize_t n = read(fd, text, sizeof(text) - 1);
    text[n > 0 ? n : 0] = '\0';
    close(fd);
    return text;
}

#endif
