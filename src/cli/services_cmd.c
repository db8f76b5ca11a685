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

int services_main(int argc, char **argv)
{
    struct config_opt opts[] = {
        {.flag = "--redis-port",
         .env = "VERDICT_REDIS_PORT",
         .def = "17379",
         .help = "private Redis port"},
        {.flag = "--db-port",
         .env = "VERDICT_DB_PORT",
         .def = "17432",
         .help = "private PostgreSQL port"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    const char *usage = "verdict services start DIR [--redis-port N] [--db-port N] | "
                        "verdict services stop DIR";
    char err[512];
    int pos[2], npos;
    long ports[2];
    if (config_parse(opts, n, argc, argv, 1, pos, 2, &npos, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict services: %s\n", err);
        return 2;
    }
    if (opts[2].value || npos != 2) {
        config_usage(usage, opts, n);
        return opts[2].value ? 0 : 2;
    }
    for (int i = 0; i < 2; i++) {
        if (config_int(opts[i].flag, opts[i].value, 1, 65535, &ports[i], err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict services: %s\n", err);
            return 2;
        }
    }
    const char *verb = argv[pos[0]], *dir = argv[pos[1]];
    if (strcmp(verb, "start") == 0) {
        struct services_config cfg = {
            .dir = dir, .redis_port = (int)ports[0], .db_port = (int)ports[1], .scratch = true};
        return services_start_cmd(&cfg);
    }
    if (strcmp(verb, "stop") == 0) {
        if (services_pid_stop(dir, err, sizeof(err)) < 0) {
            fprintf(stderr, "verdict services: %s\n", err);
            return 1;
        }
        return 0;
    }
    config_usage(usage, opts, n);
    return 2;
}
