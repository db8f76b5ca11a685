/* The shared runner of every long-running command (see role.h). */
#include "common/role.h"

#include "common/log.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

struct role_run {
    const struct role *role;
    void *state;
    uv_signal_t sigint, sigterm;
};

static void role_on_signal(uv_signal_t *h, int signum)
{
    struct role_run *run = h->data;
    log_info("%s: stopping", signum == SIGINT ? "SIGINT" : "SIGTERM");
    run->role->stop(run->state);
}

/* The signal handles do not keep the loop alive (they are unref'd): the loop
 * ends when the role has closed its own handles, after one signal or on its
 * own (a client done with its work). */
static void role_signals_start(struct role_run *run, uv_loop_t *loop)
{
    uv_signal_t *hs[] = {&run->sigint, &run->sigterm};
    int signums[] = {SIGINT, SIGTERM};
    for (int i = 0; i < 2; i++) {
        uv_signal_init(loop, hs[i]);
        hs[i]->data = run;
        uv_signal_start(hs[i], role_on_signal, signums[i]);
        uv_unref((uv_handle_t *)hs[i]);
    }
}

/* Runs the loop until nothing is left, then closes it; returns 0, or 1 with a
 * log line when a handle was left open. */
static int role_loop_finish(uv_loop_t *loop, const char *name)
{
    uv_run(loop, UV_RUN_DEFAULT);
    if (uv_loop_close(loop) == 0)
        return 0;
    fprintf(stderr, "verdict %s: handles left open at exit\n", name);
    return 1;
}

int role_main(const struct role *r, void *cfg, int argc, char **argv)
{
    struct config_args args = {.max = r->max_args};
    int prc = config_parse_command(r->name, r->usage, r->opts, r->nopts, cfg, argc, argv, &args);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    log_init(r->name);
    signal(SIGPIPE, SIG_IGN);

    char err[512];
    uv_loop_t loop;
    int urc = uv_loop_init(&loop);
    if (urc < 0) {
        fprintf(stderr, "verdict %s: cannot start the event loop: %s\n", r->name, uv_strerror(urc));
        return 2;
    }
    struct role_run run = {.role = r};
    if (r->start(&loop, cfg, &args, &run.state, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict %s: %s\n", r->name, err);
        uv_run(&loop, UV_RUN_DEFAULT);
        if (run.state)
            (void)r->end(run.state);
        (void)role_loop_finish(&loop, r->name);
        return 2;
    }
    role_signals_start(&run, &loop);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&run.sigint, NULL);
    uv_close((uv_handle_t *)&run.sigterm, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    int rc = r->end(run.state);
    int lrc = role_loop_finish(&loop, r->name);
    return rc != 0 ? rc : lrc;
}
