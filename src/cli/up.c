/* 'verdict up': the whole system on one machine. Starts a private Redis and
 * PostgreSQL (data kept under --data-dir between runs), migrates, imports the
 * starter problems, runs every role as a child process, prints the URLs, and
 * on Ctrl-C stops everything it started and nothing else.
 *
 * Theory of operation. One process, one libuv loop; every other process is
 * its child, watched through uv_spawn: initdb (first run only), redis-server,
 * postgres (as the postgres user when run as root), then gateway, worker and
 * api (this same binary). A 100 ms timer waits for Redis and PostgreSQL to
 * answer, then migrates and imports (blocking: nothing else runs yet), then
 * starts the roles and prints the URLs once the api and the gateway accept
 * connections. A role that dies is started again, unless it keeps failing
 * (three exits within 2 s of their start stop everything). A signal stops the
 * roles first (SIGTERM), then, once no role is left, the services,
 * and the loop ends when no child is left. */
#include "cli/up.h"

#include "cli/problems.h"
#include "common/alloc.h"
#include "common/config.h"
#include "common/log.h"
#include "store/migrate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#ifndef VERDICT_SOURCE_DIR
#define VERDICT_SOURCE_DIR "."
#endif

#define UP_MAX_ARGS 24
#define UP_READY_TIMEOUT_MS 60000

enum up_stage {
    UP_INITDB,
    UP_SERVICES,
    UP_ROLES, /* started, not yet all listening */
    UP_RUNNING,
    UP_STOPPING_ROLES,
    UP_STOPPING_SERVICES
};

struct up;

/* A process `up` started and must stop: a service or a role. */
struct child {
    struct up *up;
    const char *name;
    char *argv[UP_MAX_ARGS];
    bool as_postgres;     /* PostgreSQL refuses to run as root */
    const char *log_path; /* NULL: inherit our stderr */
    uv_process_t proc;
    bool running;
    int stop_signal;
    unsigned restarts;
    uint64_t started_ms;
};

struct up {
    uv_loop_t *loop;
    enum up_stage stage;
    char *data_dir;
    char *pg_dir;
    char *redis_dir;
    char *sock_dir;
    int redis_port, pg_port, api_port, gateway_port;
    const char *host;
    const char *problems_dir;
    const char *slots;
    char redis_url[128];
    char db_url[256];
    char admin_url[256];
    uid_t pg_uid;
    gid_t pg_gid;
    struct child initdb, redis, postgres;
    /* The roles, started in this order and stopped first: gateway, worker, api. */
    struct child roles[3];
    size_t nroles;
    uv_timer_t ready;
    uint64_t ready_deadline;
    uv_signal_t sigint, sigterm;
    int exit_code;
};

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

static void child_on_exit(uv_process_t *p, int64_t status, int signum);

static int child_start(struct child *c)
{
    uv_process_options_t o = {0};
    uv_stdio_container_t stdio[3];
    int log_fd = -1;
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = 2;
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = 2;
    if (c->log_path) {
        log_fd = open(c->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640);
        if (log_fd < 0)
            return -errno;
        if (c->as_postgres && fchown(log_fd, c->up->pg_uid, c->up->pg_gid) < 0) {
            int e = -errno;
            close(log_fd);
            return e;
        }
        stdio[1].data.fd = stdio[2].data.fd = log_fd;
    }
    o.file = c->argv[0];
    o.args = c->argv;
    o.exit_cb = child_on_exit;
    o.stdio_count = 3;
    o.stdio = stdio;
    /* Its own session: a Ctrl-C on the terminal reaches `up` alone, which then
     * stops the roles before the services they need. */
    o.flags |= UV_PROCESS_DETACHED;
    if (c->as_postgres && getuid() == 0) {
        o.flags |= UV_PROCESS_SETUID | UV_PROCESS_SETGID;
        o.uid = c->up->pg_uid;
        o.gid = c->up->pg_gid;
    }
    c->proc.data = c;
    int rc = uv_spawn(c->up->loop, &c->proc, &o);
    if (log_fd >= 0)
        close(log_fd);
    if (rc < 0)
        return rc;
    c->running = true;
    c->started_ms = uv_now(c->up->loop);
    return 0;
}

static void child_stop(struct child *c, int sig)
{
    if (c->running)
        uv_process_kill(&c->proc, sig);
}

static bool roles_running(struct up *up)
{
    for (size_t i = 0; i < up->nroles; i++)
        if (up->roles[i].running)
            return true;
    return false;
}

static bool services_running(struct up *up)
{
    return up->redis.running || up->postgres.running;
}

/* Closes our own handles, so that uv_run returns, once no child is left (any
 * exit may be the last one: callers need not know). Safe to call again. */
static void up_close_handles(struct up *up)
{
    if (roles_running(up) || services_running(up) || up->initdb.running ||
        uv_is_closing((uv_handle_t *)&up->ready))
        return;
    uv_close((uv_handle_t *)&up->ready, NULL);
    uv_close((uv_handle_t *)&up->sigint, NULL);
    uv_close((uv_handle_t *)&up->sigterm, NULL);
}

static void up_stop_services(struct up *up)
{
    up->stage = UP_STOPPING_SERVICES;
    /* SIGINT is PostgreSQL's "fast" shutdown; SIGTERM makes Redis save and exit. */
    child_stop(&up->postgres, SIGINT);
    child_stop(&up->redis, SIGTERM);
    up_close_handles(up);
}

/* Stops the roles first, then (once they are gone) the services. */
static void up_shutdown(struct up *up, int exit_code)
{
    if (up->stage >= UP_STOPPING_ROLES)
        return;
    if (exit_code)
        up->exit_code = exit_code;
    uv_timer_stop(&up->ready);
    up->stage = UP_STOPPING_ROLES;
    if (roles_running(up)) {
        for (size_t i = 0; i < up->nroles; i++)
            child_stop(&up->roles[i], SIGTERM);
        return;
    }
    up_stop_services(up);
}

static void up_start_roles(struct up *up);

static void child_on_close(uv_handle_t *h)
{
    (void)h;
}

static void child_on_exit(uv_process_t *p, int64_t status, int signum)
{
    struct child *c = p->data;
    struct up *up = c->up;
    c->running = false;
    uv_close((uv_handle_t *)p, child_on_close);
    if (c == &up->initdb) {
        if (status != 0 || signum) {
            log_error("initdb failed (see %s)", c->log_path);
            up_shutdown(up, 1);
            up_close_handles(up);
            return;
        }
        log_info("PostgreSQL cluster created in %s", up->pg_dir);
        if (up->stage == UP_INITDB) {
            up->stage = UP_SERVICES;
            if (child_start(&up->postgres) < 0) {
                log_error("cannot start postgres");
                up_shutdown(up, 1);
            }
        } else {
            up_close_handles(up);
        }
        return;
    }
    if (up->stage >= UP_STOPPING_ROLES) {
        if (up->stage == UP_STOPPING_ROLES && !roles_running(up))
            up_stop_services(up);
        else if (up->stage == UP_STOPPING_SERVICES && !services_running(up))
            log_info("stopped");
        up_close_handles(up);
        return;
    }
    if (c == &up->redis || c == &up->postgres) {
        log_error("%s exited unexpectedly (status %lld, signal %d); stopping", c->name,
                  (long long)status, signum);
        up_shutdown(up, 1);
        return;
    }
    /* A role crashed: bring it back, unless it keeps crashing at once. */
    log_warn("%s exited (status %lld, signal %d)", c->name, (long long)status, signum);
    if (uv_now(up->loop) - c->started_ms < 2000 && ++c->restarts >= 3) {
        log_error("%s keeps failing; stopping", c->name);
        up_shutdown(up, 1);
        return;
    }
    if (child_start(c) < 0)
        up_shutdown(up, 1);
}

/* True when something accepts TCP connections on host:port (host NULL or
 * 0.0.0.0: the loopback address). A quick local connect, on start-up only. */
static bool port_ready(const char *host, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (host && strcmp(host, "0.0.0.0") != 0 && inet_pton(AF_INET, host, &a.sin_addr) != 1)
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

/* Both services answer: create the database, migrate, import, start roles. */
static void up_prepare(struct up *up)
{
    char err[1024];
    int applied, version, imported, failed;
    if (migrate_create_database(up->admin_url, "verdict", err, sizeof(err)) < 0 ||
        migrate_run(up->db_url, &applied, &version, err, sizeof(err)) < 0) {
        log_error("%s", err);
        up_shutdown(up, 1);
        return;
    }
    log_info("schema at version %d", version);
    if (up->problems_dir) {
        if (problems_import_dir(up->db_url, up->problems_dir, &imported, &failed, err,
                                sizeof(err)) < 0)
            log_warn("problems not imported: %s", err);
        else
            log_info("%d problems imported from %s (%d failed)", imported, up->problems_dir,
                     failed);
    }
    up_start_roles(up);
}

static void up_print_banner(struct up *up)
{
    const char *shown = strcmp(up->host, "0.0.0.0") == 0 ? "localhost" : up->host;
    fprintf(stderr,
            "\n  verdict is up\n"
            "    page and API   http://%s:%d/\n"
            "    live verdicts  ws://%s:%d/ws\n"
            "    Redis          %s\n"
            "    PostgreSQL     %s\n"
            "    data           %s\n"
            "  Ctrl-C stops everything.\n\n",
            shown, up->api_port, shown, up->gateway_port, up->redis_url, up->db_url, up->data_dir);
}

static void up_on_ready_tick(uv_timer_t *t)
{
    struct up *up = t->data;
    /* The banner says "up" once the api and the gateway accept connections. */
    if (up->stage == UP_ROLES) {
        if (port_ready(up->host, up->api_port) && port_ready(up->host, up->gateway_port)) {
            uv_timer_stop(t);
            up->stage = UP_RUNNING;
            up_print_banner(up);
        } else if (uv_now(up->loop) > up->ready_deadline) {
            log_error("the api or the gateway did not come up within %d s",
                      UP_READY_TIMEOUT_MS / 1000);
            up_shutdown(up, 1);
        }
        return;
    }
    if (up->stage != UP_SERVICES)
        return;
    if (port_ready(NULL, up->redis_port) && migrate_ping(up->admin_url)) {
        up->stage = UP_ROLES;
        up->ready_deadline = uv_now(up->loop) + UP_READY_TIMEOUT_MS;
        up_prepare(up);
        return;
    }
    if (uv_now(up->loop) > up->ready_deadline) {
        log_error("Redis or PostgreSQL did not come up within %d s (logs in %s)",
                  UP_READY_TIMEOUT_MS / 1000, up->data_dir);
        up_shutdown(up, 1);
    }
}

static void up_start_roles(struct up *up)
{
    for (size_t i = 0; i < up->nroles; i++) {
        if (child_start(&up->roles[i]) < 0) {
            log_error("cannot start the %s", up->roles[i].name);
            up_shutdown(up, 1);
            return;
        }
    }
}

static void up_on_signal(uv_signal_t *h, int signum)
{
    struct up *up = h->data;
    log_info("%s: stopping everything", signum == SIGINT ? "SIGINT" : "SIGTERM");
    up_shutdown(up, 0);
}

static char *default_data_dir(void)
{
    if (getuid() == 0)
        return xstrdup("/var/lib/verdict");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char path[4096];
    if (xdg && *xdg)
        snprintf(path, sizeof(path), "%s/verdict", xdg);
    else
        snprintf(path, sizeof(path), "%s/.local/share/verdict", home ? home : ".");
    return xstrdup(path);
}

static int mkdir_owned(const char *path, mode_t mode, struct up *up, bool for_pg)
{
    if (mkdir(path, mode) < 0 && errno != EEXIST)
        return -errno;
    if (for_pg && getuid() == 0 && chown(path, up->pg_uid, up->pg_gid) < 0)
        return -errno;
    return 0;
}

static const char *pg_bin(const char *tool, char *buf, size_t size)
{
    for (int v = 20; v >= 12; v--) {
        snprintf(buf, size, "/usr/lib/postgresql/%d/bin/%s", v, tool);
        if (access(buf, X_OK) == 0)
            return buf;
    }
    return NULL;
}

static void set_argv(struct child *c, const char *const *args)
{
    int i = 0;
    for (; args[i] && i < UP_MAX_ARGS - 1; i++)
        c->argv[i] = xstrdup(args[i]);
    c->argv[i] = NULL;
}

static void free_argv(struct child *c)
{
    for (int i = 0; c->argv[i]; i++)
        free(c->argv[i]);
}

struct up_config {
    const char *data_dir, *host, *problems, *slots;
    long port, gateway_port, redis_port, db_port;
};

#define UP_CFG struct up_config
static const struct config_opt up_options[] = {
    CONFIG_STR(UP_CFG, data_dir, "--data-dir", "VERDICT_DATA_DIR", NULL,
               "where Redis and PostgreSQL keep their data (default /var/lib/verdict as root)"),
    CONFIG_INT(UP_CFG, port, "--port", "VERDICT_PORT", "3000", 1, 65535, "api port"),
    CONFIG_INT(UP_CFG, gateway_port, "--gateway-port", "VERDICT_GATEWAY_PORT", "3001", 1, 65535,
               "gateway port"),
    CONFIG_INT(UP_CFG, redis_port, "--redis-port", "VERDICT_REDIS_PORT", "6390", 1, 65535,
               "private Redis port"),
    CONFIG_INT(UP_CFG, db_port, "--db-port", "VERDICT_DB_PORT", "5490", 1, 65535,
               "private PostgreSQL port"),
    CONFIG_STR(UP_CFG, host, "--host", "VERDICT_HOST", "127.0.0.1",
               "address the api and gateway bind"),
    CONFIG_STR(UP_CFG, problems, "--problems", "VERDICT_PROBLEMS", NULL,
               "problem directory to import (default: the starter set)"),
    CONFIG_STR(UP_CFG, slots, "--slots", "VERDICT_SLOTS", NULL, "worker slots (default: cores)"),
};

int up_main(int argc, char **argv)
{
    struct up_config cfg = {0};
    int prc = config_parse_command("up", "verdict up [options]", up_options,
                                   CONFIG_COUNT(up_options), &cfg, argc, argv, NULL);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    long ports[4] = {cfg.port, cfg.gateway_port, cfg.redis_port, cfg.db_port};
    log_init("up");
    char pgtool[256], initdb_path[256];
    if (pg_bin("postgres", pgtool, sizeof(pgtool)) == NULL ||
        pg_bin("initdb", initdb_path, sizeof(initdb_path)) == NULL ||
        access("/usr/bin/redis-server", X_OK) != 0) {
        fprintf(stderr,
                "verdict up: redis-server or PostgreSQL not installed (run scripts/deps.sh)\n");
        return 1;
    }

    struct up *up = xcalloc(1, sizeof(*up));
    uv_loop_t loop;
    uv_loop_init(&loop);
    up->loop = &loop;
    up->redis_port = (int)ports[2];
    up->pg_port = (int)ports[3];
    up->api_port = (int)ports[0];
    up->gateway_port = (int)ports[1];
    up->host = cfg.host;
    up->slots = cfg.slots;
    up->data_dir = cfg.data_dir ? xstrdup(cfg.data_dir) : default_data_dir();
    up->problems_dir = cfg.problems;
    char starter[4096];
    snprintf(starter, sizeof(starter), "%s/problems", VERDICT_SOURCE_DIR);
    if (up->problems_dir == NULL && access(starter, R_OK) == 0)
        up->problems_dir = starter;
    up->pg_dir = join(up->data_dir, "postgres");
    up->redis_dir = join(up->data_dir, "redis");
    up->sock_dir = join(up->data_dir, "run");
    struct passwd *pw = getpwnam("postgres");
    if (getuid() == 0) {
        if (pw == NULL) {
            fprintf(stderr, "verdict up: running as root needs the 'postgres' user\n");
            return 1;
        }
        up->pg_uid = pw->pw_uid;
        up->pg_gid = pw->pw_gid;
    }
    int rc = mkdir_owned(up->data_dir, 0755, up, false);
    if (rc == 0)
        rc = mkdir_owned(up->redis_dir, 0700, up, false);
    if (rc == 0)
        rc = mkdir_owned(up->pg_dir, 0700, up, true);
    if (rc == 0)
        rc = mkdir_owned(up->sock_dir, 0755, up, true);
    if (rc < 0) {
        fprintf(stderr, "verdict up: cannot create %s: %s\n", up->data_dir, strerror(-rc));
        return 1;
    }
    snprintf(up->redis_url, sizeof(up->redis_url), "redis://127.0.0.1:%d", up->redis_port);
    snprintf(up->db_url, sizeof(up->db_url), "postgresql://postgres@127.0.0.1:%d/verdict",
             up->pg_port);
    snprintf(up->admin_url, sizeof(up->admin_url),
             "postgresql://postgres@127.0.0.1:%d/postgres?connect_timeout=2", up->pg_port);

    char port_s[4][16], self[4096];
    for (int i = 0; i < 4; i++)
        snprintf(port_s[i], sizeof(port_s[i]), "%ld", ports[i]);
    ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (sl <= 0) {
        fprintf(stderr, "verdict up: cannot find its own binary\n");
        return 1;
    }
    self[sl] = '\0';
    char *redis_log = join(up->data_dir, "redis.log");
    char *pg_log = join(up->data_dir, "postgres.log");
    char *initdb_log = join(up->data_dir, "initdb.log");
    char gateway_url[128];
    snprintf(gateway_url, sizeof(gateway_url), "ws://%s:%d/ws",
             strcmp(up->host, "0.0.0.0") == 0 ? "localhost" : up->host, up->gateway_port);

    up->initdb =
        (struct child){.up = up, .name = "initdb", .as_postgres = true, .log_path = initdb_log};
    set_argv(&up->initdb, (const char *[]){initdb_path, "-D", up->pg_dir, "-U", "postgres",
                                           "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", NULL});
    up->redis = (struct child){.up = up, .name = "redis", .log_path = redis_log};
    set_argv(&up->redis, (const char *[]){"/usr/bin/redis-server", "--port", port_s[2], "--bind",
                                          "127.0.0.1", "--dir", up->redis_dir, "--appendonly",
                                          "yes", "--save", "", "--daemonize", "no", NULL});
    char listen_opt[64], sock_opt[4200];
    snprintf(listen_opt, sizeof(listen_opt), "listen_addresses=127.0.0.1");
    snprintf(sock_opt, sizeof(sock_opt), "unix_socket_directories=%s", up->sock_dir);
    up->postgres =
        (struct child){.up = up, .name = "postgres", .as_postgres = true, .log_path = pg_log};
    set_argv(&up->postgres, (const char *[]){pgtool, "-D", up->pg_dir, "-p", port_s[3], "-c",
                                             listen_opt, "-c", sock_opt, NULL});
    char *work_dir = join(up->data_dir, "worker");
    struct child *role = up->roles;
    *role = (struct child){.up = up, .name = "gateway"};
    set_argv(role++, (const char *[]){self, "gateway", "--port", port_s[1], "--host", up->host,
                                      "--redis", up->redis_url, NULL});
    *role = (struct child){.up = up, .name = "worker"};
    if (up->slots)
        set_argv(role++,
                 (const char *[]){self, "worker", "--redis", up->redis_url, "--db", up->db_url,
                                  "--work-dir", work_dir, "--slots", up->slots, NULL});
    else
        set_argv(role++, (const char *[]){self, "worker", "--redis", up->redis_url, "--db",
                                          up->db_url, "--work-dir", work_dir, NULL});
    *role = (struct child){.up = up, .name = "api"};
    set_argv(role++, (const char *[]){self, "api", "--port", port_s[0], "--host", up->host,
                                      "--redis", up->redis_url, "--db", up->db_url, "--gateway-url",
                                      gateway_url, NULL});
    up->nroles = (size_t)(role - up->roles);

    uv_timer_init(&loop, &up->ready);
    up->ready.data = up;
    uv_signal_init(&loop, &up->sigint);
    uv_signal_init(&loop, &up->sigterm);
    up->sigint.data = up->sigterm.data = up;
    uv_signal_start(&up->sigint, up_on_signal, SIGINT);
    uv_signal_start(&up->sigterm, up_on_signal, SIGTERM);

    log_info("data in %s", up->data_dir);
    int src = child_start(&up->redis);
    char version_file[4200];
    snprintf(version_file, sizeof(version_file), "%s/PG_VERSION", up->pg_dir);
    if (src == 0) {
        if (access(version_file, R_OK) == 0) {
            up->stage = UP_SERVICES;
            src = child_start(&up->postgres);
        } else {
            up->stage = UP_INITDB;
            log_info("creating a PostgreSQL cluster in %s", up->pg_dir);
            src = child_start(&up->initdb);
        }
    }
    if (src < 0) {
        log_error("cannot start services: %s", uv_strerror(src));
        up_shutdown(up, 1);
    } else {
        up->ready_deadline = uv_now(&loop) + UP_READY_TIMEOUT_MS;
        uv_timer_start(&up->ready, up_on_ready_tick, 100, 100);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    int exit_code = up->exit_code;
    if (uv_loop_close(&loop) != 0)
        log_warn("handles left open at exit");
    free_argv(&up->initdb);
    free_argv(&up->redis);
    free_argv(&up->postgres);
    for (size_t i = 0; i < up->nroles; i++)
        free_argv(&up->roles[i]);
    free(work_dir);
    free(redis_log);
    free(pg_log);
    free(initdb_log);
    free(up->pg_dir);
    free(up->redis_dir);
    free(up->sock_dir);
    free(up->data_dir);
    free(up);
    return exit_code;
}
