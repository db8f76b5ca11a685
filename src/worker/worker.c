/* 'verdict worker': turns queued submissions into verdicts. Options,
 * start-up (sandbox, PostgreSQL, two Redis connections, slots) and the
 * shutdown that hands back what it cannot finish.
 *
 * Theory of operation. One process (root: the sandbox needs namespaces and
 * cgroups), one libuv loop, no threads. Sandboxed runs are child processes
 * the loop watches (sandbox/: a per-run init as PID 1 in front of the
 * program); a run never blocks the loop.
 *
 *   Redis "problems" ──take (the users in turn; BLMOVE when all is empty)──▶
 *     processing:<id> (fetch.c, store/jobs.c) ──▶ claim.c: claim
 *     the row (PostgreSQL) ──▶ testdata.c: load the tests once per problem
 *     version into the cache ──▶ judging.c: compile once, run each test in a
 *     lane's sandbox slot (lane.c), check ──▶ finish.c: guarded UPDATE of the
 *     row, then events_publish (user channel + problem_done) only if that
 *     UPDATE changed it ──▶ LREM the job.
 *
 * N lanes (--slots) judge at once; the worker holds one job more than it has
 * lanes, so claiming and storing overlap the runs. A lease key renewed every
 * 2 s lets any worker's reaper return the jobs of a dead one; a sweep pushes
 * rows lost by Redis. The first SIGTERM stops taking jobs and gives runs
 * --grace-ms; what is left is handed back to the queue; a second stops at
 * once. */
#include "worker/worker.h"
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "common/log.h"
#include "common/role.h"
#include "store/resweep.h"
#include "store/worker_stmts.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WORKER_INSTANCES 32     /* sandbox instances per host: workers on one machine */
#define WORKER_FIRST_UID 200000 /* instance k, slot i runs as 200000 + 512 k + i */

/* The scratch files (each run's stdout and stderr, written and truncated per
 * test) live on a tmpfs: on a disk file system each truncation costs a
 * journal write. The tmpfs is mounted in a mount namespace private to this
 * worker, so that it vanishes with the worker, even after kill -9, and two
 * workers sharing a --work-dir each see their own. */
static int scratch_mount(struct worker *w, char *err, size_t errlen)
{
    snprintf(w->scratch_dir, sizeof(w->scratch_dir), "%s/scratch", w->work_dir);
    int rc = fs_mkdir_p(w->scratch_dir, 0755);
    if (rc < 0) {
        snprintf(err, errlen, "cannot create %.300s: %s", w->scratch_dir, strerror(-rc));
        return rc;
    }
    if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
        mount("tmpfs", w->scratch_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755") <
            0) {
        rc = -errno;
        snprintf(err, errlen, "cannot mount a tmpfs on %.300s: %s", w->scratch_dir,
                 strerror(errno));
        return rc;
    }
    return 0;
}

/* Takes the first free sandbox instance of this host: its own root dir,
 * cgroups and uids, so that several workers can share a machine, and a
 * successor of a killed worker cleans up what it left (sandbox_new sweeps). */
static struct sandbox *open_sandbox(struct worker *w, unsigned slots, char *err, size_t errlen)
{
    char dir[64], name[64];
    for (unsigned k = 0; k < WORKER_INSTANCES; k++) {
        snprintf(dir, sizeof(dir), "/run/verdict/worker-%u", k);
        snprintf(name, sizeof(name), "verdict-worker-%u", k);
        struct sandbox_config cfg = {
            .slots = slots,
            .root_dir = dir,
            .cgroup_parent = name,
            .first_uid = (uid_t)(WORKER_FIRST_UID + k * 2 * WORKER_MAX_SLOTS),
        };
        struct sandbox *sb = sandbox_new(w->loop, &cfg, err, errlen);
        if (sb) {
            w->instance = k;
            return sb;
        }
        if (!strstr(err, "in use"))
            return NULL;
    }
    return NULL;
}

static void worker_on_grace(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (w->cancelled)
        return;
    w->cancelled = true;
    log_warn("grace period over: stopping %u runs and handing their jobs back",
             worker__busy_slots(w));
    /* Every run in progress calls back with -ECANCELED; its slot hands back. */
    sandbox_free(w->sandbox);
    w->sandbox = NULL;
}

void worker_stop(struct worker *w)
{
    if (w->stopping) {
        /* A second signal: no more waiting for runs to end. */
        worker_on_grace(&w->grace_timer);
        return;
    }
    w->stopping = true;
    worker__finish_drop_kept(w);
    log_info("taking no more jobs; %u in hand (up to %u ms to finish)", worker__busy_slots(w),
             w->grace_ms);
    uv_timer_stop(&w->fetch_timer);
    worker__takers_stop(w);
    worker__settles_stop(w);
    uv_timer_start(&w->grace_timer, worker_on_grace, w->grace_ms, 0);
    worker__maybe_exit(w);
}

static void close_handle(uv_handle_t *h)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

void worker__teardown(struct worker *w)
{
    uv_timer_t *timers[] = {&w->fetch_timer, &w->lease_timer, &w->reap_timer, &w->sweep_timer,
                            &w->renew_timer, &w->grace_timer, &w->exit_timer, &w->lane_timer};
    for (size_t i = 0; i < sizeof(timers) / sizeof(timers[0]); i++)
        close_handle((uv_handle_t *)timers[i]);
    worker__takers_close(w);
    redis_free(w->blocking);
    redis_free(w->redis);
    worker__announce_dispose(w);
    w->blocking = w->redis = NULL;
    pg_free(w->pg);
    w->pg = NULL;
    sandbox_free(w->sandbox);
    w->sandbox = NULL;
    log_info("stopped after %lu submissions", w->judged);
}

static void worker_on_pg_state(struct pg *pg, bool up, const char *why, void *data)
{
    (void)pg;
    struct worker *w = data;
    if (up)
        log_info("PostgreSQL connected");
    else
        log_warn("PostgreSQL unavailable: %s", why);
    if (up) {
        worker__finish_retry_kept(w);
        worker__fetch(w);
    }
}

static void worker_on_redis_state(struct redis *r, bool up, const char *why, void *data)
{
    struct worker *w = data;
    if (r != w->redis)
        return;
    if (up) {
        log_info("Redis connected");
        /* Renew now: a reaper may have taken our jobs while we were away. */
        worker__on_lease_timer(&w->lease_timer);
        worker__announce_flush(w);
    } else {
        log_warn("Redis unavailable: %s", why);
    }
}

/* A Redis failover: the new primary may lack the last jobs the old one
 * acknowledged, and this worker's lease (renewed by the state callback). */
static void worker_on_redis_switch(struct redis *r, void *data)
{
    struct worker *w = data;
    if (!w->stopping)
        resweep_start(w->pg, r, "worker");
}

/* A name no other worker anywhere will take: host, pid, and a random part. */
static void make_id(struct worker *w)
{
    char host[64];
    if (gethostname(host, sizeof(host)) < 0)
        snprintf(host, sizeof(host), "host");
    host[sizeof(host) - 1] = '\0';
    snprintf(w->id, sizeof(w->id), "%.60s-%d-%04x", host, (int)getpid(), (unsigned)rand() & 0xffff);
}

static int worker_slots_init(struct worker *w, char *err, size_t errlen)
{
    w->lanes = xcalloc(w->nlanes, sizeof(*w->lanes));
    for (unsigned i = 0; i < w->nlanes; i++) {
        struct wlane *l = &w->lanes[i];
        l->sb_slot = sandbox_slot(w->sandbox, i);
        snprintf(l->scratch, sizeof(l->scratch), "%s/slot%u", w->scratch_dir, i);
        int rc = fs_mkdir_p(l->scratch, 0755);
        if (rc < 0) {
            snprintf(err, errlen, "cannot create %.300s: %s", l->scratch, strerror(-rc));
            return rc;
        }
        l->judge = judge_new(l->sb_slot, l->scratch);
        /* The second half of the slots: each lane's output validators. */
        l->aux_slot = sandbox_slot(w->sandbox, w->nlanes + i);
        judge_set_aux(l->judge, l->aux_slot);
    }
    list_init(&w->lane_waiters);
    list_init(&w->unsent);
    list_init(&w->unstored);
    w->nslots = w->nlanes + 1;
    w->slots = xcalloc(w->nslots, sizeof(*w->slots));
    for (unsigned i = 0; i < w->nslots; i++) {
        struct wslot *s = &w->slots[i];
        s->w = w;
        s->index = i;
        list_init(&s->wait);
        buf_init(&s->tests_json);
    }
    return 0;
}

static void worker_slots_dispose(struct worker *w)
{
    for (unsigned i = 0; w->lanes && i < w->nlanes; i++)
        judge_free(w->lanes[i].judge);
    free(w->lanes);
    for (unsigned i = 0; w->slots && i < w->nslots; i++) {
        buf_dispose(&w->slots[i].tests_json);
        plan_free(w->slots[i].plan);
        plan_free(w->slots[i].build_plan);
    }
    free(w->slots);
}

static void languages_line(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct lang *const *l = lang_all(); *l; l++)
        if (lang_installed(*l) && used < len) {
            int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", (*l)->id);
            used += n > 0 ? (size_t)n : 0;
        }
}

/* Opens what a worker needs before it takes a job: its cache and scratch
 * dirs, a sandbox instance, the lanes, PostgreSQL and three Redis
 * connections (one blocks on BLMOVE, one is subscribed: takers.c). */
static int worker_open(struct worker *w, const struct worker_config *cfg, char *err, size_t errlen)
{
    snprintf(w->cache_dir, sizeof(w->cache_dir), "%s/cache", w->work_dir);
    int mrc = fs_mkdir_p(w->cache_dir, 0755);
    if (mrc < 0) {
        snprintf(err, errlen, "cannot create %.300s: %s", w->cache_dir, strerror(-mrc));
        return -1;
    }
    if (scratch_mount(w, err, errlen) < 0)
        return -1;
    /* Two slots a lane: the submission's and its validator's. */
    if ((w->sandbox = open_sandbox(w, 2 * w->nlanes, err, errlen)) == NULL)
        return -1;
    char warning[512];
    if (sandbox_core_pattern_check(NULL, warning, sizeof(warning)) != 0)
        log_warn("%s", warning);
    if (worker_slots_init(w, err, errlen) < 0)
        return -1;
    w->pg = pg_new(w->loop, cfg->db, worker_stmts, err, errlen);
    if (w->pg == NULL)
        return -1;
    pg_on_state(w->pg, worker_on_pg_state, w);
    if ((w->redis = redis_new(w->loop, cfg->redis, err, errlen)) == NULL ||
        (w->blocking = redis_new(w->loop, cfg->redis, err, errlen)) == NULL ||
        (w->sub = redis_new(w->loop, cfg->redis, err, errlen)) == NULL)
        return -1;
    redis_on_state(w->redis, worker_on_redis_state, w);
    redis_on_switch(w->redis, worker_on_redis_switch, w);
    redis_set_wait_replicas(w->redis, (unsigned)cfg->redis_wait_replicas);
    return 0;
}

int worker_start(uv_loop_t *loop, const struct worker_config *cfg, struct worker **out, char *err,
                 size_t errlen)
{
    *out = NULL;
    if (geteuid() != 0) {
        snprintf(err, errlen, "must run as root (the sandbox needs namespaces and cgroups)");
        return -1;
    }
    srand((unsigned)getpid() ^ (unsigned)time(NULL));
    struct worker *w = xcalloc(1, sizeof(*w));
    *out = w;
    w->loop = loop;
    w->nlanes = (unsigned)cfg->slots;
    w->grace_ms = (unsigned)cfg->grace_ms;
    w->fair = cfg->fair;
    w->work_dir = cfg->work_dir;
    make_id(w);
    if (worker_open(w, cfg, err, errlen) < 0) {
        redis_free(w->sub);
        redis_free(w->blocking);
        redis_free(w->redis);
        pg_free(w->pg);
        sandbox_free(w->sandbox);
        w->sub = w->blocking = w->redis = NULL;
        w->pg = NULL;
        w->sandbox = NULL;
        return -1;
    }
    uv_timer_t *timers[] = {&w->fetch_timer, &w->lease_timer, &w->reap_timer, &w->sweep_timer,
                            &w->renew_timer, &w->grace_timer, &w->exit_timer, &w->lane_timer};
    for (size_t i = 0; i < sizeof(timers) / sizeof(timers[0]); i++) {
        uv_timer_init(loop, timers[i]);
        timers[i]->data = w;
    }
    worker__builds_init(w);
    worker__checks_init(w);
    worker__settles_init(w);
    worker__takers_start(w);
    worker__start_timers(w);
    char langs[128];
    languages_line(langs, sizeof(langs));
    log_info("worker %s: %u slots, sandbox instance %u, cache %s, languages: %s", w->id, w->nlanes,
             w->instance, w->cache_dir, langs);
    return 0;
}

void worker_free(struct worker *w)
{
    if (w == NULL)
        return;
    worker_slots_dispose(w);
    free(w);
}

/*** The role: options, and the runner's three calls ***/

#define WORKER_CFG struct worker_config
static const struct config_opt worker_options[] = {
    CONFIG_REDIS(WORKER_CFG, redis),
    CONFIG_REDIS_WAIT(WORKER_CFG, redis_wait_replicas),
    CONFIG_DB(WORKER_CFG, db),
    CONFIG_INT(WORKER_CFG, slots, "--slots", "VERDICT_SLOTS", NULL, 1, WORKER_MAX_SLOTS,
               "submissions judged at once (default: number of cores)"),
    CONFIG_STR(WORKER_CFG, work_dir, "--work-dir", "VERDICT_WORK_DIR", "/var/lib/verdict/worker",
               "test cache and scratch files (host side, outside every box)"),
    CONFIG_INT(WORKER_CFG, grace_ms, "--grace-ms", "VERDICT_GRACE_MS", "10000", 0, 3600000,
               "on SIGTERM, time given to runs in progress before they are handed back"),
    CONFIG_ONOFF(WORKER_CFG, fair, "--fair-share", "VERDICT_FAIR_SHARE", "on",
                 "take each user's jobs in turn (off: in queue order, as before)"),
};

ROLE_DEFINE(worker, struct worker_config, struct worker, "verdict worker [options]");

int worker_main(int argc, char **argv)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    struct worker_config cfg = {.slots = cores < 1                  ? 1
                                         : cores > WORKER_MAX_SLOTS ? WORKER_MAX_SLOTS
                                                                    : cores};
    return role_main(&worker_role, &cfg, argc, argv);
}
