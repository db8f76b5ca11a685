/* The skeleton every long-running command shares: options into a typed config,
 * logging, SIGPIPE, one event loop, SIGINT/SIGTERM, and the exit check that
 * the loop closed with nothing left open. A role supplies its option table
 * and three functions; the runner does the rest, the same way for all.
 *
 *   verdict api ──▶ role_main(&api_role, &cfg, argc, argv)
 *                     config_parse ─▶ log_init ─▶ uv_loop_init
 *                     start(loop, cfg) ─▶ uv_run ◀─ SIGINT/SIGTERM ─▶ stop(role, signum)
 *                     (loop empty) ─▶ end(role) ─▶ uv_loop_close == 0 ?
 *
 * Because start/stop/end take the loop and the config as arguments, a test
 * can run several roles in one process, on one loop, without this runner. */
#ifndef COMMON_ROLE_H
#define COMMON_ROLE_H

#include "common/config.h"

#include <uv.h>

struct role {
    const char *name;  /* "api": the log tag and the prefix of start-up errors */
    const char *usage; /* "verdict api [options]" */
    const struct config_opt *opts;
    size_t nopts;
    int max_args; /* positional arguments accepted (see config_args) */

    /* Checks the parsed config and starts the role on loop, setting *state.
     * Returns 0, or -1 with a one-line reason in err; then it has begun
     * closing whatever it opened, and *state (if not NULL) is handed to
     * end() once the loop has closed it all. cfg outlives the role. */
    int (*start)(uv_loop_t *loop, const void *cfg, const struct config_args *args, void **state,
                 char *err, size_t errlen);
    /* A signal arrived (SIGINT or SIGTERM, once or more; the runner logs
     * it): begin shutting down. The loop ends when the role has closed all
     * its handles. */
    void (*stop)(void *role);
    /* The loop has ended: free the role and return the process's exit code
     * (ignored after a failed start). */
    int (*end)(void *role);
};

/* Runs r as 'verdict <name>' with argv[1..argc) as its options; cfg is the
 * role's config struct, zeroed or pre-filled by the caller with defaults
 * that depend on the machine. Returns the exit code: 2 on a bad option or a
 * failed start (with one line on stderr), 0 after --help, else end()'s, or 1
 * if handles were left open at exit. */
int role_main(const struct role *r, void *cfg, int argc, char **argv);

/* Defines `static const struct role P_role` for a role whose typed API is
 *   int  P_start(uv_loop_t *, const CFG *, STATE **out, char *err, size_t errlen);
 *   void P_stop(STATE *);   void P_free(STATE *);
 * and whose option table is P_options: the runner's untyped calls become
 * these typed ones, once, here, instead of in every role. */
#define ROLE_DEFINE(P, CFG, STATE, usage_)                                                         \
    static int P##_role_start(uv_loop_t *loop, const void *cfg, const struct config_args *args,    \
                              void **state, char *err, size_t errlen)                              \
    {                                                                                              \
        (void)args;                                                                                \
        STATE *s = NULL;                                                                           \
        int rc = P##_start(loop, (const CFG *)cfg, &s, err, errlen);                               \
        *state = s;                                                                                \
        return rc;                                                                                 \
    }                                                                                              \
    static void P##_role_stop(void *state)                                                         \
    {                                                                                              \
        P##_stop(state);                                                                           \
    }                                                                                              \
    static int P##_role_end(void *state)                                                           \
    {                                                                                              \
        P##_free(state);                                                                           \
        return 0;                                                                                  \
    }                                                                                              \
    static const struct role P##_role = {                                                          \
        .name = #P,                                                                                \
        .usage = usage_,                                                                           \
        .opts = P##_options,                                                                       \
        .nopts = CONFIG_COUNT(P##_options),                                                        \
        .start = P##_role_start,                                                                   \
        .stop = P##_role_stop,                                                                     \
        .end = P##_role_end,                                                                       \
    }

#endif
