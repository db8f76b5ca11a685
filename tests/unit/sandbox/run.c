/* Tests of sandbox_run(): every verdict, which limit was hit, the figures, and
 * the callback contract. Each test owns a private sandbox (harness.h). */
#include "../../attacks/harness.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <time.h>

static struct harness h;

static void setup(void)
{
    harness_open(&h, 1);
}

static void teardown(void)
{
    harness_close(&h);
}

TestSuite(run, .init = setup, .fini = teardown, .timeout = 60);

static const char *const sh_loop[] = {"/bin/sh", "-c", "while :; do :; done", NULL};

Test(run, exit_zero_is_ok)
{
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_eq(res.exit_code, 0);
    cr_assert_eq(res.signal, 0);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_NONE);
}

Test(run, exit_3_is_re_with_code_3)
{
    const char *argv[] = {"/bin/sh", "-c", "exit 3", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_RE);
    cr_assert_eq(res.exit_code, 3);
    cr_assert_eq(res.signal, 0);
}

Test(run, segfault_is_signal_11)
{
    const char *bin = harness_compile(&h, "segv", "int main(void){ *(volatile int *)0 = 1; }");
    harness_put(&h, 0, bin, "segv");
    const char *argv[] = {"/box/segv", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_RE);
    cr_assert_eq(res.signal, SIGSEGV);
    cr_assert_eq(res.exit_code, -1);
}

/* The program is not PID 1: abort() keeps its own signal. */
Test(run, abort_is_sigabrt_not_sigsegv)
{
    const char *bin = harness_compile(&h, "abrt", "#include <stdlib.h>\nint main(void){abort();}");
    harness_put(&h, 0, bin, "abrt");
    const char *argv[] = {"/box/abrt", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_RE);
    cr_assert_eq(res.signal, SIGABRT);
}

Test(run, cpu_loop_is_tle_cpu)
{
    struct sandbox_spec spec = {.argv = (const char *const *)sh_loop,
                                .limits = {.cpu_ms = 300, .wall_ms = 5000}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_TLE);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_CPU);
    cr_assert_eq(res.signal, SIGKILL);
    /* Killed close to the limit, not at RLIMIT_CPU's next whole second. */
    cr_assert(res.cpu_ms >= 300 && res.cpu_ms < 500, "cpu_ms %u", res.cpu_ms);
}

Test(run, sleep_is_tle_wall)
{
    const char *argv[] = {"/bin/sleep", "30", NULL};
    struct sandbox_spec spec = {.argv = argv, .limits = {.cpu_ms = 1000, .wall_ms = 300}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_TLE);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_WALL);
    cr_assert(res.wall_ms >= 300 && res.wall_ms < 1000, "wall_ms %u", res.wall_ms);
    cr_assert(res.cpu_ms < 100);
}

/* A CPU burner in a child the program left behind dies with the run too. */
Test(run, wall_limit_kills_the_whole_tree)
{
    const char *argv[] = {"/bin/sh", "-c", "sleep 30 & sleep 30 & wait", NULL};
    struct sandbox_spec spec = {.argv = argv, .limits = {.wall_ms = 300}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_TLE);
    cr_assert_eq(harness_count_uid_procs(&h), 0);
}

Test(run, background_child_dies_with_its_parent)
{
    const char *argv[] = {"/bin/sh", "-c", "sleep 30 & exit 0", NULL};
    struct sandbox_spec spec = {.argv = argv, .limits = {.wall_ms = 5000}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert(res.wall_ms < 1000);
    cr_assert_eq(harness_count_uid_procs(&h), 0);
}

static const char *alloc_512mb =
    "#include <stdlib.h>\n"
    "int main(void){ size_t n = 512u << 20; volatile char *p = malloc(n); if (!p) return 2;"
    " for (size_t i = 0; i < n; i += 4096) p[i] = 1; return 0; }";

Test(run, alloc_512mb_under_64mb_is_mle_from_the_cgroup)
{
    const char *bin = harness_compile(&h, "big", alloc_512mb);
    harness_put(&h, 0, bin, "big");
    const char *argv[] = {"/box/big", NULL};
    struct sandbox_spec spec = {.argv = argv, .limits = {.memory_kb = 64 * 1024}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_MLE);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_MEMORY);
    cr_assert_eq(res.signal, SIGKILL);
    cr_assert(res.memory_kb >= 60 * 1024 && res.memory_kb <= 66 * 1024, "memory_kb %llu",
              (unsigned long long)res.memory_kb);
}

/* The OOM counter is cumulative: an MLE must not stick to the next runs (the
 * isolate 1.10.1 bug). */
Test(run, mle_is_not_sticky)
{
    const char *bin = harness_compile(&h, "big", alloc_512mb);
    harness_put(&h, 0, bin, "big");
    const char *big[] = {"/box/big", NULL};
    struct sandbox_spec spec = {.argv = big, .limits = {.memory_kb = 32 * 1024}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_MLE);
    const char *t[] = {"/bin/true", NULL};
    struct sandbox_spec ok = {.argv = t, .limits = {.memory_kb = 32 * 1024}};
    cr_assert_eq(harness_run(&h, 0, &ok, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert(res.memory_kb < 8 * 1024);
}

/* Issue 9: near its limit the kernel reclaims, and that burns CPU, so a memory
 * bomb can reach its CPU limit before the OOM killer ends it. A run that hit
 * its memory limit and was then stopped for time is MLE. Lazily freed pages
 * are dropped by that reclaim, so this program stays at its limit (without an
 * OOM kill) until its CPU time runs out. */
static const char *fill_then_spin =
    "#include <sys/mman.h>\n"
    "int main(void){ size_t n = 8u << 20;"
    " for (int k = 0; k < 32; k++) {"
    "  char *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);"
    "  if (p == MAP_FAILED) return 2;"
    "  for (size_t i = 0; i < n; i += 4096) p[i] = 1;"
    "  if (madvise(p, n, MADV_FREE) < 0) return 3; }"
    " for (;;) ; }";

Test(run, issue_9_memory_limit_then_cpu_limit_is_mle)
{
    const char *bin = harness_compile(&h, "fill", fill_then_spin);
    harness_put(&h, 0, bin, "fill");
    const char *argv[] = {"/box/fill", NULL};
    struct sandbox_spec spec = {
        .argv = argv, .limits = {.memory_kb = 32 * 1024, .cpu_ms = 1000, .wall_ms = 10000}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_MLE, "got %s (%s), cpu %u ms, memory %llu KiB",
                 sandbox_verdict_name(res.verdict), sandbox_limit_name(res.limit), res.cpu_ms,
                 (unsigned long long)res.memory_kb);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_MEMORY);
    cr_assert_eq(res.signal, SIGKILL);
}

/* The same program under a limit it never reaches: a plain TLE. */
Test(run, issue_9_cpu_limit_under_the_memory_limit_stays_tle)
{
    const char *bin = harness_compile(&h, "fill", fill_then_spin);
    harness_put(&h, 0, bin, "fill");
    const char *argv[] = {"/box/fill", NULL};
    struct sandbox_spec spec = {
        .argv = argv, .limits = {.memory_kb = 512 * 1024, .cpu_ms = 1000, .wall_ms = 10000}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_TLE, "got %s", sandbox_verdict_name(res.verdict));
    cr_assert_eq(res.limit, SANDBOX_LIMIT_CPU);
}

/* Page cache a run leaves in the slot's cgroup (here, 200 MiB of output to
 * a file on disk) is reclaimed when the next run's limit is lower: the next
 * run does not start at its limit, so a plain TLE stays TLE. */
Test(run, issue_9_cache_left_by_a_run_does_not_make_the_next_tle_mle)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/big-out", h.work);
    const char *dd[] = {"/usr/bin/head", "-c", "200000000", "/dev/zero", NULL};
    struct sandbox_spec spec = {.argv = dd,
                                .stdout_path = out,
                                .limits = {.memory_kb = 512 * 1024, .output_kb = 256 * 1024}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK, "got %s", sandbox_verdict_name(res.verdict));
    struct sandbox_spec spin = {.argv = (const char *const *)sh_loop,
                                .limits = {.cpu_ms = 300, .memory_kb = 32 * 1024}};
    cr_assert_eq(harness_run(&h, 0, &spin, &res), 0);
    unlink(out);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_TLE, "got %s", sandbox_verdict_name(res.verdict));
    cr_assert_eq(res.limit, SANDBOX_LIMIT_CPU);
}

Test(run, output_flood_is_ole_and_capped)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/out", h.work);
    const char *argv[] = {"/usr/bin/yes", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out, .limits = {.output_kb = 64}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OLE);
    cr_assert_eq(res.limit, SANDBOX_LIMIT_OUTPUT);
    cr_assert_eq(res.stdout_bytes, 64 * 1024);
    struct stat st;
    cr_assert_eq(stat(out, &st), 0);
    cr_assert_eq(st.st_size, 64 * 1024);
}

Test(run, output_at_the_cap_is_ok)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/out", h.work);
    const char *argv[] = {"/usr/bin/head", "-c", "1024", "/dev/zero", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out, .limits = {.output_kb = 1}};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_eq(res.stdout_bytes, 1024);
}

Test(run, stdin_stdout_stderr_are_kept_apart)
{
    char in[256], out[256], err[256];
    snprintf(in, sizeof(in), "%s/in", h.work);
    snprintf(out, sizeof(out), "%s/out", h.work);
    snprintf(err, sizeof(err), "%s/err", h.work);
    harness_write(in, "hello\n");
    const char *argv[] = {"/bin/sh", "-c", "read x; echo \"out:$x\"; echo \"err:$x\" >&2", NULL};
    struct sandbox_spec spec = {
        .argv = argv, .stdin_path = in, .stdout_path = out, .stderr_path = err};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_str_eq(harness_slurp(out), "out:hello\n");
    cr_assert_str_eq(harness_slurp(err), "err:hello\n");
}

Test(run, environment_is_clean_by_default)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/out", h.work);
    setenv("VERDICT_SECRET", "leak", 1);
    const char *argv[] = {"/usr/bin/env", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out};
    cr_assert_eq(harness_run(&h, 0, &spec, NULL), 0);
    cr_assert_str_eq(harness_slurp(out),
                     "PATH=/usr/local/bin:/usr/bin:/bin\nHOME=/box\nLANG=C.UTF-8\n");
}

Test(run, bare_name_is_searched_in_path)
{
    const char *argv[] = {"true", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
}

Test(run, missing_program_is_an_error_not_a_verdict)
{
    const char *argv[] = {"/box/nothing", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), -ENOENT);
    cr_assert_str_eq(res.error_step, "execve");
}

Test(run, busy_slot_refuses_a_second_run)
{
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct harness_run r = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &r), 0);
    cr_assert(sandbox_slot_busy(harness_slot(&h, 0)));
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &r), -EBUSY);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(r.calls, 1);
}

Test(run, bad_specs_fail_without_callback)
{
    const char *empty[] = {NULL};
    struct sandbox_spec spec = {.argv = empty};
    struct harness_run r = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &r), -EINVAL);
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_bind bad = {.host = "/etc", .box = "/box/../etc"};
    struct sandbox_spec spec2 = {.argv = argv, .binds = &bad, .nbinds = 1};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec2, harness_on_done, &r), -EINVAL);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(r.calls, 0);
}

/* Issue 9: "--bind /tmp/dir" (the same path in the box) failed with a bare
 * "Invalid argument". Such a bind is refused up front, with the reason and
 * what to do instead; bound elsewhere, the same directory works. */
Test(run, issue_9_bind_under_tmp_or_box_is_refused_with_a_reason)
{
    char err[256] = "";
    struct sandbox_bind tmp = {.host = "/tmp/dir", .box = "/tmp/dir"};
    cr_assert_eq(sandbox_bind_check(&tmp, err, sizeof(err)), -EINVAL);
    cr_assert_str_eq(err, "/tmp/dir is under /tmp, which each run mounts afresh");
    struct sandbox_bind box = {.host = "/tmp/dir", .box = "/box/dir"};
    cr_assert_eq(sandbox_bind_check(&box, err, sizeof(err)), -EINVAL);
    cr_assert_str_eq(err, "/box/dir is under /box, which holds the files copied into the box");
    struct sandbox_bind dots = {.host = "/etc", .box = "/data/../etc"};
    cr_assert_eq(sandbox_bind_check(&dots, err, sizeof(err)), -EINVAL);
    struct sandbox_bind tmpx = {.host = "/etc", .box = "/tmpx"};
    cr_assert_eq(sandbox_bind_check(&tmpx, err, sizeof(err)), 0, "%s", err);

    /* The same path inside the box as on the host, under /tmp: what
     * `verdict sandbox run --bind /tmp/dir -- /tmp/dir/prog` asks. */
    char dir[256], prog[300];
    snprintf(dir, sizeof(dir), "/tmp/verdict-bound-%d", (int)getpid());
    cr_assert(mkdir(dir, 0755) == 0 || errno == EEXIST);
    snprintf(prog, sizeof(prog), "%s/hello", dir);
    harness_write(prog, "#!/bin/sh\necho hello\n");
    cr_assert_eq(chmod(prog, 0755), 0);
    struct sandbox_bind same = {.host = dir, .box = dir};
    const char *argv[] = {prog, NULL};
    struct sandbox_spec spec = {.argv = argv, .binds = &same, .nbinds = 1};
    struct harness_run r = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &r), -EINVAL);
    cr_assert_eq(r.calls, 0);

    char out[256];
    snprintf(out, sizeof(out), "%s/out", h.work);
    struct sandbox_bind data = {.host = dir, .box = "/data"};
    const char *argv2[] = {"/data/hello", NULL};
    struct sandbox_spec ok = {.argv = argv2, .binds = &data, .nbinds = 1, .stdout_path = out};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &ok, &res), 0);
    unlink(prog);
    rmdir(dir);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_str_eq(harness_slurp(out), "hello\n");
}

static int cancelled_calls;
static void on_cancelled(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                         void *data)
{
    (void)slot;
    (void)res;
    (void)data;
    cr_assert_eq(status, -ECANCELED);
    cancelled_calls++;
}

Test(run, free_cancels_a_run_in_progress)
{
    const char *argv[] = {"/bin/sleep", "30", NULL};
    struct sandbox_spec spec = {.argv = argv};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, on_cancelled, NULL), 0);
    sandbox_free(h.sb);
    cr_assert_eq(cancelled_calls, 0);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(cancelled_calls, 1);
    /* teardown must not free it twice */
    struct sandbox_config cfg = {
        .slots = 1, .root_dir = h.root_dir, .cgroup_parent = h.cgroup, .first_uid = h.first_uid};
    char err[256];
    h.sb = sandbox_new(&h.loop, &cfg, err, sizeof(err));
    cr_assert_not_null(h.sb, "%s", err);
}

/* Two slots run at once on one loop. */
Test(run, two_slots_run_concurrently)
{
    harness_close(&h);
    harness_open(&h, 2);
    const char *argv[] = {"/bin/sleep", "0.3", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct harness_run a = {0}, b = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &a), 0);
    cr_assert_eq(sandbox_run(harness_slot(&h, 1), &spec, harness_on_done, &b), 0);
    uint64_t t0 = uv_hrtime();
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert(uv_hrtime() - t0 < 550 * 1000000ull, "the runs did not overlap");
    cr_assert_eq(a.calls + b.calls, 2);
    cr_assert_eq(a.res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_eq(b.res.verdict, SANDBOX_VERDICT_OK);
}

/* Two runs joined by a pipe, as an interactive judge joins a submission and
 * its validator: the reader sees the end of its input as soon as the writer
 * is done, although the worker held both ends when it started the reader
 * (whose init got a copy of the write end with the rest of its table). */
Test(run, a_pipe_between_two_runs_ends_with_its_writer)
{
    harness_close(&h);
    harness_open(&h, 2);
    int p[2];
    cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
    const char *cat[] = {"/bin/cat", NULL};
    const char *echo[] = {"/bin/echo", "hello", NULL};
    struct sandbox_spec reader = {.argv = cat, .stdin_fd = p[0], .limits = {.wall_ms = 5000}};
    struct sandbox_spec writer = {.argv = echo, .stdout_fd = p[1]};
    struct harness_run a = {0}, b = {0};
    cr_assert_eq(sandbox_run(harness_slot(&h, 1), &reader, harness_on_done, &a), 0);
    cr_assert_eq(sandbox_run(harness_slot(&h, 0), &writer, harness_on_done, &b), 0);
    close(p[0]);
    close(p[1]);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(a.calls + b.calls, 2);
    cr_assert_eq(b.res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_eq(a.res.verdict, SANDBOX_VERDICT_OK, "the reader waited for %u ms", a.res.wall_ms);
    cr_assert_lt(a.res.wall_ms, 2000);
}

/* The result comes once every process of the run is gone: a background child
 * the program left is not still running (in the slot's cgroup) when the next
 * run starts. */
Test(run, result_comes_after_leftovers_are_gone)
{
    const char *argv[] = {"/bin/sh", "-c", "sleep 30 & sleep 30 & exit 0", NULL};
    struct sandbox_spec spec = {.argv = argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    cr_assert_eq(harness_count_uid_procs(&h), 0);
}

/* Children of ours (inits still exiting, or exited and not yet reaped). */
static int count_children(void)
{
    DIR *d = opendir("/proc");
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    char path[300], buf[512];
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[len] = '\0';
        const char *close_paren = strrchr(buf, ')');
        int ppid = 0;
        char state;
        if (close_paren && sscanf(close_paren + 1, " %c %d", &state, &ppid) == 2 &&
            ppid == (int)getpid())
            n++;
    }
    closedir(d);
    return n;
}

/* Each init's exit is reaped later, but reaped: runs never pile up zombies. */
Test(run, exited_inits_are_reaped)
{
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_spec spec = {.argv = argv};
    for (int i = 0; i < 40; i++)
        cr_assert_eq(harness_run(&h, 0, &spec, NULL), 0);
    /* At most one init per stack of the slot remains, none once it closes. */
    cr_assert_leq(count_children(), 4);
    sandbox_free(h.sb);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    cr_assert_eq(count_children(), 0);
    h.sb = NULL;
}

/* A pinned run (a test) sees only its slot's CPU; an unpinned one (a compile)
 * keeps every CPU we may use. */
Test(run, pinned_run_stays_on_the_slots_cpu)
{
    int cpu = sandbox_slot_cpu(harness_slot(&h, 0));
    cr_assert_geq(cpu, 0);
    char out[256], want[32];
    snprintf(out, sizeof(out), "%s/cpus", h.work);
    const char *argv[] = {"/bin/sh", "-c", "grep Cpus_allowed_list /proc/self/status", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out, .pinned = true};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    snprintf(want, sizeof(want), "Cpus_allowed_list:\t%d\n", cpu);
    cr_assert_str_eq(harness_slurp(out), want);

    spec.pinned = false;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    char all[256];
    FILE *f = fopen("/proc/self/status", "r");
    cr_assert_not_null(f);
    char line[256];
    all[0] = '\0';
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "Cpus_allowed_list:", 18) == 0)
            snprintf(all, sizeof(all), "%s", line);
    fclose(f);
    cr_assert_str_eq(harness_slurp(out), all);
    unlink(out);
}

static void *sleeper_thread(void *arg)
{
    int *stop = arg;
    while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE))
        usleep(1000);
    return NULL;
}

/* The init and the program's child share our memory: what they do must not
 * reach our threads (libc's setresuid() would move every thread of ours to
 * the slot's uid) nor our errno (failing calls are routine there: the PATH
 * search, the last reap). */
Test(run, runs_leave_our_threads_and_errno_alone)
{
    int stop = 0;
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, sleeper_thread, &stop), 0);
    const char *argv[] = {"sh", "-c", "exit 0", NULL}; /* a PATH search: /usr/local/bin misses */
    struct sandbox_spec spec = {.argv = argv};
    static struct harness_run r;
    for (int i = 0; i < 5; i++) {
        memset(&r, 0, sizeof(r));
        cr_assert_eq(sandbox_run(harness_slot(&h, 0), &spec, harness_on_done, &r), 0);
        /* While the init and the child work, this thread only sleeps (and
         * clock_nanosleep() returns its error instead of setting errno). */
        errno = 1234;
        struct timespec ts = {0, 50 * 1000 * 1000};
        (void)clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
        cr_assert_eq(errno, 1234);
        while (r.calls == 0)
            uv_run(&h.loop, UV_RUN_ONCE);
        cr_assert_eq(r.res.verdict, SANDBOX_VERDICT_OK);
    }
    char path[300], line[256];
    DIR *d = opendir("/proc/self/task");
    cr_assert_not_null(d);
    struct dirent *e;
    int threads = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "/proc/self/task/%s/status", e->d_name);
        FILE *f = fopen(path, "r");
        cr_assert_not_null(f);
        while (fgets(line, sizeof(line), f))
            if (strncmp(line, "Uid:", 4) == 0)
                cr_assert_str_eq(line, "Uid:\t0\t0\t0\t0\n", "thread %s: %s", e->d_name, line);
        fclose(f);
        threads++;
    }
    closedir(d);
    cr_assert_geq(threads, 2);
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
}

/* Allocates and touches 4 MiB at a time, writing how much it holds after each
 * step, until something stops it. */
static const char *alloc_and_tell =
    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n"
    "int main(void){ char line[32]; for (size_t held = 0;;) {"
    "  volatile char *p = malloc(4u << 20); if (!p) return 2;"
    "  for (size_t i = 0; i < (4u << 20); i += 4096) p[i] = 1;"
    "  held += 4u << 20; int n = snprintf(line, sizeof(line), \"%zu\\n\", held);"
    "  if (write(1, line, (size_t)n) < 0) return 3; } }";

/* The last number alloc_and_tell wrote into file path. */
static unsigned long long last_number(const char *path)
{
    const char *text = harness_slurp(path);
    unsigned long long v = 0;
    for (const char *p = text; *p;) {
        v = strtoull(p, NULL, 10);
        const char *nl = strchr(p, '\n');
        if (!nl || !nl[1])
            break;
        p = nl + 1;
    }
    return v;
}

/* Issue 10: a run that filled /tmp left its tmpfs charged to the slot while its
 * init exited, and the next run's allowance counted it as the slot's /box: a
 * 64 MiB run then held 120 MiB. The allowance counts only what the run owns. */
Test(run, issue_10_tmp_of_the_previous_run_does_not_raise_the_allowance)
{
    const char *bin = harness_compile(&h, "tell", alloc_and_tell);
    harness_put(&h, 0, bin, "tell");
    char out[256];
    snprintf(out, sizeof(out), "%s/tell-out", h.work);
    for (int round = 0; round < 3; round++) {
        const char *fill[] = {"/bin/sh", "-c", "head -c 60000000 /dev/zero > /tmp/fill", NULL};
        struct sandbox_spec spec = {.argv = fill, .limits = {.tmp_kb = 80 * 1024}};
        struct sandbox_result res;
        cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
        cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK, "got %s", sandbox_verdict_name(res.verdict));
        const char *argv[] = {"/box/tell", NULL};
        struct sandbox_spec run = {
            .argv = argv, .stdout_path = out, .limits = {.memory_kb = 64 * 1024}};
        cr_assert_eq(harness_run(&h, 0, &run, &res), 0);
        cr_assert_eq(res.verdict, SANDBOX_VERDICT_MLE, "got %s", sandbox_verdict_name(res.verdict));
        unsigned long long held = last_number(out);
        cr_assert(held <= 64ull << 20, "a 64 MiB run held %llu MiB", held >> 20);
    }
    unlink(out);
}

/* Issue 10: the page cache of the output file is the host's, not the run's
 * memory: 40 MB written to stdout is not 40 MB of memory. */
Test(run, issue_10_memory_excludes_the_page_cache_of_the_output)
{
    char out[256];
    snprintf(out, sizeof(out), "%s/cache-out", h.work);
    const char *argv[] = {"/usr/bin/head", "-c", "40000000", "/dev/zero", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    unlink(out);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK, "got %s", sandbox_verdict_name(res.verdict));
    cr_assert_eq(res.stdout_bytes, 40000000);
    cr_assert(res.memory_kb < 8 * 1024, "memory_kb %llu", (unsigned long long)res.memory_kb);
}

/* The same, with the output on a tmpfs, as the worker's scratch files are:
 * there its pages are shmem charged to the slot, not page cache (a run of
 * `scripts/pristine.sh`, whose /tmp is a tmpfs, reported 39380 KB). */
Test(run, issue_10_memory_excludes_an_output_on_a_tmpfs)
{
    /* A mount namespace of this test's process alone (Criterion forks one
     * per test), so the tmpfs vanishes with it. */
    cr_assert_eq(unshare(CLONE_NEWNS), 0, "%s", strerror(errno));
    cr_assert_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0, "%s", strerror(errno));
    char dir[256], out[300];
    snprintf(dir, sizeof(dir), "%s/tmpfs", h.work);
    cr_assert(mkdir(dir, 0755) == 0 || errno == EEXIST);
    cr_assert_eq(mount("tmpfs", dir, "tmpfs", 0, "mode=0755"), 0, "%s", strerror(errno));
    snprintf(out, sizeof(out), "%s/out", dir);
    const char *argv[] = {"/usr/bin/head", "-c", "40000000", "/dev/zero", NULL};
    struct sandbox_spec spec = {.argv = argv, .stdout_path = out};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    unlink(out);
    umount2(dir, MNT_DETACH);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK, "got %s", sandbox_verdict_name(res.verdict));
    cr_assert_eq(res.stdout_bytes, 40000000);
    cr_assert(res.memory_kb < 8 * 1024, "memory_kb %llu", (unsigned long long)res.memory_kb);
}

/* Stream files are opened beneath a detached copy of their directory, kept by
 * the slot (issue 10: the program must not read the host's path in
 * /proc/self/fd). A directory removed and made again under the same name is
 * the new one, not the kept copy of the old. */
Test(run, issue_10_stream_directory_made_anew_is_not_the_old_copy)
{
    char dir[256], out[300];
    snprintf(dir, sizeof(dir), "%s/streams", h.work);
    snprintf(out, sizeof(out), "%s/out", dir);
    const char *argv[] = {"/bin/sh", "-c", "readlink /proc/self/fd/1", NULL};
    for (int round = 0; round < 2; round++) {
        cr_assert_eq(mkdir(dir, 0755), 0);
        struct sandbox_spec spec = {.argv = argv, .stdout_path = out};
        struct sandbox_result res;
        cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
        cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
        cr_assert_str_eq(harness_slurp(out), "/out\n");
        cr_assert_eq(unlink(out), 0);
        cr_assert_eq(rmdir(dir), 0);
    }
}
