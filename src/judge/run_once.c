/* One run of code on one input (see run_once.h): the judge's compile step,
 * then a single run with the caller's limits, its stdout and stderr mapped
 * for the callback. The judge is idle around it: its data pointer carries
 * this run, as the sandbox calls back with the judge. */
#include "judge/run_once.h"

#include "common/alloc.h"
#include "judge/driver.h"
#include "judge/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A run in flight: what the callbacks need after run_once_start() returned. */
struct run_once {
    run_once_cb cb;
    void *data;
    struct run_once_spec spec; /* code and function cleared: not kept */
    struct signature function;
    bool has_function;
    char input[CACHE_PATH_MAX + 32];
};

static void run_once_on_compiled(struct sandbox_slot *slot, int status,
                                 const struct sandbox_result *res, void *data);
static void run_once_on_run(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                            void *data);

/* Ends the run: the judge is idle again before the callback, which may start
 * the next one. */
static void run_once_end(struct judge *j, struct run_once_result *r)
{
    struct run_once *ro = j->data;
    j->step = STEP_IDLE;
    j->data = NULL;
    r->message = r->message ? r->message : j->message;
    r->compile_out = j->compile_out.len ? j->compile_out.data : "";
    ro->cb(j, r, ro->data);
    free(ro);
}

static void run_once_fail(struct judge *j, const char *what, int status)
{
    snprintf(j->message, sizeof(j->message), "%s: %s", what, strerror(-status));
    struct run_once_result r = {.verdict = VERDICT_IE, .cancelled = status == -ECANCELED};
    run_once_end(j, &r);
}

static int run_once_run(struct judge *j)
{
    struct run_once *ro = j->data;
    int in = sandbox_slot_open_stream(j->slot, ro->input, O_RDONLY | O_NOFOLLOW, 0);
    if (in < 0)
        return in;
    int out = judge__scratch_open(j, "out");
    int err = out >= 0 ? judge__scratch_open(j, "err") : -1;
    int rc = out < 0 ? out : err;
    if (rc >= 0) {
        const char *envp[JUDGE_MAX_ENV];
        judge__lang_env(j->lang, envp);
        struct sandbox_spec spec = {
            .argv = judge__test_argv(j),
            .envp = envp,
            .stdin_fd = in,
            .stdout_fd = out,
            .stderr_fd = err,
            .box_readonly = true,
            .pinned = true,
            .limits =
                {
                    .cpu_ms = ro->spec.cpu_ms ? ro->spec.cpu_ms : 1,
                    .wall_ms = ro->spec.wall_ms,
                    .memory_kb = ro->spec.memory_kb,
                    .output_kb = ro->spec.output_kb,
                    .processes = (uint32_t)j->lang->processes,
                },
        };
        rc = sandbox_run(j->slot, &spec, run_once_on_run, j);
        if (rc == 0)
            j->step = STEP_TEST;
    }
    if (err >= 0)
        close(err);
    if (out >= 0)
        close(out);
    close(in);
    return rc;
}

/* Puts the program into the box: the user's code, or for a function problem
 * the code inside its driver. */
static int run_once_put(struct judge *j, const struct run_once_spec *s, struct run_once *ro)
{
    if (!ro->has_function)
        return judge__program_put(j, s->code, s->len);
    struct driver_source src;
    int rc = driver_source(&ro->function, s->lang, s->code, s->len, &src, j->message,
                           sizeof(j->message));
    if (rc < 0)
        return rc;
    rc = judge__program_put(j, src.text, src.len);
    driver_source_dispose(&src);
    return rc;
}

int run_once_start(struct judge *j, const struct run_once_spec *s, run_once_cb cb, void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    struct run_once *ro = xcalloc(1, sizeof(*ro));
    *ro = (struct run_once){.cb = cb, .data = data, .spec = *s, .has_function = s->function};
    if (s->function)
        ro->function = *s->function;
    ro->spec.code = NULL;
    ro->spec.function = NULL;
    snprintf(ro->input, sizeof(ro->input), "%s", s->input);
    j->lang = s->lang;
    memset(&j->prob, 0, sizeof(j->prob));
    j->prob.memory_limit_mb = (uint32_t)(s->memory_kb / 1024);
    j->message[0] = '\0';
    j->compile_wall_ms = 0;
    j->cur = 0;
    buf_reset(&j->compile_out);
    int rc = sandbox_slot_reset(j->slot);
    if (rc == 0)
        rc = run_once_put(j, s, ro);
    if (rc < 0) {
        free(ro);
        return rc;
    }
    j->data = ro;
    if (!j->lang->compile[0])
        rc = run_once_run(j);
    else {
        struct lang_argv argv;
        rc = lang_program_expand(j->lang, j->lang->compile, &j->prog.files, true,
                                 j->lang->compile_memory_mb, &argv);
        if (rc == 0)
            rc = judge__run_compile(j, argv.argv, j->lang, run_once_on_compiled);
        if (rc == 0)
            j->step = STEP_COMPILE;
    }
    if (rc < 0) {
        j->data = NULL;
        free(ro);
    }
    return rc;
}

static void run_once_on_compiled(struct sandbox_slot *slot, int status,
                                 const struct sandbox_result *res, void *data)
{
    (void)slot;
    struct judge *j = data;
    if (status < 0) {
        run_once_fail(j, "compile", status);
        return;
    }
    j->compile_wall_ms = res->wall_ms;
    judge__read_compile_output(j); /* warnings too: a run shows them */
    if (res->verdict != SANDBOX_VERDICT_OK) {
        snprintf(j->message, sizeof(j->message), "%s",
                 res->verdict == SANDBOX_VERDICT_TLE   ? "compilation exceeded its time limit"
                 : res->verdict == SANDBOX_VERDICT_MLE ? "compilation exceeded its memory limit"
                 : res->verdict == SANDBOX_VERDICT_OLE ? "the compiler's output was too long"
                                                       : "compilation failed");
        struct run_once_result r = {.verdict = VERDICT_CE};
        run_once_end(j, &r);
        return;
    }
    int rc = run_once_run(j);
    if (rc < 0)
        run_once_fail(j, "run", rc);
}

/* Maps scratch file name (empty: NULL, 0). */
static void run_once_map(struct judge *j, const char *name, const char **data, size_t *len)
{
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, name, path, sizeof(path));
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            *data = p;
            *len = (size_t)st.st_size;
        }
    }
    close(fd);
}

/* A function problem's stdout: the user's prints and the returned value. A
 * run that ended well without returning (its code exited) is an RE. */
static void run_once_split(struct judge *j, struct run_once_result *r)
{
    struct driver_output d;
    driver_output_split(r->out, r->out_len, &d);
    r->out_len = d.user_len;
    if (d.returned) {
        r->returned = d.result;
        r->returned_len = d.result_len;
    } else if (r->verdict == VERDICT_AC) {
        r->verdict = VERDICT_RE;
        snprintf(j->message, sizeof(j->message), "the function did not return (exit code %d)",
                 r->exit_code);
    }
}

static void run_once_on_run(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                            void *data)
{
    (void)slot;
    struct judge *j = data;
    struct run_once *ro = j->data;
    if (status < 0) {
        run_once_fail(j, "run", status);
        return;
    }
    struct run_once_result r = {
        .verdict = VERDICT_AC,
        .time_ms = res->cpu_ms,
        .wall_ms = res->wall_ms,
        .memory_kb = (uint32_t)(res->memory_kb > UINT32_MAX ? UINT32_MAX : res->memory_kb),
        .exit_code = res->exit_code,
        .signal = res->signal,
    };
    enum verdict v;
    if (judge__run_failed(j, res, &v, j->message, sizeof(j->message)))
        r.verdict = v;
    const char *out, *err;
    size_t out_len, err_len;
    run_once_map(j, "out", &out, &out_len);
    run_once_map(j, "err", &err, &err_len);
    r.out = out;
    r.out_len = out_len;
    r.err = err;
    r.err_len = err_len;
    if (ro->has_function)
        run_once_split(j, &r);
    run_once_end(j, &r);
    if (out)
        munmap((void *)out, out_len);
    if (err)
        munmap((void *)err, err_len);
}
