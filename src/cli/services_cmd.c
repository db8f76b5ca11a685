/* 'verdict services start|stop': private Redis and PostgreSQL for the tests
 * and benchmarks (scripts/services.sh wraps it), left running between the two
 * commands. The servers themselves are cli/services.c's. */
#include "cli/services_cmd.h"

#include "cli/services.h"
#include "common/config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

struct start_state {
    struct services *s;
    uv_signal_t sigint, sigterm;
    bool ready;
};

static void start_close_signals(struct start_state *st)
{
    uv_close((uv_handle_t *)&st->sigint, NULL);
    uv_close((uv_handle_t *)&st->sigterm, NULL);
}

static void start_on_event(struct services *s, enum services_event event, const char *msg,
                           void *data)
{
    struct start_state *st = data;
    if (event == SERVICES_READY) {
        printf("VERDICT_TEST_REDIS=%s\nVERDICT_TEST_DB=%s\n", services_redis_url(s),
               services_db_url(s));
        st->ready = fflush(stdout) == 0;
        /* Leaves them running: `verdict services stop DIR` stops them. */
        services_free(s);
        start_close_signals(st);
    } else if (event == SERVICES_FAILED) {
        fprintf(stderr, "verdict services: %s\n", msg);
    } else if (event == SERVICES_STOPPED) {
        services_free(s);
        start_close_signals(st);
    }
}

/* Ctrl-C while starting: stop what was started, not leave it behind. */
static void start_on_signal(uv_signal_t *h, int signum)
{
    struct start_state *st = h->data;
    (void)signum;
    services_stop(st->s);
}

static int services_start_cmd(const struct services_config *cfg)
{
    char err[1024];
    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc < 0) {
        fprintf(stderr, "verdict services: %s\n", uv_strerror(rc));
        return 1;
    }
    struct start_state st = {.s = services_new(&loop, cfg, err, sizeof(err))};
    if (st.s == NULL) {
        fprintf(stderr, "verdict services: %s\n", err);
    } else if ((rc = services_start(st.s, start_on_event, &st)) < 0) {
        fprintf(stderr, "verdict services: cannot start Redis or PostgreSQL: %s\n",
                uv_strerror(rc));
        services_free(st.s);
    } else {
        uv_signal_init(&loop, &st.sigint);
        uv_signal_init(&loop, &st.sigterm);
        st.sigint.data = st.sigterm.data = &st;
        uv_signal_start(&st.sigint, start_on_signal, SIGINT);
        uv_signal_start(&st.sigterm, start_on_signal, SIGTERM);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&loop) != 0)
        fprintf(stderr, "verdict services: handles left open at exit\n");
    return st.ready ? 0 : 1;
}

struct services_cmd_config {
    long redis_port, db_port;
};

static const struct config_opt services_options[] = {
    CONFIG_INT(struct services_cmd_config, redis_port, "--redis-port", "VERDICT_REDIS_PORT",
               "17379", 1, 65535, "private Redis port"),
    CONFIG_INT(struct services_cmd_config, db_port, "--db-port", "VERDICT_DB_PORT", "17432", 1,
               65535, "private PostgreSQL port"),
};

int services_main(int argc, char **argv)
{
    static const char usage[] = "verdict services start DIR [--redis-port N] [--db-port N] | "
                                "verdict services stop DIR";
    struct services_cmd_config cfg = {0};
    struct config_args pos = {.max = 2};
    size_t n = CONFIG_COUNT(services_options);
    int prc = config_parse_command("services", usage, services_options, n, &cfg, argc, argv, &pos);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    const char *verb = pos.n == 2 ? pos.arg[0] : "", *dir = pos.arg[1];
    if (strcmp(verb, "start") == 0) {
        struct services_config scfg = {.dir = dir,
                                       .redis_port = (int)cfg.redis_port,
                                       .db_port = (int)cfg.db_port,
                                       .scratch = true};
        return services_start_cmd(&scfg);
    }
    if (strcmp(verb, "stop") == 0) {
        char err[512];
        if (services_pid_stop(dir, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict services: %s\n", err);
            return 1;
        }
        return 0;
    }
    fprintf(stderr, "verdict services: expected 'start DIR' or 'stop DIR' (see --help)\n");
    return 2;
}
