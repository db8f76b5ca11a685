/* The sandbox: runs one untrusted program at a time per slot, contained and
 * limited, on the caller's libuv loop, and reports what happened. It knows
 * nothing of Redis, PostgreSQL, HTTP or languages (DESIGN.md "The sandbox"). */
/*
 * Use (one loop, N slots; one submission per slot at a time):
 *
 *     struct sandbox_config cfg = {.slots = 4};
 *     struct sandbox *sb = sandbox_new(loop, &cfg, err, sizeof(err));
 *     struct sandbox_slot *slot = sandbox_slot(sb, 0);
 *     sandbox_slot_write(slot, "main.c", src, len, 0644);
 *     const char *cc[] = {"/usr/bin/gcc", "-O2", "-o", "main", "main.c", NULL};
 *     struct sandbox_spec spec = {.argv = cc, .stderr_path = "/var/lib/verdict/j1/cc.txt",
 *                                 .limits = {.cpu_ms = 10000, .memory_kb = 512 << 10}};
 *     sandbox_run(slot, &spec, on_compiled, job);   // later: a test per run with
 *     // {.argv = (const char *[]){"/box/main", NULL}, .box_readonly = true, .stdin_path = in,
 *     //  .stdout_path = out}, and sandbox_slot_reset(slot) before the next submission.
 */
#ifndef SANDBOX_SANDBOX_H
#define SANDBOX_SANDBOX_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

struct sandbox;
struct sandbox_slot;

/* How a sandbox is set up; borrowed by sandbox_new(), which copies what it keeps.
 * Zero fields take the documented default. Two processes must not share a
 * root_dir (the second gets -EBUSY), a cgroup_parent or a uid range. */
struct sandbox_config {
    unsigned slots;                /* runs that may happen at once (default 1) */
    const char *root_dir;          /* host directory, created 0700 root: holds a lock file and the
                                      empty mount point the slots' roots are built on
                                      (default "/run/verdict/sandbox") */
    const char *cgroup_parent;     /* group created under each cgroup hierarchy; slot i lives in
                                      <parent>/slot<i> (default "verdict") */
    uid_t first_uid;               /* slot i runs as uid and gid first_uid + i (default 60000) */
    int cgroup_version;            /* 1 or 2; 0 = detect (v1 when a v1 memory hierarchy is
                                      mounted, else v2 with the memory and pids controllers) */
    const char *cgroup_root;       /* for tests: a directory standing for the cgroup mount(s)
                                      (v1: <root>/memory, <root>/pids, <root>/cpuacct); NULL =
                                      read /proc/self/mountinfo */
    uint64_t box_kb;               /* size of each slot's /box tmpfs (default 256 MiB) */
    const char *const *extra_root; /* NULL-terminated host paths bound read-only at the same
                                      path in every box, on top of the default set (/usr,
                                      /bin, /lib*, /sbin, the harmless /etc files); may be
                                      NULL */
    bool keep;                     /* the slots outlive sandbox_free(): their namespaces stay
                                      pinned under root_dir/keep and their cgroups in place,
                                      and the next sandbox_new() with this root_dir, this
                                      configuration and this binary takes them as they are
                                      (no slot build, no trial run: 3-4 ms less, for one-shot
                                      tools); sandbox_sweep() lets them go */
};

/* Limits of one run. A zero field takes its default; nothing is unlimited. */
struct sandbox_limits {
    uint32_t cpu_ms;       /* CPU time of every process and thread of the run (default 2000) */
    uint32_t wall_ms;      /* wall-clock time (default 2 * cpu_ms + 1000) */
    uint64_t memory_kb;    /* cgroup memory, tmpfs /tmp included (default 256 MiB) */
    uint64_t output_kb;    /* cap of stdout and of stderr, each (default 64 MiB) */
    uint32_t processes;    /* processes + threads, pids cgroup (default 64) */
    uint64_t file_size_kb; /* RLIMIT_FSIZE for files other than stdout/stderr; the rlimit
                              is max(this, output_kb) (default output_kb) */
    uint64_t stack_kb;     /* RLIMIT_STACK (default memory_kb) */
    uint32_t open_files;   /* RLIMIT_NOFILE (default 256) */
    uint64_t tmp_kb;       /* size of the run's fresh /tmp tmpfs (default 64 MiB) */
};

/* A host file or directory bound read-only (nosuid, nodev) into one run. box is an
 * absolute path outside /box, /proc, /dev and /tmp (e.g. "/judge/input"); its empty
 * mount point is created in the box root and stays there, empty, for later runs. */
struct sandbox_bind {
    const char *host;
    const char *box;
};

/* One run. Everything is borrowed and only read during sandbox_run(). */
struct sandbox_spec {
    const char *const *argv; /* argv[0]: a path inside the box ("/box/main"), or a bare name
                                searched in the run's PATH; never a shell string */
    const char *const *envp; /* NULL = PATH=/usr/local/bin:/usr/bin:/bin, HOME=/box,
                                LANG=C.UTF-8; otherwise exactly this list */
    const char *cwd;         /* inside the box (default "/box") */
    /* stdin: stdin_fd when > 0, else stdin_path (host, opened read-only, no symlink
     * followed in its last component), else /dev/null. */
    const char *stdin_path;
    int stdin_fd;
    /* stdout and stderr: *_fd when > 0, else *_path (host, created or truncated 0640,
     * O_NOFOLLOW), else discarded. Keep these files outside the box. */
    const char *stdout_path;
    int stdout_fd;
    const char *stderr_path;
    int stderr_fd;
    bool stderr_to_stdout;            /* stderr goes wherever stdout goes */
    bool box_readonly;                /* mount /box read-only for this run (tests) */
    bool pinned;                      /* run on the slot's own CPU (timed runs: tests) */
    const struct sandbox_bind *binds; /* nbinds extra read-only binds, may be NULL */
    size_t nbinds;
    struct sandbox_limits limits;
};

/* What became of the program. An outcome is not an error: a crash is
 * SANDBOX_VERDICT_RE with a 0 status. */
enum sandbox_verdict {
    SANDBOX_VERDICT_OK,  /* exited 0 within every limit */
    SANDBOX_VERDICT_TLE, /* CPU or wall-clock limit (see limit) */
    SANDBOX_VERDICT_MLE, /* killed by the cgroup OOM killer, or stopped for time after it met
                            its memory limit, holding 7/8 of it (cgroup counters, never a
                            guess from the exit signal) */
    SANDBOX_VERDICT_OLE, /* wrote more than output_kb to stdout or stderr */
    SANDBOX_VERDICT_RE,  /* non-zero exit or a fatal signal */
};

/* Which limit was hit, if any. */
enum sandbox_limit {
    SANDBOX_LIMIT_NONE,
    SANDBOX_LIMIT_CPU,
    SANDBOX_LIMIT_WALL,
    SANDBOX_LIMIT_MEMORY,
    SANDBOX_LIMIT_OUTPUT,
};

struct sandbox_result {
    enum sandbox_verdict verdict;
    enum sandbox_limit limit;
    int exit_code;          /* the program's exit status, or -1 when a signal killed it */
    int signal;             /* the signal that killed it, or 0 */
    uint32_t cpu_ms;        /* user + system of every process in the run (cgroup) */
    uint32_t wall_ms;       /* from the start of the run to the end of its last process */
    uint64_t memory_kb;     /* peak memory of the run (cgroup), page cache and /tmp included */
    uint64_t stdout_bytes;  /* kept in the stdout file (at most output_kb) */
    uint64_t stderr_bytes;  /* likewise for stderr */
    const char *error_step; /* on a negative status, the set-up step that failed (static
                               text such as "execve"), else NULL */
};

/* Called exactly once per accepted sandbox_run(), later, from the loop. status is 0
 * when the program ran (whatever its verdict), or a negative errno when the sandbox
 * failed (an internal error; res->error_step may say where; -ENOENT from "execve"
 * means argv[0] is not in the box; -ECANCELED means sandbox_free() stopped it). res
 * is borrowed for the duration of the call; the slot may be reused from inside it. */
typedef void (*sandbox_run_cb)(struct sandbox_slot *slot, int status,
                               const struct sandbox_result *res, void *data);

/* Creates the sandbox: checks that we run as root, detects cgroup v1 or v2, takes
 * the lock in root_dir, removes what a crashed predecessor with the same config
 * left (cgroups, processes), builds the seccomp filter, and prepares every slot
 * (its cgroup, its network, UTS and mount namespaces, an empty /box), then runs
 * /bin/true once in each slot on a private loop, so that a sandbox that cannot
 * run anything (inside a chroot, say) fails here, not on every run. Blocks for
 * a few milliseconds per slot. Returns NULL with a one-line reason in err, which
 * names the failed step and its likely cause. */
struct sandbox *sandbox_new(uv_loop_t *loop, const struct sandbox_config *cfg, char *err,
                            size_t errlen);

/* Kills any run in progress (its callback gets -ECANCELED), closes the slots and
 * removes their cgroups. Handles close asynchronously: the memory is released once
 * the loop has run again. sandbox_free(NULL) does nothing. */
void sandbox_free(struct sandbox *sb);

/* Removes what an instance with this config left behind after a crash or kept:
 * kept namespaces, processes in its cgroups, then the cgroups. Fails with -EBUSY when a live
 * instance holds the lock. sandbox_new() does this itself. Returns 0 or a negative errno. */
int sandbox_sweep(const struct sandbox_config *cfg, char *err, size_t errlen);

/* Whether the host pipes core dumps to a helper program: core_pattern (path;
 * NULL = /proc/sys/kernel/core_pattern) starts with '|'. Runs never reach the
 * helper (their RLIMIT_CORE is 1, the one value the kernel honours for pipes),
 * but whoever starts a sandbox should know the host has one: returns 1 with a
 * warning in msg, 0 when cores go to files, or a negative errno when the file
 * cannot be read (msg then says why). */
int sandbox_core_pattern_check(const char *path, char *msg, size_t msglen);

/* Returns slot i (i < the slots configured), owned by sb. */
struct sandbox_slot *sandbox_slot(struct sandbox *sb, unsigned i);

/* Returns the slot's index and the uid its programs run as. */
unsigned sandbox_slot_index(const struct sandbox_slot *slot);
uid_t sandbox_slot_uid(const struct sandbox_slot *slot);
/* The CPU its pinned runs use (slots take the caller's allowed CPUs in turn),
 * or -1 when unknown. */
int sandbox_slot_cpu(const struct sandbox_slot *slot);

/* True while a run of this slot has not yet called back. */
bool sandbox_slot_busy(const struct sandbox_slot *slot);

/* Wipes the slot's /box (a fresh empty tmpfs) for the next submission. Not
 * while busy (-EBUSY). Blocks for about 0.1 ms. */
int sandbox_slot_reset(struct sandbox_slot *slot);

/* Opens path (relative, resolved beneath /box, never through a symlink, "..",
 * or another mount) with flags (O_CLOEXEC|O_NOFOLLOW|O_NONBLOCK are added; O_CREAT
 * files get mode and the slot's uid). Opening anything but a regular file or a
 * directory fails with -EINVAL. Returns a descriptor the caller closes, or a
 * negative errno. Not while busy, as the box could change under the caller. */
int sandbox_slot_open(struct sandbox_slot *slot, const char *path, int flags, mode_t mode);

/* Opens host file path (flags and mode as open(2) takes them; O_CLOEXEC is
 * added) for one of the slot's runs' standard streams, so that the program sees
 * it named from its directory only: /proc/self/fd/1 reads "/out", not the
 * host's path to it. The slot keeps a detached copy of the directory for the
 * next runs. Returns a descriptor the caller closes, or a negative errno. */
int sandbox_slot_open_stream(struct sandbox_slot *slot, const char *path, int flags, mode_t mode);

/* Replaces path in /box with a regular file holding data[0..len), owned by the
 * slot's uid, with mode. Returns 0 or a negative errno. */
int sandbox_slot_write(struct sandbox_slot *slot, const char *path, const void *data, size_t len,
                       mode_t mode);

/* Creates the directory path in /box, owned by the slot's uid. */
int sandbox_slot_mkdir(struct sandbox_slot *slot, const char *path, mode_t mode);

/* Appends the regular file path of /box to out, failing with -EFBIG when it is
 * larger than max bytes. Returns 0 or a negative errno. */
int sandbox_slot_read(struct sandbox_slot *slot, const char *path, size_t max, struct buf *out);

/* Starts spec in slot. Returns 0 and calls cb once later, or returns a negative
 * errno (-EBUSY when the slot is running, -EINVAL for a bad spec) and never calls
 * it. Everything in spec may be freed when this returns. */
int sandbox_run(struct sandbox_slot *slot, const struct sandbox_spec *spec, sandbox_run_cb cb,
                void *data);

/* Checks that bind may go into a run: both paths set, and box absolute, not
 * "/", without "." or ".." components, and outside /box (the slot's own
 * directory), /proc, /dev and /tmp (mounted afresh by each run). A host path
 * under /tmp, say, is bound elsewhere ({"/tmp/dir", "/data"}), or its files
 * are copied into /box. Returns 0, or -EINVAL with the reason in err (one
 * line, naming the path). sandbox_run() refuses a spec with a bad bind. */
int sandbox_bind_check(const struct sandbox_bind *bind, char *err, size_t errlen);

/* Fills the zero fields of l with their defaults. sandbox_run() does this itself;
 * callers use it to show the limits that apply. */
void sandbox_limits_fill(struct sandbox_limits *l);

/* Returns "ok", "TLE", "MLE", "OLE" or "RE". */
const char *sandbox_verdict_name(enum sandbox_verdict v);

/* Returns "none", "cpu", "wall", "memory" or "output". */
const char *sandbox_limit_name(enum sandbox_limit l);

#endif
