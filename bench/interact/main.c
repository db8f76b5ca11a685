/* bench/interact: what a packaged problem's judging costs per test over a
 * plain one, through the real judge (judge_start on a sandbox of two slots):
 *
 *   plain        N tests of a C echo program, checked by the default validator
 *   validator    the same tests checked by an output validator (C, exits 42)
 *   interactive  the same program run against an interactor (C: writes the
 *                line, reads it back, exits 42), both at once through pipes
 *
 * and the sandbox's own per-run overhead (a bare fork/exec/wait of the echo
 * program against sandbox_run() of it). Prints the median per-test time of
 * each mode over ROUNDS judgings, the validator's cost per test, the
 * interactive overhead per test, and that overhead over the sandbox's
 * per-run overhead (target < 2).
 *
 *   bench_interact WORK_DIR [TESTS] [ROUNDS]   (as root; WORK_DIR is scratch) */
#include "bench.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "judge/cache.h"
#include "judge/judge.h"
#include "judge/plan.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

const char bench_echo_c[] = "#include <stdio.h>\nint main(void){char l[256];"
                            "if(fgets(l,sizeof l,stdin))fputs(l,stdout);return 0;}\n";
static const char checker_c[] = "int main(void){return 42;}\n";
static const char interactor_c[] =
    "#include <stdio.h>\n#include <string.h>\nint main(int c,char**v){char a[256],b[256];"
    "FILE*f=fopen(v[1],\"r\");if(!f||!fgets(a,sizeof a,f))return 1;fputs(a,stdout);"
    "fflush(stdout);if(!fgets(b,sizeof b,stdin))return 43;return strcmp(a,b)?43:42;}\n";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "bench_interact: %s: %s\n", what, strerror(rc < 0 ? -rc : rc));
    exit(1);
}

/* The plan document of a problem of n tests. */
static char *plan_doc(unsigned n, bool validator, bool interactive)
{
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "{\"format\":1,\"types\":[\"pass-fail\"%s],",
               interactive ? ",\"interactive\"" : "");
    if (validator) {
        buf_puts(&b, "\"validator\":{\"language\":\"c\",\"files\":[{\"name\":\"v.c\",\"text\":");
        const char *src = interactive ? interactor_c : checker_c;
        buf_json_str(&b, src, strlen(src));
        buf_puts(&b, "}]},");
    }
    buf_puts(&b, "\"groups\":[{\"name\":\"\",\"parent\":-1,\"aggregation\":\"pass-fail\","
                 "\"onReject\":\"break\",\"acceptScore\":1,\"rejectScore\":0}],\"tests\":[");
    for (unsigned i = 0; i < n; i++)
        buf_printf(&b, "%s{\"name\":\"secret/%u\",\"group\":0}", i ? "," : "", i + 1);
    buf_puts(&b, "]}");
    return buf_steal(&b);
}

static void on_built(struct judge *j, int status, const char *msg, void *data)
{
    (void)j;
    struct bench *b = data;
    b->done = 1;
    b->status = status;
    if (status < 0)
        fprintf(stderr, "bench_interact: %s\n", msg);
}

/* A cached version of n tests with its plan (and validator, built). */
static void make_problem(struct bench *b, const char *name, const char *doc, bool validator,
                         struct cache_problem *out)
{
    struct cache_writer w;
    int rc = cache_writer_begin(&w, b->work, name, 1);
    for (unsigned i = 0; rc == 0 && i < b->ntests; i++)
        rc = cache_writer_add(&w, false, "hello\n", 6, "hello\n", 6);
    if (rc < 0 || (rc = cache_writer_put_judging(&w, doc, strlen(doc))) < 0)
        die("cache", rc);
    if (validator) {
        char err[256];
        struct plan *p = plan_parse(doc, strlen(doc), b->ntests, err, sizeof(err));
        char dir[CACHE_PATH_MAX + 16];
        cache_writer_validator_dir(&w, dir, sizeof(dir));
        b->done = 0;
        if (p == NULL || (rc = judge_build_validator(b->j, p->validator, dir, on_built, b)) < 0)
            die("validator", p ? rc : EINVAL);
        uv_run(&b->loop, UV_RUN_DEFAULT);
        plan_free(p);
        if (b->status < 0)
            exit(1);
        cache_writer_put_validator(&w);
    }
    if ((rc = cache_writer_commit(&w, out)) < 0)
        die("commit", rc);
}

static void on_progress(struct judge *j, enum judge_stage stage, unsigned test, unsigned of,
                        void *data)
{
    (void)j;
    (void)of;
    struct bench *b = data;
    /* Timed from the first test on: the compile is the same in every mode. */
    if (stage == JUDGE_RUNNING && test == 1)
        b->t0 = now_ms();
}

static void on_done(struct judge *j, const struct judge_result *res, void *data)
{
    (void)j;
    struct bench *b = data;
    b->done = 1;
    b->status = res->verdict == VERDICT_AC ? 0 : -EPROTO;
    b->per_test_ms = (now_ms() - b->t0) / res->ntests;
    if (res->verdict != VERDICT_AC)
        fprintf(stderr, "bench_interact: %s: %s\n", verdict_name(res->verdict), res->message);
}

/* One judging of the echo program; returns its time per test. */
static double judge_once(struct bench *b, const struct cache_problem *cp, const struct plan *p,
                         const char *checker)
{
    struct judge_problem jp = {.tests = cp,
                               .plan = p,
                               .time_limit_ms = 2000,
                               .memory_limit_mb = 64,
                               .output_limit_kb = 64};
    checker_parse(checker, &jp.checker);
    b->done = 0;
    int rc = judge_start(b->j, lang_find("c"), bench_echo_c, strlen(bench_echo_c), &jp, on_progress,
                         on_done, b);
    if (rc < 0)
        die("judge_start", rc);
    uv_run(&b->loop, UV_RUN_DEFAULT);
    if (b->status < 0)
        exit(1);
    return b->per_test_ms;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_interact WORK_DIR [TESTS] [ROUNDS]\n");
        return 2;
    }
    struct bench b = {.work = argv[1]};
    b.ntests = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 20;
    int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 9;
    if (b.ntests < 1 || rounds < 1 || rounds > 99)
        return 2;
    uv_loop_init(&b.loop);
    char err[512];
    struct sandbox_config cfg = {.slots = 2,
                                 .root_dir = "/run/verdict/bench-interact",
                                 .cgroup_parent = "verdict-bench-interact",
                                 .first_uid = 64100};
    if ((b.sb = sandbox_new(&b.loop, &cfg, err, sizeof(err))) == NULL) {
        fprintf(stderr, "bench_interact: %s\n", err);
        return 1;
    }
    char scratch[CACHE_PATH_MAX];
    snprintf(scratch, sizeof(scratch), "%s/scratch", b.work);
    mkdir(scratch, 0755);
    b.j = judge_new(sandbox_slot(b.sb, 0), scratch);
    judge_set_aux(b.j, sandbox_slot(b.sb, 1));
    const char *names[3] = {"plain", "validator", "interactive"};
    struct cache_problem cp[3];
    struct plan *plans[3];
    for (int m = 0; m < 3; m++) {
        char *doc = plan_doc(b.ntests, m > 0, m == 2);
        make_problem(&b, names[m], doc, m > 0, &cp[m]);
        plans[m] = plan_parse(doc, strlen(doc), b.ntests, err, sizeof(err));
        free(doc);
    }
    double t[3][99];
    for (int r = 0; r < rounds; r++) /* the modes alternate: drift hits all alike */
        for (int m = 0; m < 3; m++)
            t[m][r] = judge_once(&b, &cp[m], plans[m], m ? "validator" : "kattis");
    double med[3];
    for (int m = 0; m < 3; m++) {
        med[m] = median(t[m], rounds);
        printf("%-12s %u tests x %d rounds: median %.3f ms per test\n", names[m], b.ntests, rounds,
               med[m]);
    }
    double box = bench_sandbox_overhead(&b, 200);
    printf("validator cost per test      %.3f ms\n", med[1] - med[0]);
    printf("interactive overhead per test %.3f ms (over a plain run)\n", med[2] - med[0]);
    printf("sandbox per-run overhead      %.3f ms\n", box);
    printf("interactive overhead / sandbox overhead = %.2f (target < 2)\n",
           (med[2] - med[0]) / box);
    for (int m = 0; m < 3; m++)
        plan_free(plans[m]);
    judge_free(b.j);
    sandbox_free(b.sb);
    uv_run(&b.loop, UV_RUN_DEFAULT);
    return uv_loop_close(&b.loop) == 0 ? 0 : 1;
}
