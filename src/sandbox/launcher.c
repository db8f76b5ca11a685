/* The slot's launcher: a small process forked once per slot, before the worker
 * grows, that clones each run's init on request. Forking the init from the
 * worker itself copied the worker's page tables at every run (≈ 0.25 ms for an
 * 8 MB worker on the reference machine, more as its caches grow); the launcher
 * stays as small as the process was when the sandbox opened.
 *
 * The worker sends one message per run on a SOCK_SEQPACKET pair: the run's
 * plan (argv, environment, binds, limits) with its descriptors attached (the
 * standard streams, the status pipe, the slot's namespaces). The launcher
 * clones the init, which runs init_main() exactly as before, and answers with
 * the init's pidfd. It reaps nothing itself: its SIGCHLD is SA_NOCLDWAIT, and
 * the worker learns of the init's end through the pidfd. */
#include "sandbox/internal.h"

#include <errno.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LAUNCH_MAX_ARGS 256
#define LAUNCH_MAX_ENV 64
#define LAUNCH_STRINGS (32 * 1024)
/* How long the worker waits for the launcher's answer: it only has to clone. */
#define LAUNCH_REPLY_MS 5000

/* The descriptors attached to a request, in this order. */
enum { FD_STDIN, FD_STDOUT, FD_STDERR, FD_STATUS, FD_MNT, FD_NET, FD_UTS, LAUNCH_NFDS };

struct launch_msg {
    uint32_t argc, envc, nbinds;
    uint32_t box_readonly;
    uint32_t uid, gid;
    uint32_t alarm_s;
    uint32_t len; /* bytes used in strings */
    struct rlimit rl_cpu, rl_fsize, rl_stack, rl_nofile, rl_nproc;
    char tmp_opts[96];
    /* argv, then envp, then cwd, then each bind's host and box path, each
     * NUL-terminated. */
    char strings[LAUNCH_STRINGS];
};

struct launch_reply {
    int32_t err; /* 0, or the negative errno of a failed clone */
    int32_t pid; /* the init's pid, as the launcher sees it */
};

union launch_cmsg {
    char buf[CMSG_SPACE(sizeof(int) * LAUNCH_NFDS)];
    struct cmsghdr align;
};

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/*** The launcher's side ***/

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Closes every descriptor but those in keep (which it sorts): the worker's
 * other sockets and files are none of the launcher's business, and a socket
 * held here would not close when the worker closes it. */
static void close_all_but(int *keep, size_t n)
{
    qsort(keep, n, sizeof(int), cmp_int);
    unsigned from = 3;
    for (size_t i = 0; i < n; i++) {
        if (keep[i] < (int)from)
            continue;
        if ((unsigned)keep[i] > from)
            (void)syscall(SYS_close_range, from, (unsigned)keep[i] - 1, 0);
        from = (unsigned)keep[i] + 1;
    }
    (void)syscall(SYS_close_range, from, ~0U, 0);
}

/* Takes the next NUL-terminated string of the request, or NULL past its end. */
static const char *next_string(const struct launch_msg *m, uint32_t *off)
{
    if (*off >= m->len)
        return NULL;
    const char *s = m->strings + *off;
    const char *end = memchr(s, '\0', m->len - *off);
    if (!end)
        return NULL;
    *off += (uint32_t)(end - s) + 1;
    return s;
}

/* Turns a request into the init's plan; pointers go into m and into argv and
 * envp, which must hold LAUNCH_MAX_ARGS + 1 and LAUNCH_MAX_ENV + 1 entries. */
static int unpack(const struct launch_msg *m, const int *fds, struct sandbox_slot *slot,
                  struct run_plan *p, char **argv, char **envp)
{
    if (m->argc == 0 || m->argc > LAUNCH_MAX_ARGS || m->envc > LAUNCH_MAX_ENV ||
        m->nbinds > SANDBOX_MAX_BINDS || m->len > LAUNCH_STRINGS ||
        memchr(m->tmp_opts, '\0', sizeof(m->tmp_opts)) == NULL)
        return -EPROTO;
    memset(p, 0, sizeof(*p));
    uint32_t off = 0;
    for (uint32_t i = 0; i < m->argc; i++)
        if ((argv[i] = (char *)next_string(m, &off)) == NULL)
            return -EPROTO;
    argv[m->argc] = NULL;
    for (uint32_t i = 0; i < m->envc; i++)
        if ((envp[i] = (char *)next_string(m, &off)) == NULL)
            return -EPROTO;
    envp[m->envc] = NULL;
    if ((p->cwd = next_string(m, &off)) == NULL)
        return -EPROTO;
    for (uint32_t i = 0; i < m->nbinds; i++)
        if ((p->bind_host[i] = next_string(m, &off)) == NULL ||
            (p->bind_box[i] = next_string(m, &off)) == NULL)
            return -EPROTO;
    p->nbinds = m->nbinds;
    p->argv = argv;
    p->envp = envp;
    p->version = slot->sb->cg.version;
    p->cg = &slot->cg;
    p->filter = &slot->sb->filter;
    p->uid = (uid_t)m->uid;
    p->gid = (gid_t)m->gid;
    p->box_readonly = m->box_readonly != 0;
    memcpy(p->tmp_opts, m->tmp_opts, sizeof(p->tmp_opts));
    p->rl_cpu = m->rl_cpu;
    p->rl_fsize = m->rl_fsize;
    p->rl_stack = m->rl_stack;
    p->rl_nofile = m->rl_nofile;
    p->rl_nproc = m->rl_nproc;
    p->alarm_s = m->alarm_s;
    p->stdin_fd = fds[FD_STDIN];
    p->stdout_fd = fds[FD_STDOUT];
    p->stderr_fd = fds[FD_STDERR];
    p->status_fd = fds[FD_STATUS];
    p->mnt_fd = fds[FD_MNT];
    p->net_fd = fds[FD_NET];
    p->uts_fd = fds[FD_UTS];
    return 0;
}

static void reply(int sock, int err, pid_t pid, int pidfd)
{
    struct launch_reply r = {.err = err, .pid = (int32_t)pid};
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof(r)};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    union launch_cmsg c;
    if (pidfd >= 0) {
        memset(&c, 0, sizeof(c));
        mh.msg_control = c.buf;
        mh.msg_controllen = CMSG_SPACE(sizeof(int));
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cm), &pidfd, sizeof(int));
    }
    /* A failed send means the worker is gone; the next recvmsg says so. */
    (void)!sendmsg(sock, &mh, MSG_NOSIGNAL);
}

/* Serves one request: clones the init and answers with its pidfd. */
static void serve(int sock, struct sandbox_slot *slot, struct launch_msg *m, size_t n, int *fds,
                  size_t nfds)
{
    static char *argv[LAUNCH_MAX_ARGS + 1], *envp[LAUNCH_MAX_ENV + 1];
    static struct run_plan plan;
    int rc = -EPROTO;
    if (n >= offsetof(struct launch_msg, strings) && nfds == LAUNCH_NFDS &&
        n - offsetof(struct launch_msg, strings) >= m->len)
        rc = unpack(m, fds, slot, &plan, argv, envp);
    if (rc < 0) {
        reply(sock, rc, 0, -1);
        return;
    }
    /* A fresh PID namespace (the run's processes die with its init) and a fresh
     * IPC namespace (no SysV or POSIX objects carry over to the next run). */
    int pidfd = -1;
    struct clone_args args;
    memset(&args, 0, sizeof(args));
    args.flags = CLONE_NEWPID | CLONE_NEWIPC | CLONE_PIDFD;
    args.pidfd = (uint64_t)(uintptr_t)&pidfd;
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof(args));
    if (pid == 0)
        init_main(&plan);
    if (pid < 0) {
        reply(sock, -errno, 0, -1);
        return;
    }
    reply(sock, 0, (pid_t)pid, pidfd);
    close(pidfd);
}

_Noreturn static void launcher_main(struct sandbox_slot *slot, int sock, pid_t parent)
{
    /* Dies with the worker; its inits die with it in turn (their own
     * PDEATHSIG), and with each init its whole PID namespace. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        _exit(1);
    /* Default dispositions, once for every init to come (a disposition the
     * worker ignored, such as SIGPIPE's, would survive execve); SIGCHLD's
     * SA_NOCLDWAIT reaps the inits without a wait. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        (void)sigaction(sig, &sa, NULL);
    sa.sa_flags = SA_NOCLDWAIT;
    (void)sigaction(SIGCHLD, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    int keep[CGROUP_NCTL + 2];
    size_t nkeep = 0;
    keep[nkeep++] = sock;
    for (int i = 0; i < CGROUP_NCTL; i++)
        if (slot->cg.tasks_fd[i] >= 0)
            keep[nkeep++] = slot->cg.tasks_fd[i];
    if (slot->cg.dir_fd >= 0)
        keep[nkeep++] = slot->cg.dir_fd;
    close_all_but(keep, nkeep);

    static struct launch_msg m;
    for (;;) {
        union launch_cmsg c;
        struct iovec iov = {.iov_base = &m, .iov_len = sizeof(m)};
        struct msghdr mh = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof(c)};
        ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        if (n == 0)
            _exit(0); /* the worker closed its end */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            _exit(1);
        }
        int fds[LAUNCH_NFDS];
        size_t nfds = 0;
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
            if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
                continue;
            size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < k; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
                if (nfds < LAUNCH_NFDS)
                    fds[nfds++] = fd;
                else
                    close(fd);
            }
        }
        bool whole = (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0;
        serve(sock, slot, &m, whole ? (size_t)n : 0, fds, nfds);
        for (size_t i = 0; i < nfds; i++)
            close(fds[i]);
    }
}

/*** The worker's side ***/

int launcher_start(struct sandbox_slot *slot)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return -errno;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int rc = -errno;
        close(sv[0]);
        close(sv[1]);
        return rc;
    }
    if (pid == 0)
        launcher_main(slot, sv[1], parent);
    close(sv[1]);
    slot->launch_fd = sv[0];
    slot->launcher_pid = pid;
    return 0;
}

void launcher_stop(struct sandbox_slot *slot)
{
    if (slot->launcher_pid <= 0)
        return;
    /* Closing our end ends its loop; the kill covers one stuck in a clone. */
    close_fd(&slot->launch_fd);
    (void)kill(slot->launcher_pid, SIGKILL);
    while (waitpid(slot->launcher_pid, NULL, 0) < 0 && errno == EINTR)
        ;
    slot->launcher_pid = 0;
}

/* Appends s to the request's strings. */
static int put_string(struct launch_msg *m, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > LAUNCH_STRINGS - m->len)
        return -E2BIG;
    memcpy(m->strings + m->len, s, n);
    m->len += (uint32_t)n;
    return 0;
}

static int pack(const struct run_plan *p, struct launch_msg *m)
{
    memset(m, 0, offsetof(struct launch_msg, strings));
    int rc = 0;
    for (char *const *a = p->argv; *a && rc == 0; a++, m->argc++)
        rc = m->argc < LAUNCH_MAX_ARGS ? put_string(m, *a) : -E2BIG;
    for (char *const *e = p->envp; *e && rc == 0; e++, m->envc++)
        rc = m->envc < LAUNCH_MAX_ENV ? put_string(m, *e) : -E2BIG;
    if (rc == 0)
        rc = put_string(m, p->cwd);
    for (size_t i = 0; i < p->nbinds && rc == 0; i++)
        if ((rc = put_string(m, p->bind_host[i])) == 0)
            rc = put_string(m, p->bind_box[i]);
    m->nbinds = (uint32_t)p->nbinds;
    m->box_readonly = p->box_readonly;
    m->uid = (uint32_t)p->uid;
    m->gid = (uint32_t)p->gid;
    m->alarm_s = p->alarm_s;
    m->rl_cpu = p->rl_cpu;
    m->rl_fsize = p->rl_fsize;
    m->rl_stack = p->rl_stack;
    m->rl_nofile = p->rl_nofile;
    m->rl_nproc = p->rl_nproc;
    memcpy(m->tmp_opts, p->tmp_opts, sizeof(m->tmp_opts));
    return rc;
}

static int send_request(int sock, const struct launch_msg *m, const struct run_plan *p)
{
    int fds[LAUNCH_NFDS] = {
        [FD_STDIN] = p->stdin_fd,   [FD_STDOUT] = p->stdout_fd, [FD_STDERR] = p->stderr_fd,
        [FD_STATUS] = p->status_fd, [FD_MNT] = p->mnt_fd,       [FD_NET] = p->net_fd,
        [FD_UTS] = p->uts_fd,
    };
    union launch_cmsg c;
    memset(&c, 0, sizeof(c));
    struct iovec iov = {.iov_base = (void *)m,
                        .iov_len = offsetof(struct launch_msg, strings) + m->len};
    struct msghdr mh = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof(c.buf)};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(fds));
    memcpy(CMSG_DATA(cm), fds, sizeof(fds));
    ssize_t n;
    while ((n = sendmsg(sock, &mh, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    return n < 0 ? -errno : 0;
}

/* Waits for the answer to our request; returns the init's pidfd. */
static int read_reply(int sock, pid_t *pid)
{
    struct pollfd pfd = {.fd = sock, .events = POLLIN};
    int rc;
    while ((rc = poll(&pfd, 1, LAUNCH_REPLY_MS)) < 0 && errno == EINTR)
        ;
    if (rc < 0)
        return -errno;
    if (rc == 0)
        return -ETIMEDOUT;
    struct launch_reply r;
    union launch_cmsg c;
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof(r)};
    struct msghdr mh = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof(c)};
    ssize_t n;
    while ((n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT)) < 0 && errno == EINTR)
        ;
    if (n < 0)
        return -errno;
    int pidfd = -1;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
        cm->cmsg_len == CMSG_LEN(sizeof(int)))
        memcpy(&pidfd, CMSG_DATA(cm), sizeof(int));
    if (n != (ssize_t)sizeof(r) || (r.err == 0) != (pidfd >= 0)) {
        if (pidfd >= 0)
            close(pidfd);
        return n == 0 ? -EPIPE : -EPROTO;
    }
    if (r.err < 0)
        return r.err;
    *pid = (pid_t)r.pid;
    return pidfd;
}

int launcher_launch(struct sandbox_slot *slot, const struct run_plan *plan, pid_t *pid)
{
    static struct launch_msg m;
    int rc = pack(plan, &m);
    if (rc < 0)
        return rc;
    /* A launcher that died (killed from outside) is replaced once. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (slot->launcher_pid <= 0 && (rc = launcher_start(slot)) < 0)
            return rc;
        if ((rc = send_request(slot->launch_fd, &m, plan)) == 0)
            rc = read_reply(slot->launch_fd, pid);
        if (rc != -EPIPE && rc != -ECONNRESET && rc != -ETIMEDOUT && rc != -EPROTO)
            return rc;
        launcher_stop(slot);
    }
    return rc;
}
