/* 'verdict worker': turns queued submissions into verdicts. Its
 * configuration, and the role's start and stop, so that a test can run it
 * in-process beside other roles. */
#ifndef WORKER_WORKER_H
#define WORKER_WORKER_H

#include <stdbool.h>
#include <uv.h>

/* The bound of --slots (and of `verdict up --slots`, which passes it on). */
#define WORKER_MAX_SLOTS 256

/* Filled from worker_options (flags, VERDICT_* variables, defaults). */
struct worker_config {
    const char *redis;
    long redis_wait_replicas; /* WAIT for this many replicas after a requeue; 0: off */
    const char *db;
    long slots; /* submissions judged at once */
    const char *work_dir;
    long grace_ms; /* on SIGTERM, time given to runs in progress */
    bool fair;     /* take users' jobs in turn (jobs_take), not in queue order */
};

struct worker;

/* Checks it runs as root, takes a sandbox instance of this host, connects to
 * PostgreSQL and Redis (retrying in the background) and starts taking jobs.
 * cfg must outlive the worker. Returns 0 with *out set, or -1 with a one-line
 * reason in err; then *out, if set, is closing and must be freed with
 * worker_free() once the loop has run empty. */
int worker_start(uv_loop_t *loop, const struct worker_config *cfg, struct worker **out, char *err,
                 size_t errlen);

/* The first call takes no more jobs and gives runs in progress the grace
 * period, then hands back what is left; a second call stops them at once.
 * The loop ends when everything is handed back and closed. */
void worker_stop(struct worker *w);
void worker_free(struct worker *w);

/* Runs the subcommand; argv[0] is "worker". Returns the process exit code. */
int worker_main(int argc, char **argv);

#endif
