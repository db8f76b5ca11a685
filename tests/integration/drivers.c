/* The function problems' drivers with the real compilers (issue 13): every
 * case of tests/integration/driver_cases/ (a signature, a solution per
 * language, tests NN.in/NN.out, inputs the drivers must refuse in bad/, and a
 * crash.in its solution crashes on) built per language as the worker builds
 * it (lang.c's commands, here as plain processes), run on each input, and the
 * printed JSON compared with jsoncmp. Compiles run two at a time.
 * VERDICT_DRIVERS_KEEP=1 keeps the programs and their outputs in /tmp. */
#include "common/alloc.h"
#include "common/buf.h"
#include "judge/driver.h"
#include "judge/jsoncmp.h"
#include "judge/lang.h"
#include "judge/signature.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CASES_MAX 16

struct job {
    const char *const *argv;
    char cwd[1024];
    char in[1400], out[1200], err[1200];
    pid_t pid;
    int status;
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct buf b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    buf_reserve(&b, 1);
    b.data[b.len] = '\0';
    if (len)
        *len = b.len;
    return buf_steal(&b);
}

static void spit(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* The environment of lang.c's commands: PATH, HOME, LANG and the language's. */
static char **lang_env(const struct lang *l, char *home)
{
    static char path[] = "PATH=/usr/local/bin:/usr/bin:/bin", lang[] = "LANG=C.UTF-8";
    char **env = xcalloc(10, sizeof(char *));
    int n = 0;
    env[n++] = path;
    env[n++] = home;
    env[n++] = lang;
    for (int i = 0; i < 6 && l->env[i]; i++)
        env[n++] = (char *)l->env[i];
    return env;
}

static pid_t job_start(struct job *j, char **env)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, j->cwd);
    posix_spawn_file_actions_addopen(&fa, 0, j->in[0] ? j->in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, j->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, j->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    /* A driver that hangs fails the test in seconds, not at ctest's timeout. */
    const char *argv[LANG_MAX_ARGV + 6] = {"/usr/bin/timeout", "-s", "KILL", "60"};
    int n = 4;
    for (int i = 0; j->argv[i]; i++)
        argv[n++] = j->argv[i];
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "spawn %s: %s", j->argv[0], strerror(rc));
    return pid;
}

/* Runs the jobs, at most two at a time (the machine's two cores). */
static void jobs_run(struct job *jobs, size_t n, char **env)
{
    size_t next = 0, running = 0, done = 0;
    while (done < n) {
        while (running < 2 && next < n) {
            jobs[next].pid = job_start(&jobs[next], env);
            next++;
            running++;
        }
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        cr_assert_gt(pid, 0, "waitpid: %s", strerror(errno));
        for (size_t i = 0; i < next; i++)
            if (jobs[i].pid == pid) {
                jobs[i].status = status;
                jobs[i].pid = 0;
                running--;
                done++;
            }
    }
}

struct cases {
    char names[CASES_MAX][256];
    size_t n;
    char root[512];
};

static void cases_list(struct cases *c)
{
    const char *src = getenv("VERDICT_SOURCE_DIR");
    snprintf(c->root, sizeof(c->root), "%s/tests/integration/driver_cases", src ? src : ".");
    DIR *d = opendir(c->root);
    cr_assert_not_null(d, "cannot open %s", c->root);
    struct dirent *e;
    c->n = 0;
    while ((e = readdir(d)) != NULL && c->n < CASES_MAX)
        if (e->d_name[0] != '.')
            snprintf(c->names[c->n++], sizeof(c->names[0]), "%s", e->d_name);
    closedir(d);
    cr_assert_gt(c->n, 0);
}

static void signature_load(const char *dir, struct signature *s)
{
    char path[1024], err[256];
    snprintf(path, sizeof(path), "%.900s/function.json", dir);
    char *text = slurp(path, NULL);
    cr_assert_not_null(text, "no %s", path);
    cJSON *j = cJSON_Parse(text);
    cr_assert_eq(signature_parse(j, s, err, sizeof(err)), 0, "%s: %s", path, err);
    cJSON_Delete(j);
    free(text);
}

static const char *ext_of(const struct lang *l)
{
    return strrchr(l->source, '.') + 1;
}

/* Writes case dir's solution for l inside its driver into work/<case>/. */
static void program_write(const struct lang *l, const char *dir, const char *work,
                          const struct signature *s)
{
    char path[1200], err[256];
    snprintf(path, sizeof(path), "%.900s/solution.%s", dir, ext_of(l));
    size_t len;
    char *code = slurp(path, &len);
    cr_assert_not_null(code, "no %s", path);
    struct driver_source src;
    cr_assert_eq(driver_source(s, l, code, len, &src, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(mkdir(work, 0755), 0);
    snprintf(path, sizeof(path), "%.900s/%s", work, l->source);
    spit(path, src.text, src.len);
    driver_source_dispose(&src);
    free(code);
}

static void job_set(struct job *j, const char *const *argv, const char *cwd, const char *in,
                    const char *tag)
{
    memset(j, 0, sizeof(*j));
    j->argv = argv;
    snprintf(j->cwd, sizeof(j->cwd), "%s", cwd);
    snprintf(j->in, sizeof(j->in), "%s", in ? in : "");
    snprintf(j->out, sizeof(j->out), "%s/%s.stdout", cwd, tag);
    snprintf(j->err, sizeof(j->err), "%s/%s.stderr", cwd, tag);
}

static char *job_output(const struct job *j, bool err, size_t *len)
{
    char *t = slurp(err ? j->err : j->out, len);
    cr_assert_not_null(t);
    return t;
}

enum run_kind { RUN_TEST, RUN_BAD, RUN_CRASH };

struct run {
    struct job job;
    enum run_kind kind;
    char input[1400];
    size_t kase;
};

/* Adds a run per NN.in of dir (kind RUN_TEST), of dir/bad (RUN_BAD) and of
 * crash.in (RUN_CRASH). */
static size_t runs_add(struct run *runs, size_t n, size_t max, const char *dir, const char *work,
                       size_t kase, const struct lang_argv *run_argv)
{
    static const char *const subs[] = {"", "/bad"};
    for (int k = 0; k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s%s", dir, subs[k]);
        struct dirent **names;
        int count = scandir(path, &names, NULL, alphasort);
        for (int i = 0; i < count; i++) {
            const char *name = names[i]->d_name;
            size_t len = strlen(name);
            bool is_in = len > 3 && strcmp(name + len - 3, ".in") == 0;
            bool crash = strcmp(name, "crash.in") == 0;
            if (is_in && n < max) {
                struct run *r = &runs[n++];
                r->kind = k ? RUN_BAD : crash ? RUN_CRASH : RUN_TEST;
                r->kase = kase;
                snprintf(r->input, sizeof(r->input), "%s/%s", path, name);
                char tag[64];
                snprintf(tag, sizeof(tag), "%s%.*s", k ? "bad-" : "", (int)len - 3, name);
                job_set(&r->job, run_argv->argv, work, r->input, tag);
            }
            free(names[i]);
        }
        if (count >= 0)
            free(names);
    }
    return n;
}

static void check_test(const struct run *r, const struct signature *s)
{
    size_t olen, ilen, elen;
    char *out = job_output(&r->job, false, &olen), *err = job_output(&r->job, true, NULL);
    cr_expect(WIFEXITED(r->job.status) && WEXITSTATUS(r->job.status) == 0,
              "%s: status %d, stderr: %s", r->input, r->job.status, err);
    struct driver_output d;
    driver_output_split(out, olen, &d);
    cr_expect(d.returned, "%s: no result in %s", r->input, out);
    char path[1200], why[256] = "";
    snprintf(path, sizeof(path), "%.*sout", (int)strlen(r->input) - 2, r->input);
    char *expected = slurp(path, &elen), *input = slurp(r->input, &ilen);
    cr_assert_not_null(expected);
    cr_expect_eq(signature_check_input(s, input, ilen, why, sizeof(why)), 0, "%s: %s", r->input,
                 why);
    cr_expect_eq(signature_check_output(s, expected, elen, why, sizeof(why)), 0, "%s: %s", path,
                 why);
    struct jsoncmp_options o = {0};
    if (d.returned)
        cr_expect_eq(jsoncmp_text(expected, elen, d.result, d.result_len, &o, why, sizeof(why)), 1,
                     "%s: returned %.*s: %s", r->input, (int)d.result_len, d.result, why);
    /* What the user's code printed stays apart from the result. */
    snprintf(path, sizeof(path), "%.*sstdout", (int)strlen(r->input) - 2, r->input);
    char *user = slurp(path, NULL);
    if (user)
        cr_expect(d.user_len == strlen(user) && memcmp(out, user, d.user_len) == 0,
                  "%s: the user printed '%.*s', not '%s'", r->input, (int)d.user_len, out, user);
    free(user);
    free(input);
    free(expected);
    free(err);
    free(out);
}

static void check_other(const struct run *r, const struct signature *s)
{
    size_t olen, ilen;
    char *out = job_output(&r->job, false, &olen), *err = job_output(&r->job, true, NULL);
    struct driver_output d;
    driver_output_split(out, olen, &d);
    cr_expect(!d.returned, "%s: a result: %s", r->input, out);
    int st = r->job.status;
    if (r->kind == RUN_BAD) {
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == DRIVER_EXIT_BAD_INPUT,
                  "%s: status %d, not the bad-input exit; stderr: %s", r->input, st, err);
        cr_expect(strstr(err, "verdict driver: input line") != NULL, "%s: stderr %s", r->input,
                  err);
        /* The judge's check refuses what the drivers refuse. */
        char *input = slurp(r->input, &ilen), why[256];
        cr_expect_neq(signature_check_input(s, input, ilen, why, sizeof(why)), 0,
                      "%s passes signature_check_input", r->input);
        free(input);
    } else {
        cr_expect(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0 &&
                                      WEXITSTATUS(st) != DRIVER_EXIT_BAD_INPUT),
                  "%s: status %d for a crash", r->input, st);
    }
    free(err);
    free(out);
}

static void rm_rf(const char *dir)
{
    const char *argv[] = {"/bin/rm", "-rf", dir, NULL};
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ) == 0)
        waitpid(pid, NULL, 0);
}

/* Builds every case's solution in language id, runs every input, checks. */
static void drivers_check(const char *id)
{
    const struct lang *l = lang_find(id);
    cr_assert_not_null(l);
    if (!lang_installed(l))
        cr_skip_test("%s is not installed", l->binary);
    struct cases c;
    cases_list(&c);
    char work[] = "/tmp/verdict-drivers-XXXXXX";
    cr_assert_not_null(mkdtemp(work));
    char home[600];
    snprintf(home, sizeof(home), "HOME=%s", work);
    char **env = lang_env(l, home);
    struct signature sigs[CASES_MAX];
    struct job compiles[CASES_MAX];
    char dirs[CASES_MAX][800], works[CASES_MAX][800];
    struct lang_argv cc, run;
    cr_assert_eq(lang_argv_expand(l->compile, 1024, &cc), 0);
    cr_assert_eq(lang_argv_expand(l->run, 256, &run), 0);
    for (size_t i = 0; i < c.n; i++) {
        snprintf(dirs[i], sizeof(dirs[i]), "%s/%s", c.root, c.names[i]);
        snprintf(works[i], sizeof(works[i]), "%s/%s", work, c.names[i]);
        signature_load(dirs[i], &sigs[i]);
        program_write(l, dirs[i], works[i], &sigs[i]);
        job_set(&compiles[i], cc.argv, works[i], NULL, "compile");
    }
    if (l->compile[0])
        jobs_run(compiles, c.n, env);
    for (size_t i = 0; l->compile[0] && i < c.n; i++) {
        char *err = job_output(&compiles[i], true, NULL);
        cr_assert(WIFEXITED(compiles[i].status) && WEXITSTATUS(compiles[i].status) == 0,
                  "%s/%s does not compile: %s", c.names[i], l->source, err);
        free(err);
    }
    struct run *runs = xcalloc(256, sizeof(*runs));
    size_t n = 0;
    for (size_t i = 0; i < c.n; i++)
        n = runs_add(runs, n, 256, dirs[i], works[i], i, &run);
    struct job *jobs = xcalloc(n, sizeof(*jobs));
    for (size_t i = 0; i < n; i++)
        jobs[i] = runs[i].job;
    jobs_run(jobs, n, env);
    for (size_t i = 0; i < n; i++) {
        runs[i].job = jobs[i];
        if (runs[i].kind == RUN_TEST)
            check_test(&runs[i], &sigs[runs[i].kase]);
        else
            check_other(&runs[i], &sigs[runs[i].kase]);
    }
    free(jobs);
    free(runs);
    free(env);
    if (getenv("VERDICT_DRIVERS_KEEP") == NULL)
        rm_rf(work);
    else
        fprintf(stderr, "kept %s\n", work);
}

Test(drivers, c)
{
    drivers_check("c");
}

Test(drivers, cpp)
{
    drivers_check("cpp");
}

Test(drivers, python)
{
    drivers_check("python");
}

Test(drivers, javascript)
{
    drivers_check("javascript");
}

Test(drivers, java)
{
    drivers_check("java");
}

Test(drivers, go)
{
    drivers_check("go");
}

Test(drivers, rust)
{
    drivers_check("rust");
}
