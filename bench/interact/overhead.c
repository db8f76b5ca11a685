/* The sandbox's per-run overhead, for scale: the echo program run bare and
 * in slot 0, alternating, with the same input file. */
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs argv with stdin from in and stdout to /dev/null; its exit status. */
static int spawn(char *const argv[], const char *in)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(in ? in : "/dev/null", O_RDONLY);
        int null = open("/dev/null", O_WRONLY);
        if (fd < 0 || null < 0 || dup2(fd, 0) < 0 || dup2(null, 1) < 0)
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void on_run(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                   void *data)
{
    (void)slot;
    struct bench *b = data;
    b->status = status < 0 || res->verdict != SANDBOX_VERDICT_OK ? -1 : 0;
}

static int cmp_double(const void *a, const void *c)
{
    double x = *(const double *)a, y = *(const double *)c;
    return x < y ? -1 : x > y;
}

double bench_sandbox_overhead(struct bench *b, int rounds)
{
    char src[512], bin[512], in[512];
    snprintf(src, sizeof(src), "%s/echo.c", b->work);
    snprintf(bin, sizeof(bin), "%s/echo", b->work);
    snprintf(in, sizeof(in), "%s/echo.in", b->work);
    FILE *f = fopen(src, "w"), *g = fopen(in, "w");
    if (!f || !g || fputs(bench_echo_c, f) < 0 || fputs("hello\n", g) < 0)
        exit(1);
    fclose(f);
    fclose(g);
    char *cc[] = {"/usr/bin/gcc", "-O2", "-o", bin, src, NULL};
    char *bare[] = {bin, NULL};
    struct sandbox_slot *slot = sandbox_slot(b->sb, 0);
    /* The judgings left the compiled echo in slot 0's box. */
    const char *boxed[] = {"/box/main", NULL};
    struct sandbox_spec spec = {
        .argv = boxed, .stdin_path = in, .box_readonly = true, .pinned = true};
    if (spawn(cc, NULL) != 0)
        exit(1);
    double *t = calloc((size_t)rounds * 2, sizeof(double));
    for (int i = 0; i < rounds; i++) {
        double t0 = now_ms();
        if (spawn(bare, in) != 0)
            exit(1);
        t[i] = now_ms() - t0;
        t0 = now_ms();
        if (sandbox_run(slot, &spec, on_run, b) < 0)
            exit(1);
        uv_run(&b->loop, UV_RUN_DEFAULT);
        if (b->status < 0)
            exit(1);
        t[rounds + i] = now_ms() - t0;
    }
    qsort(t, (size_t)rounds, sizeof(double), cmp_double);
    qsort(t + rounds, (size_t)rounds, sizeof(double), cmp_double);
    double overhead = t[rounds + rounds / 2] - t[rounds / 2];
    printf("echo run     bare median %.3f ms, sandboxed %.3f ms\n", t[rounds / 2],
           t[rounds + rounds / 2]);
    free(t);
    return overhead;
}
