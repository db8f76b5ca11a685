/* 'verdict worker': turns queued submissions into verdicts. Flags, start-up
 * (sandbox, PostgreSQL, two Redis connections, slots), signals and the
 * shutdown that hands back what it cannot finish. */
#include "worker/worker.h"
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/config.h"
#include "common/fs.h"
#include "common/log.h"
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
#define WORKER_FIRST_UID 200000 /* instance k, slot i runs as 200000 + 256 k + i */
#define WORKER_MAX_SLOTS 256

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
            .first_uid = (uid_t)(WORKER_FIRST_UID + k * WORKER_MAX_SLOTS),
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

static void worker_on_signal(uv_signal_t *h, int signum)
{
    struct worker *w = h->data;
    if (w->stopping) {
        /* A second signal: no more waiting for runs to end. */
        worker_on_grace(&w->grace_timer);
        return;
    }
    w->stopping = true;
    log_info("%s: taking no more jobs; %u in hand (up to %u ms to finish)", strsignal(signum),
             worker__busy_slots(w), w->grace_ms);
    uv_timer_stop(&w->fetch_timer);
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
    close_handle((uv_handle_t *)&w->sigterm);
    close_handle((uv_handle_t *)&w->sigint);
    redis_free(w->blocking);
    redis_free(w->redis);
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
    if (up)
        worker__fetch(w);
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
    } else {
        log_warn("Redis unavailable: %s", why);
    }
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
    }
    list_init(&w->lane_waiters);
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
    for (unsigned i = 0; w->slots && i < w->nslots; i++)
        buf_dispose(&w->slots[i].tests_json);
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

int worker_main(int argc, char **argv)
{
    char ncpu[24];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    snprintf(ncpu, sizeof(ncpu), "%ld", cores > 0 ? cores : 1);
    struct config_opt opts[] = {
        CONFIG_OPT_REDIS,
        CONFIG_OPT_DB,
        {.flag = "--slots",
         .env = "VERDICT_SLOTS",
         .def = ncpu,
         .help = "submissions judged at once (default: number of cores)"},
        {.flag = "--work-dir",
         .env = "VERDICT_WORK_DIR",
         .def = "/var/lib/verdict/worker",
         .help = "test cache and scratch files (host side, outside every box)"},
        {.flag = "--grace-ms",
         .env = "VERDICT_GRACE_MS",
         .def = "10000",
         .help = "on SIGTERM, time given to runs in progress before they are handed back"},
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[1], npos;
    long slots, grace;
    if (config_parse(opts, n, argc, argv, 1, pos, 0, &npos, err, sizeof(err)) < 0 ||
        config_int("--slots", config_find(opts, n, "--slots")->value, 1, WORKER_MAX_SLOTS, &slots,
                   err, sizeof(err)) < 0 ||
        config_int("--grace-ms", config_find(opts, n, "--grace-ms")->value, 0, 3600000, &grace, err,
                   sizeof(err)) < 0) {
        fprintf(stderr, "verdict worker: %s\n", err);
        return 2;
    }
    if (config_find(opts, n, "--help")->value) {
        config_usage("verdict worker [options]", opts, n);
        return 0;
    }
    if (geteuid() != 0) {
        fprintf(stderr, "verdict worker: must run as root (the sandbox needs namespaces and "
                        "cgroups)\n");
        return 2;
    }
    log_init("worker");
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned)getpid() ^ (unsigned)time(NULL));

    uv_loop_t loop;
    uv_loop_init(&loop);
    struct worker *w = xcalloc(1, sizeof(*w));
    w->loop = &loop;
    w->nlanes = (unsigned)slots;
    w->grace_ms = (unsigned)grace;
    w->work_dir = config_find(opts, n, "--work-dir")->value;
    make_id(w);
    int rc = 2;
    snprintf(w->cache_dir, sizeof(w->cache_dir), "%s/cache", w->work_dir);
    int mrc = fs_mkdir_p(w->cache_dir, 0755);
    if (mrc < 0) {
        snprintf(err, sizeof(err), "cannot create %.300s: %s", w->cache_dir, strerror(-mrc));
        goto fail;
    }
    if (scratch_mount(w, err, sizeof(err)) < 0)
        goto fail;
    if ((w->sandbox = open_sandbox(w, w->nlanes, err, sizeof(err))) == NULL)
        goto fail;
    if (worker_slots_init(w, err, sizeof(err)) < 0)
        goto fail;
    w->pg = pg_new(&loop, config_find(opts, n, "--db")->value, worker_stmts, err, sizeof(err));
    if (w->pg == NULL)
        goto fail;
    pg_on_state(w->pg, worker_on_pg_state, w);
    const char *redis_url = config_find(opts, n, "--redis")->value;
    if ((w->redis = redis_new(&loop, redis_url, err, sizeof(err))) == NULL ||
        (w->blocking = redis_new(&loop, redis_url, err, sizeof(err))) == NULL)
        goto fail;
    redis_on_state(w->redis, worker_on_redis_state, w);

    uv_timer_t *timers[] = {&w->fetch_timer, &w->lease_timer, &w->reap_timer, &w->sweep_timer,
                            &w->renew_timer, &w->grace_timer, &w->exit_timer, &w->lane_timer};
    for (size_t i = 0; i < sizeof(timers) / sizeof(timers[0]); i++) {
        uv_timer_init(&loop, timers[i]);
        timers[i]->data = w;
    }
    uv_signal_init(&loop, &w->sigterm);
    uv_signal_init(&loop, &w->sigint);
    w->sigterm.data = w->sigint.data = w;
    uv_signal_start(&w->sigterm, worker_on_signal, SIGTERM);
    uv_signal_start(&w->sigint, worker_on_signal, SIGINT);
    worker__start_timers(w);
    char langs[128];
    languages_line(langs, sizeof(langs));
    log_info("worker %s: %u slots, sandbox instance %u, cache %s, languages: %s", w->id, w->nlanes,
             w->instance, w->cache_dir, langs);

    uv_run(&loop, UV_RUN_DEFAULT);
    rc = 0;
    if (uv_loop_close(&loop) != 0) {
        log_error("handles left open at exit");
        rc = 1;
    }
    worker_slots_dispose(w);
    free(w);
    return rc;
fail:
    fprintf(stderr, "verdict worker: %s\n", err);
    worker_slots_dispose(w);
    redis_free(w->blocking);
    redis_free(w->redis);
    pg_free(w->pg);
    sandbox_free(w->sandbox);
    uv_run(&loop, UV_RUN_DEFAULT);
    (void)uv_loop_close(&loop);
    free(w);
    return rc;
}
