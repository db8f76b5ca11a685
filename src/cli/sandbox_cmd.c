/* 'verdict sandbox': run one program in the sandbox by hand or from a script and
 * print one JSON line about it; 'sweep' removes what a crashed instance left. */
#include "cli/sandbox_cmd.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/config.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

/* Concurrent CLI runs each take a free instance: its own root dir, cgroup and uid. */
#define CLI_INSTANCES 32
#define CLI_FIRST_UID 61000

struct cli_run {
    int status;
    struct sandbox_result res;
    bool done;
};

static void cli_on_done(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                        void *data)
{
    (void)slot;
    struct cli_run *run = data;
    run->status = status;
    run->res = *res;
    run->done = true;
}

static void print_result(const struct cli_run *run)
{
    const struct sandbox_result *r = &run->res;
    struct buf b;
    buf_init(&b);
    if (run->status < 0) {
        buf_puts(&b, "{\"status\":\"IE\",\"error\":");
        char msg[512];
        snprintf(msg, sizeof(msg), "%s: %s", r->error_step ? r->error_step : "sandbox",
                 strerror(-run->status));
        buf_json_str(&b, msg, strlen(msg));
    } else {
        buf_printf(&b, "{\"status\":\"%s\",\"exitCode\":", sandbox_verdict_name(r->verdict));
        if (r->signal)
            buf_puts(&b, "null");
        else
            buf_printf(&b, "%d", r->exit_code);
        buf_printf(&b, ",\"signal\":%d,\"signalName\":", r->signal);
        const char *abbrev = r->signal ? sigabbrev_np(r->signal) : NULL;
        if (abbrev)
            buf_printf(&b, "\"SIG%s\"", abbrev);
        else
            buf_puts(&b, "null");
        buf_printf(&b,
                   ",\"cpuMs\":%u,\"wallMs\":%u,\"memoryKb\":%llu,\"limit\":\"%s\","
                   "\"stdoutBytes\":%llu,\"stderrBytes\":%llu",
                   r->cpu_ms, r->wall_ms, (unsigned long long)r->memory_kb,
                   sandbox_limit_name(r->limit), (unsigned long long)r->stdout_bytes,
                   (unsigned long long)r->stderr_bytes);
    }
    buf_puts(&b, "}\n");
    fputs(b.data, stdout);
    fflush(stdout);
    buf_dispose(&b);
}

/* Opens a sandbox of one slot on the first free CLI instance, or the one the
 * flags name. */
static struct sandbox *open_instance(uv_loop_t *loop, const char *root_dir, const char *cgroup,
                                     long uid, char *err, size_t errlen)
{
    /* Kept: an invocation takes the slot the previous one left (3-4 ms less;
     * `verdict sandbox sweep` lets them go). */
    struct sandbox_config cfg = {.slots = 1, .keep = true};
    if (root_dir) {
        cfg.root_dir = root_dir;
        cfg.cgroup_parent = cgroup ? cgroup : "verdict-cli";
        cfg.first_uid = uid > 0 ? (uid_t)uid : CLI_FIRST_UID;
        return sandbox_new(loop, &cfg, err, errlen);
    }
    char dir[64], name[64];
    for (int k = 0; k < CLI_INSTANCES; k++) {
        snprintf(dir, sizeof(dir), "/run/verdict/cli-%d", k);
        snprintf(name, sizeof(name), "verdict-cli-%d", k);
        cfg.root_dir = dir;
        cfg.cgroup_parent = cgroup ? cgroup : name;
        cfg.first_uid = uid > 0 ? (uid_t)uid : (uid_t)(CLI_FIRST_UID + k);
        struct sandbox *sb = sandbox_new(loop, &cfg, err, errlen);
        if (sb || !strstr(err, "in use"))
            return sb;
    }
    return NULL;
}

/* Copies host file spec ("HOST" or "HOST=NAME") into /box, keeping its mode:
 * kernel to kernel (sendfile), since a compiler's output is megabytes. */
static int copy_in(struct sandbox_slot *slot, const char *spec, char *err, size_t errlen)
{
    char host[4096];
    const char *eq = strchr(spec, '=');
    size_t n = eq ? (size_t)(eq - spec) : strlen(spec);
    if (n >= sizeof(host)) {
        snprintf(err, errlen, "--file: path too long");
        return -1;
    }
    memcpy(host, spec, n);
    host[n] = '\0';
    const char *name = eq ? eq + 1 : (strrchr(host, '/') ? strrchr(host, '/') + 1 : host);
    int fd = open(host, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "cannot open %.300s: %s", host, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot copy %.300s: not a regular file", host);
        close(fd);
        return -1;
    }
    int out = sandbox_slot_open(slot, name, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0755);
    if (out < 0) {
        snprintf(err, errlen, "cannot create /box/%.300s: %s", name, strerror(-out));
        close(fd);
        return -1;
    }
    int rc = 0;
    for (off_t left = st.st_size; left > 0;) {
        ssize_t w = sendfile(out, fd, NULL, (size_t)left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            snprintf(err, errlen, "cannot copy %.200s into /box/%.200s: %s", host, name,
                     w < 0 ? strerror(errno) : "file shrank");
            rc = -1;
            break;
        }
        left -= w;
    }
    close(out);
    close(fd);
    return rc;
}

struct run_config {
    long time_ms, wall_ms, memory_mb, output_kb, processes, tmp_kb, uid;
    const char *stdin_path, *stdout_path, *stderr_path, *cwd, *root_dir, *cgroup;
    struct config_list binds, files, envs;
    bool box_readonly;
};

#define RUN_CFG struct run_config
static const struct config_opt run_options[] = {
    CONFIG_INT(RUN_CFG, time_ms, "--time-ms", NULL, NULL, 1, 3600000,
               "CPU time limit (default 2000)"),
    CONFIG_INT(RUN_CFG, wall_ms, "--wall-ms", NULL, NULL, 1, 3600000,
               "wall-clock limit (default 2 * time + 1000)"),
    CONFIG_INT(RUN_CFG, memory_mb, "--memory-mb", NULL, NULL, 1, 1 << 20,
               "memory limit (default 256)"),
    CONFIG_INT(RUN_CFG, output_kb, "--output-kb", NULL, NULL, 1, 1 << 30,
               "stdout/stderr cap, each (default 65536)"),
    CONFIG_INT(RUN_CFG, processes, "--processes", NULL, NULL, 1, 100000,
               "processes + threads (default 64)"),
    CONFIG_INT(RUN_CFG, tmp_kb, "--tmp-kb", NULL, NULL, 1, 1 << 30, "size of /tmp (default 65536)"),
    CONFIG_STR(RUN_CFG, stdin_path, "--stdin", NULL, NULL,
               "host file for stdin (default /dev/null)"),
    CONFIG_STR(RUN_CFG, stdout_path, "--stdout", NULL, NULL,
               "host file for stdout (default discarded)"),
    CONFIG_STR(RUN_CFG, stderr_path, "--stderr", NULL, NULL,
               "host file for stderr (default discarded)"),
    CONFIG_LIST(RUN_CFG, binds, "--bind",
                "HOST[=BOX] read-only bind (BOX defaults to HOST; not under /box, /tmp, /proc, "
                "/dev)"),
    CONFIG_LIST(RUN_CFG, files, "--file", "HOST[=NAME] copied into /box"),
    CONFIG_LIST(RUN_CFG, envs, "--env", "NAME=VALUE (replaces the defaults)"),
    CONFIG_STR(RUN_CFG, cwd, "--cwd", NULL, NULL, "working directory in the box (default /box)"),
    CONFIG_SWITCH(RUN_CFG, box_readonly, "--box-readonly", NULL, "mount /box read-only"),
    CONFIG_STR(RUN_CFG, root_dir, "--root-dir", NULL, NULL,
               "sandbox root directory (default: a free CLI instance)"),
    CONFIG_STR(RUN_CFG, cgroup, "--cgroup", NULL, NULL, "cgroup parent name"),
    CONFIG_INT(RUN_CFG, uid, "--uid", NULL, NULL, 1, 1 << 30, "uid of the slot"),
};

/* What a run needs besides the config: the program's argv, environment and
 * binds, in arrays the spec points into. */
struct run_strings {
    const char *prog[CONFIG_ARGS_MAX + 1];
    const char *envs[CONFIG_LIST_MAX + 1];
    struct sandbox_bind binds[CONFIG_LIST_MAX];
    char bind_buf[CONFIG_LIST_MAX][4096];
};

/* Returns 0, or -1 with the reason in err (a bind the sandbox would refuse,
 * said here with what to do instead rather than later as a bare EINVAL). */
static int run_spec_fill(const struct run_config *cfg, const struct config_args *pos,
                         struct run_strings *st, struct sandbox_spec *spec, char *err,
                         size_t errlen)
{
    struct sandbox_limits *l = &spec->limits;
    l->cpu_ms = (uint32_t)cfg->time_ms;
    l->wall_ms = (uint32_t)cfg->wall_ms;
    l->processes = (uint32_t)cfg->processes;
    l->memory_kb = (uint64_t)cfg->memory_mb * 1024;
    l->output_kb = (uint64_t)cfg->output_kb;
    l->tmp_kb = (uint64_t)cfg->tmp_kb;
    for (int i = 0; i < pos->n; i++)
        st->prog[i] = pos->arg[i];
    st->prog[pos->n] = NULL;
    spec->argv = st->prog;
    for (int i = 0; i < cfg->envs.n; i++)
        st->envs[i] = cfg->envs.items[i];
    st->envs[cfg->envs.n] = NULL;
    if (cfg->envs.n)
        spec->envp = st->envs;
    for (int i = 0; i < cfg->binds.n; i++) {
        snprintf(st->bind_buf[i], sizeof(st->bind_buf[i]), "%s", cfg->binds.items[i]);
        char *eq = strchr(st->bind_buf[i], '=');
        if (eq)
            *eq = '\0';
        st->binds[i].host = st->bind_buf[i];
        st->binds[i].box = eq ? eq + 1 : st->bind_buf[i];
        char why[160];
        if (sandbox_bind_check(&st->binds[i], why, sizeof(why)) < 0) {
            snprintf(err, errlen,
                     "--bind %.100s: %s; bind it elsewhere (--bind %.100s=/data, then /data/... "
                     "in the box), or copy files into /box with --file",
                     cfg->binds.items[i], why, st->binds[i].host);
            return -1;
        }
    }
    spec->binds = st->binds;
    spec->nbinds = (size_t)cfg->binds.n;
    spec->cwd = cfg->cwd;
    spec->box_readonly = cfg->box_readonly;
    spec->stdin_path = cfg->stdin_path;
    spec->stdout_path = cfg->stdout_path;
    spec->stderr_path = cfg->stderr_path;
    return 0;
}

/* Copies the files in, runs the program, prints the result; returns the
 * exit code (0 OK, 1 another verdict, 2 the sandbox failed). */
static int run_in_slot(struct sandbox_slot *slot, const struct run_config *cfg,
                       const struct sandbox_spec *spec, uv_loop_t *loop)
{
    char err[512];
    for (int i = 0; i < cfg->files.n; i++) {
        if (copy_in(slot, cfg->files.items[i], err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict sandbox run: %s\n", err);
            return 2;
        }
    }
    struct cli_run run = {0};
    int rc = sandbox_run(slot, spec, cli_on_done, &run);
    if (rc < 0) {
        fprintf(stderr, "verdict sandbox run: cannot start %s: %s\n", spec->argv[0], strerror(-rc));
        return 2;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    print_result(&run);
    return run.status < 0 ? 2 : run.res.verdict == SANDBOX_VERDICT_OK ? 0 : 1;
}

static int cmd_run(int argc, char **argv)
{
    static const char usage[] = "verdict sandbox run [options] -- PROGRAM ARGS...";
    struct run_config cfg = {0};
    struct config_args pos = {.max = CONFIG_ARGS_MAX};
    size_t n = CONFIG_COUNT(run_options);
    int prc = config_parse_command("sandbox run", usage, run_options, n, &cfg, argc, argv, &pos);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    if (pos.n == 0) {
        config_usage(usage, run_options, n);
        return 2;
    }
    struct run_strings *st = xcalloc(1, sizeof(*st));
    struct sandbox_spec spec = {0};
    char err[512];
    if (run_spec_fill(&cfg, &pos, st, &spec, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict sandbox run: %s\n", err);
        free(st);
        return 2;
    }

    uv_loop_t loop;
    uv_loop_init(&loop);
    int code = 2;
    struct sandbox *sb = open_instance(&loop, cfg.root_dir, cfg.cgroup, cfg.uid, err, sizeof(err));
    if (sb) {
        char warning[512];
        if (sandbox_core_pattern_check(NULL, warning, sizeof(warning)) != 0)
            fprintf(stderr, "verdict sandbox run: warning: %s\n", warning);
        code = run_in_slot(sandbox_slot(sb, 0), &cfg, &spec, &loop);
    } else
        fprintf(stderr, "verdict sandbox run: %s\n", err);
    sandbox_free(sb);
    uv_run(&loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&loop) != 0)
        fprintf(stderr, "verdict sandbox run: handles left open\n");
    free(st);
    return code;
}

struct sweep_config {
    const char *root_dir, *cgroup;
};

static const struct config_opt sweep_options[] = {
    CONFIG_STR(struct sweep_config, root_dir, "--root-dir", NULL, NULL,
               "sandbox root directory (default: every CLI instance)"),
    CONFIG_STR(struct sweep_config, cgroup, "--cgroup", NULL, NULL, "cgroup parent name"),
};

static int cmd_sweep(int argc, char **argv)
{
    struct sweep_config cfg = {0};
    int prc = config_parse_command(
        "sandbox sweep", "verdict sandbox sweep [--root-dir DIR --cgroup NAME]", sweep_options,
        CONFIG_COUNT(sweep_options), &cfg, argc, argv, NULL);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    char err[512];
    if (cfg.root_dir) {
        struct sandbox_config sc = {.root_dir = cfg.root_dir, .cgroup_parent = cfg.cgroup};
        if (sandbox_sweep(&sc, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict sandbox sweep: %s\n", err);
            return 1;
        }
        return 0;
    }
    int failed = 0;
    char dir[64], name[64];
    for (int k = 0; k < CLI_INSTANCES; k++) {
        snprintf(dir, sizeof(dir), "/run/verdict/cli-%d", k);
        snprintf(name, sizeof(name), "verdict-cli-%d", k);
        struct stat st;
        if (stat(dir, &st) < 0 && errno == ENOENT)
            continue; /* never used */
        struct sandbox_config sc = {.root_dir = dir, .cgroup_parent = name};
        if (sandbox_sweep(&sc, err, sizeof(err)) < 0 && !strstr(err, "in use")) {
            fprintf(stderr, "verdict sandbox sweep: %s\n", err);
            failed = 1;
        }
    }
    return failed;
}

int sandbox_cmd_main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    fprintf(stderr, "usage: verdict sandbox run [options] -- PROGRAM ARGS...\n"
                    "       verdict sandbox sweep [--root-dir DIR --cgroup NAME]\n");
    return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
}
