/* One run of code on one input (see run_once.h): the judge's compile step,
 * then a single run with the caller's limits, its stdout and stderr mapped
 * for the callback. The judge is idle around it: its data pointer carries
 * this run, as the sandbox calls back with the judge. */
#include "judge/run_once.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "judge/driver.h"
#include "judge/internal.h"

#include <dirent.h>
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
    char cache[CACHE_PATH_MAX]; /* spec.build_cache, "" for none */
    bool cached;
};

#define RUN_ONCE_FILE_MAX (64u << 20) /* bytes of one file of a kept build */
#define RUN_ONCE_DEPTH_MAX 8

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
            .argv = j->prog.run.argv, /* no test's arguments: the user's input only */
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

/* Reads the host file at dirfd/name into out (at most RUN_ONCE_FILE_MAX). */
static int run_once_slurp(int dirfd, const char *name, struct buf *out)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0 && out->len <= RUN_ONCE_FILE_MAX)
        buf_append(out, chunk, (size_t)n);
    int rc = n < 0 ? -errno : out->len > RUN_ONCE_FILE_MAX ? -EFBIG : 0;
    close(fd);
    return rc;
}

static int run_once_restore(struct judge *j, int fd, const char *rel, int depth);

/* Makes the box's directory path and fills it from the host directory
 * name under dirfd. */
static int run_once_restore_dir(struct judge *j, int dirfd, const char *name, const char *path,
                                int depth)
{
    if (depth >= RUN_ONCE_DEPTH_MAX)
        return -E2BIG;
    int rc = sandbox_slot_mkdir(j->slot, path, 0755);
    if (rc < 0 && rc != -EEXIST)
        return rc;
    int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0)
        return -errno;
    return run_once_restore(j, sub, path, depth + 1);
}

/* Fills the box's directory rel ("" for /box) from the host directory fd
 * (taken: closed here), as judge__box_save() wrote it. */
static int run_once_restore(struct judge *j, int fd, const char *rel, int depth)
{
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return -errno;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[CACHE_PATH_MAX];
        struct stat st;
        if (snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name) >=
            (int)sizeof(path))
            rc = -E2BIG;
        else if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            rc = -errno;
        if (rc == 0 && S_ISDIR(st.st_mode))
            rc = run_once_restore_dir(j, dirfd(d), e->d_name, path, depth);
        else if (rc == 0 && S_ISREG(st.st_mode)) {
            struct buf b;
            buf_init(&b);
            rc = run_once_slurp(dirfd(d), e->d_name, &b);
            if (rc == 0)
                rc = sandbox_slot_write(j->slot, path, b.data ? b.data : "", b.len,
                                        st.st_mode & 0111 ? 0755 : 0644);
            buf_dispose(&b);
        }
    }
    closedir(d);
    return rc;
}

/* Keeps the compiled box at ro->cache: built beside it and renamed into
 * place, so a reader sees a whole build or none. A failure only costs the
 * next run a compile. */
static void run_once_save(struct judge *j, const struct run_once *ro)
{
    char tmp[CACHE_PATH_MAX];
    int n = snprintf(tmp, sizeof(tmp), "%s.tmp%d", ro->cache, (int)getpid());
    if (n < 0 || n >= (int)sizeof(tmp))
        return;
    (void)fs_remove_tree(tmp);
    int rc = judge__box_save(j->slot, tmp);
    if (rc == 0 && rename(tmp, ro->cache) == 0)
        return;
    (void)fs_remove_tree(tmp); /* failed, or another worker's got there first */
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

/* Starts the compile of the program in the box, or its run when its
 * language has no compile step. */
static int run_once_build(struct judge *j)
{
    if (!j->lang->compile[0])
        return run_once_run(j);
    struct lang_argv argv;
    int rc = lang_program_expand(j->lang, j->lang->compile, &j->prog.files, true,
                                 j->lang->compile_memory_mb, &argv);
    if (rc == 0)
        rc = judge__run_compile(j, argv.argv, j->lang, run_once_on_compiled);
    if (rc == 0)
        j->step = STEP_COMPILE;
    return rc;
}

/* Runs from the kept build when there is one. A build that cannot be put
 * back (removed, damaged) is not fatal: the box is made again and the code
 * compiled. Returns 1 when there is no kept build. */
static int run_once_from_cache(struct judge *j, struct run_once *ro, const struct run_once_spec *s)
{
    int kept = ro->cache[0] ? open(ro->cache, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
    if (kept < 0)
        return 1;
    if (run_once_restore(j, kept, "", 0) == 0) {
        ro->cached = true;
        return run_once_run(j);
    }
    int rc = sandbox_slot_reset(j->slot);
    return rc < 0 ? rc : run_once_put(j, s, ro) < 0 ? -EIO : 1;
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
    ro->spec.plan = NULL; /* j->prob holds it */
    ro->spec.build_cache = NULL;
    snprintf(ro->input, sizeof(ro->input), "%s", s->input);
    /* A name that does not fit (with its ".tmpPID" beside it) is no cache. */
    if (s->build_cache && strlen(s->build_cache) < sizeof(ro->cache) - 32)
        snprintf(ro->cache, sizeof(ro->cache), "%s", s->build_cache);
    j->lang = s->lang;
    memset(&j->prob, 0, sizeof(j->prob));
    j->prob.plan = s->plan;
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
    rc = run_once_from_cache(j, ro, s);
    if (rc == 1)
        rc = run_once_build(j);
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
    struct run_once *ro = j->data;
    if (ro->cache[0])
        run_once_save(j, ro);
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
        .cached = ro->cached,
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
