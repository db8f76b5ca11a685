/* Declarations shared by the files of sandbox/ only: the sandbox and slot
 * structures, the cgroup back ends, the mount and filter steps, and the plans
 * that the parent prepares and the children (helper, init, program) execute. */
#ifndef SANDBOX_INTERNAL_H
#define SANDBOX_INTERNAL_H

#include "sandbox/sandbox.h"

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>
#include <uv.h>

/* Code that runs in a child between clone and execve: no allocation, no
 * sanitizer instrumentation (a CLONE_VM child shares the parent's memory and
 * ASan's bookkeeping with it). */
#define SANDBOX_CHILD __attribute__((no_sanitize("address", "undefined")))

/* Closes *fd if open and marks it closed. */
static inline void sandbox__close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

#define SANDBOX_MAX_BINDS 16
/* Stacks for a slot's inits: one runs, the others may still be exiting. */
#define SANDBOX_INIT_STACKS 4
#define SANDBOX_MAX_ARGS 256
/* Host directories of stream files a slot keeps open (input, output, one more). */
#define SANDBOX_STREAM_TREES 3
#define SANDBOX_MAX_ENV 128

/*** cgroups (cgroup.c dispatches to cgroup_v1.c or cgroup_v2.c) ***/

enum { CGROUP_MEMORY, CGROUP_PIDS, CGROUP_CPUACCT, CGROUP_NCTL };

/* Where the cgroup hierarchies are, and the name of our group in each. */
struct cgroup_root {
    int version;             /* 1 or 2 */
    char *dirs[CGROUP_NCTL]; /* v1: the hierarchy holding each controller; v2: dirs[0] */
    char *parent;            /* our group's name under each */
};

/* One slot's cgroup: its directories and the files kept open for every run. */
struct cgroup_slot {
    int version;
    char *dirs[CGROUP_NCTL];   /* v1: one per controller; v2: dirs[0] only */
    int tasks_fd[CGROUP_NCTL]; /* v1: "tasks", written "0" by the program's own thread */
    int dir_fd;                /* v2: the directory, for clone3(CLONE_INTO_CGROUP) */
    int mem_limit_fd;          /* memory.limit_in_bytes / memory.max */
    int memsw_limit_fd;        /* memory.memsw.limit_in_bytes (v1, -1 when absent) */
    int mem_peak_fd;           /* memory.max_usage_in_bytes / memory.peak */
    int mem_usage_fd;          /* memory.usage_in_bytes / memory.current */
    int mem_stat_fd;           /* memory.stat */
    int oom_fd;                /* memory.oom_control / memory.events */
    int failcnt_fd;            /* v1: memory.failcnt */
    int memsw_failcnt_fd;      /* v1: memory.memsw.failcnt (-1 when absent) */
    int pids_max_fd;           /* pids.max */
    int cpu_fd;                /* cpuacct.usage / cpu.stat */
    uint64_t mem_limit;        /* last value written, 0 = none yet */
    uint32_t pids_max;         /* likewise */
    uint64_t oom_kills;        /* counters as of the end of the last run */
    uint64_t limit_hits;
    uint64_t cpu_ns;
};

/* Where a run started, so that its figures are deltas. */
struct cgroup_mark {
    uint64_t usage;      /* memory in use before the run (tmpfs /box, cache) */
    uint64_t shmem;      /* of which the slot's /box (tmpfs), at most what /box holds */
    uint64_t file;       /* of which page cache, tmpfs left out */
    uint64_t cache;      /* page cache, tmpfs included (an output on tmpfs is shmem) */
    uint64_t oom_kills;  /* OOM kills before the run */
    uint64_t limit_hits; /* times the memory limit was reached before the run */
    uint64_t cpu_ns;     /* CPU time before the run */
};

/* A run's figures, read from the cgroup after it ended. */
struct cgroup_usage {
    uint64_t cpu_ns;
    uint64_t peak;        /* bytes above the mark's usage */
    uint64_t file_growth; /* page cache, tmpfs included, added during the run */
    uint64_t oom_kills;   /* during the run */
    uint64_t limit_hits;  /* charges that met the memory limit during the run (v1: failcnt of
                             memory and memsw; v2: "max" of memory.events) */
};

/* Finds the hierarchies (version 0 = detect; fake_root replaces the mounts for
 * tests) and creates parent in each. Returns 0 or a negative errno with err set. */
int cgroup_detect(struct cgroup_root *root, int version, const char *fake_root, const char *parent,
                  char *err, size_t errlen);
void cgroup_root_dispose(struct cgroup_root *root);
/* Kills every process left in our groups and removes the slot groups. */
int cgroup_sweep(const struct cgroup_root *root);
/* Removes our group itself where it is empty (after a sweep). */
void cgroup_remove_parent(const struct cgroup_root *root);
/* Creates (or reuses) slot group index and opens its files. */
int cgroup_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg);
/* Closes the files, kills what is left in the group and removes it. */
void cgroup_slot_close(struct cgroup_slot *cg);
/* Closes the slot's files and leaves its groups in place, for the next
 * process to take (keep.c). */
void cgroup_slot_release(struct cgroup_slot *cg);
/* Kills whatever runs in the slot's groups (what a crashed predecessor left
 * in groups that stay). */
void cgroup_slot_kill(const struct cgroup_slot *cg);
/* Sets the limits of the next run, resets the peak and records the mark. The
 * memory limit is mem_bytes on top of the tmpfs memory charged to the slot, of
 * which at most box_bytes (what the slot's /box holds) counts. */
int cgroup_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                       uint32_t pids, struct cgroup_mark *mark);
/* Both back ends: reads the usage, tmpfs and page cache at a run's start into
 * mark, and returns the limit for an allowance of mem_bytes (see above). */
int cgroup_mark_memory(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                       struct cgroup_mark *mark, uint64_t *limit);
/* Both back ends: the run's usage from the group's counters now (peak, OOM
 * kills, limit hits, CPU ns) less what mark saw at its start; the counters
 * are kept in cg for the next run's mark. */
void cgroup_usage_since(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t peak,
                        uint64_t oom, uint64_t hits, uint64_t cpu, struct cgroup_usage *out);
/* Both back ends: the page cache, tmpfs included, the run added since mark. */
int cgroup_file_growth(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t *growth);
/* Reads the CPU time used by the group so far, in ns. */
int cgroup_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns);
/* Reads the figures of the run that started at mark. */
int cgroup_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                       struct cgroup_usage *out);
/* Reads the memory the run's processes hold now: anonymous memory, mapped file
 * pages and the tmpfs files the run wrote (the slot's /box left out). Unlike
 * the group's usage, it leaves out the page cache earlier runs left charged to
 * the group, which fills it up to a lower limit set for this run. */
int cgroup_run_resident(struct cgroup_slot *cg, const struct cgroup_mark *mark, uint64_t *bytes);

/* Helpers of both back ends (cgroup.c). */
int cgroup_open_file(const char *dir, const char *name, int flags);
int cgroup_write_str(int fd, const char *s);
int cgroup_write_u64(int fd, uint64_t v);
int cgroup_read_u64(int fd, uint64_t *out);
/* Reads "key value" lines and returns the value of key (0 when missing). */
int cgroup_read_key(int fd, const char *key, uint64_t *out);
/* Likewise for n (at most 64) keys at once, from one read of the file. */
int cgroup_read_keys(int fd, const char *const *keys, uint64_t *out, size_t n);
/* Kills the processes listed in dir/cgroup.procs and removes dir, retrying while
 * they die (up to about a second). */
int cgroup_remove_dir(const char *dir);
/* Removes every slot group under dir (a hierarchy's parent group). */
int cgroup_sweep_dir(const char *dir);

int cgroup_v1_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg);
int cgroup_v1_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                          uint32_t pids, struct cgroup_mark *mark);
int cgroup_v1_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns);
int cgroup_v1_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                          struct cgroup_usage *out);
/* Child side: moves the calling thread into the slot's groups ("0" to tasks). */
int cgroup_v1_attach_self(const struct cgroup_slot *cg) SANDBOX_CHILD;

int cgroup_v2_slot_open(const struct cgroup_root *root, unsigned index, struct cgroup_slot *cg);
int cgroup_v2_run_prepare(struct cgroup_slot *cg, uint64_t mem_bytes, uint64_t box_bytes,
                          uint32_t pids, struct cgroup_mark *mark);
int cgroup_v2_run_cpu(struct cgroup_slot *cg, uint64_t *cpu_ns);
int cgroup_v2_run_collect(struct cgroup_slot *cg, const struct cgroup_mark *mark,
                          struct cgroup_usage *out);
/* Enables the memory and pids controllers for the children of dir. */
int cgroup_v2_delegate(const char *dir);

/*** seccomp (filter.c) ***/

/* Builds the filter once: the deny-list, compiled by libseccomp, behind our
 * head (calls newer than libseccomp get ENOSYS, personality only the default).
 * out is for unpinned runs, pinned also refuses sched_setaffinity. Both are
 * allocated; filter_dispose frees each. A deny-list name libseccomp cannot
 * resolve fails the build with -ENOENT and *bad set to it. */
int filter_build(struct sock_fprog *out, struct sock_fprog *pinned, const char **bad);
/* Returns 0 when libseccomp resolves every name, else -ENOENT with *bad set to
 * the first it does not. */
int filter_check_names(const char *const *names, size_t n, const char **bad);
void filter_dispose(struct sock_fprog *prog);
/* Child side: installs prog on the calling thread (no_new_privs must be set). */
int filter_load(const struct sock_fprog *prog) SANDBOX_CHILD;

/*** errors reported by children ***/

/* Set-up steps, in the order the children take them; each names what failed. */
enum step {
    STEP_NONE,
    STEP_HELPER_UNSHARE,
    STEP_HELPER_NS,
    STEP_ROOT_PRIVATE,
    STEP_ROOT_TMPFS,
    STEP_ROOT_POPULATE,
    STEP_ROOT_ETC,
    STEP_ROOT_DEV,
    STEP_ROOT_BOX,
    STEP_ROOT_PIVOT,
    STEP_ROOT_READONLY,
    STEP_HOSTNAME,
    STEP_BOX_OPEN,
    STEP_INIT_PDEATHSIG,
    STEP_INIT_OPEN_TREE,
    STEP_INIT_SETNS,
    STEP_INIT_UNSHARE,
    STEP_INIT_PROC,
    STEP_INIT_MASK,
    STEP_INIT_TMP,
    STEP_INIT_BOX_RO,
    STEP_INIT_BIND,
    STEP_INIT_CHDIR,
    STEP_INIT_SPAWN,
    STEP_INIT_WAIT,
    STEP_PROG_CGROUP,
    STEP_PROG_CGROUP_NS,
    STEP_PROG_STDIO,
    STEP_PROG_FDS,
    STEP_PROG_RLIMIT,
    STEP_PROG_CAPBSET,
    STEP_PROG_IDS,
    STEP_PROG_NNP,
    STEP_PROG_SECCOMP,
    STEP_PROG_EXEC,
    STEP_COUNT,
};

/* Returns the step's static description, e.g. "execve". */
const char *step_name(int step);

/* One message on a child's status pipe. */
enum { MSG_ERROR = 1, MSG_RESULT, MSG_FDS };
struct child_msg {
    int32_t kind;
    int32_t step;   /* MSG_ERROR */
    int32_t err;    /* MSG_ERROR: negative errno */
    int32_t status; /* MSG_RESULT: the program's wait status */
    int32_t fds[4]; /* MSG_FDS: mnt, net, uts, box */
};

/* Child side: writes one message (errors ignored: the parent sees EOF). */
void child_report(int fd, int kind, int step, int err) SANDBOX_CHILD;

/*** mount namespaces (mount.c) ***/

/* What the slot helper builds: the slot's root, mounted in new mount, network
 * and UTS namespaces. */
struct root_plan {
    const char *mount_point; /* host directory the root tmpfs goes on */
    uid_t uid;
    gid_t gid;
    uint64_t box_kb;
    const char *const *extra_root;
    char passwd[256]; /* contents of the box's /etc/passwd */
    char group[128];
    char box_opts[96]; /* tmpfs options of /box */
    int status_fd;
};

/* Helper side: builds the slot's namespaces and root as root_plan says, then
 * reports MSG_FDS (the namespaces and /box, opened into the shared descriptor
 * table) or MSG_ERROR. Never returns. */
_Noreturn void mount_helper_main(const struct root_plan *plan);

struct run_plan;
/* Init side: opens the binds' host trees, joins the slot's network, UTS and
 * mount namespaces, makes a private copy of the latter and mounts the run's
 * /proc, /tmp, read-only /box and binds in it, then enters cwd. Returns 0, or a
 * negative errno with *step set. */
int mount_run(const struct run_plan *plan, int *step) SANDBOX_CHILD;

/*** runs (run.c, init.c) ***/

/* What the parent prepared for init and the program. Lives in the slot, with
 * its strings, until the init reports (plan.c); the init shares this memory. */
struct run_plan {
    int version; /* cgroup version */
    int mnt_fd, net_fd, uts_fd;
    int status_fd; /* write end of the status pipe */
    int stdin_fd, stdout_fd, stderr_fd;
    const struct cgroup_slot *cg;
    const struct sock_fprog *filter;
    uid_t uid;
    gid_t gid;
    bool box_readonly;
    int cpu;           /* the CPU the run is pinned to, or -1 */
    char tmp_opts[96]; /* "size=<u64>k,nr_inodes=<u64>,mode=1777" fits */
    size_t nbinds;
    const char *bind_host[SANDBOX_MAX_BINDS];
    const char *bind_box[SANDBOX_MAX_BINDS];
    char *const *argv;
    char *const *envp;
    const char *cwd;
    struct rlimit rl_cpu, rl_fsize, rl_stack, rl_nofile, rl_nproc;
    unsigned alarm_s; /* init's own wall-clock backstop */
    void *prog_stack; /* top of the stack of the program's child */
};

/* Init side: PID 1 of the run's PID namespace. Joins the slot's namespaces,
 * mounts the run's /proc, /tmp and binds, starts the program, waits for it,
 * reports MSG_RESULT and exits (which kills whatever is left). Never returns. */
int init_main(void *plan) SANDBOX_CHILD;

/*** the plan's home in the slot (plan.c) ***/

/* Maps the slot's stacks (the program's child, SANDBOX_INIT_STACKS inits). */
int plan_stacks_map(struct sandbox_slot *slot);
void *plan_prog_stack(struct sandbox_slot *slot);
void *plan_init_stack(struct sandbox_slot *slot, unsigned k);
/* sandbox_bind_check(); err may be NULL when errlen is 0. */
int plan_bind_check(const struct sandbox_bind *bind, char *err, size_t errlen);
/* Writes the plan of the slot's next run: spec (its strings copied into the
 * slot) under lim, whose defaults are filled; the descriptors come later.
 * Returns 0 or -E2BIG. */
int plan_prepare(struct sandbox_slot *slot, const struct sandbox_spec *spec,
                 const struct sandbox_limits *lim);
/* Frees the strings and unmaps the stacks. */
void plan_dispose(struct sandbox_slot *slot);

/*** the sandbox and its slots ***/

struct sandbox_slot {
    struct sandbox *sb;
    unsigned index;
    uid_t uid;
    gid_t gid;
    int cpu;                    /* the CPU of its pinned runs */
    int mnt_fd, net_fd, uts_fd; /* the slot's namespaces */
    int box_fd;                 /* O_PATH, the root of the slot's /box tmpfs */
    /* Detached copies of the host directories of its stdin/stdout/stderr files
     * (run.c), kept across runs: -1 and NULL when unused. */
    int stream_tree[SANDBOX_STREAM_TREES];
    char *stream_dir[SANDBOX_STREAM_TREES];
    unsigned stream_next; /* the entry the next new directory replaces */
    struct cgroup_slot cg;

    /* The run in progress (busy) or finishing (closing). */
    bool busy;
    uv_poll_t poll;
    uv_timer_t wall_timer;
    uv_timer_t cpu_timer;
    int pidfd;
    pid_t pid; /* the init, until reaped or handed to exiting */
    int status_fd;
    int wstatus;        /* the program's wait status, from MSG_RESULT */
    bool have_result;   /* MSG_RESULT read */
    bool pipe_done;     /* the status pipe ended: the init has exited */
    int out_fd, err_fd; /* ours to fstat and close; -1 when not */
    uint64_t out_cap;
    uint64_t start_ns;
    uint64_t cpu_limit_ns;
    uint64_t mem_limit_kb;
    struct cgroup_mark mark;
    enum sandbox_limit killed; /* set when we killed the run for a limit */
    uint64_t kill_resident;    /* cgroup_run_resident() as we killed it for time */
    bool cancelled;
    int status;
    struct sandbox_result res;
    sandbox_run_cb cb;
    void *data;

    /* The current run's plan and what it points to (plan.c). */
    struct run_plan plan;
    char *argv[SANDBOX_MAX_ARGS + 1];
    char *envp[SANDBOX_MAX_ENV + 1];
    char *strings;
    size_t strings_cap;
    /* Stacks of the inits, each with the init on it until that one is reaped
     * (0 = free): an init still exiting after its report keeps its stack. */
    void *stacks;
    size_t stacks_len;
    pid_t stack_pid[SANDBOX_INIT_STACKS];
};

struct sandbox {
    uv_loop_t *loop;
    char *root_dir;
    char *mount_point;
    char **extra_root;
    uint64_t box_kb;
    int lock_fd;
    struct cgroup_root cg;
    struct sock_fprog filter;        /* unpinned runs */
    struct sock_fprog filter_pinned; /* pinned runs: also no sched_setaffinity */
    unsigned ncpus;
    unsigned nslots;
    struct sandbox_slot *slots;
    unsigned open_handles; /* freed when this drops to 0 after sandbox_free() */
    bool freeing;
    bool keep; /* the slots outlive us (keep.c) */
};

/* slot.c: builds the slot's namespaces, root and /box; on failure *step names
 * the helper's failed step, when it got that far. */
int slot_build(struct sandbox_slot *slot, const char **step);
/* Gives the slot a fresh, empty /box (its mount namespace stays). */
int slot_new_box(struct sandbox_slot *slot);
void slot_dispose(struct sandbox_slot *slot);
/* run.c: closes the slot's stream directories. */
void run_streams_dispose(struct sandbox_slot *slot);
int slot_open(struct sandbox_slot *slot, const char *path, int flags, mode_t mode);
int slot_write(struct sandbox_slot *slot, const char *path, const void *data, size_t len,
               mode_t mode);
int slot_mkdir(struct sandbox_slot *slot, const char *path, mode_t mode);
int slot_read(struct sandbox_slot *slot, const char *path, size_t max, struct buf *out);

/* keep.c: slots kept between processes (sandbox_config.keep). keep_take()
 * gives the slots the namespaces kept under root_dir when they were built by
 * this binary with this configuration and returns 1; otherwise it drops what
 * is kept and returns 0. keep_save() pins the slots' namespaces and writes
 * the configuration (0 or -errno; on failure nothing is kept). keep_drop()
 * lets the kept namespaces go. */
int keep_take(struct sandbox *sb);
int keep_save(struct sandbox *sb);
void keep_drop(const char *root_dir);

/* run.c */
int run_start(struct sandbox_slot *slot, const struct sandbox_spec *spec, sandbox_run_cb cb,
              void *data);
/* Kills the slot's run; its callback gets -ECANCELED once its handle closed. */
void run_cancel(struct sandbox_slot *slot);
/* Reaps the slot's inits that finished exiting; with block, waits for all. */
void run_reap(struct sandbox_slot *slot, bool block);
/* Called by run.c when a handle of sb finished closing. */
void sandbox_handle_closed(struct sandbox *sb);

#endif
