/* Attacks on the sandbox, one test each (DESIGN.md "Known attacks", issue 3).
 * Each case is a C file under cases/ that holds its expected verdict; it is
 * compiled on the host, run in a private sandbox, and the host is checked
 * afterwards: the attack failed, and no process, cgroup or mount is left. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>

static struct harness h;

static void setup(void)
{
    harness_open(&h, 2);
}

static void teardown(void)
{
    harness_close(&h);
}

TestSuite(attacks, .init = setup, .fini = teardown, .timeout = 60);

/* Path of case name's source. */
static const char *case_path(const char *name)
{
    static char path[1024];
    const char *src = getenv("VERDICT_SOURCE_DIR");
    if (src)
        snprintf(path, sizeof(path), "%s/tests/attacks/cases/%s.c", src, name);
    else
        snprintf(path, sizeof(path), "%.*s/cases/%s.c", (int)(strrchr(__FILE__, '/') - __FILE__),
                 __FILE__, name);
    return path;
}

/* The verdicts the case file expects ("expect: TLE|MLE"). */
static bool case_expects(const char *name, enum sandbox_verdict v)
{
    const char *text = harness_slurp(case_path(name));
    const char *e = strstr(text, "expect: ");
    cr_assert_not_null(e, "%s has no expect: line", name);
    char list[64];
    sscanf(e + 8, "%63s", list);
    for (char *tok = strtok(list, "|"); tok; tok = strtok(NULL, "|"))
        if (strcmp(tok, sandbox_verdict_name(v)) == 0)
            return true;
    return false;
}

/* Compiles case name on the host and puts it in slot i's /box as "attack". */
static void case_load(const char *name, unsigned i)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/%s", h.work, name);
    harness_compile_file(case_path(name), out);
    harness_put(&h, i, out, "attack");
}

/* Runs the loaded case with args and limits, pinned to the slot's CPU or not;
 * checks its expected verdict. */
static struct sandbox_result case_run_pinned(const char *name, const char *const *args,
                                             struct sandbox_limits lim, bool pinned,
                                             const char **out_text)
{
    const char *argv[16] = {"/box/attack"};
    for (int i = 0; args && args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    char out[256];
    snprintf(out, sizeof(out), "%s/stdout", h.work);
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out, .limits = lim, .pinned = pinned};
    struct sandbox_result res;
    int status = harness_run(&h, 0, &spec, &res);
    cr_assert_eq(status, 0, "%s: sandbox error %d at %s", name, status,
                 res.error_step ? res.error_step : "?");
    static char text[4096];
    snprintf(text, sizeof(text), "%s", harness_slurp(out));
    cr_assert(case_expects(name, res.verdict), "%s: got %s (exit %d, signal %d): %s", name,
              sandbox_verdict_name(res.verdict), res.exit_code, res.signal, text);
    if (out_text)
        *out_text = text;
    harness_check_host(&h);
    return res;
}

static struct sandbox_result case_run(const char *name, const char *const *args,
                                      struct sandbox_limits lim, const char **out_text)
{
    return case_run_pinned(name, args, lim, false, out_text);
}

static void attack(const char *name, const char *const *args, struct sandbox_limits lim,
                   const char **out_text)
{
    case_load(name, 0);
    case_run(name, args, lim, out_text);
}

/* The host can still start processes after a bomb. */
static void host_still_forks(void)
{
    char *argv[] = {"/bin/true", NULL};
    cr_assert_eq(harness_spawn(argv), 0);
}

Test(attacks, fork_bomb)
{
    attack("fork_bomb", NULL, (struct sandbox_limits){.cpu_ms = 500, .processes = 32}, NULL);
    host_still_forks();
}

Test(attacks, thread_bomb)
{
    const char *out;
    attack("thread_bomb", NULL, (struct sandbox_limits){.processes = 32}, &out);
    cr_assert(strtol(out, NULL, 10) > 0 && strtol(out, NULL, 10) < 32, "threads: %s", out);
    host_still_forks();
}

Test(attacks, memory_bomb)
{
    struct sandbox_limits lim = {.memory_kb = 64 * 1024, .cpu_ms = 5000};
    case_load("memory_bomb", 0);
    struct sandbox_result res = case_run("memory_bomb", NULL, lim, NULL);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_MEMORY);
    cr_assert(res.memory_kb <= 66 * 1024, "memory_kb %llu", (unsigned long long)res.memory_kb);
}

Test(attacks, disk_fill_of_tmp)
{
    const char *out;
    struct sandbox_limits lim = {.tmp_kb = 1024, .file_size_kb = 1024 * 1024};
    attack("disk_fill", NULL, lim, &out);
    long long tmp = -1, box = -1;
    cr_assert_eq(sscanf(out, "%lld %lld", &tmp, &box), 2, "%s", out);
    cr_assert(tmp >= 0 && tmp <= 1024 * 1024, "/tmp took %lld bytes", tmp);
    cr_assert(box >= 0 && box <= 64LL * 1024 * 1024, "/box took %lld bytes", box);
    cr_assert(!harness_exists("/tmp/fill"));
}

/* kill(-1) reaches only this PID namespace: a host process of the slot's own
 * uid, which kill(-1) would reach without one, survives. */
Test(attacks, kill_minus_one)
{
    uid_t uid = sandbox_slot_uid(harness_slot(&h, 0));
    pid_t sentinel = fork();
    cr_assert_geq(sentinel, 0);
    if (sentinel == 0) {
        if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
            _exit(1);
        for (;;)
            pause();
    }
    usleep(50 * 1000);
    case_load("kill_all", 0);
    const char *argv[] = {"/box/attack", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    int st;
    cr_assert_eq(waitpid(sentinel, &st, WNOHANG), 0, "the host process was killed");
    kill(sentinel, SIGKILL);
    waitpid(sentinel, &st, 0);
    harness_check_host(&h);
}

/* No network: a listener of the test on 127.0.0.1 and the project's Redis and
 * PostgreSQL test ports are unreachable. */
Test(attacks, tcp_connect_to_localhost)
{
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    cr_assert_geq(l, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    cr_assert_eq(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(l, 8), 0);
    cr_assert_eq(getsockname(l, (struct sockaddr *)&a, &len), 0);
    char port[16];
    snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
    const char *args[] = {port, "17379", "17432", NULL};
    const char *out;
    attack("tcp_connect", args, (struct sandbox_limits){0}, &out);
    cr_assert(strstr(out, "unix socket: allowed"), "%s", out);
    cr_assert_eq(accept(l, NULL, NULL), -1, "the listener got a connection");
    cr_assert_eq(errno, EAGAIN);
    close(l);
}

Test(attacks, read_etc_shadow_and_root)
{
    char secret[256];
    snprintf(secret, sizeof(secret), "%s/secret", h.work);
    harness_write(secret, "host secret\n");
    const char *args[] = {secret, "/etc/shadow", "/root", NULL};
    attack("read_secrets", args, (struct sandbox_limits){0}, NULL);
}

Test(attacks, write_host_tmp_var_tmp_dev_shm)
{
    char name[64], path[128];
    snprintf(name, sizeof(name), "verdict-pwned-%d", (int)getpid());
    const char *args[] = {name, NULL};
    attack("write_host_tmp", args, (struct sandbox_limits){0}, NULL);
    static const char *const dirs[] = {"/tmp", "/var/tmp", "/dev/shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
        cr_assert(!harness_exists(path), "%s appeared on the host", path);
    }
}

Test(attacks, symlink_planting)
{
    char secret[256];
    snprintf(secret, sizeof(secret), "%s/secret", h.work);
    harness_write(secret, "host secret\n");
    const char *args[] = {secret, h.work, NULL};
    attack("symlink_plant", args, (struct sandbox_limits){0}, NULL);
    struct sandbox_slot *s = harness_slot(&h, 0);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(sandbox_slot_read(s, "output.txt", 1024, &b), -ELOOP);
    cr_assert_eq(sandbox_slot_read(s, "main", 1024, &b), -ELOOP);
    cr_assert_lt(sandbox_slot_read(s, "dir/secret", 1024, &b), 0);
    cr_assert_eq(b.len, 0, "the host read through a planted link");
    cr_assert_eq(sandbox_slot_write(s, "output.txt", "x", 1, 0644), 0);
    cr_assert_lt(sandbox_slot_write(s, "dir/secret", "x", 1, 0644), 0);
    cr_assert_str_eq(harness_slurp(secret), "host secret\n", "the host wrote through a link");
    buf_dispose(&b);
}

Test(attacks, ptrace)
{
    attack("ptrace", NULL, (struct sandbox_limits){0}, NULL);
}

Test(attacks, mount)
{
    attack("mount", NULL, (struct sandbox_limits){0}, NULL);
}

Test(attacks, unshare)
{
    attack("unshare", NULL, (struct sandbox_limits){0}, NULL);
}

/* A setuid-root binary gains nothing: binds are nosuid and no_new_privs is set. */
Test(attacks, setuid_binaries)
{
    char bin[256];
    snprintf(bin, sizeof(bin), "%s/suid", h.work);
    harness_compile_file(case_path("setuid"), bin);
    cr_assert_eq(chown(bin, 0, 0), 0);
    cr_assert_eq(chmod(bin, 04755), 0);
    const char *argv[] = {"/judge/suid", NULL};
    struct sandbox_bind bind = {.host = bin, .box = "/judge/suid"};
    char out[256];
    snprintf(out, sizeof(out), "%s/stdout", h.work);
    struct sandbox_spec spec = {.argv = argv, .binds = &bind, .nbinds = 1, .stdout_path = out};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert(case_expects("setuid", res.verdict));
    char want[32];
    snprintf(want, sizeof(want), "%u\n", (unsigned)sandbox_slot_uid(harness_slot(&h, 0)));
    cr_assert_str_eq(harness_slurp(out), want);
    harness_check_host(&h);
}

/* Two boxes at once: one holds a secret in /box and /tmp, the other looks. */
Test(attacks, read_another_box_while_both_run)
{
    const char *secret = "s3cr3t-of-slot-1";
    cr_assert_eq(sandbox_slot_write(harness_slot(&h, 1), "secret", secret, strlen(secret), 0644),
                 0);
    char script[256];
    snprintf(script, sizeof(script), "echo %s > /tmp/secret; chmod 644 /tmp/secret; sleep 2",
             secret);
    const char *victim_argv[] = {"/bin/sh", "-c", script, NULL};
    struct sandbox_spec victim = {.argv = victim_argv};
    struct harness_run v = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 1), &victim, harness_on_done, &v), 0);

    case_load("other_box", 0);
    const char *argv[] = {"/box/attack", secret, h.root_dir, NULL};
    char out[256];
    snprintf(out, sizeof(out), "%s/stdout", h.work);
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out};
    struct harness_run a = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &a), 0);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(v.calls, 1);
    cr_assert_eq(a.calls, 1);
    cr_assert_eq(v.res.verdict, SANDBOX_VERDICT_OK);
    cr_assert(case_expects("other_box", a.res.verdict), "%s", harness_slurp(out));
    cr_assert_str_eq(harness_slurp(out), "not found\n");
}

/* A compiler fed an endless header is stopped by the compile's limits. */
Test(attacks, compile_time_bomb)
{
    const char *text = harness_slurp(case_path("compile_bomb"));
    cr_assert_eq(sandbox_slot_write(harness_slot(&h, 0), "bomb.c", text, strlen(text), 0644), 0);
    const char *argv[] = {"/usr/bin/gcc", "-o", "/box/bomb", "/box/bomb.c", NULL};
    struct sandbox_spec spec = {
        .argv = argv, .limits = {.cpu_ms = 1500, .memory_kb = 256 * 1024, .processes = 16}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert(case_expects("compile_bomb", res.verdict), "got %s",
              sandbox_verdict_name(res.verdict));
    harness_check_host(&h);
}

/* How this host answers int 0x80 outside any sandbox, in a forked child: 0
 * when the 32-bit ABI served the call (i386 getpid), else the signal the child
 * died of. Kernels without the 32-bit ABI (CONFIG_IA32_EMULATION off, or
 * ia32_emulation=0) have no gate for the instruction: the CPU faults before
 * any system call, and the child gets SIGSEGV. */
static int host_int80_signal(void)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        /* The fault must kill the child, not reach a sanitizer's handler. */
        struct sigaction dfl = {.sa_handler = SIG_DFL};
        sigaction(SIGSEGV, &dfl, NULL);
        sigaction(SIGBUS, &dfl, NULL);
        sigaction(SIGILL, &dfl, NULL);
        long ret;
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
        _exit(ret > 0 ? 0 : 1);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    if (WIFSIGNALED(st))
        return WTERMSIG(st);
    cr_assert_eq(WEXITSTATUS(st), 0, "int 0x80 getpid failed on the host");
    return 0;
}

/* System calls through another ABI are killed, not filtered by number. Where
 * the host itself refuses the 32-bit ABI, the program dies of that same
 * refusal before the filter sees anything (issue 9). */
Test(attacks, legacy_abi_syscalls)
{
    int host = host_int80_signal();
    case_load("legacy_abi", 0);
    struct sandbox_result res = case_run("legacy_abi", NULL, (struct sandbox_limits){0}, NULL);
    if (host == 0)
        cr_assert_eq(res.signal, SIGSYS, "the host serves int 0x80: the filter must kill it");
    else
        cr_assert_eq(res.signal, host, "the host refuses int 0x80 with signal %d, the box with %d",
                     host, res.signal);
    const char *x32[] = {"x32", NULL};
    res = case_run("legacy_abi", x32, (struct sandbox_limits){0}, NULL);
    cr_assert_eq(res.signal, SIGSYS);
}

/* System calls newer than libseccomp get ENOSYS, not the kernel (issue 10). */
Test(attacks, new_syscalls)
{
    attack("new_syscalls", NULL, (struct sandbox_limits){0}, NULL);
}

/* Only the default persona: no READ_IMPLIES_EXEC, no ADDR_NO_RANDOMIZE. */
Test(attacks, personality)
{
    attack("personality", NULL, (struct sandbox_limits){0}, NULL);
}

/* RLIMIT_CORE is 1, the one value a "|helper" core_pattern respects. */
Test(attacks, core_dump)
{
    attack("core_dump", NULL, (struct sandbox_limits){0}, NULL);
}

/* A pinned run cannot spread to every CPU with sched_setaffinity. */
Test(attacks, pinned_run_escapes_its_cpu)
{
    cpu_set_t mine;
    cr_assert_eq(sched_getaffinity(0, sizeof(mine), &mine), 0);
    if (CPU_COUNT(&mine) < 2)
        cr_skip_test("one CPU: nothing to escape to");
    case_load("cpu_escape", 0);
    const char *out;
    case_run_pinned("cpu_escape", NULL, (struct sandbox_limits){0}, true, &out);
    cr_assert_eq(strtol(out, NULL, 10), 1, "%s", out);
}

/* A fixture left by a test that failed half-way (a process of a slot's uid, in
 * pause(), in the host's PID namespace) is killed by the harness whatever the
 * outcome: nothing of the suite outlives it. */
Test(attacks, fixtures_are_killed_whatever_the_outcome)
{
    uid_t uid = sandbox_slot_uid(harness_slot(&h, 0));
    pid_t fixture = fork();
    cr_assert_geq(fixture, 0);
    if (fixture == 0) {
        if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
            _exit(1);
        for (;;)
            pause();
    }
    usleep(50 * 1000);
    cr_assert_eq(harness_count_uid_procs(&h), 1);
    cr_assert_eq(harness_kill_fixtures(&h), 1);
    cr_assert_eq(harness_count_uid_procs(&h), 0, "the fixture outlived its test");
    cr_assert_eq(waitpid(fixture, NULL, WNOHANG), -1, "the fixture was not reaped");
}

/* A run sees neither the host's cgroup paths, nor /proc/sys or /proc/kallsyms,
 * nor the host path of its stdout, and has an empty capability bounding set
 * (issue 10). */
Test(attacks, hidden)
{
    const char *args[] = {h.work, NULL};
    attack("hidden", args, (struct sandbox_limits){0}, NULL);
}
