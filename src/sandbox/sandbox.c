/* The sandbox object: start-up (lock, sweep, cgroups, filter, slots), shut-down,
 * and the public entry points, which hand over to slot.c and run.c. */

/*
 * Theory of operation
 *
 * Processes. The worker (any caller of sandbox_new) runs the loop and never
 * blocks on a run. sandbox_new() starts one helper per slot (slot.c, mount.c):
 * it unshares mount, network and UTS namespaces, builds the slot's read-only
 * root on a tmpfs (host /usr, /lib*, a few /etc files bound read-only; our own
 * /etc/passwd; a minimal /dev; an empty /box tmpfs owned by the slot's uid),
 * pivots into it, hands back the namespaces and /box as descriptors and exits.
 * The namespaces live on through those descriptors, one set per slot, for the
 * sandbox's life; before sandbox_new() returns, each slot runs /bin/true once,
 * so that a sandbox that cannot run (inside a chroot) refuses to start. A sandbox
 * with keep set leaves its slots' namespaces pinned and cgroups in place for the
 * next process with the same root_dir and configuration (keep.c), which skips
 * the build and the trial. sandbox_slot_reset() mounts
 * a fresh /box over the old one between submissions. Each run (run.c) then clones an init (init.c)
 * with CLONE_VM into a fresh PID and IPC namespace, on a stack of the slot's: it is PID 1 of the
 * run, and the program is its child, never PID 1 itself (PID 1 loses its own default signals). The
 * init dies with the worker (PDEATHSIG), and the whole run dies with the init.
 *
 * Namespaces, cgroups, mounts. Per slot: network (loopback only, down), UTS
 * ("box") and the mount namespace holding the root; per run: PID, IPC, and a
 * private copy of the slot's mount namespace, in which the init mounts a fresh
 * /proc (hidepid=2; /proc/sys and /proc/kallsyms masked), a fresh size-limited /tmp, /box read-only
 * if asked, and the run's binds; all of it goes when the run ends. Per slot, one cgroup in each
 * hierarchy (v1: memory, pids, cpuacct; v2: one group), whose limits are rewritten before each run
 * and whose counters are read as deltas after it.
 *
 * What flows where. The caller's spec is copied into the slot's plan (plan.c),
 * which the init reads in the worker's own memory. The program's stdin,
 * stdout and stderr are host descriptors the worker opened. The init and the
 * program report on a status pipe: a failed set-up step ({step, -errno}), or
 * the program's wait status once every process of the run is gone. The worker
 * watches that pipe with uv_poll, enforces the wall and CPU limits with timers
 * (SIGKILL through the init's pidfd), reads the cgroup, and calls back once.
 * The host side touches /box only through slot.c, by descriptor, beneath the
 * box and never through a link.
 *
 * Order of the security steps, in the program's child (init.c, prog_main):
 * join the cgroup (v1; v2 is born in it) and make it the root of a cgroup
 * namespace, take stdin/stdout/stderr, close every other descriptor, set the
 * rlimits, empty the capability bounding set, drop to the slot's uid and gid
 * with no groups, set no_new_privs, load the seccomp filter (filter.c), execve.
 * Everything before the uid drop runs as root in the run's namespaces; nothing
 * after it can undo an earlier step.
 */
#include "sandbox/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_ROOT_DIR "/run/verdict/sandbox"
#define DEFAULT_CGROUP "verdict"
#define DEFAULT_FIRST_UID 60000
#define DEFAULT_BOX_KB (256 * 1024)

/* Host files the runtimes need whose names carry a version: the JVM's
 * configuration (its conf/ links into /etc) and Debian's python site hooks. */
static const char *const root_globs[] = {"/etc/java-*", "/etc/python3*"};

/* Takes the lock of root_dir: one live instance per root_dir, so that the
 * sweep never removes a live instance's groups. Returns the lock's fd. */
static int take_lock(const char *root_dir, char *err, size_t errlen)
{
    int rc = root_dir[0] == '/' ? fs_mkdir_p(root_dir, 0700) : -EINVAL;
    if (rc < 0) {
        snprintf(err, errlen, "cannot create %s: %s", root_dir, strerror(-rc));
        return rc;
    }
    if (chmod(root_dir, 0700) < 0) {
        rc = -errno;
        snprintf(err, errlen, "cannot chmod %s: %s", root_dir, strerror(errno));
        return rc;
    }
    struct buf path;
    buf_init(&path);
    buf_printf(&path, "%s/lock", root_dir);
    int fd = open(path.data, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = -errno;
        snprintf(err, errlen, "cannot open %s: %s", path.data, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
        snprintf(err, errlen, "%s is in use by another sandbox", root_dir);
        close(fd);
    } else {
        rc = fd;
    }
    buf_dispose(&path);
    return rc;
}

static void fill_config(const struct sandbox_config *in, struct sandbox_config *out)
{
    *out = *in;
    if (!out->slots)
        out->slots = 1;
    if (!out->root_dir)
        out->root_dir = DEFAULT_ROOT_DIR;
    if (!out->cgroup_parent)
        out->cgroup_parent = DEFAULT_CGROUP;
    if (!out->first_uid)
        out->first_uid = DEFAULT_FIRST_UID;
    if (!out->box_kb)
        out->box_kb = DEFAULT_BOX_KB;
}

/* The extra host paths of every box root: the versioned /etc entries, then the
 * caller's. */
static char **root_paths(const struct sandbox_config *cfg)
{
    size_t n = 0, cap = 8;
    char **list = xcalloc(cap, sizeof(char *));
    for (size_t g = 0; g < sizeof(root_globs) / sizeof(root_globs[0]); g++) {
        glob_t gl;
        if (glob(root_globs[g], GLOB_NOSORT, NULL, &gl) == 0) {
            for (size_t i = 0; i < gl.gl_pathc; i++) {
                if (n + 2 > cap)
                    list = xrealloc(list, (cap *= 2) * sizeof(char *));
                list[n++] = xstrdup(gl.gl_pathv[i]);
            }
            globfree(&gl);
        }
    }
    for (size_t i = 0; cfg->extra_root && cfg->extra_root[i]; i++) {
        if (n + 2 > cap)
            list = xrealloc(list, (cap *= 2) * sizeof(char *));
        list[n++] = xstrdup(cfg->extra_root[i]);
    }
    list[n] = NULL;
    return list;
}

static void release(struct sandbox *sb)
{
    for (char **p = sb->extra_root; p && *p; p++)
        free(*p);
    free(sb->extra_root);
    for (unsigned i = 0; sb->slots && i < sb->nslots; i++)
        plan_dispose(&sb->slots[i]);
    free(sb->slots);
    free(sb->root_dir);
    free(sb->mount_point);
    free(sb);
}

/* Undoes what sandbox_new() did before its handles existed. */
static void destroy_early(struct sandbox *sb)
{
    for (unsigned i = 0; sb->slots && i < sb->nslots; i++) {
        slot_dispose(&sb->slots[i]);
        cgroup_slot_close(&sb->slots[i].cg);
    }
    filter_dispose(&sb->filter);
    filter_dispose(&sb->filter_pinned);
    cgroup_root_dispose(&sb->cg);
    if (sb->lock_fd >= 0)
        close(sb->lock_fd);
    release(sb);
}

/* Takes the lock, then finds the cgroups and builds the seccomp filter. */
static int setup_host(struct sandbox *sb, const struct sandbox_config *cfg, char *err,
                      size_t errlen)
{
    int rc = take_lock(cfg->root_dir, err, errlen);
    if (rc < 0)
        return rc;
    sb->lock_fd = rc;
    if (mkdir(sb->mount_point, 0700) < 0 && errno != EEXIST) {
        rc = -errno;
        snprintf(err, errlen, "cannot create %s: %s", sb->mount_point, strerror(errno));
        return rc;
    }
    if ((rc = cgroup_detect(&sb->cg, cfg->cgroup_version, cfg->cgroup_root, cfg->cgroup_parent, err,
                            errlen)) < 0)
        return rc;
    const char *bad;
    if ((rc = filter_build(&sb->filter, &sb->filter_pinned, &bad)) < 0) {
        if (bad)
            snprintf(err, errlen, "cannot build the seccomp filter: system call %s: %s", bad,
                     strerror(-rc));
        else
            snprintf(err, errlen, "cannot build the seccomp filter: %s", strerror(-rc));
        return rc;
    }
    return 0;
}

/* Prepares slot i: its stacks, its cgroup, its namespaces and root; a kept
 * slot (taken) has its namespaces and root already, and gets a fresh /box. */
static int setup_slot(struct sandbox *sb, unsigned i, bool taken, char *err, size_t errlen)
{
    struct sandbox_slot *slot = &sb->slots[i];
    int rc = plan_stacks_map(slot);
    if (rc < 0) {
        snprintf(err, errlen, "cannot map the stacks of slot %u: %s", i, strerror(-rc));
        return rc;
    }
    if ((rc = cgroup_slot_open(&sb->cg, i, &slot->cg)) < 0) {
        snprintf(err, errlen, "cannot set up the cgroup of slot %u: %s", i, strerror(-rc));
        return rc;
    }
    if (taken) {
        cgroup_slot_kill(&slot->cg);
        if ((rc = slot_new_box(slot)) < 0)
            snprintf(err, errlen, "cannot give kept slot %u a fresh /box: %s", i, strerror(-rc));
        return rc;
    }
    const char *step;
    if ((rc = slot_build(slot, &step)) < 0) {
        snprintf(err, errlen, "cannot set up slot %u: %s: %s", i, step ? step : "helper",
                 strerror(-rc));
        return rc;
    }
    return 0;
}

/* Creates the slots' records. Slots take the CPUs we may use in turn, for
 * their pinned runs. */
static void slots_init(struct sandbox *sb, const struct sandbox_config *cfg)
{
    cpu_set_t allowed;
    int cpus[CPU_SETSIZE], ncpu = 0;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &allowed))
                cpus[ncpu++] = c;
    sb->slots = xcalloc(cfg->slots, sizeof(*sb->slots));
    for (unsigned i = 0; i < cfg->slots; i++) {
        struct sandbox_slot *slot = &sb->slots[i];
        slot->sb = sb;
        slot->index = i;
        slot->uid = cfg->first_uid + i;
        slot->gid = cfg->first_uid + i;
        slot->cpu = ncpu ? cpus[i % (unsigned)ncpu] : -1;
        slot->mnt_fd = slot->net_fd = slot->uts_fd = slot->box_fd = -1;
        for (unsigned k = 0; k < SANDBOX_STREAM_TREES; k++)
            slot->stream_tree[k] = -1;
        slot->pidfd = slot->status_fd = slot->out_fd = slot->err_fd = -1;
    }
    sb->nslots = cfg->slots;
}

/* Takes the kept slots (sandbox_config.keep), or clears what a crashed
 * predecessor left, then prepares every slot. */
static int setup_slots(struct sandbox *sb, bool *taken, char *err, size_t errlen)
{
    int rc;
    *taken = sb->keep && keep_take(sb) == 1;
    /* Slots a keeping instance left under this root_dir are of no use to us. */
    if (!sb->keep)
        keep_drop(sb->root_dir);
    /* What a crashed predecessor left: its processes and cgroups. Its mounts and
     * namespaces died with it, since only its descriptors held them (unless
     * kept, and then they were dropped unless taken). */
    if (!*taken && (rc = cgroup_sweep(&sb->cg)) < 0) {
        snprintf(err, errlen, "cannot remove old cgroups under %s: %s", sb->cg.parent,
                 strerror(-rc));
        return rc;
    }
    for (unsigned i = 0; i < sb->nslots; i++)
        if ((rc = setup_slot(sb, i, *taken, err, errlen)) < 0)
            return rc;
    return 0;
}

static void on_timer_close(uv_handle_t *handle)
{
    struct sandbox_slot *slot = handle->data;
    sandbox_handle_closed(slot->sb);
}

static void timers_init(struct sandbox *sb)
{
    for (unsigned i = 0; i < sb->nslots; i++) {
        struct sandbox_slot *slot = &sb->slots[i];
        uv_timer_init(sb->loop, &slot->wall_timer);
        uv_timer_init(sb->loop, &slot->cpu_timer);
        slot->wall_timer.data = slot->cpu_timer.data = slot;
        sb->open_handles += 2;
    }
}

struct trial {
    int calls;
    int status;
    const char *step;
    enum sandbox_verdict verdict;
    int exit_code, signal;
};

static void trial_on_done(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                          void *data)
{
    (void)slot;
    struct trial *t = data;
    t->calls++;
    t->status = status;
    t->step = res->error_step;
    t->verdict = res->verdict;
    t->exit_code = res->exit_code;
    t->signal = res->signal;
}

/* What a failed trial step most likely means, or "". */
static const char *trial_hint(const char *step, int rc)
{
    /* The slot's root was pivoted, but the run does not find /box in it: the
     * pivot happened beneath a root that is not the host's (issue 10). */
    if (step == step_name(STEP_INIT_CHDIR) && rc == -ENOENT)
        return " (the box's root lost /box: is this process in a chroot? run it outside)";
    return "";
}

/* Fails at start, not per run: one run of /bin/true in each slot, on a loop of
 * its own (the caller's may hold other handles), before the sandbox is handed
 * out. Where the sandbox cannot work (inside a chroot, pivot_root leaves the run
 * without /box) every submission would otherwise be an internal error with the
 * same step; here the caller refuses to start, and err names the cause. */
static int trial_runs(struct sandbox *sb, char *err, size_t errlen)
{
    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc < 0) {
        snprintf(err, errlen, "cannot start a loop for the trial runs: %s", uv_strerror(rc));
        return rc;
    }
    sb->loop = &loop;
    timers_init(sb);
    static const char *const argv[] = {"/bin/true", NULL};
    struct sandbox_spec spec = {.argv = argv, .limits = {.cpu_ms = 2000, .wall_ms = 5000}};
    for (unsigned i = 0; i < sb->nslots && rc == 0; i++) {
        struct trial t = {0};
        if ((rc = run_start(&sb->slots[i], &spec, trial_on_done, &t)) == 0) {
            (void)uv_run(&loop, UV_RUN_DEFAULT);
            rc = t.calls == 1 ? t.status : -EPROTO;
        }
        if (rc < 0) {
            snprintf(err, errlen, "slot %u cannot run a program: %s%s%s%s", i, t.step ? t.step : "",
                     t.step ? ": " : "", strerror(-rc), trial_hint(t.step, rc));
        } else if (t.verdict != SANDBOX_VERDICT_OK) {
            snprintf(err, errlen,
                     "slot %u cannot run a program: /bin/true ended %s (exit %d, "
                     "signal %d)",
                     i, sandbox_verdict_name(t.verdict), t.exit_code, t.signal);
            rc = -EPROTO;
        }
    }
    for (unsigned i = 0; i < sb->nslots; i++) {
        run_reap(&sb->slots[i], true);
        uv_close((uv_handle_t *)&sb->slots[i].wall_timer, on_timer_close);
        uv_close((uv_handle_t *)&sb->slots[i].cpu_timer, on_timer_close);
    }
    (void)uv_run(&loop, UV_RUN_DEFAULT);
    int crc = uv_loop_close(&loop);
    if (rc == 0 && crc < 0) {
        snprintf(err, errlen, "the trial runs left handles open");
        rc = crc;
    }
    return rc;
}

struct sandbox *sandbox_new(uv_loop_t *loop, const struct sandbox_config *in, char *err,
                            size_t errlen)
{
    if (geteuid() != 0) {
        snprintf(err, errlen, "the sandbox needs root (namespaces, cgroups, uids)");
        return NULL;
    }
    struct sandbox_config cfg;
    fill_config(in, &cfg);
    struct sandbox *sb = xcalloc(1, sizeof(*sb));
    sb->loop = loop;
    sb->lock_fd = -1;
    sb->root_dir = xstrdup(cfg.root_dir);
    sb->box_kb = cfg.box_kb;
    sb->extra_root = root_paths(&cfg);
    long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
    sb->ncpus = ncpus > 0 ? (unsigned)ncpus : 1;
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "%s/root", cfg.root_dir);
    sb->mount_point = buf_steal(&b);
    sb->keep = cfg.keep;
    bool taken = false;
    int rc = setup_host(sb, &cfg, err, errlen);
    if (rc == 0) {
        slots_init(sb, &cfg);
        rc = setup_slots(sb, &taken, err, errlen);
    }
    /* A kept slot had its trial when it was built. */
    if (rc == 0 && !taken)
        rc = trial_runs(sb, err, errlen);
    if (rc < 0) {
        destroy_early(sb);
        return NULL;
    }
    /* A keep that cannot be saved costs the next process a build, nothing more. */
    if (sb->keep && !taken)
        (void)keep_save(sb);
    sb->loop = loop;
    timers_init(sb);
    return sb;
}

void sandbox_handle_closed(struct sandbox *sb)
{
    if (--sb->open_handles == 0 && sb->freeing)
        release(sb);
}

void sandbox_free(struct sandbox *sb)
{
    if (!sb || sb->freeing)
        return;
    sb->freeing = true;
    for (unsigned i = 0; i < sb->nslots; i++) {
        struct sandbox_slot *slot = &sb->slots[i];
        run_cancel(slot);
        run_reap(slot, true);
        uv_close((uv_handle_t *)&slot->wall_timer, on_timer_close);
        uv_close((uv_handle_t *)&slot->cpu_timer, on_timer_close);
        /* What this process left in a kept /box goes now, not with the next. */
        if (sb->keep)
            (void)slot_new_box(slot);
        slot_dispose(slot);
        if (sb->keep)
            cgroup_slot_release(&slot->cg);
        else
            cgroup_slot_close(&slot->cg);
    }
    filter_dispose(&sb->filter);
    filter_dispose(&sb->filter_pinned);
    cgroup_root_dispose(&sb->cg);
    close(sb->lock_fd);
    sb->lock_fd = -1;
}

int sandbox_sweep(const struct sandbox_config *in, char *err, size_t errlen)
{
    struct sandbox_config cfg;
    fill_config(in, &cfg);
    int lock = take_lock(cfg.root_dir, err, errlen);
    if (lock < 0)
        return lock;
    keep_drop(cfg.root_dir);
    struct cgroup_root root;
    int rc =
        cgroup_detect(&root, cfg.cgroup_version, cfg.cgroup_root, cfg.cgroup_parent, err, errlen);
    if (rc == 0) {
        if ((rc = cgroup_sweep(&root)) < 0)
            snprintf(err, errlen, "cannot remove old cgroups under %s: %s", cfg.cgroup_parent,
                     strerror(-rc));
        else
            cgroup_remove_parent(&root);
        cgroup_root_dispose(&root);
    }
    close(lock);
    return rc;
}

int sandbox_core_pattern_check(const char *path, char *msg, size_t msglen)
{
    if (!path)
        path = "/proc/sys/kernel/core_pattern";
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int rc = -errno;
        snprintf(msg, msglen, "cannot read %s: %s", path, strerror(errno));
        return rc;
    }
    char pattern[256];
    ssize_t n = read(fd, pattern, sizeof(pattern) - 1);
    int rc = n < 0 ? -errno : 0;
    close(fd);
    if (rc < 0) {
        snprintf(msg, msglen, "cannot read %s: %s", path, strerror(-rc));
        return rc;
    }
    pattern[n] = '\0';
    pattern[strcspn(pattern, "\n")] = '\0';
    if (pattern[0] != '|')
        return 0;
    snprintf(msg, msglen,
             "core dumps go to a helper (%s = %.200s): runs cannot reach it (RLIMIT_CORE 1), but "
             "any other crash on this host runs it as root",
             path, pattern);
    return 1;
}

struct sandbox_slot *sandbox_slot(struct sandbox *sb, unsigned i)
{
    return i < sb->nslots ? &sb->slots[i] : NULL;
}

unsigned sandbox_slot_index(const struct sandbox_slot *slot)
{
    return slot->index;
}

int sandbox_slot_cpu(const struct sandbox_slot *slot)
{
    return slot->cpu;
}

uid_t sandbox_slot_uid(const struct sandbox_slot *slot)
{
    return slot->uid;
}

bool sandbox_slot_busy(const struct sandbox_slot *slot)
{
    return slot->busy;
}

int sandbox_slot_reset(struct sandbox_slot *slot)
{
    if (slot->busy)
        return -EBUSY;
    return slot_new_box(slot);
}

int sandbox_slot_open(struct sandbox_slot *slot, const char *path, int flags, mode_t mode)
{
    return slot_open(slot, path, flags, mode);
}

int sandbox_slot_write(struct sandbox_slot *slot, const char *path, const void *data, size_t len,
                       mode_t mode)
{
    return slot_write(slot, path, data, len, mode);
}

int sandbox_slot_mkdir(struct sandbox_slot *slot, const char *path, mode_t mode)
{
    return slot_mkdir(slot, path, mode);
}

int sandbox_slot_read(struct sandbox_slot *slot, const char *path, size_t max, struct buf *out)
{
    return slot_read(slot, path, max, out);
}

int sandbox_run(struct sandbox_slot *slot, const struct sandbox_spec *spec, sandbox_run_cb cb,
                void *data)
{
    return run_start(slot, spec, cb, data);
}

int sandbox_bind_check(const struct sandbox_bind *bind, char *err, size_t errlen)
{
    return plan_bind_check(bind, err, errlen);
}

const char *sandbox_verdict_name(enum sandbox_verdict v)
{
    static const char *const names[] = {"ok", "TLE", "MLE", "OLE", "RE"};
    return (unsigned)v < 5 ? names[v] : "?";
}

const char *sandbox_limit_name(enum sandbox_limit l)
{
    static const char *const names[] = {"none", "cpu", "wall", "memory", "output"};
    return (unsigned)l < 5 ? names[l] : "?";
}
