/* bench/judge: submissions judged per second, through the real worker and bare.
 *
 *   bench_judge bare   --lang L --file SRC --tests DIR --count N [--jobs J]
 *       compiles and runs the same argv as the judge (src/judge/lang.c) with
 *       fork/exec/wait and no sandbox, checking each output by tokens, N times;
 *       J processes at once (default 1).
 *   bench_judge worker --redis URL --problem ID --lang L --file SRC --count N
 *       pushes N jobs on the queue at once and waits for their N results on
 *       problem_done (a running `verdict worker` judges them).
 *
 * Both print one line: "<mode> <lang> <n> submissions in <s> s = <rate>/s".
 * One warm-up submission runs first and is not counted (the worker's first
 * one fills its test cache; the bare one warms the page cache the same way). */
#include "common/alloc.h"
#include "common/buf.h"
#include "judge/checker.h"
#include "judge/lang.h"
#include "store/keys.h"
#include "store/redis.h"

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

#define MAX_TESTS 64

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench_judge: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    struct buf b;
    buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

static const char *arg(int argc, char **argv, const char *flag, const char *def)
{
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], flag) == 0)
            return argv[i + 1];
    if (def == NULL) {
        fprintf(stderr, "bench_judge: %s is required\n", flag);
        exit(2);
    }
    return def;
}

/*** Bare: fork/exec/wait, no sandbox ***/

/* Runs argv in dir with the judge's environment; stdin/stdout from/to files
 * (NULL: /dev/null). Returns the wait status. */
static int run(const struct lang *l, const char *const *argv, const char *dir, const char *in,
               const char *out)
{
    const char *envp[12];
    int n = 0;
    envp[n++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    envp[n++] = "HOME=/tmp";
    envp[n++] = "LANG=C.UTF-8";
    for (int i = 0; i < 6 && l->env[i]; i++)
        envp[n++] = l->env[i];
    envp[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int ifd = open(in ? in : "/dev/null", O_RDONLY);
        int ofd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (ifd < 0 || ofd < 0 || chdir(dir) < 0 || dup2(ifd, 0) < 0 || dup2(ofd, 1) < 0 ||
            dup2(ofd, 2) < 0)
            _exit(127);
        execve(argv[0], (char *const *)argv, (char *const *)envp);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return st;
}

static bool files_match(const char *expected, const char *output)
{
    size_t elen, olen;
    char *e = slurp(expected, &elen), *o = slurp(output, &olen);
    struct checker c = {.kind = CHECKER_TOKENS};
    bool ok = checker_compare(&c, e, elen, o, olen);
    free(e);
    free(o);
    return ok;
}

/* One submission: write the source, compile, run every test, check. */
static bool bare_one(const struct lang *l, const char *code, size_t len, const char *tests,
                     unsigned ntests, unsigned mem_mb)
{
    char dir[] = "/tmp/bench-judge-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return false;
    char path[512], in[512], exp[512], out[512];
    snprintf(path, sizeof(path), "%s/%s", dir, l->source);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(code, 1, len, f) != len || fclose(f) != 0)
        return false;
    bool ok = true;
    struct lang_argv a;
    if (l->compile[0]) {
        if (lang_argv_expand(l->compile, l->compile_memory_mb, &a) < 0 ||
            run(l, a.argv, dir, NULL, NULL) != 0)
            ok = false;
    }
    snprintf(out, sizeof(out), "%s/out.txt", dir);
    for (unsigned i = 0; ok && i < ntests; i++) {
        snprintf(in, sizeof(in), "%s/%02u.in", tests, i + 1);
        snprintf(exp, sizeof(exp), "%s/%02u.out", tests, i + 1);
        if (lang_argv_expand(l->run, mem_mb, &a) < 0 || run(l, a.argv, dir, in, out) != 0 ||
            !files_match(exp, out))
            ok = false;
    }
    /* The judge's scratch is reused; here each submission gets a fresh dir. */
    char *const rm[] = {"/bin/rm", "-rf", dir, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execv(rm[0], rm);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return ok;
}

static int bench_bare(int argc, char **argv)
{
    const struct lang *l = lang_find(arg(argc, argv, "--lang", NULL));
    if (l == NULL)
        return 2;
    size_t len;
    char *code = slurp(arg(argc, argv, "--file", NULL), &len);
    const char *tests = arg(argc, argv, "--tests", NULL);
    unsigned count = (unsigned)strtoul(arg(argc, argv, "--count", "20"), NULL, 10);
    unsigned jobs = (unsigned)strtoul(arg(argc, argv, "--jobs", "1"), NULL, 10);
    unsigned ntests = 0;
    char probe[512];
    for (; ntests < MAX_TESTS; ntests++) {
        snprintf(probe, sizeof(probe), "%s/%02u.in", tests, ntests + 1);
        if (access(probe, R_OK) < 0)
            break;
    }
    if (!bare_one(l, code, len, tests, ntests, 256)) {
        fprintf(stderr, "bench_judge: the bare warm-up run failed\n");
        return 1;
    }
    double t0 = now_s();
    /* jobs processes, each judging its share one after another. */
    for (unsigned j = 0; j < jobs; j++) {
        pid_t pid = fork();
        if (pid == 0) {
            unsigned share = count / jobs + (j < count % jobs);
            for (unsigned i = 0; i < share; i++)
                if (!bare_one(l, code, len, tests, ntests, 256))
                    _exit(1);
            _exit(0);
        }
    }
    int failed = 0, st;
    while (wait(&st) > 0)
        failed += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    double took = now_s() - t0;
    printf("bare %s %u submissions in %.2f s = %.2f/s (%u tests each, %u at once)\n", l->id, count,
           took, count / took, ntests, jobs);
    free(code);
    return failed ? 1 : 0;
}

/*** Worker: jobs through Redis, results from problem_done ***/

struct wb {
    uv_loop_t *loop;
    struct redis *cmd, *sub;
    const char *job;
    size_t job_len;
    char tag[64];
    unsigned count;
    unsigned got;
    unsigned wrong;
    bool warm;
    double t0, took;
    uv_timer_t start;
};

static void wb_push(struct wb *b, unsigned n);

static void wb_on_pushed(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    (void)data;
    if (status < 0) {
        fprintf(stderr, "bench_judge: push failed\n");
        exit(1);
    }
}

static void wb_on_message(struct redis *r, const char *pattern, const char *channel,
                          size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    struct wb *b = data;
    if (len < 16 || memmem(msg, len, "\"type\":\"result\"", 15) == NULL ||
        memmem(msg, len, b->tag, strlen(b->tag)) == NULL)
        return;
    if (memmem(msg, len, "\"status\":\"AC\"", 13) == NULL) {
        b->wrong++;
        fprintf(stderr, "bench_judge: not AC: %.*s\n", (int)(len > 400 ? 400 : len), msg);
    }
    if (!b->warm) {
        b->warm = true;
        b->t0 = now_s();
        wb_push(b, b->count);
        return;
    }
    if (++b->got == b->count) {
        b->took = now_s() - b->t0;
        redis_free(b->cmd);
        b->cmd = NULL;
        uv_stop(b->loop);
    }
}

/* One LPUSH with n copies of the job: a single round trip. */
static void wb_push(struct wb *b, unsigned n)
{
    const char **av = xcalloc(n + 2, sizeof(*av));
    size_t *lens = xcalloc(n + 2, sizeof(*lens));
    av[0] = "LPUSH";
    lens[0] = 5;
    av[1] = KEY_QUEUE;
    lens[1] = strlen(KEY_QUEUE);
    for (unsigned i = 0; i < n; i++) {
        av[i + 2] = b->job;
        lens[i + 2] = b->job_len;
    }
    if (redis_cmd(b->cmd, 0, wb_on_pushed, b, (int)n + 2, av, lens) < 0) {
        fprintf(stderr, "bench_judge: cannot push\n");
        exit(1);
    }
    free(lens);
    free(av);
}

static void wb_on_start(uv_timer_t *t)
{
    struct wb *b = t->data;
    if (!redis_connected(b->cmd) || !redis_connected(b->sub)) {
        uv_timer_start(t, wb_on_start, 50, 0);
        return;
    }
    wb_push(b, 1); /* the warm-up */
}

static int bench_worker(int argc, char **argv)
{
    const char *url = arg(argc, argv, "--redis", NULL);
    const char *problem = arg(argc, argv, "--problem", NULL);
    const char *lang = arg(argc, argv, "--lang", NULL);
    size_t len;
    char *code = slurp(arg(argc, argv, "--file", NULL), &len);
    struct wb b;
    memset(&b, 0, sizeof(b));
    b.count = (unsigned)strtoul(arg(argc, argv, "--count", "20"), NULL, 10);
    snprintf(b.tag, sizeof(b.tag), "bench-%d-%s", (int)getpid(), lang);
    struct buf job;
    buf_init(&job);
    buf_printf(&job, "{\"userId\":\"%s\",\"problemId\":\"%s\",\"language\":\"%s\",\"code\":", b.tag,
               problem, lang);
    buf_json_str(&job, code, len);
    buf_puts(&job, "}");
    b.job = job.data;
    b.job_len = job.len;
    uv_loop_t loop;
    uv_loop_init(&loop);
    b.loop = &loop;
    char err[256];
    b.cmd = redis_new(&loop, url, err, sizeof(err));
    b.sub = redis_new(&loop, url, err, sizeof(err));
    if (b.cmd == NULL || b.sub == NULL) {
        fprintf(stderr, "bench_judge: %s\n", err);
        return 2;
    }
    redis_subscribe(b.sub, CHANNEL_DONE, false, wb_on_message, &b);
    uv_timer_init(&loop, &b.start);
    b.start.data = &b;
    /* Give the subscription a moment to be in place before the first job. */
    uv_timer_start(&b.start, wb_on_start, 300, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    printf("worker %s %u submissions in %.2f s = %.2f/s\n", lang, b.count, b.took,
           b.count / b.took);
    redis_free(b.sub);
    uv_close((uv_handle_t *)&b.start, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    (void)uv_loop_close(&loop);
    buf_dispose(&job);
    free(code);
    return b.wrong ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "bare") == 0)
        return bench_bare(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "worker") == 0)
        return bench_worker(argc, argv);
    fprintf(stderr, "usage: bench_judge bare|worker [options] (see bench/judge/main.c)\n");
    return 2;
}
