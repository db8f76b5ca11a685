/* Private Redis and PostgreSQL (services.h): the data directory's layout, the
 * servers' command lines, the readiness check on their own sockets, and how
 * they are stopped: by handle from `verdict up`, by pid from `verdict
 * services stop`. */
#include "cli/services.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/fs.h"
#include "store/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SERVICES_MAX_ARGS 24
#define SERVICES_READY_TIMEOUT_MS 60000
#define SERVICES_TICK_MS 100
#define SERVICES_LOG_TAIL 20 /* lines of a failed server's log quoted in its message */
#define REDIS_BIN "/usr/bin/redis-server"

enum services_stage { ST_IDLE, ST_INITDB, ST_WAITING, ST_READY, ST_STOPPING, ST_STOPPED };

/* A process this module starts: initdb, Redis or PostgreSQL. */
struct proc {
    struct services *s;
    const char *name;
    char *argv[SERVICES_MAX_ARGS];
    char *log_path;
    bool as_postgres; /* PostgreSQL refuses to run as root */
    uv_process_t handle;
    bool open;    /* spawned, handle not closed yet */
    bool running; /* spawned, exit not seen yet */
};

struct services {
    uv_loop_t *loop;
    enum services_stage stage;
    char *dir, *redis_dir, *pg_dir, *run_dir, *redis_sock, *redis_pid_path, *admin;
    char redis_url[64], db_url[96];
    bool scratch;
    uid_t pg_uid;
    gid_t pg_gid;
    struct proc initdb, redis, postgres;
    uv_timer_t tick; /* readiness checks, then the deferred STOPPED */
    uint64_t deadline;
    bool announced; /* CREATING delivered */
    unsigned open_handles;
    bool freeing;
    services_cb cb;
    void *data;
};

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

static bool pg_bin(const char *tool, char *buf, size_t size)
{
    for (int v = 20; v >= 12; v--) {
        snprintf(buf, size, "/usr/lib/postgresql/%d/bin/%s", v, tool);
        if (access(buf, X_OK) == 0)
            return true;
    }
    return false;
}

static void set_argv(struct proc *p, const char *const *args)
{
    int i = 0;
    for (; args[i] && i < SERVICES_MAX_ARGS - 1; i++)
        p->argv[i] = xstrdup(args[i]);
    p->argv[i] = NULL;
}

static void proc_dispose(struct proc *p)
{
    for (int i = 0; p->argv[i]; i++)
        free(p->argv[i]);
    free(p->log_path);
}

/* Appends the last SERVICES_LOG_TAIL lines of path, indented, to b: what a
 * user needs to see why a server refused to start. */
static void append_log_tail(struct buf *b, const char *path)
{
    char tail[4096];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        buf_printf(b, "\n  (cannot read %s: %s)", path, strerror(errno));
        return;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = size > (off_t)sizeof(tail) - 1 ? size - (off_t)sizeof(tail) + 1 : 0;
    ssize_t n = size < 0 ? -1 : pread(fd, tail, sizeof(tail) - 1, from);
    close(fd);
    if (n <= 0)
        return;
    tail[n] = '\0';
    while (n > 0 && tail[n - 1] == '\n')
        tail[--n] = '\0';
    const char *start = tail;
    int lines = 0;
    for (ssize_t i = n - 1; i >= 0; i--) {
        if (tail[i] == '\n' && ++lines == SERVICES_LOG_TAIL) {
            start = tail + i + 1;
            break;
        }
    }
    buf_printf(b, "; the last lines of %s:", path);
    for (const char *line = start; line && *line;) {
        const char *end = strchr(line, '\n');
        int len = end ? (int)(end - line) : (int)strlen(line);
        buf_printf(b, "\n  %.*s", len, line);
        line = end ? end + 1 : NULL;
    }
}

/* Frees s and what it owns; its handles are closed or were never opened. */
static void services_release(struct services *s)
{
    proc_dispose(&s->initdb);
    proc_dispose(&s->redis);
    proc_dispose(&s->postgres);
    free(s->dir);
    free(s->redis_dir);
    free(s->pg_dir);
    free(s->run_dir);
    free(s->redis_sock);
    free(s->redis_pid_path);
    free(s->admin);
    free(s);
}

/* Each of s's handles ends here; s goes with the last one after services_free(). */
static void services_handle_closed(struct services *s)
{
    if (--s->open_handles == 0 && s->freeing)
        services_release(s);
}

static void services_on_close(uv_handle_t *h)
{
    services_handle_closed(h->data);
}

static void proc_on_close(uv_handle_t *h)
{
    struct proc *p = h->data;
    services_handle_closed(p->s);
}

static void proc_close(struct proc *p)
{
    if (!p->open)
        return;
    p->open = false;
    uv_close((uv_handle_t *)&p->handle, proc_on_close);
}

static bool any_running(const struct services *s)
{
    return s->initdb.running || s->redis.running || s->postgres.running;
}

/* Delivers STOPPED once nothing this module started is left. */
static void services_check_stopped(struct services *s)
{
    if (s->stage != ST_STOPPING || any_running(s))
        return;
    s->stage = ST_STOPPED;
    s->cb(s, SERVICES_STOPPED, NULL, s->data);
}

static void services_signal_all(struct services *s)
{
    s->stage = ST_STOPPING;
    uv_timer_stop(&s->tick);
    /* SIGINT is PostgreSQL's fast shutdown; SIGTERM makes Redis save and exit.
     * A process that has just exited fails with ESRCH; its exit_cb follows. */
    if (s->initdb.running)
        uv_process_kill(&s->initdb.handle, SIGTERM);
    if (s->postgres.running)
        uv_process_kill(&s->postgres.handle, SIGINT);
    if (s->redis.running)
        uv_process_kill(&s->redis.handle, SIGTERM);
}

/* Stops everything and reports why: msg, then the tail of log (if any). */
static void services_fail(struct services *s, const char *log, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void services_fail(struct services *s, const char *log, const char *fmt, ...)
{
    if (s->stage >= ST_STOPPING)
        return;
    struct buf msg;
    buf_init(&msg);
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    buf_puts(&msg, line);
    if (log)
        append_log_tail(&msg, log);
    services_signal_all(s);
    s->cb(s, SERVICES_FAILED, msg.data, s->data);
    buf_dispose(&msg);
    services_check_stopped(s);
}

static void proc_on_exit(uv_process_t *h, int64_t status, int signum);

static int proc_spawn(struct proc *p)
{
    struct services *s = p->s;
    int fd = open(p->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0)
        return -errno;
    if (p->as_postgres && getuid() == 0 && fchown(fd, s->pg_uid, s->pg_gid) < 0) {
        int rc = -errno;
        close(fd);
        return rc;
    }
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE},
        {.flags = UV_INHERIT_FD, .data.fd = fd},
        {.flags = UV_INHERIT_FD, .data.fd = fd},
    };
    /* Its own session: a Ctrl-C on the terminal reaches our process alone,
     * which stops the servers in order, and `verdict services start` can exit
     * and leave them running. */
    uv_process_options_t o = {.file = p->argv[0],
                              .args = p->argv,
                              .exit_cb = proc_on_exit,
                              .stdio_count = 3,
                              .stdio = stdio,
                              .flags = UV_PROCESS_DETACHED};
    if (p->as_postgres && getuid() == 0) {
        o.flags |= UV_PROCESS_SETUID | UV_PROCESS_SETGID;
        o.uid = s->pg_uid;
        o.gid = s->pg_gid;
    }
    p->handle.data = p;
    int rc = uv_spawn(s->loop, &p->handle, &o);
    close(fd);
    if (rc < 0) {
        /* libuv wants even a handle that failed to spawn closed. */
        s->open_handles++;
        uv_close((uv_handle_t *)&p->handle, proc_on_close);
        return rc;
    }
    s->open_handles++;
    p->open = p->running = true;
    return 0;
}

static void proc_on_exit(uv_process_t *h, int64_t status, int signum)
{
    struct proc *p = h->data;
    struct services *s = p->s;
    p->running = false;
    proc_close(p);
    /* A pid file left behind would be harmless (stopping checks the pid's
     * working directory), so a failed unlink is not worth a report. */
    if (p == &s->redis)
        (void)unlink(s->redis_pid_path);
    if (p == &s->initdb && s->stage == ST_INITDB && status == 0 && signum == 0) {
        s->stage = ST_WAITING;
        s->deadline = uv_now(s->loop) + SERVICES_READY_TIMEOUT_MS;
        int rc = proc_spawn(&s->postgres);
        if (rc < 0)
            services_fail(s, NULL, "cannot start postgres: %s", uv_strerror(rc));
    } else if (s->stage != ST_IDLE && s->stage < ST_STOPPING) {
        /* ST_IDLE: services_start failed and promised no callback; this is
         * the exit of the Redis it stopped. */
        char how[64];
        if (signum)
            snprintf(how, sizeof(how), "was killed by signal %d", signum);
        else
            snprintf(how, sizeof(how), "exited with status %lld", (long long)status);
        services_fail(s, p->log_path, "%s %s%s", p->name, how,
                      s->stage == ST_READY ? " unexpectedly" : " while starting");
    }
    services_check_stopped(s);
}

/* True when something listens on the Unix socket path. Both servers are
 * checked on sockets in our own run/ directory, so a server of someone else's
 * on the same TCP port is never taken for ours. */
static bool socket_ready(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

static void services_on_tick(uv_timer_t *t)
{
    struct services *s = t->data;
    if (s->stage == ST_STOPPING) {
        services_check_stopped(s);
        return;
    }
    if (s->stage == ST_INITDB && !s->announced) {
        s->announced = true;
        s->cb(s, SERVICES_CREATING, NULL, s->data);
        return;
    }
    if (s->stage == ST_WAITING && s->redis.running && s->postgres.running &&
        socket_ready(s->redis_sock) && migrate_ping(s->admin)) {
        char err[512];
        if (migrate_create_database(s->admin, "verdict", err, sizeof(err)) < 0) {
            services_fail(s, NULL, "%s", err);
            return;
        }
        s->stage = ST_READY;
        uv_timer_stop(t);
        s->cb(s, SERVICES_READY, NULL, s->data);
        return;
    }
    /* initdb is not timed: its exit, whatever it is, moves us on. */
    if (s->stage == ST_WAITING && uv_now(s->loop) > s->deadline)
        services_fail(s, NULL, "Redis or PostgreSQL did not answer within %d s (logs in %s)",
                      SERVICES_READY_TIMEOUT_MS / 1000, s->dir);
}

/* The data directory and its parts. As root, PostgreSQL's are given to the
 * 'postgres' user, and the top one is made traversable so that it can reach
 * them (a mktemp -d directory is 0700). */
static int services_make_dirs(struct services *s, char *err, size_t errlen)
{
    int rc = fs_mkdir_p(s->dir, 0755);
    struct stat st;
    if (rc == 0 && getuid() == 0 && stat(s->dir, &st) == 0 && (st.st_mode & 0011) != 0011 &&
        chmod(s->dir, (st.st_mode & 07777) | 0011) < 0)
        rc = -errno;
    const char *parts[] = {s->redis_dir, s->pg_dir, s->run_dir};
    const mode_t modes[] = {0700, 0700, 0755};
    for (int i = 0; i < 3 && rc == 0; i++) {
        if (mkdir(parts[i], modes[i]) < 0 && errno != EEXIST)
            rc = -errno;
        else if (i > 0 && getuid() == 0 && chown(parts[i], s->pg_uid, s->pg_gid) < 0)
            rc = -errno;
    }
    if (rc < 0)
        snprintf(err, errlen, "cannot create %s: %s", s->dir, strerror(-rc));
    return rc;
}

/* The servers' command lines. Redis keeps an append-only file and no
 * snapshots; PostgreSQL listens on loopback and on our run/ directory. */
static void services_set_commands(struct services *s, int redis_port, int db_port,
                                  const char *initdb, const char *postgres)
{
    char rport[16], pport[16], sock_opt[PATH_MAX + 32];
    snprintf(rport, sizeof(rport), "%d", redis_port);
    snprintf(pport, sizeof(pport), "%d", db_port);
    snprintf(sock_opt, sizeof(sock_opt), "unix_socket_directories=%s", s->run_dir);
    s->redis = (struct proc){.s = s, .name = "redis", .log_path = join(s->dir, "redis.log")};
    set_argv(&s->redis,
             (const char *[]){REDIS_BIN, "--port", rport, "--bind", "127.0.0.1", "--dir",
                              s->redis_dir, "--unixsocket", s->redis_sock, "--appendonly", "yes",
                              "--save", "", "--daemonize", "no", NULL});
    s->initdb = (struct proc){
        .s = s, .name = "initdb", .as_postgres = true, .log_path = join(s->dir, "initdb.log")};
    set_argv(&s->initdb, (const char *[]){initdb, "-D", s->pg_dir, "-U", "postgres", "--auth=trust",
                                          "-E", "UTF8", "--locale=C.UTF-8", NULL});
    s->postgres = (struct proc){
        .s = s, .name = "postgres", .as_postgres = true, .log_path = join(s->dir, "postgres.log")};
    const char *args[SERVICES_MAX_ARGS] = {
        postgres, "-D", s->pg_dir, "-p", pport, "-c", "listen_addresses=127.0.0.1", "-c", sock_opt};
    if (s->scratch) {
        /* Throwaway data needs no fsync; the tests open many connections at once. */
        const char *fast[] = {"-c", "fsync=off",          "-c", "synchronous_commit=off",
                              "-c", "max_connections=200"};
        memcpy(&args[9], fast, sizeof(fast));
    }
    set_argv(&s->postgres, args);
}

/* A libpq conninfo value in single quotes, with ' and \ escaped. */
static void conninfo_quote(struct buf *b, const char *value)
{
    buf_puts(b, "'");
    for (const char *p = value; *p; p++) {
        if (*p == '\'' || *p == '\\')
            buf_puts(b, "\\");
        buf_append(b, p, 1);
    }
    buf_puts(b, "'");
}

/* Fills the paths and URLs of s from cfg; fails when a socket path would not
 * fit in sun_path (108 bytes), which both servers would refuse later. */
static int services_set_paths(struct services *s, const struct services_config *cfg, char *err,
                              size_t errlen)
{
    /* Absolute: the servers chdir to their data, and stopping by pid compares
     * their working directory with it. */
    int rc = 0;
    char cwd[PATH_MAX];
    if (cfg->dir[0] == '/') {
        s->dir = xstrdup(cfg->dir);
    } else if (getcwd(cwd, sizeof(cwd)) != NULL) {
        s->dir = join(cwd, cfg->dir);
    } else {
        rc = -errno;
        snprintf(err, errlen, "cannot resolve %s: %s", cfg->dir, strerror(errno));
        s->dir = xstrdup(cfg->dir);
    }
    s->redis_dir = join(s->dir, SERVICES_REDIS_DIR);
    s->pg_dir = join(s->dir, SERVICES_PG_DIR);
    s->run_dir = join(s->dir, "run");
    s->redis_sock = join(s->run_dir, "redis.sock");
    s->redis_pid_path = join(s->dir, SERVICES_REDIS_PID);
    s->scratch = cfg->scratch;
    size_t max = sizeof(((struct sockaddr_un *)0)->sun_path);
    if (rc == 0 && strlen(s->run_dir) + sizeof("/.s.PGSQL.65535") > max) {
        snprintf(err, errlen, "%s: path too long for the servers' sockets (at most %zu bytes)",
                 s->dir, max - sizeof("/run/.s.PGSQL.65535"));
        rc = -ENAMETOOLONG;
    }
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "host=");
    conninfo_quote(&b, s->run_dir);
    buf_printf(&b, " port=%d user=postgres dbname=postgres connect_timeout=2", cfg->db_port);
    s->admin = buf_steal(&b);
    snprintf(s->redis_url, sizeof(s->redis_url), "redis://127.0.0.1:%d", cfg->redis_port);
    snprintf(s->db_url, sizeof(s->db_url), "postgresql://postgres@127.0.0.1:%d/verdict",
             cfg->db_port);
    return rc;
}

struct services *services_new(uv_loop_t *loop, const struct services_config *cfg, char *err,
                              size_t errlen)
{
    char initdb[256], postgres[256];
    if (access(REDIS_BIN, X_OK) != 0 || !pg_bin("initdb", initdb, sizeof(initdb)) ||
        !pg_bin("postgres", postgres, sizeof(postgres))) {
        snprintf(err, errlen, "redis-server or PostgreSQL not installed (run scripts/deps.sh)");
        return NULL;
    }
    struct services *s = xcalloc(1, sizeof(*s));
    s->loop = loop;
    int rc = services_set_paths(s, cfg, err, errlen);
    if (rc == 0 && getuid() == 0) {
        struct passwd *pw = getpwnam("postgres");
        if (pw == NULL) {
            snprintf(err, errlen, "running as root needs the 'postgres' user");
            rc = -ENOENT;
        } else {
            s->pg_uid = pw->pw_uid;
            s->pg_gid = pw->pw_gid;
        }
    }
    if (rc == 0)
        rc = services_make_dirs(s, err, errlen);
    if (rc == 0)
        rc = services_pid_check(s->dir, err, errlen);
    services_set_commands(s, cfg->redis_port, cfg->db_port, initdb, postgres);
    if (rc < 0) {
        services_release(s);
        return NULL;
    }
    /* From here on s is freed through its handles' close callbacks. */
    uv_timer_init(loop, &s->tick);
    s->tick.data = s;
    s->open_handles = 1;
    return s;
}

static int write_pid(const char *path, int pid)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return -errno;
    char line[32];
    int n = snprintf(line, sizeof(line), "%d\n", pid);
    int rc = write(fd, line, (size_t)n) == n ? 0 : -EIO;
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    return rc;
}

int services_start(struct services *s, services_cb cb, void *data)
{
    s->cb = cb;
    s->data = data;
    int rc = proc_spawn(&s->redis);
    if (rc < 0)
        return rc;
    /* Kept for `verdict services stop` and the benches (which pin Redis to a CPU). */
    rc = write_pid(s->redis_pid_path, s->redis.handle.pid);
    char version[PATH_MAX];
    snprintf(version, sizeof(version), "%s/PG_VERSION", s->pg_dir);
    if (rc == 0 && access(version, R_OK) == 0) {
        s->stage = ST_WAITING;
        rc = proc_spawn(&s->postgres);
    } else if (rc == 0) {
        s->stage = ST_INITDB;
        rc = proc_spawn(&s->initdb);
    }
    if (rc < 0) {
        uv_process_kill(&s->redis.handle, SIGTERM);
        s->stage = ST_IDLE;
        return rc;
    }
    s->deadline = uv_now(s->loop) + SERVICES_READY_TIMEOUT_MS;
    uv_timer_start(&s->tick, services_on_tick, 0, SERVICES_TICK_MS);
    return 0;
}

void services_stop(struct services *s)
{
    if (s->stage >= ST_STOPPING)
        return;
    services_signal_all(s);
    /* Nothing left to wait for: STOPPED still comes from the loop, not from here. */
    if (!any_running(s))
        uv_timer_start(&s->tick, services_on_tick, 0, 0);
}

void services_free(struct services *s)
{
    if (s == NULL)
        return;
    s->freeing = true;
    uv_timer_stop(&s->tick);
    uv_close((uv_handle_t *)&s->tick, services_on_close);
    proc_close(&s->initdb);
    proc_close(&s->redis);
    proc_close(&s->postgres);
}

const char *services_redis_url(const struct services *s)
{
    return s->redis_url;
}

const char *services_db_url(const struct services *s)
{
    return s->db_url;
}
