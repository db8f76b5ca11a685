/* The function problems' drivers' own cost (issue 13), per language: a driver
 * calling a trivial function (sum an int[]) against a plain stdin/stdout
 * program reading the same numbers its idiomatic fast way
 * (bench/drivers/program_cases/), on an empty array (start-up) and on N numbers.
 * Plain processes, no sandbox: CPU time (user + system, wait4) of the best of
 * REPS runs. Usage: bench_drivers [N] [REPS] [LANG...]; run.sh says more. */
#include "common/alloc.h"
#include "common/buf.h"
#include "judge/driver.h"
#include "judge/lang.h"
#include "judge/signature.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct buf b;
    buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    buf_reserve(&b, 1);
    b.data[b.len] = '\0';
    *len = b.len;
    return buf_steal(&b);
}

static int spit(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -errno;
    size_t w = fwrite(text, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -EIO;
}

/* Runs argv in cwd with stdin from in (or /dev/null) and stdout to out;
 * returns its exit status and its CPU time in ms in *cpu_ms. */
static int run(const char *const *argv, const char *cwd, char **env, const char *in,
               const char *out, double *cpu_ms)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, cwd);
    posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -rc;
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -errno;
    *cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
              (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return status;
}

struct bench {
    const char *src, *work;
    char **env;
    int reps;
};

/* Writes the program (a driver around solution.EXT, or plain.EXT) into dir
 * and compiles it; returns 0 or -1 with a message on stderr. */
static int build(const struct bench *b, const struct lang *l, bool func, const char *dir)
{
    static const char sig_json[] = "{\"name\": \"total\", \"params\": [{\"name\": \"nums\", "
                                   "\"type\": \"int[]\"}], \"returns\": \"long\"}";
    char path[1024], err[256];
    snprintf(path, sizeof(path), "%s/bench/drivers/program_cases/%s.%s", b->src,
             func ? "solution" : "plain", strrchr(l->source, '.') + 1);
    size_t len;
    char *code = slurp(path, &len);
    if (code == NULL || mkdir(dir, 0755) < 0) {
        fprintf(stderr, "cannot read %s or make %s\n", path, dir);
        free(code);
        return -1;
    }
    cJSON *j = cJSON_Parse(sig_json);
    struct signature s;
    struct driver_source ds = {0};
    int rc = signature_parse(j, &s, err, sizeof(err));
    cJSON_Delete(j);
    if (rc == 0 && func)
        rc = driver_source(&s, l, code, len, &ds, err, sizeof(err));
    snprintf(path, sizeof(path), "%s/%s", dir, l->source);
    if (rc == 0)
        rc = func ? spit(path, ds.text, ds.len) : spit(path, code, len);
    driver_source_dispose(&ds);
    free(code);
    struct lang_argv cc;
    double cpu;
    snprintf(path, sizeof(path), "%s/compile.txt", dir);
    if (rc == 0 && l->compile[0] &&
        (lang_argv_expand(l->compile, 1024, &cc) < 0 ||
         run(cc.argv, dir, b->env, NULL, path, &cpu) != 0)) {
        fprintf(stderr, "%s: %s does not compile\n", dir, l->source);
        return -1;
    }
    return rc;
}

/* The best CPU time of b->reps runs of the program in dir on input in. */
static double best(const struct bench *b, const struct lang *l, const char *dir, const char *in,
                   char *out, size_t outlen)
{
    struct lang_argv ra;
    if (lang_argv_expand(l->run, 1024, &ra) < 0)
        return -1;
    double min = -1;
    for (int r = 0; r < b->reps; r++) {
        double cpu;
        snprintf(out, outlen, "%s/out.txt", dir);
        if (run(ra.argv, dir, b->env, in, out, &cpu) != 0)
            return -1;
        if (min < 0 || cpu < min)
            min = cpu;
    }
    return min;
}

/* The last line of the plain program's output and the driver's result agree. */
static bool same_answer(const char *plain_out, const char *func_out)
{
    size_t pl, fl;
    char *p = slurp(plain_out, &pl), *f = slurp(func_out, &fl);
    struct driver_output d;
    bool ok = p && f;
    if (ok) {
        driver_output_split(f, fl, &d);
        while (pl && (p[pl - 1] == '\n'))
            pl--;
        ok = d.returned && d.result_len == pl && memcmp(d.result, p, pl) == 0;
    }
    free(p);
    free(f);
    return ok;
}

static void bench_lang(const struct bench *b, const struct lang *l)
{
    char fdir[1024], pdir[1024], fout[1200], pout[1200], in[1100];
    snprintf(fdir, sizeof(fdir), "%s/%s-func", b->work, l->id);
    snprintf(pdir, sizeof(pdir), "%s/%s-plain", b->work, l->id);
    if (build(b, l, true, fdir) < 0 || build(b, l, false, pdir) < 0)
        return;
    double t[4];
    const char *inputs[] = {"func0.in", "plain0.in", "func.in", "plain.in"};
    for (int k = 0; k < 4; k++) {
        snprintf(in, sizeof(in), "%s/%s", b->work, inputs[k]);
        t[k] = best(b, l, k % 2 ? pdir : fdir, in, k % 2 ? pout : fout, sizeof(fout));
    }
    bool ok = same_answer(pout, fout);
    printf("%-11s %9.1f %9.1f %9.1f %11.1f %11.1f %11.1f  %s\n", l->id, t[1], t[0], t[0] - t[1],
           t[3], t[2], t[2] - t[3], ok ? "" : "(answers differ!)");
}

static void inputs_write(const char *work, long n)
{
    struct buf json, plain;
    buf_init(&json);
    buf_init(&plain);
    buf_printf(&plain, "%ld\n", n);
    buf_puts(&json, "[");
    /* Numbers of every length up to 10 digits, both signs. */
    unsigned long x = 12345;
    for (long i = 0; i < n; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        long v = (long)(x >> 33) % 2000000000L - 1000000000L;
        buf_printf(&json, "%s%ld", i ? "," : "", v);
        buf_printf(&plain, "%s%ld", i ? " " : "", v);
    }
    buf_puts(&json, "]\n");
    buf_puts(&plain, "\n");
    char path[1100];
    snprintf(path, sizeof(path), "%s/func.in", work);
    (void)spit(path, json.data, json.len);
    snprintf(path, sizeof(path), "%s/plain.in", work);
    (void)spit(path, plain.data, plain.len);
    snprintf(path, sizeof(path), "%s/func0.in", work);
    (void)spit(path, "[]\n", 3);
    snprintf(path, sizeof(path), "%s/plain0.in", work);
    (void)spit(path, "0\n", 2);
    buf_dispose(&json);
    buf_dispose(&plain);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
    struct bench b = {.reps = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5};
    b.src = getenv("VERDICT_SOURCE_DIR") ? getenv("VERDICT_SOURCE_DIR") : ".";
    char work[] = "/tmp/verdict-bench-drivers-XXXXXX";
    if (mkdtemp(work) == NULL || n < 0 || b.reps < 1) {
        fprintf(stderr, "usage: bench_drivers [N] [REPS] [LANG...]\n");
        return 2;
    }
    b.work = work;
    inputs_write(work, n);
    printf("CPU ms, best of %d; start-up: an empty array; then %ld ints (one JSON line vs "
           "\"N\\n a1 a2 ...\")\n",
           b.reps, n);
    printf("%-11s %9s %9s %9s %11s %11s %11s\n", "language", "plain", "driver", "overhead",
           "plain N", "driver N", "overhead N");
    for (const struct lang *const *l = lang_all(); *l; l++) {
        bool wanted = argc <= 3;
        for (int i = 3; i < argc; i++)
            wanted |= strcmp(argv[i], (*l)->id) == 0;
        if (!wanted || !lang_installed(*l))
            continue;
        char home[1100];
        snprintf(home, sizeof(home), "HOME=%s", work);
        char *env[10] = {"PATH=/usr/local/bin:/usr/bin:/bin", home, "LANG=C.UTF-8"};
        for (int i = 0; i < 6 && (*l)->env[i]; i++)
            env[3 + i] = (char *)(*l)->env[i];
        b.env = env;
        bench_lang(&b, *l);
        fflush(stdout);
    }
    const char *rm[] = {"/bin/rm", "-rf", work, NULL};
    double cpu;
    (void)run(rm, "/", NULL, NULL, "/dev/null", &cpu);
    return 0;
}
