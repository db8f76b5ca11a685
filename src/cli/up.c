/* 'verdict up': the whole system on one machine. Starts a private Redis and
 * PostgreSQL (cli/services.c; data kept under --data-dir between runs),
 * migrates, imports the starter problems, runs every role as a child process,
 * prints the URLs, and on Ctrl-C stops the roles, then the servers, and nothing
 * else. */
#include "cli/up.h"

#include "cli/problems.h"
#include "cli/services.h"
#include "common/alloc.h"
#include "common/log.h"
#include "common/role.h"
#include "store/migrate.h"
#include "worker/worker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#ifndef VERDICT_SOURCE_DIR
#define VERDICT_SOURCE_DIR "."
#endif

#define UP_MAX_ARGS 24
#define UP_READY_TIMEOUT_MS 60000

enum up_stage {
    UP_SERVICES, /* Redis and PostgreSQL starting */
    UP_ROLES,    /* started, not yet all listening */
    UP_RUNNING,
    UP_STOPPING_ROLES,
    UP_STOPPING_SERVICES
};

struct up;

/* A role `up` started and must stop. */
struct child {
    struct up *up;
    const char *name;
    char *argv[UP_MAX_ARGS];
    uv_process_t proc;
    bool running;
    bool restart; /* start again once the old handle is closed */
    unsigned restarts;
    uint64_t started_ms;
};

struct up {
    uv_loop_t *loop;
    enum up_stage stage;
    char *data_dir;
    const char *host;
    const char *problems_dir;
    long slots; /* 0: the worker's default */
    int api_port, gateway_port;
    struct services *services;
    bool services_stopped;
    /* The roles, started in this order and stopped first: gateway, worker, api. */
    struct child roles[3];
    size_t nroles;
    uv_timer_t ready;
    uint64_t ready_deadline;
    char *starter; /* the source tree's problems/, when there is one */
    bool closing;
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
static void child_on_close(uv_handle_t *h);

static int child_start(struct child *c)
{
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE},
        {.flags = UV_INHERIT_FD, .data.fd = 2},
        {.flags = UV_INHERIT_FD, .data.fd = 2},
    };
    /* Its own session: a Ctrl-C on the terminal reaches `up` alone, which then
     * stops the roles before the services they need. */
    uv_process_options_t o = {.file = c->argv[0],
                              .args = c->argv,
                              .exit_cb = child_on_exit,
                              .stdio_count = 3,
                              .stdio = stdio,
                              .flags = UV_PROCESS_DETACHED};
    c->proc.data = c;
    int rc = uv_spawn(c->up->loop, &c->proc, &o);
    if (rc < 0) {
        /* libuv wants even a handle that failed to spawn closed. */
        uv_close((uv_handle_t *)&c->proc, child_on_close);
        return rc;
    }
    c->running = true;
    c->started_ms = uv_now(c->up->loop);
    return 0;
}

static bool roles_running(struct up *up)
{
    for (size_t i = 0; i < up->nroles; i++)
        if (up->roles[i].running)
            return true;
    return false;
}

/* Closes our own handles, so that uv_run returns, once no role and no server
 * is left (any exit may be the last one: callers need not know). Safe to call
 * again. */
static void up_close_handles(struct up *up)
{
    if (roles_running(up) || !up->services_stopped || up->closing)
        return;
    up->closing = true;
    log_info("stopped");
    uv_close((uv_handle_t *)&up->ready, NULL);
    services_free(up->services);
    up->services = NULL;
}

static void up_stop_services(struct up *up)
{
    up->stage = UP_STOPPING_SERVICES;
    services_stop(up->services);
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
            if (up->roles[i].running)
                uv_process_kill(&up->roles[i].proc, SIGTERM);
        return;
    }
    up_stop_services(up);
}

/* A role that died is started again only here: its uv_process_t must be
 * closed before uv_spawn may use it again. */
static void child_on_close(uv_handle_t *h)
{
    struct child *c = h->data;
    if (!c->restart)
        return;
    c->restart = false;
    if (c->up->stage < UP_STOPPING_ROLES && child_start(c) < 0)
        up_shutdown(c->up, 1);
}

static void child_on_exit(uv_process_t *p, int64_t status, int signum)
{
    struct child *c = p->data;
    struct up *up = c->up;
    c->running = false;
    if (up->stage >= UP_STOPPING_ROLES) {
        uv_close((uv_handle_t *)p, child_on_close);
        if (up->stage == UP_STOPPING_ROLES && !roles_running(up))
            up_stop_services(up);
        return;
    }
    /* A role crashed: bring it back, unless it keeps crashing at once. */
    log_warn("%s exited (status %lld, signal %d)", c->name, (long long)status, signum);
    if (uv_now(up->loop) - c->started_ms < 2000 && ++c->restarts >= 3) {
        log_error("%s keeps failing; stopping", c->name);
        uv_close((uv_handle_t *)p, child_on_close);
        up_shutdown(up, 1);
        return;
    }
    c->restart = true;
    uv_close((uv_handle_t *)p, child_on_close);
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
            shown, up->api_port, shown, up->gateway_port, services_redis_url(up->services),
            services_db_url(up->services), up->data_dir);
}

/* The banner says "up" once the api and the gateway accept connections. */
static void up_on_ready_tick(uv_timer_t *t)
{
    struct up *up = t->data;
    if (up->stage != UP_ROLES)
        return;
    if (port_ready(up->host, up->api_port) && port_ready(up->host, up->gateway_port)) {
        uv_timer_stop(t);
        up->stage = UP_RUNNING;
        up_print_banner(up);
    } else if (uv_now(up->loop) > up->ready_deadline) {
        log_error("the api or the gateway did not come up within %d s", UP_READY_TIMEOUT_MS / 1000);
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
    up->stage = UP_ROLES;
    up->ready_deadline = uv_now(up->loop) + UP_READY_TIMEOUT_MS;
    uv_timer_start(&up->ready, up_on_ready_tick, 100, 100);
}

/* Both servers answer and the database exists: migrate, import, start roles. */
static void up_prepare(struct up *up)
{
    char err[1024];
    int applied, version, imported, failed;
    const char *db_url = services_db_url(up->services);
    if (migrate_run(db_url, &applied, &version, err, sizeof(err)) < 0) {
        log_error("%s", err);
        up_shutdown(up, 1);
        return;
    }
    log_info("schema at version %d", version);
    if (up->problems_dir) {
        if (problems_import_dir(db_url, up->problems_dir, &imported, &failed, err, sizeof(err)) < 0)
            log_warn("problems not imported: %s", err);
        else
            log_info("%d problems imported from %s (%d failed)", imported, up->problems_dir,
                     failed);
    }
    up_start_roles(up);
}

static void up_on_services(struct services *s, enum services_event event, const char *msg,
                           void *data)
{
    struct up *up = data;
    (void)s;
    switch (event) {
    case SERVICES_CREATING:
        log_info("creating a PostgreSQL cluster in %s/postgres", up->data_dir);
        break;
    case SERVICES_READY:
        if (up->stage == UP_SERVICES)
            up_prepare(up);
        break;
    case SERVICES_FAILED:
        log_error("%s", msg);
        up_shutdown(up, 1);
        break;
    case SERVICES_STOPPED:
        up->services_stopped = true;
        up_close_handles(up);
        break;
    }
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

/* The roles' command lines: this same binary, pointed at the private servers. */
static int up_set_roles(struct up *up, char *err, size_t errlen)
{
    char self[4096], api_port[16], gateway_port[16], gateway_url[128], slots[16];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (sl <= 0) {
        snprintf(err, errlen, "cannot find its own binary");
        return -ENOENT;
    }
    self[sl] = '\0';
    snprintf(api_port, sizeof(api_port), "%d", up->api_port);
    snprintf(gateway_port, sizeof(gateway_port), "%d", up->gateway_port);
    snprintf(slots, sizeof(slots), "%ld", up->slots);
    snprintf(gateway_url, sizeof(gateway_url), "ws://%s:%d/ws",
             strcmp(up->host, "0.0.0.0") == 0 ? "localhost" : up->host, up->gateway_port);
    const char *redis = services_redis_url(up->services), *db = services_db_url(up->services);
    char *work_dir = join(up->data_dir, "worker");
    struct child *role = up->roles;
    *role = (struct child){.up = up, .name = "gateway"};
    set_argv(role++, (const char *[]){self, "gateway", "--port", gateway_port, "--host", up->host,
                                      "--redis", redis, NULL});
    *role = (struct child){.up = up, .name = "worker"};
    set_argv(role++, (const char *[]){self, "worker", "--redis", redis, "--db", db, "--work-dir",
                                      work_dir, up->slots ? "--slots" : NULL, slots, NULL});
    *role = (struct child){.up = up, .name = "api"};
    set_argv(role++,
             (const char *[]){self, "api", "--port", api_port, "--host", up->host, "--redis", redis,
                              "--db", db, "--gateway-url", gateway_url, NULL});
    up->nroles = (size_t)(role - up->roles);
    free(work_dir);
    return 0;
}

/*** The role: options, and the runner's three calls ***/

struct up_config {
    const char *data_dir, *host, *problems;
    long port, gateway_port, redis_port, db_port, slots;
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
    CONFIG_INT(UP_CFG, slots, "--slots", "VERDICT_SLOTS", NULL, 1, WORKER_MAX_SLOTS,
               "worker slots (default: cores)"),
};

/* Creates the data dir and the roles' command lines, then starts the servers;
 * up_on_services starts the roles once both answer. */
static int up_start(uv_loop_t *loop, const void *config, const struct config_args *args,
                    void **state, char *err, size_t errlen)
{
    (void)args;
    const struct up_config *cfg = config;
    struct up *up = xcalloc(1, sizeof(*up));
    *state = up;
    up->loop = loop;
    up->api_port = (int)cfg->port;
    up->gateway_port = (int)cfg->gateway_port;
    up->host = cfg->host;
    up->slots = cfg->slots;
    up->data_dir = cfg->data_dir ? xstrdup(cfg->data_dir) : default_data_dir();
    up->problems_dir = cfg->problems;
    up->starter = join(VERDICT_SOURCE_DIR, "problems");
    if (up->problems_dir == NULL && access(up->starter, R_OK) == 0)
        up->problems_dir = up->starter;
    struct services_config scfg = {
        .dir = up->data_dir, .redis_port = (int)cfg->redis_port, .db_port = (int)cfg->db_port};
    up->services = services_new(loop, &scfg, err, errlen);
    if (up->services == NULL)
        return -1;
    if (up_set_roles(up, err, errlen) < 0)
        return -1;
    uv_timer_init(loop, &up->ready);
    up->ready.data = up;
    log_info("data in %s", up->data_dir);
    int rc = services_start(up->services, up_on_services, up);
    if (rc < 0) {
        snprintf(err, errlen, "cannot start Redis or PostgreSQL: %s", uv_strerror(rc));
        uv_close((uv_handle_t *)&up->ready, NULL);
        return -1;
    }
    return 0;
}

static void up_stop(void *state)
{
    up_shutdown(state, 0);
}

static int up_end(void *state)
{
    struct up *up = state;
    int rc = up->exit_code;
    services_free(up->services);
    for (size_t i = 0; i < up->nroles; i++)
        free_argv(&up->roles[i]);
    free(up->starter);
    free(up->data_dir);
    free(up);
    return rc;
}

static const struct role up_role = {
    .name = "up",
    .usage = "verdict up [options]",
    .opts = up_options,
    .nopts = CONFIG_COUNT(up_options),
    .start = up_start,
    .stop = up_stop,
    .end = up_end,
};

int up_main(int argc, char **argv)
{
    struct up_config cfg = {0};
    return role_main(&up_role, &cfg, argc, argv);
}
