/* 'verdict api': HTTP intake and reads. Its configuration, and the role's
 * start and stop, so that a test can run it in-process beside other roles. */
#ifndef API_API_H
#define API_API_H

#include <uv.h>

/* Filled from api_options (flags, VERDICT_* variables, defaults). */
struct api_config {
    long port;
    const char *host;
    const char *redis;
    long redis_wait_replicas; /* WAIT for this many replicas after a push; 0: off */
    const char *db;
    const char *gateway_url;
    const char *admin_token; /* NULL: the admin routes answer 403 */
    const char *auth_secret; /* NULL: tokens cannot be minted */
    long max_code_kb;
    long max_upload_kb; /* PUT/PATCH bodies (a whole problem, a zip); over it: 413 */
    long http_timeout_ms;
    /* "host:port" where GET /metrics is served instead of the public port
     * (which then answers it 404); NULL: on the public port. */
    const char *metrics_addr;
    long submit_rate; /* submissions per minute per user, over all api instances; 0: off */
    /* The Judge0-compatible API: how long its submissions are kept, in
     * seconds, and the hosts its callback_url may name (comma-separated;
     * NULL or "": callbacks refused). */
    long judge0_keep_s;
    const char *judge0_callback_hosts;
    /* How long the api waits for a worker's answer to sandboxed work it
     * cannot do itself (a run's input checked by input validators): 503
     * after it. */
    long worker_wait_ms;
    /* How long a PUT of a package zip waits for a worker to settle it (its
     * input validators on every test input, its time limit): 503 after it. */
    long settle_wait_ms;
};

struct api;

/* Connects to PostgreSQL and Redis (retrying in the background), listens,
 * and starts the intake timers on loop. cfg must outlive the api. Returns 0
 * with *out set, or -1 with a one-line reason in err (nothing left open). */
int api_start(uv_loop_t *loop, const struct api_config *cfg, struct api **out, char *err,
              size_t errlen);

/* The port the api listens on (useful after --port 0). */
int api_port(const struct api *api);

/* Stops listening, closes every connection and both stores; the loop ends
 * once they are closed. Then api_free(). */
void api_stop(struct api *api);
void api_free(struct api *api);

/* Runs the subcommand; argv[0] is "api". Returns the process exit code. */
int api_main(int argc, char **argv);

#endif
