/* 'verdict sandbox': run one program in the sandbox by hand or from a script and
 * print one JSON line about it; 'sweep' removes what a crashed instance left. */
#include "cli/sandbox_cmd.h"

#include "common/buf.h"
#include "common/config.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ITEMS 64
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
    struct sandbox_config cfg = {.slots = 1};
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

/* Copies host file spec ("HOST" or "HOST=NAME") into /box, keeping its mode. */
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
    struct buf data;
    buf_init(&data);
    char chunk[65536];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(&data, chunk, (size_t)r);
    int read_errno = errno;
    close(fd);
    if (r < 0) {
        snprintf(err, errlen, "cannot read %.300s: %s", host, strerror(read_errno));
        buf_dispose(&data);
        return -1;
    }
    int rc =
        sandbox_slot_write(slot, name, data.data ? data.data : "", data.len, st.st_mode & 0755);
    buf_dispose(&data);
    if (rc < 0) {
        snprintf(err, errlen, "cannot write /box/%.300s: %s", name, strerror(-rc));
        return -1;
    }
    return 0;
}

static int parse_limit(struct config_opt *opts, size_t n, const char *flag, long max, long scale,
                       uint64_t *out, char *err, size_t errlen)
{
    const char *v = config_find(opts, n, flag)->value;
    if (!v)
        return 0;
    long x;
    if (config_int(flag, v, 1, max, &x, err, errlen) < 0)
        return -1;
    *out = (uint64_t)x * (uint64_t)scale;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct config_opt opts[] = {
        {.flag = "--time-ms", .help = "CPU time limit (default 2000)"},
        {.flag = "--wall-ms", .help = "wall-clock limit (default 2 * time + 1000)"},
        {.flag = "--memory-mb", .help = "memory limit (default 256)"},
        {.flag = "--output-kb", .help = "stdout/stderr cap, each (default 65536)"},
        {.flag = "--processes", .help = "processes + threads (default 64)"},
        {.flag = "--tmp-kb", .help = "size of /tmp (default 65536)"},
        {.flag = "--stdin", .help = "host file for stdin (default /dev/null)"},
        {.flag = "--stdout", .help = "host file for stdout (default discarded)"},
        {.flag = "--stderr", .help = "host file for stderr (default discarded)"},
        {.flag = "--bind", .repeat = true, .help = "HOST[=BOX] read-only bind, repeatable"},
        {.flag = "--file", .repeat = true, .help = "HOST[=NAME] copied into /box, repeatable"},
        {.flag = "--env", .repeat = true, .help = "NAME=VALUE, repeatable (replaces defaults)"},
        {.flag = "--cwd", .help = "working directory in the box (default /box)"},
        {.flag = "--box-readonly", .is_switch = true, .help = "mount /box read-only"},
        {.flag = "--root-dir", .help = "sandbox root directory (default: a free CLI instance)"},
        {.flag = "--cgroup", .help = "cgroup parent name"},
        {.flag = "--uid", .help = "uid of the slot"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[256], npos;
    if (config_parse(opts, n, argc, argv, 1, pos, 256, &npos, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict sandbox run: %s\n", err);
        return 2;
    }
    if (config_find(opts, n, "--help")->value || npos == 0) {
        config_usage("verdict sandbox run [options] -- PROGRAM ARGS...", opts, n);
        return npos == 0 ? 2 : 0;
    }
    struct sandbox_spec spec = {0};
    struct sandbox_limits *l = &spec.limits;
    uint64_t v = 0;
    if (parse_limit(opts, n, "--time-ms", 3600000, 1, &v, err, sizeof(err)) < 0)
        goto usage;
    l->cpu_ms = (uint32_t)v;
    v = 0;
    if (parse_limit(opts, n, "--wall-ms", 3600000, 1, &v, err, sizeof(err)) < 0)
        goto usage;
    l->wall_ms = (uint32_t)v;
    v = 0;
    if (parse_limit(opts, n, "--processes", 100000, 1, &v, err, sizeof(err)) < 0)
        goto usage;
    l->processes = (uint32_t)v;
    if (parse_limit(opts, n, "--memory-mb", 1 << 20, 1024, &l->memory_kb, err, sizeof(err)) < 0 ||
        parse_limit(opts, n, "--output-kb", 1 << 30, 1, &l->output_kb, err, sizeof(err)) < 0 ||
        parse_limit(opts, n, "--tmp-kb", 1 << 30, 1, &l->tmp_kb, err, sizeof(err)) < 0)
        goto usage;
    long uid = 0;
    const char *uid_s = config_find(opts, n, "--uid")->value;
    if (uid_s && config_int("--uid", uid_s, 1, 1 << 30, &uid, err, sizeof(err)) < 0)
        goto usage;

    const char *prog[257];
    for (int i = 0; i < npos; i++)
        prog[i] = argv[pos[i]];
    prog[npos] = NULL;
    spec.argv = prog;
    const char *envs[MAX_ITEMS + 1];
    int nenv = config_all(argc, argv, 1, "--env", envs, MAX_ITEMS);
    envs[nenv] = NULL;
    if (nenv)
        spec.envp = envs;
    const char *bind_args[MAX_ITEMS];
    struct sandbox_bind binds[MAX_ITEMS];
    char bind_buf[MAX_ITEMS][4096];
    int nbind = config_all(argc, argv, 1, "--bind", bind_args, MAX_ITEMS);
    for (int i = 0; i < nbind; i++) {
        snprintf(bind_buf[i], sizeof(bind_buf[i]), "%s", bind_args[i]);
        char *eq = strchr(bind_buf[i], '=');
        if (eq)
            *eq = '\0';
        binds[i].host = bind_buf[i];
        binds[i].box = eq ? eq + 1 : bind_buf[i];
        /* Refused here with the reason, not later as a bare EINVAL. */
        char why[160];
        if (sandbox_bind_check(&binds[i], why, sizeof(why)) < 0) {
            snprintf(err, sizeof(err),
                     "--bind %.100s: %s; bind it elsewhere (--bind %.100s=/data, then /data/... "
                     "in the box), or copy files into /box with --file",
                     bind_args[i], why, binds[i].host);
            goto usage;
        }
    }
    spec.binds = binds;
    spec.nbinds = (size_t)nbind;
    spec.cwd = config_find(opts, n, "--cwd")->value;
    spec.box_readonly = config_find(opts, n, "--box-readonly")->value != NULL;
    spec.stdin_path = config_find(opts, n, "--stdin")->value;
    spec.stdout_path = config_find(opts, n, "--stdout")->value;
    spec.stderr_path = config_find(opts, n, "--stderr")->value;

    uv_loop_t loop;
    uv_loop_init(&loop);
    int code = 2;
    struct sandbox *sb =
        open_instance(&loop, config_find(opts, n, "--root-dir")->value,
                      config_find(opts, n, "--cgroup")->value, uid, err, sizeof(err));
    if (!sb) {
        fprintf(stderr, "verdict sandbox run: %s\n", err);
        goto out;
    }
    struct sandbox_slot *slot = sandbox_slot(sb, 0);
    const char *files[MAX_ITEMS];
    int nfiles = config_all(argc, argv, 1, "--file", files, MAX_ITEMS);
    for (int i = 0; i < nfiles; i++) {
        if (copy_in(slot, files[i], err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict sandbox run: %s\n", err);
            goto out;
        }
    }
    struct cli_run run = {0};
    int rc = sandbox_run(slot, &spec, cli_on_done, &run);
    if (rc < 0) {
        fprintf(stderr, "verdict sandbox run: cannot start %s: %s\n", prog[0], strerror(-rc));
        goto out;
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    print_result(&run);
    code = run.status < 0 ? 2 : run.res.verdict == SANDBOX_VERDICT_OK ? 0 : 1;
out:
    sandbox_free(sb);
    uv_run(&loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&loop) != 0)
        fprintf(stderr, "verdict sandbox run: handles left open\n");
    return code;
usage:
    fprintf(stderr, "verdict sandbox run: %s\n", err);
    return 2;
}

static int cmd_sweep(int argc, char **argv)
{
    struct config_opt opts[] = {
        {.flag = "--root-dir", .help = "sandbox root directory (default: every CLI instance)"},
        {.flag = "--cgroup", .help = "cgroup parent name"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[1], npos;
    if (config_parse(opts, n, argc, argv, 1, pos, 0, &npos, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict sandbox sweep: %s\n", err);
        return 2;
    }
    if (config_find(opts, n, "--help")->value) {
        config_usage("verdict sandbox sweep [--root-dir DIR --cgroup NAME]", opts, n);
        return 0;
    }
    const char *root = config_find(opts, n, "--root-dir")->value;
    const char *cgroup = config_find(opts, n, "--cgroup")->value;
    if (root) {
        struct sandbox_config cfg = {.root_dir = root, .cgroup_parent = cgroup};
        if (sandbox_sweep(&cfg, err, sizeof(err)) < 0) {
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
        struct sandbox_config cfg = {.root_dir = dir, .cgroup_parent = name};
        if (sandbox_sweep(&cfg, err, sizeof(err)) < 0 && !strstr(err, "in use")) {
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
