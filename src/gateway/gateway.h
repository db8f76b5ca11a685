/* 'verdict gateway': the live WebSocket side. Its configuration, and the
 * role's start and stop, so that a test can run it in-process beside other
 * roles. */
#ifndef GATEWAY_GATEWAY_H
#define GATEWAY_GATEWAY_H

#include <stdbool.h>
#include <uv.h>

/* Filled from gateway_options (flags, VERDICT_* variables, defaults). */
struct gateway_config {
    long port;
    const char *host;
    const char *redis;
    const char *db; /* accepted like every role's; unused */
    const char *auth_secret;
    /* The api's --admin-token: with auth on, an identify {"userId", "token":
     * <it>} listens as that user, as the admin token acts for anyone on the
     * api. NULL: no such token. */
    const char *admin_token;
    bool route_problem_done;
    long identify_timeout_ms;
    long ping_ms;
    long max_queue_kb;
    long max_connections;
    bool reuse_port;
    long linger_ms;
    /* Comma-separated origins ("https://judge.example.com,http://localhost:3000")
     * whose pages may connect; NULL: any. Only browsers send Origin: a
     * connection without one is let in. */
    const char *allowed_origins;
    /* "host:port" where GET /metrics is served instead of the public port
     * (which then answers it 404); NULL: on the public port. */
    const char *metrics_addr;
};

struct gateway;

/* Connects to Redis (retrying in the background) and listens on loop. cfg
 * must outlive the gateway. Returns 0 with *out set, or -1 with a one-line
 * reason in err; then *out is closing and must be freed with gateway_free()
 * once the loop has run empty. */
int gateway_start(uv_loop_t *loop, const struct gateway_config *cfg, struct gateway **out,
                  char *err, size_t errlen);

/* The port the gateway listens on (useful after --port 0). */
int gateway_port(const struct gateway *gw);

/* Closes every connection with 1001, then Redis; the loop ends once all is
 * closed. Then gateway_free(). */
void gateway_stop(struct gateway *gw);
void gateway_free(struct gateway *gw);

/* Runs the subcommand; argv[0] is "gateway". Returns the process exit code. */
int gateway_main(int argc, char **argv);

#endif
