/* The seccomp filter: a deny-list of what a judged program never needs, built
 * once with libseccomp and exported as BPF, which each program's child loads
 * with one system call (compiling per run costs 0.2 ms: research §4.4). In
 * front of it, a few instructions of our own refuse what a deny-list cannot
 * name: system calls newer than libseccomp, personalities other than the
 * default, and, for pinned runs, leaving their CPU. */
#include "sandbox/internal.h"
#include "sandbox/sys.h"

#include "common/alloc.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Refused with EPERM. Each line names the attack it stops. */
static const char *const denied[] = {
    /* ptrace: reading or steering another process (attack "ptrace"). */
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    /* mount: changing what the box sees (attack "mount"). */
    "mount",
    "umount",
    "umount2",
    "pivot_root",
    "chroot",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    /* Namespaces: a user namespace would hand back capabilities (attack "unshare"). */
    "unshare",
    "setns",
    /* The kernel's own attack surface, which no solution needs. */
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "keyctl",
    "add_key",
    "request_key",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    /* Which pages of a file are cached: a side channel on other runs' files. */
    "cachestat",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "quotactl_fd",
    "syslog",
    "open_by_handle_at",
    "name_to_handle_at",
    "lookup_dcookie",
    "fanotify_init",
    "vhangup",
    "iopl",
    "ioperm",
    "uselib",
    "_sysctl",
    "nfsservctl",
    "memfd_secret",
    /* The host's clock and names. */
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "sethostname",
    "setdomainname",
};

/* clone() flags that would create a namespace (attack "unshare" through clone). */
static const unsigned long ns_flags[] = {
    CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,    CLONE_NEWUSER,
    CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

int filter_check_names(const char *const *names, size_t n, const char **bad)
{
    /* A name libseccomp does not know is a typo or a call newer than it: either
     * way its rule would silently not exist. A call this architecture lacks
     * resolves to a negative pseudo-number, which libseccomp accepts and
     * leaves out of the filter. */
    for (size_t i = 0; i < n; i++) {
        if (seccomp_syscall_resolve_name(names[i]) == __NR_SCMP_ERROR) {
            *bad = names[i];
            return -ENOENT;
        }
    }
    return 0;
}

static int add_rules(scmp_filter_ctx ctx, const char **bad)
{
    int rc;
    size_t n = sizeof(denied) / sizeof(denied[0]);
    if ((rc = filter_check_names(denied, n, bad)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
                                   seccomp_syscall_resolve_name(denied[i]), 0)) < 0)
            return rc;
    for (size_t i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++) {
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]));
        if (rc < 0)
            return rc;
    }
    /* clone3 passes its flags in memory, out of the filter's sight: ENOSYS makes
     * glibc fall back to clone, whose flags are checked above. */
    if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0)) < 0)
        return rc;
    /* Sockets: only AF_UNIX, so no TCP to Redis or PostgreSQL even if a network
     * appeared (attack "connect to 127.0.0.1"). */
    if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
                               SCMP_A0(SCMP_CMP_NE, AF_UNIX))) < 0 ||
        (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socketpair), 1,
                               SCMP_A0(SCMP_CMP_NE, AF_UNIX))) < 0)
        return rc;
    /* Typing into a terminal we might share. */
    if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                               SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI))) < 0 ||
        (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                               SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX))) < 0)
        return rc;
    return 0;
}

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

/* The highest system call number libseccomp knows on this architecture: every
 * number above it is a call newer than the deny-list's world. */
static int highest_known(void)
{
    for (int nr = 2047; nr >= 0; nr--) {
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
        if (name) {
            free(name);
            return nr;
        }
    }
    return -1;
}

/* Jump targets of the head that mean "on to libseccomp's filter". */
#define TO_BODY 0xff

struct head {
    struct sock_filter insn[24];
    unsigned short len;
};

static void emit(struct head *h, unsigned short code, unsigned k, unsigned char jt,
                 unsigned char jf)
{
    h->insn[h->len++] = (struct sock_filter){code, jt, jf, k};
}

/* Our instructions in front of libseccomp's, for the native ABI only (the body
 * kills the others). Each is a rule a deny-list cannot say. */
static void head_build(struct head *h, int max_nr, bool pinned)
{
    h->len = 0;
    emit(h, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
    emit(h, BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 0, TO_BODY);
    emit(h, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
    if (pinned) {
        /* A pinned run stays on its CPU: sched_setaffinity would spread it to
         * every CPU of the host (attack "pinned run escapes its CPU"). */
        emit(h, BPF_JMP | BPF_JEQ | BPF_K, SYS_sched_setaffinity, 0, 1);
        emit(h, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
    }
    /* personality: only the query and the default persona; READ_IMPLIES_EXEC,
     * ADDR_NO_RANDOMIZE and the other ABIs' personas are refused (attack
     * "personality"). The kernel reads the argument as 32 bits, so do we. */
    emit(h, BPF_JMP | BPF_JEQ | BPF_K, SYS_personality, 0, 4);
    emit(h, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]), 0, 0);
    emit(h, BPF_JMP | BPF_JEQ | BPF_K, 0, TO_BODY, 0);
    emit(h, BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, TO_BODY, 0);
    emit(h, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
#if defined(__x86_64__)
    /* x32 numbers are above every native one: the body kills them. */
    emit(h, BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, TO_BODY, 0);
#endif
    /* Calls newer than libseccomp (open_tree_attr, listmount, statmount,
     * mseal...) are answered ENOSYS, as an older kernel would (attack
     * "new_syscalls"). */
    emit(h, BPF_JMP | BPF_JGT | BPF_K, (unsigned)max_nr, 0, TO_BODY);
    emit(h, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS, 0, 0);
    for (unsigned short i = 0; i < h->len; i++) {
        unsigned char to_body = (unsigned char)(h->len - i - 1);
        if (h->insn[i].jt == TO_BODY)
            h->insn[i].jt = to_body;
        if (h->insn[i].jf == TO_BODY)
            h->insn[i].jf = to_body;
    }
}

/* out = head followed by body (body's jumps are relative, so they hold). */
static int assemble(const struct head *h, const struct sock_filter *body, size_t nbody,
                    struct sock_fprog *out)
{
    size_t len = h->len + nbody;
    if (len > BPF_MAXINSNS)
        return -E2BIG;
    out->filter = xmalloc(len * sizeof(struct sock_filter));
    memcpy(out->filter, h->insn, h->len * sizeof(struct sock_filter));
    memcpy(out->filter + h->len, body, nbody * sizeof(struct sock_filter));
    out->len = (unsigned short)len;
    return 0;
}

/* Exports ctx's BPF into a new array (*out, *len). */
static int export_body(scmp_filter_ctx ctx, struct sock_filter **out, size_t *len)
{
    /* libseccomp 2.5 exports only to a descriptor. */
    int rc, fd = memfd_create("verdict-filter", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if ((rc = seccomp_export_bpf(ctx, fd)) < 0)
        goto out;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        goto out;
    }
    if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) ||
        st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
        rc = -EPROTO;
        goto out;
    }
    *out = xmalloc((size_t)st.st_size);
    if (pread(fd, *out, (size_t)st.st_size, 0) != st.st_size) {
        rc = -EIO;
        free(*out);
        *out = NULL;
        goto out;
    }
    *len = (size_t)st.st_size / sizeof(struct sock_filter);
    rc = 0;
out:
    close(fd);
    return rc;
}

int filter_build(struct sock_fprog *out, struct sock_fprog *pinned, const char **bad)
{
    out->len = pinned->len = 0;
    out->filter = pinned->filter = NULL;
    *bad = NULL;
    int max_nr = highest_known();
    if (max_nr < 0)
        return -ENOSYS;
    /* Other ABIs (i386 through int 0x80, x32) are killed: their numbers differ and
     * a deny-list for one ABI says nothing about another. */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        return -ENOMEM;
    struct sock_filter *body = NULL;
    size_t nbody = 0;
    int rc;
    if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0 ||
        (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0 ||
        /* A binary tree of syscall numbers, not a chain: the kernel walks the
         * filter for every syscall number when it is loaded (its action cache),
         * and the tree halves that load: 170 -> 97 us per run here. */
        (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0 ||
        (rc = add_rules(ctx, bad)) < 0 || (rc = export_body(ctx, &body, &nbody)) < 0)
        goto out;
    struct head h;
    head_build(&h, max_nr, false);
    if ((rc = assemble(&h, body, nbody, out)) < 0)
        goto out;
    head_build(&h, max_nr, true);
    if ((rc = assemble(&h, body, nbody, pinned)) < 0)
        filter_dispose(out);
out:
    free(body);
    seccomp_release(ctx);
    return rc;
}

void filter_dispose(struct sock_fprog *prog)
{
    free(prog->filter);
    prog->filter = NULL;
    prog->len = 0;
}

/*** The program's side, between clone and execve ***/

int filter_load(const struct sock_fprog *prog)
{
    return (int)sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog);
}
