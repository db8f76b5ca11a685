/* What a run's init reads while it works, kept by the slot: the plan (written
 * from the caller's spec and limits, its binds checked first), the strings it
 * points to (copied from the caller's spec, which is only borrowed
 * during sandbox_run()), and the stacks the init and the program's child run
 * on. The init shares the worker's memory (init.c says why), so none of this
 * may live on the caller's stack or move while an init is alive. */
#include "sandbox/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD 4096

static const char *const default_env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box",
                                          "LANG=C.UTF-8", NULL};
#define PROG_STACK (64 * 1024)
#define INIT_STACK (128 * 1024)

/* [guard][program's child][guard][init 0][guard][init 1]...: stacks grow down,
 * so one that overflows faults on its guard instead of writing into its
 * neighbour. Returns where init stack k begins. */
static size_t stack_offset(unsigned k)
{
    return GUARD + PROG_STACK + (size_t)k * (GUARD + INIT_STACK) + GUARD;
}

int plan_stacks_map(struct sandbox_slot *slot)
{
    size_t len = stack_offset(SANDBOX_INIT_STACKS) - GUARD;
    char *base = mmap(NULL, len, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED)
        return -errno;
    int rc = mprotect(base, GUARD, PROT_NONE);
    for (unsigned k = 0; k < SANDBOX_INIT_STACKS && rc == 0; k++)
        rc = mprotect(base + stack_offset(k) - GUARD, GUARD, PROT_NONE);
    if (rc < 0) {
        rc = -errno;
        munmap(base, len);
        return rc;
    }
    slot->stacks = base;
    slot->stacks_len = len;
    return 0;
}

static void plan_stacks_unmap(struct sandbox_slot *slot)
{
    if (slot->stacks)
        munmap(slot->stacks, slot->stacks_len);
    slot->stacks = NULL;
    slot->stacks_len = 0;
}

void *plan_prog_stack(struct sandbox_slot *slot)
{
    return (char *)slot->stacks + GUARD + PROG_STACK;
}

void *plan_init_stack(struct sandbox_slot *slot, unsigned k)
{
    return (char *)slot->stacks + stack_offset(k) + INIT_STACK;
}

/* Adds up the bytes of a NULL-terminated list, or returns SIZE_MAX past max
 * entries. */
static size_t list_size(const char *const *list, size_t max, size_t *count)
{
    size_t n = 0, bytes = 0;
    for (; list[n]; n++) {
        if (n == max)
            return SIZE_MAX;
        bytes += strlen(list[n]) + 1;
    }
    *count = n;
    return bytes;
}

static char *put(char **at, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = memcpy(*at, s, n);
    *at += n;
    return d;
}

int plan_bind_check(const struct sandbox_bind *bind, char *err, size_t errlen)
{
    const char *box = bind->box;
    if (!bind->host || !box || box[0] != '/' || strlen(box) >= 1024) {
        snprintf(err, errlen, "the box path of a bind must be absolute and under 1024 bytes");
        return -EINVAL;
    }
    /* /box is the slot's own directory, kept from run to run and read and
     * written by the host: no mount point goes there. /proc, /dev and /tmp are
     * mounted afresh by each run, over anything bound below them. */
    static const char *const reserved[] = {"/box", "/proc", "/dev", "/tmp"};
    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
        size_t n = strlen(reserved[i]);
        if (strncmp(box, reserved[i], n) == 0 && (box[n] == '/' || box[n] == '\0')) {
            snprintf(err, errlen, "%.200s is under %s, which %s", box, reserved[i],
                     i == 0 ? "holds the files copied into the box" : "each run mounts afresh");
            return -EINVAL;
        }
    }
    for (const char *p = box; *p;) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
            snprintf(err, errlen, "%.200s has a \".\" or \"..\" component", box);
            return -EINVAL;
        }
        p += n;
    }
    if (strcmp(box, "/") == 0) {
        snprintf(err, errlen, "a bind cannot cover the box's root");
        return -EINVAL;
    }
    return 0;
}

/* Copies argv, envp, cwd and the binds' paths into the slot and points the
 * slot's plan at the copies. Returns 0 or -E2BIG. */
static int plan_copy_strings(struct sandbox_slot *slot, const struct sandbox_spec *spec,
                             const char *const *envp, const char *cwd)
{
    size_t nargs = 0, nenv = 0;
    size_t a = list_size(spec->argv, SANDBOX_MAX_ARGS, &nargs);
    size_t e = list_size(envp, SANDBOX_MAX_ENV, &nenv);
    if (a == SIZE_MAX || e == SIZE_MAX)
        return -E2BIG;
    size_t need = a + e + strlen(cwd) + 1;
    for (size_t i = 0; i < spec->nbinds; i++)
        need += strlen(spec->binds[i].host) + strlen(spec->binds[i].box) + 2;
    if (need > slot->strings_cap) {
        free(slot->strings);
        slot->strings = xmalloc(need);
        slot->strings_cap = need;
    }
    struct run_plan *p = &slot->plan;
    char *at = slot->strings;
    for (size_t i = 0; i < nargs; i++)
        slot->argv[i] = put(&at, spec->argv[i]);
    slot->argv[nargs] = NULL;
    for (size_t i = 0; i < nenv; i++)
        slot->envp[i] = put(&at, envp[i]);
    slot->envp[nenv] = NULL;
    p->argv = slot->argv;
    p->envp = slot->envp;
    p->cwd = put(&at, cwd);
    p->nbinds = spec->nbinds;
    for (size_t i = 0; i < spec->nbinds; i++) {
        p->bind_host[i] = put(&at, spec->binds[i].host);
        p->bind_box[i] = put(&at, spec->binds[i].box);
    }
    return 0;
}

/* The rlimits: a backstop behind the cgroup and our timers. */
static void plan_rlimits(struct run_plan *plan, const struct sandbox_limits *lim)
{
    /* RLIMIT_CPU is per process and counts whole seconds: the cgroup timer
     * does the real work, this only stops a runaway if we are gone. */
    rlim_t cpu_s = lim->cpu_ms / 1000 + 1;
    plan->rl_cpu = (struct rlimit){cpu_s, cpu_s + 1};
    /* One byte over the cap makes an overflow visible (OLE) yet bounded. */
    rlim_t out_cap = (rlim_t)lim->output_kb * 1024;
    rlim_t fsize = (rlim_t)lim->file_size_kb * 1024;
    if (fsize < out_cap + 1)
        fsize = out_cap + 1;
    plan->rl_fsize = (struct rlimit){fsize, fsize};
    plan->rl_stack = (struct rlimit){(rlim_t)lim->stack_kb * 1024, (rlim_t)lim->stack_kb * 1024};
    plan->rl_nofile = (struct rlimit){lim->open_files, lim->open_files};
    plan->rl_nproc = (struct rlimit){lim->processes, lim->processes};
    plan->alarm_s = lim->wall_ms / 1000 + 3;
}

int plan_prepare(struct sandbox_slot *slot, const struct sandbox_spec *spec,
                 const struct sandbox_limits *lim)
{
    struct sandbox *sb = slot->sb;
    struct run_plan *plan = &slot->plan;
    memset(plan, 0, sizeof(*plan));
    plan->version = sb->cg.version;
    plan->mnt_fd = slot->mnt_fd;
    plan->net_fd = slot->net_fd;
    plan->uts_fd = slot->uts_fd;
    plan->cg = &slot->cg;
    plan->filter = spec->pinned ? &sb->filter_pinned : &sb->filter;
    plan->uid = slot->uid;
    plan->gid = slot->gid;
    plan->box_readonly = spec->box_readonly;
    plan->cpu = spec->pinned ? slot->cpu : -1;
    int rc = plan_copy_strings(slot, spec, spec->envp ? spec->envp : default_env,
                               spec->cwd ? spec->cwd : "/box");
    if (rc < 0)
        return rc;
    plan->prog_stack = plan_prog_stack(slot);
    snprintf(plan->tmp_opts, sizeof(plan->tmp_opts), "size=%luk,nr_inodes=%lu,mode=1777",
             (unsigned long)lim->tmp_kb, (unsigned long)(lim->tmp_kb / 4 + 64));
    plan_rlimits(plan, lim);
    return 0;
}

void plan_dispose(struct sandbox_slot *slot)
{
    free(slot->strings);
    slot->strings = NULL;
    slot->strings_cap = 0;
    plan_stacks_unmap(slot);
}
