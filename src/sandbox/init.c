/* The processes inside a run: our init, PID 1 of the run's PID namespace, and
 * the program's child between clone and execve. The program is never PID 1: a
 * namespace's init loses its own default-action signals, so abort() would look
 * like SIGSEGV and SIGXCPU/SIGXFSZ would be dropped (research/sandbox.md §4.3).
 *
 * Both share the worker's memory (CLONE_VM): a forked init copied the worker's
 * page tables and tore them down again, 0.35 ms of each run. So everything
 * here runs on the slot's own stacks, reads the plan the worker keeps in the
 * slot, allocates nothing, and makes its system calls through sys.h, never
 * through libc's wrappers (errno and set*id() would reach the worker). */
#include "sandbox/internal.h"
#include "sandbox/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const step_names[STEP_COUNT] = {
    [STEP_NONE] = "none",
    [STEP_HELPER_UNSHARE] = "unshare the slot's namespaces",
    [STEP_HELPER_NS] = "open the slot's namespaces",
    [STEP_ROOT_PRIVATE] = "make mounts private",
    [STEP_ROOT_TMPFS] = "mount the root tmpfs",
    [STEP_ROOT_POPULATE] = "bind the root's host paths",
    [STEP_ROOT_ETC] = "write /etc",
    [STEP_ROOT_DEV] = "make /dev",
    [STEP_ROOT_BOX] = "mount /box",
    [STEP_ROOT_PIVOT] = "pivot_root",
    [STEP_ROOT_READONLY] = "make the root read-only",
    [STEP_HOSTNAME] = "sethostname",
    [STEP_BOX_OPEN] = "open /box",
    [STEP_INIT_PDEATHSIG] = "prctl(PR_SET_PDEATHSIG)",
    [STEP_INIT_OPEN_TREE] = "open a bind's host path",
    [STEP_INIT_SETNS] = "join the slot's namespaces",
    [STEP_INIT_UNSHARE] = "unshare the run's mount namespace",
    [STEP_INIT_PROC] = "mount /proc",
    [STEP_INIT_MASK] = "mask /proc/sys and /proc/kallsyms",
    [STEP_INIT_TMP] = "mount /tmp",
    [STEP_INIT_BOX_RO] = "make /box read-only",
    [STEP_INIT_BIND] = "mount a bind",
    [STEP_INIT_CHDIR] = "enter the working directory",
    [STEP_INIT_SPAWN] = "start the program",
    [STEP_INIT_WAIT] = "wait for the program",
    [STEP_PROG_CGROUP] = "join the cgroup",
    [STEP_PROG_CGROUP_NS] = "unshare the cgroup namespace",
    [STEP_PROG_STDIO] = "set up stdin/stdout/stderr",
    [STEP_PROG_FDS] = "close inherited descriptors",
    [STEP_PROG_RLIMIT] = "setrlimit",
    [STEP_PROG_CAPBSET] = "empty the capability bounding set",
    [STEP_PROG_IDS] = "drop to the slot's uid",
    [STEP_PROG_NNP] = "prctl(PR_SET_NO_NEW_PRIVS)",
    [STEP_PROG_SECCOMP] = "load the seccomp filter",
    [STEP_PROG_EXEC] = "execve",
};

const char *step_name(int step)
{
    if (step <= STEP_NONE || step >= STEP_COUNT)
        return "unknown step";
    return step_names[step];
}

void child_report(int fd, int kind, int step, int err)
{
    struct child_msg msg;
    msg.kind = kind;
    msg.step = step;
    msg.err = err;
    msg.status = 0;
    for (int i = 0; i < 4; i++)
        msg.fds[i] = -1;
    (void)sys3(SYS_write, fd, &msg, sizeof(msg));
}

SANDBOX_CHILD _Noreturn static void child_exit(int code)
{
    for (;;)
        sys1(SYS_exit_group, code);
}

/*** The program's child: shares the init's memory (CLONE_VM|CLONE_VFORK) ***/

/* Execs argv[0], searching the run's PATH for a bare name as execvp would, but
 * with no allocation. Returns the negative errno of the most telling failure. */
SANDBOX_CHILD static int exec_program(char *const *argv, char *const *envp)
{
    const char *name = argv[0];
    if (strchr(name, '/'))
        return (int)sys3(SYS_execve, name, argv, envp);
    const char *path = "/usr/local/bin:/usr/bin:/bin";
    for (char *const *e = envp; *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0)
            path = *e + 5;
    int err = -ENOENT;
    size_t nlen = strlen(name);
    char buf[PATH_MAX];
    for (const char *p = path; *p;) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        if (dlen && dlen + 1 + nlen < sizeof(buf)) {
            memcpy(buf, p, dlen);
            buf[dlen] = '/';
            memcpy(buf + dlen + 1, name, nlen + 1);
            long rc = sys3(SYS_execve, buf, argv, envp);
            if (rc != -ENOENT && rc != -ENOTDIR)
                err = (int)rc;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return err;
}

SANDBOX_CHILD static long set_limit(int resource, const struct rlimit *rl)
{
    return sys4(SYS_prlimit64, 0, resource, rl, NULL);
}

/* The security argument is this order: join the cgroup, take the files, close
 * the rest, set the rlimits, drop to the slot's uid, forbid new privileges,
 * load the filter, exec. Each step reports its failure and ends the child. */
SANDBOX_CHILD static int prog_main(void *arg)
{
    const struct run_plan *p = arg;
    int step;
    long rc = 0;
    /* Memory, pids and CPU are counted from here on (attacks "fork bomb",
     * "thread bomb", "memory bomb"). */
    step = STEP_PROG_CGROUP;
    if (p->version == 1 && (rc = cgroup_v1_attach_self(p->cg)) < 0)
        goto fail;
    /* Its own cgroup is the root of what it sees: /proc/self/cgroup no longer
     * names the host's groups (attack "hidden"). */
    step = STEP_PROG_CGROUP_NS;
    if ((rc = sys1(SYS_unshare, CLONE_NEWCGROUP)) < 0)
        goto fail;
    step = STEP_PROG_STDIO;
    if ((rc = sys3(SYS_dup3, p->stdin_fd, 0, 0)) < 0 ||
        (rc = sys3(SYS_dup3, p->stdout_fd, 1, 0)) < 0 ||
        (rc = sys3(SYS_dup3, p->stderr_fd, 2, 0)) < 0)
        goto fail;
    /* Nothing of the worker (sockets to Redis or PostgreSQL, other slots'
     * directories) survives the exec; the status pipe closes there too. */
    step = STEP_PROG_FDS;
    if ((rc = sys3(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC)) < 0)
        goto fail;
    /* Backstops behind the cgroup and the timers. */
    step = STEP_PROG_RLIMIT;
    struct rlimit zero = {0, 0};
    /* A core limit of 0 does not stop a "|helper" core_pattern: the kernel
     * ignores the limit for pipes unless it is exactly 1, which it takes to
     * mean "never dump"; for a file, 1 byte is below the smallest core. So no
     * crash of ours feeds the host's crash handler (attack "core_dump"). */
    struct rlimit one = {1, 1};
    if ((rc = set_limit(RLIMIT_CPU, &p->rl_cpu)) < 0 ||
        (rc = set_limit(RLIMIT_FSIZE, &p->rl_fsize)) < 0 ||
        (rc = set_limit(RLIMIT_STACK, &p->rl_stack)) < 0 ||
        (rc = set_limit(RLIMIT_NOFILE, &p->rl_nofile)) < 0 ||
        (rc = set_limit(RLIMIT_NPROC, &p->rl_nproc)) < 0 ||
        (rc = set_limit(RLIMIT_CORE, &one)) < 0 || (rc = set_limit(RLIMIT_MEMLOCK, &zero)) < 0 ||
        (rc = set_limit(RLIMIT_MSGQUEUE, &zero)) < 0)
        goto fail;
    /* Nothing to get back, whatever a later exec: the bounding set is empty
     * (attack "hidden"). Capabilities are numbered from 0 up; the first the
     * kernel does not know answers EINVAL. */
    step = STEP_PROG_CAPBSET;
    for (long cap = 0; cap < 64; cap++) {
        rc = sys5(SYS_prctl, PR_CAPBSET_DROP, cap, 0, 0, 0);
        if (rc == -EINVAL && cap > 0)
            break;
        if (rc < 0)
            goto fail;
    }
    /* An unprivileged uid of the slot's own: no capabilities, no access to other
     * boxes' files, and kill(-1) reaches only this run (attack "kill(-1)"). */
    step = STEP_PROG_IDS;
    if ((rc = sys2(SYS_setgroups, 0, NULL)) < 0 ||
        (rc = sys3(SYS_setresgid, p->gid, p->gid, p->gid)) < 0 ||
        (rc = sys3(SYS_setresuid, p->uid, p->uid, p->uid)) < 0)
        goto fail;
    /* setuid binaries gain nothing (attack "setuid binaries"). */
    step = STEP_PROG_NNP;
    if ((rc = sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) < 0)
        goto fail;
    step = STEP_PROG_SECCOMP;
    if ((rc = filter_load(p->filter)) < 0)
        goto fail;
    step = STEP_PROG_EXEC;
    rc = exec_program(p->argv, p->envp);
fail:
    child_report(p->status_fd, MSG_ERROR, step, (int)rc);
    child_exit(127);
}

/*** The init, PID 1 of the run ***/

SANDBOX_CHILD static void init_on_alarm(int sig)
{
    (void)sig;
    child_exit(2);
}

/* Starts the program's child. On v1 it shares our memory until execve (the
 * cheapest start: research §4.4) and moves itself into the cgroup; on v2 it is
 * born in the cgroup by clone3(CLONE_INTO_CGROUP), which has no CLONE_VM form
 * usable from C, so it is a fork. libc's clone() (the one way to start a child
 * on another stack from C) writes errno only when the clone fails, which ends
 * the run; its errno is the worker's to read, not ours, hence -EAGAIN. */
SANDBOX_CHILD static long spawn_program(struct run_plan *p)
{
    if (p->version == 1) {
        int pid = clone(prog_main, p->prog_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, p);
        return pid < 0 ? -EAGAIN : pid;
    }
    struct clone_args args;
    memset(&args, 0, sizeof(args));
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (uint64_t)p->cg->dir_fd;
    long pid = sys2(SYS_clone3, &args, sizeof(args));
    if (pid == 0)
        child_exit(prog_main(p));
    return pid;
}

/* Resets every disposition (the worker's handlers and ignored signals, which
 * would survive execve) and the mask, then arms the wall-clock backstop. */
SANDBOX_CHILD static void init_signals(unsigned alarm_s)
{
    struct sys_sigaction sa = {.handler = SIG_DFL};
    for (int sig = 1; sig < _NSIG; sig++)
        (void)sys4(SYS_rt_sigaction, sig, &sa, NULL, sizeof(sa.mask));
    unsigned long none = 0;
    (void)sys4(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof(none));
    /* The handler never returns, so its restorer is never used. */
    sa.handler = init_on_alarm;
    sa.flags = SA_RESTORER;
    sa.restorer = (void (*)(void))init_on_alarm;
    (void)sys4(SYS_rt_sigaction, SIGALRM, &sa, NULL, sizeof(sa.mask));
    struct itimerval alarm = {.it_value = {.tv_sec = alarm_s}};
    (void)sys3(SYS_setitimer, ITIMER_REAL, &alarm, NULL);
}

int init_main(void *arg)
{
    struct run_plan *p = arg;
    int step = STEP_INIT_PDEATHSIG;
    long rc;
    /* If the worker dies, so does this init, and with it the whole PID
     * namespace: no process outlives its judge. */
    if ((rc = sys5(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)) < 0)
        goto fail;
    init_signals(p->alarm_s);
    /* A timed run stays on its slot's CPU: its times do not depend on where
     * the scheduler puts it, and its end wakes a CPU that is awake (on a VM,
     * waking an idle virtual CPU cost 0.4 ms per run). Best effort: a CPU
     * taken offline only costs the pinning. */
    if (p->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(p->cpu, &set);
        (void)sys3(SYS_sched_setaffinity, 0, sizeof(set), &set);
    }
    if ((rc = mount_run(p, &step)) < 0)
        goto fail;
    step = STEP_INIT_SPAWN;
    long pid = spawn_program(p);
    if (pid < 0) {
        rc = pid;
        goto fail;
    }
    /* The program has its streams: the init keeps its status pipe alone. The
     * rest is the worker's table as it was at the clone, which may hold the
     * ends of another run's pipes (an interactive judge connects two runs);
     * a copy here would keep such a pipe open while this run lasts, and the
     * reader on the other side would wait for an end of file that does not
     * come. */
    if (p->status_fd > 3)
        (void)sys3(SYS_close_range, 3, (unsigned)p->status_fd - 1, 0);
    (void)sys3(SYS_close_range, (unsigned)p->status_fd + 1, ~0U, 0);
    /* Reap everything (orphans are ours as PID 1) until the program itself
     * ends. */
    int status;
    for (;;) {
        long w = sys4(SYS_wait4, -1, &status, __WALL, NULL);
        if (w == pid)
            break;
        if (w < 0 && w != -EINTR) {
            step = STEP_INIT_WAIT;
            rc = w;
            goto fail;
        }
    }
    /* Then kill and reap what it left behind, and only then report: once the
     * result is out, nothing of this run is left in the slot's cgroup, and the
     * worker starts the next run without waiting for this init's own exit. */
    if (sys2(SYS_kill, -1, SIGKILL) == 0)
        while (sys4(SYS_wait4, -1, NULL, __WALL, NULL) != -ECHILD)
            ;
    /* The run's /tmp is charged to the slot's cgroup until its tmpfs goes, and
     * without this it goes only with this init's mount namespace, after the
     * report: the next run would start with it charged (issue 10). Nothing
     * holds it open any more. */
    struct statfs tmp;
    if (sys2(SYS_statfs, (long)"/tmp", (long)&tmp) == 0 && tmp.f_blocks > tmp.f_bfree) {
        /* Only when it holds something: an unmount waits for an RCU grace
         * period (0.1-0.2 ms), which an unused /tmp need not pay here. */
        (void)sys1(SYS_chdir, (long)"/");
        (void)sys2(SYS_umount2, (long)"/tmp", MNT_DETACH);
    }
    struct child_msg msg;
    msg.kind = MSG_RESULT;
    msg.step = 0;
    msg.err = 0;
    msg.status = status;
    for (int i = 0; i < 4; i++)
        msg.fds[i] = -1;
    (void)sys3(SYS_write, p->status_fd, &msg, sizeof(msg));
    child_exit(0);
fail:
    child_report(p->status_fd, MSG_ERROR, step, (int)rc);
    child_exit(1);
}
