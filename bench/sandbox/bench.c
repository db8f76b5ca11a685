/* Sandbox overhead: the same program run bare (fork, execve, wait4) and in the
 * sandbox (sandbox_run to its callback, every protection on, cgroup included),
 * alternating in one process so that drift and noise hit both alike. Prints the
 * medians, their difference and their ratio (DESIGN.md: overhead <= 2 ms, aim
 * 1 ms). Usage: bench_sandbox STATIC_BINARY [RUNS] [GAP_MS] */
#include "common/buf.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Where a run's stdin comes from and its stdout goes (NULL: /dev/null). */
static const char *io_in, *io_out;

/* One bare run: fork, execve with stdio as io_in/io_out say, wait4. */
static double run_bare(char *const argv[])
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);
        int in = io_in ? open(io_in, O_RDONLY) : fd;
        int out = io_out ? open(io_out, O_WRONLY | O_CREAT | O_TRUNC, 0644) : fd;
        dup2(in, 0);
        dup2(out, 1);
        dup2(fd, 2);
        char *envp[] = {"PATH=/usr/bin:/bin", NULL};
        execve(argv[0], argv, envp);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench_sandbox: bare %s failed\n", argv[0]);
        exit(1);
    }
    return now_ms() - t0;
}

struct boxed {
    int calls;
    int status;
    struct sandbox_result res;
};

static void on_done(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                    void *data)
{
    (void)slot;
    struct boxed *b = data;
    b->calls++;
    b->status = status;
    b->res = *res;
}

/* One sandboxed run, from sandbox_run() to its callback. */
static double run_boxed(uv_loop_t *loop, struct sandbox_slot *slot, const char *const argv[])
{
    struct sandbox_spec spec = {.argv = argv, .stdin_path = io_in, .stdout_path = io_out};
    struct boxed b = {0};
    double t0 = now_ms();
    int rc = sandbox_run(slot, &spec, on_done, &b);
    if (rc == 0)
        uv_run(loop, UV_RUN_DEFAULT);
    double t = now_ms() - t0;
    if (rc < 0 || b.status < 0 || b.res.verdict != SANDBOX_VERDICT_OK) {
        fprintf(stderr, "bench_sandbox: sandboxed %s failed: %s (%s)\n", argv[0],
                strerror(rc < 0 ? -rc : -b.status), b.res.error_step ? b.res.error_step : "");
        exit(1);
    }
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return v[(int)(p * (n - 1))];
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs both modes n times, alternating, and prints one line of figures. */
static void compare(const char *label, uv_loop_t *loop, struct sandbox_slot *slot,
                    char *const bare_argv[], const char *const box_argv[], int n, int gap_ms)
{
    double *bare = calloc((size_t)n, sizeof(double));
    double *box = calloc((size_t)n, sizeof(double));
    for (int i = 0; i < 5; i++) { /* warm-up: page cache, first cgroup writes */
        run_bare(bare_argv);
        run_boxed(loop, slot, box_argv);
    }
    for (int i = 0; i < n; i++) {
        if (gap_ms)
            sleep_ms(gap_ms);
        if (i % 2 == 0) {
            bare[i] = run_bare(bare_argv);
            if (gap_ms)
                sleep_ms(gap_ms);
            box[i] = run_boxed(loop, slot, box_argv);
        } else {
            box[i] = run_boxed(loop, slot, box_argv);
            if (gap_ms)
                sleep_ms(gap_ms);
            bare[i] = run_bare(bare_argv);
        }
    }
    double bm = pct(bare, n, 0.5), xm = pct(box, n, 0.5);
    printf("%-22s runs=%d gap=%dms  bare median %.3f ms (p10 %.3f p90 %.3f)  "
           "sandboxed median %.3f ms (p10 %.3f p90 %.3f)  overhead %+.3f ms  ratio %.2f\n",
           label, n, gap_ms, bm, pct(bare, n, 0.1), pct(bare, n, 0.9), xm, pct(box, n, 0.1),
           pct(box, n, 0.9), xm - bm, xm / bm);
    fflush(stdout);
    free(bare);
    free(box);
}

/* Copies a host binary into /box, as a compiled submission would be. */
static int put_in_box(struct sandbox_slot *slot, const char *path, const char *name)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct buf bin;
    buf_init(&bin);
    char chunk[65536];
    ssize_t r;
    while (fd >= 0 && (r = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(&bin, chunk, (size_t)r);
    int rc = fd < 0 ? -1 : sandbox_slot_write(slot, name, bin.data, bin.len, 0755);
    if (rc < 0)
        fprintf(stderr, "bench_sandbox: cannot put %s into the box\n", path);
    if (fd >= 0)
        close(fd);
    buf_dispose(&bin);
    return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr,
                "usage: bench_sandbox STATIC_BINARY [RUNS] [GAP_MS] [PROGRAM INPUT OUTPUT]\n");
        return 2;
    }
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 300;
    int gap = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 0;
    if (n < 1)
        n = 300;
    uv_loop_t loop;
    uv_loop_init(&loop);
    char err[512];
    struct sandbox_config cfg = {.slots = 1,
                                 .root_dir = "/run/verdict/bench",
                                 .cgroup_parent = "verdict-bench",
                                 .first_uid = 64000};
    struct sandbox *sb = sandbox_new(&loop, &cfg, err, sizeof(err));
    if (!sb) {
        fprintf(stderr, "bench_sandbox: %s\n", err);
        return 1;
    }
    struct sandbox_slot *slot = sandbox_slot(sb, 0);
    if (put_in_box(slot, argv[1], "true_static") < 0 ||
        (argc > 6 && put_in_box(slot, argv[4], "program") < 0))
        return 1;

    char *bare_static[] = {argv[1], NULL};
    const char *box_static[] = {"/box/true_static", NULL};
    compare("static return 0", &loop, slot, bare_static, box_static, n, gap);
    char *bare_py[] = {"/usr/bin/python3", "-c", "pass", NULL};
    const char *box_py[] = {"/usr/bin/python3", "-c", "pass", NULL};
    compare("python3 -c pass", &loop, slot, bare_py, box_py, n, gap);
    if (argc > 6) {
        /* A judge's test run: a compiled C program reading its input from a
         * file and writing its output to a tmpfs file. */
        io_in = argv[5];
        io_out = argv[6];
        char *bare_prog[] = {argv[4], NULL};
        const char *box_prog[] = {"/box/program", NULL};
        compare("C program, file I/O", &loop, slot, bare_prog, box_prog, n, gap);
        io_in = io_out = NULL;
    }

    /* Between submissions: a fresh mount namespace and /box for the slot. */
    double resets[50];
    for (int i = 0; i < 50; i++) {
        double t0 = now_ms();
        if (sandbox_slot_reset(slot) < 0) {
            fprintf(stderr, "bench_sandbox: reset failed\n");
            return 1;
        }
        resets[i] = now_ms() - t0;
    }
    printf("%-22s runs=50  median %.3f ms (p90 %.3f)\n", "sandbox_slot_reset", pct(resets, 50, 0.5),
           pct(resets, 50, 0.9));

    sandbox_free(sb);
    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
