/* One run, seen from the worker's loop: prepare the plan and the cgroup, clone
 * the init into a new PID and IPC namespace, watch its status pipe with uv_poll,
 * enforce the wall and CPU limits with timers (through the init's pidfd), and
 * turn what the init and the cgroup report into a sandbox_result. The run ends
 * when the init reports, which it does once every process of the run is gone;
 * its own exit is reaped later, off the path from one run to the next. */
#include "sandbox/internal.h"

#include "common/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void sandbox_limits_fill(struct sandbox_limits *l)
{
    if (!l->cpu_ms)
        l->cpu_ms = 2000;
    if (!l->wall_ms)
        l->wall_ms = 2 * l->cpu_ms + 1000;
    if (!l->memory_kb)
        l->memory_kb = 256 * 1024;
    if (!l->output_kb)
        l->output_kb = 64 * 1024;
    if (!l->processes)
        l->processes = 64;
    if (!l->file_size_kb)
        l->file_size_kb = l->output_kb;
    if (!l->stack_kb)
        l->stack_kb = l->memory_kb;
    if (!l->open_files)
        l->open_files = 256;
    if (!l->tmp_kb)
        l->tmp_kb = 64 * 1024;
}

/* Moves fd above 2, so that the child's dup2 onto 0-2 never clobbers another of
 * its sources. Takes ownership of fd. */
static int fd_above_stdio(int fd)
{
    if (fd > 2)
        return fd;
    int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int rc = nfd < 0 ? -errno : nfd;
    close(fd);
    return rc;
}

void run_streams_dispose(struct sandbox_slot *slot)
{
    for (unsigned k = 0; k < SANDBOX_STREAM_TREES; k++) {
        sandbox__close_fd(&slot->stream_tree[k]);
        free(slot->stream_dir[k]);
        slot->stream_dir[k] = NULL;
    }
}

/* A detached copy of host directory dir (len bytes), the slot's if it has one.
 * A file opened beneath it is named from the copy's root: the program's
 * /proc/self/fd/1 reads "/out.txt", not the host's path to it (attack
 * "hidden"). Kept across runs: a copy costs a mount, and dropping one an
 * unmount, which waits for an RCU grace period. */
static int stream_tree(struct sandbox_slot *slot, const char *dir, size_t len)
{
    char *copy = xstrndup(dir, len);
    for (unsigned k = 0; k < SANDBOX_STREAM_TREES; k++) {
        if (!slot->stream_dir[k] || strcmp(slot->stream_dir[k], copy) != 0)
            continue;
        /* The same directory still, not one made anew under its name. */
        struct stat now, kept;
        if (stat(copy, &now) == 0 && fstat(slot->stream_tree[k], &kept) == 0 &&
            now.st_dev == kept.st_dev && now.st_ino == kept.st_ino) {
            free(copy);
            return slot->stream_tree[k];
        }
        sandbox__close_fd(&slot->stream_tree[k]);
        free(slot->stream_dir[k]);
        slot->stream_dir[k] = NULL;
    }
    int fd = (int)syscall(SYS_open_tree, AT_FDCWD, copy, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (fd < 0) {
        int rc = -errno;
        free(copy);
        return rc;
    }
    unsigned k = slot->stream_next++ % SANDBOX_STREAM_TREES;
    sandbox__close_fd(&slot->stream_tree[k]);
    free(slot->stream_dir[k]);
    slot->stream_tree[k] = fd;
    slot->stream_dir[k] = copy;
    return fd;
}

int sandbox_slot_open_stream(struct sandbox_slot *slot, const char *path, int flags, mode_t mode)
{
    const char *slash = strrchr(path, '/');
    const char *dir = !slash ? "." : slash == path ? "/" : path;
    size_t dlen = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    int tree = stream_tree(slot, dir, dlen);
    if (tree < 0)
        return tree;
    int fd = openat(tree, slash ? slash + 1 : path, flags | O_CLOEXEC, mode);
    return fd < 0 ? -errno : fd;
}

/* Opens one of the run's standard streams on the host side. */
static int open_stream(struct sandbox_slot *slot, const char *path, int fd, bool output)
{
    if (fd > 0)
        return fd_above_stdio(fcntl(fd, F_DUPFD_CLOEXEC, 3));
    int flags = (output ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY) | O_NOFOLLOW | O_NOCTTY;
    int nfd;
    if (path) {
        if ((nfd = sandbox_slot_open_stream(slot, path, flags, 0640)) < 0)
            return nfd;
    } else if ((nfd = open("/dev/null", flags | O_CLOEXEC, 0640)) < 0) {
        return -errno;
    }
    return fd_above_stdio(nfd);
}

static void run_on_status(uv_poll_t *poll, int status, int events);
static void run_wait_init(struct sandbox_slot *slot);
static unsigned run_free_stack(struct sandbox_slot *slot);
static void run_on_wall(uv_timer_t *timer);
static void run_on_cpu(uv_timer_t *timer);
static void run_kill(struct sandbox_slot *slot, enum sandbox_limit why);
static void run_finish(struct sandbox_slot *slot);
static void run_on_close(uv_handle_t *handle);

/* The host's ends of a run's descriptors, until the slot takes them. */
struct run_fds {
    int in, out, err;
    int status[2]; /* the status pipe: we read, the init and the program write */
};

static void run_close_fds(struct run_fds *f)
{
    sandbox__close_fd(&f->in);
    sandbox__close_fd(&f->out);
    sandbox__close_fd(&f->err);
    sandbox__close_fd(&f->status[0]);
    sandbox__close_fd(&f->status[1]);
}

/* Opens the run's stdin, stdout and stderr, and its status pipe. On failure,
 * closes what it opened. */
static int run_open_fds(struct sandbox_slot *slot, const struct sandbox_spec *spec,
                        struct run_fds *f)
{
    *f = (struct run_fds){-1, -1, -1, {-1, -1}};
    int rc;
    if ((rc = f->in = open_stream(slot, spec->stdin_path, spec->stdin_fd, false)) < 0 ||
        (rc = f->out = open_stream(slot, spec->stdout_path, spec->stdout_fd, true)) < 0)
        goto fail;
    if (spec->stderr_to_stdout) {
        f->err = fcntl(f->out, F_DUPFD_CLOEXEC, 3);
        if (f->err < 0) {
            rc = -errno;
            goto fail;
        }
    } else if ((rc = f->err = open_stream(slot, spec->stderr_path, spec->stderr_fd, true)) < 0) {
        goto fail;
    }
    if (pipe2(f->status, O_CLOEXEC | O_NONBLOCK) < 0) {
        rc = -errno;
        goto fail;
    }
    return 0;
fail:
    run_close_fds(f);
    return rc;
}

/* Starts the init. A fresh PID namespace (the run's processes die with its
 * init) and a fresh IPC namespace (no SysV or POSIX objects carry over to the
 * next run). The init shares our memory, on a stack of the slot's (init.c).
 * Returns its pid, or a negative errno. */
static long run_clone_init(struct sandbox_slot *slot, int *pidfd)
{
    unsigned k = run_free_stack(slot);
    slot->start_ns = now_ns();
    long pid =
        clone(init_main, plan_init_stack(slot, k),
              CLONE_VM | CLONE_NEWPID | CLONE_NEWIPC | CLONE_PIDFD | SIGCHLD, &slot->plan, pidfd);
    if (pid < 0)
        return -errno;
    slot->stack_pid[k] = (pid_t)pid;
    return pid;
}

/* Makes the slot busy with the run whose init is pid: takes pidfd, the read
 * end of the status pipe and the output descriptors. */
static void run_begin(struct sandbox_slot *slot, pid_t pid, int pidfd, struct run_fds *f,
                      const struct sandbox_limits *lim)
{
    slot->pid = pid;
    slot->pidfd = pidfd;
    slot->status_fd = f->status[0];
    slot->out_fd = f->out;
    slot->err_fd = f->err;
    *f = (struct run_fds){-1, -1, -1, {-1, -1}};
    slot->out_cap = (uint64_t)lim->output_kb * 1024;
    slot->cpu_limit_ns = (uint64_t)lim->cpu_ms * 1000000u;
    slot->mem_limit_kb = lim->memory_kb;
    slot->killed = SANDBOX_LIMIT_NONE;
    slot->kill_resident = 0;
    slot->cancelled = false;
    slot->status = 0;
    slot->wstatus = 0;
    slot->have_result = false;
    slot->pipe_done = false;
    memset(&slot->res, 0, sizeof(slot->res));
    slot->busy = true;
}

/* Watches the started run: its status pipe and its wall and CPU timers.
 * Returns 0 (the callback follows), or a negative errno once the run is
 * stopped again (no callback). */
static int run_watch(struct sandbox_slot *slot, const struct sandbox_limits *lim)
{
    struct sandbox *sb = slot->sb;
    int rc = uv_poll_init(sb->loop, &slot->poll, slot->status_fd);
    if (rc < 0) {
        /* Cannot watch it: stop it now and fail without a callback. */
        run_kill(slot, SANDBOX_LIMIT_NONE);
        run_wait_init(slot);
        run_finish(slot);
        sandbox__close_fd(&slot->pidfd);
        sandbox__close_fd(&slot->status_fd);
        slot->busy = false;
        return rc;
    }
    slot->poll.data = slot;
    sb->open_handles++;
    if ((rc = uv_poll_start(&slot->poll, UV_READABLE, run_on_status)) < 0) {
        /* The handle exists: its close callback reports the failure. */
        run_kill(slot, SANDBOX_LIMIT_NONE);
        run_wait_init(slot);
        run_finish(slot);
        slot->status = rc;
        uv_close((uv_handle_t *)&slot->poll, run_on_close);
        return 0;
    }
    /* The loop's clock is as old as this iteration: bring it to now first. */
    uv_update_time(sb->loop);
    uv_timer_start(&slot->wall_timer, run_on_wall, lim->wall_ms, 0);
    uint64_t first = lim->cpu_ms / (sb->ncpus ? sb->ncpus : 1);
    uv_timer_start(&slot->cpu_timer, run_on_cpu, first ? first : 1, 0);
    return 0;
}

/* What the slot's /box holds now: the only tmpfs memory charged to the slot
 * that is not the run's to pay for. Unknown counts as nothing. */
static uint64_t box_bytes(const struct sandbox_slot *slot)
{
    struct statfs st;
    if (fstatfs(slot->box_fd, &st) < 0 || st.f_blocks < st.f_bfree)
        return 0;
    return (uint64_t)(st.f_blocks - st.f_bfree) * (uint64_t)st.f_bsize;
}

/* The steps of a run, in order: check the spec, write the init's plan, open
 * the descriptors, set the cgroup's limits, start the init, then watch it. */
int run_start(struct sandbox_slot *slot, const struct sandbox_spec *spec, sandbox_run_cb cb,
              void *data)
{
    if (slot->busy || slot->sb->freeing)
        return -EBUSY;
    if (!spec->argv || !spec->argv[0] || !spec->argv[0][0] || spec->nbinds > SANDBOX_MAX_BINDS)
        return -EINVAL;
    for (size_t i = 0; i < spec->nbinds; i++)
        if (plan_bind_check(&spec->binds[i], NULL, 0) < 0)
            return -EINVAL;
    struct sandbox_limits lim = spec->limits;
    sandbox_limits_fill(&lim);
    /* The init reads the plan in the slot, after this call: no earlier init
     * of the slot still does (each reported or was reaped). */
    int rc = plan_prepare(slot, spec, &lim);
    struct run_fds f;
    if (rc < 0 || (rc = run_open_fds(slot, spec, &f)) < 0)
        return rc;
    slot->plan.stdin_fd = f.in;
    slot->plan.stdout_fd = f.out;
    slot->plan.stderr_fd = f.err;
    slot->plan.status_fd = f.status[1];
    rc = cgroup_run_prepare(&slot->cg, lim.memory_kb * 1024, box_bytes(slot), lim.processes,
                            &slot->mark);
    int pidfd = -1;
    long pid = rc < 0 ? rc : run_clone_init(slot, &pidfd);
    if (pid < 0) {
        run_close_fds(&f);
        return (int)pid;
    }

    /*** The worker, once the init is on its way ***/
    sandbox__close_fd(&f.status[1]);
    sandbox__close_fd(&f.in);
    run_begin(slot, (pid_t)pid, pidfd, &f, &lim);
    slot->cb = cb;
    slot->data = data;
    return run_watch(slot, &lim);
}

static void run_kill(struct sandbox_slot *slot, enum sandbox_limit why)
{
    if (slot->killed == SANDBOX_LIMIT_NONE) {
        slot->killed = why;
        /* Read before the kill frees it: what the run holds tells a program
         * stopped at its memory limit from a merely slow one (run_verdict). */
        if (why != SANDBOX_LIMIT_NONE)
            (void)cgroup_run_resident(&slot->cg, &slot->mark, &slot->kill_resident);
    }
    /* SIGKILL to PID 1 of the namespace: the kernel kills every process in it. */
    (void)syscall(SYS_pidfd_send_signal, slot->pidfd, SIGKILL, NULL, 0);
}

static void run_on_wall(uv_timer_t *timer)
{
    struct sandbox_slot *slot = timer->data;
    run_kill(slot, SANDBOX_LIMIT_WALL);
}

/* Checks the cgroup's CPU time. The next check comes when the limit could be
 * reached at the earliest with every CPU busy, and at least 2 ms later. */
static void run_on_cpu(uv_timer_t *timer)
{
    struct sandbox_slot *slot = timer->data;
    uint64_t cpu;
    if (cgroup_run_cpu(&slot->cg, &cpu) < 0)
        return;
    uint64_t used = cpu > slot->mark.cpu_ns ? cpu - slot->mark.cpu_ns : 0;
    if (used >= slot->cpu_limit_ns) {
        run_kill(slot, SANDBOX_LIMIT_CPU);
        return;
    }
    unsigned ncpus = slot->sb->ncpus ? slot->sb->ncpus : 1;
    uint64_t next = (slot->cpu_limit_ns - used) / 1000000u / ncpus;
    uv_timer_start(timer, run_on_cpu, next < 2 ? 2 : next, 0);
}

/* Reads what the init and the program have written on the status pipe so far,
 * and notes its end: every writer gone, so the init has exited. */
static void read_messages(struct sandbox_slot *slot)
{
    struct child_msg msg;
    for (;;) {
        ssize_t n = read(slot->status_fd, &msg, sizeof(msg));
        if (n == (ssize_t)sizeof(msg)) {
            if (msg.kind == MSG_RESULT) {
                slot->wstatus = msg.status;
                slot->have_result = true;
            } else if (msg.kind == MSG_ERROR && slot->status == 0) {
                slot->status = msg.err < 0 ? msg.err : -EPROTO;
                slot->res.error_step = step_name(msg.step);
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        /* Messages are written whole (sizeof(msg) < PIPE_BUF): anything but
         * EAGAIN ends the pipe for us. */
        if (n >= 0 || errno != EAGAIN)
            slot->pipe_done = true;
        return;
    }
}

/* Waits for the init to exit: it was killed, or it reported an error, or its
 * result is in. Its PID namespace is empty once it is reaped. */
static void run_wait_init(struct sandbox_slot *slot)
{
    if (slot->pid <= 0)
        return;
    while (waitpid(slot->pid, NULL, __WALL) < 0 && errno == EINTR)
        ;
    for (unsigned k = 0; k < SANDBOX_INIT_STACKS; k++)
        if (slot->stack_pid[k] == slot->pid)
            slot->stack_pid[k] = 0;
    slot->pid = 0;
}

void run_reap(struct sandbox_slot *slot, bool block)
{
    for (unsigned k = 0; k < SANDBOX_INIT_STACKS; k++) {
        pid_t pid = slot->stack_pid[k], w;
        if (pid <= 0 || pid == slot->pid)
            continue;
        while ((w = waitpid(pid, NULL, __WALL | (block ? 0 : WNOHANG))) < 0 && errno == EINTR)
            ;
        if (w != 0)
            slot->stack_pid[k] = 0;
    }
}

/* A stack no init is on: those that reported are reaped when done exiting;
 * if none is yet, we wait for them (a run's worth of time has passed). */
static unsigned run_free_stack(struct sandbox_slot *slot)
{
    for (int pass = 0; pass < 2; pass++) {
        run_reap(slot, pass == 1);
        for (unsigned k = 0; k < SANDBOX_INIT_STACKS; k++)
            if (slot->stack_pid[k] == 0)
                return k;
    }
    return 0; /* unreachable: the blocking pass frees every stack */
}

/* Measures a captured stream; past the cap it is cut back to the cap. */
static uint64_t stream_size(int fd, uint64_t cap, bool *over)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return 0;
    uint64_t size = (uint64_t)st.st_size;
    if (size > cap) {
        *over = true;
        (void)!ftruncate(fd, (off_t)cap);
        size = cap;
    }
    return size;
}

/* The verdict, most specific first: memory, a time limit, the output cap, then
 * the program's own end.
 *
 * A run stopped for time after it met its memory limit is MLE, as DMOJ reports
 * it: near the limit the kernel reclaims, and that burns CPU, so a memory bomb
 * may reach its CPU or wall limit before the OOM killer ends it (issue 9: 6 of
 * the MLE cases of one e2e run came back TLE). Meeting the limit is a counter
 * of the cgroup (limit_hits); but page cache left by earlier runs in the slot
 * (a compile's, under a higher limit) fills the group up to this run's lower
 * limit, so any run meets it. Hence the second condition: as it was stopped,
 * the run itself held (anonymous, mapped and tmpfs memory) at least 7/8 of its
 * allowance; the rest covers its kernel memory and the cache it reads. */
static enum sandbox_verdict run_verdict(const struct sandbox_slot *slot,
                                        const struct cgroup_usage *use, bool over,
                                        enum sandbox_limit *limit)
{
    const struct sandbox_result *res = &slot->res;
    uint64_t allowance = slot->mem_limit_kb * 1024;
    bool at_limit = use->limit_hits > 0 && slot->kill_resident >= allowance - allowance / 8;
    *limit = SANDBOX_LIMIT_NONE;
    if (use->oom_kills > 0 || (slot->killed != SANDBOX_LIMIT_NONE && at_limit)) {
        *limit = SANDBOX_LIMIT_MEMORY;
        return SANDBOX_VERDICT_MLE;
    }
    if (slot->killed != SANDBOX_LIMIT_NONE) {
        *limit = slot->killed;
        return SANDBOX_VERDICT_TLE;
    }
    if (over) {
        *limit = SANDBOX_LIMIT_OUTPUT;
        return SANDBOX_VERDICT_OLE;
    }
    if (res->signal == SIGXCPU || use->cpu_ns > slot->cpu_limit_ns) {
        *limit = SANDBOX_LIMIT_CPU;
        return SANDBOX_VERDICT_TLE;
    }
    return res->signal || res->exit_code ? SANDBOX_VERDICT_RE : SANDBOX_VERDICT_OK;
}

static void run_finish(struct sandbox_slot *slot)
{
    struct sandbox_result *res = &slot->res;
    read_messages(slot);
    int wstatus = slot->wstatus;
    bool have_result = slot->have_result;
    res->wall_ms = (uint32_t)((now_ns() - slot->start_ns) / 1000000u);

    struct cgroup_usage use;
    memset(&use, 0, sizeof(use));
    int rc = cgroup_run_collect(&slot->cg, &slot->mark, &use);
    if (rc < 0 && slot->status == 0)
        slot->status = rc;
    res->cpu_ms = (uint32_t)(use.cpu_ns / 1000000u);

    bool over = false;
    res->stdout_bytes = stream_size(slot->out_fd, slot->out_cap, &over);
    res->stderr_bytes = stream_size(slot->err_fd, slot->out_cap, &over);
    /* The page cache of the output files is charged to the slot as the
     * program writes them, but it is the host's file, not the run's memory
     * (issue 10: 40 MB of output read as 40 MB of memory). What the run added
     * to the cache, up to the output's size in pages, is left out; a peak
     * reached before the output was written loses at most that much. */
    uint64_t out_pages = (res->stdout_bytes + 4095) / 4096 + (res->stderr_bytes + 4095) / 4096;
    uint64_t cached = use.file_growth < out_pages * 4096 ? use.file_growth : out_pages * 4096;
    res->memory_kb = (use.peak > cached ? use.peak - cached : 0) / 1024;
    sandbox__close_fd(&slot->out_fd);
    sandbox__close_fd(&slot->err_fd);

    if (have_result && WIFEXITED(wstatus)) {
        res->exit_code = WEXITSTATUS(wstatus);
    } else {
        res->exit_code = -1;
        res->signal = have_result && WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : SIGKILL;
    }
    if (!have_result && slot->killed == SANDBOX_LIMIT_NONE && !slot->cancelled && slot->status == 0)
        slot->status = -EPROTO; /* the init died without a word */

    res->verdict = run_verdict(slot, &use, over, &res->limit);
}

static void run_on_close(uv_handle_t *handle)
{
    struct sandbox_slot *slot = handle->data;
    struct sandbox *sb = slot->sb;
    sandbox__close_fd(&slot->pidfd);
    sandbox__close_fd(&slot->status_fd);
    slot->busy = false;
    int status = slot->cancelled && slot->status == 0 ? -ECANCELED : slot->status;
    slot->cb(slot, status, &slot->res, slot->data);
    sandbox_handle_closed(sb);
}

static void run_on_status(uv_poll_t *poll, int status, int events)
{
    (void)status;
    (void)events;
    struct sandbox_slot *slot = poll->data;
    read_messages(slot);
    if (slot->have_result) {
        /* All of the run is gone but the init, which run_reap() reaps later
         * (its stack is kept until then). */
        slot->pid = 0;
    } else if (slot->pipe_done) {
        run_wait_init(slot);
    } else {
        return; /* an error report: the end of the pipe follows */
    }
    uv_poll_stop(poll);
    uv_timer_stop(&slot->wall_timer);
    uv_timer_stop(&slot->cpu_timer);
    run_finish(slot);
    /* The callback comes from the close callback, so that it may start the
     * slot's next run on the same poll handle. */
    uv_close((uv_handle_t *)&slot->poll, run_on_close);
}

void run_cancel(struct sandbox_slot *slot)
{
    if (!slot->busy || uv_is_closing((uv_handle_t *)&slot->poll))
        return;
    slot->cancelled = true;
    run_kill(slot, SANDBOX_LIMIT_NONE);
    uv_timer_stop(&slot->wall_timer);
    uv_timer_stop(&slot->cpu_timer);
    /* SIGKILL has been sent: this wait ends as soon as the namespace is gone. */
    run_wait_init(slot);
    run_finish(slot);
    uv_close((uv_handle_t *)&slot->poll, run_on_close);
}
