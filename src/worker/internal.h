/* Shared between the worker's files: the worker (worker.c: start-up, timers,
 * shutdown), its fetching and leases (fetch.c), and the stages a job goes
 * through in its slot, in this order: claim.c, testdata.c, judging.c,
 * finish.c, with lane.c lending sandboxes. Calls go one way: fetch.c gives a
 * slot a job, each stage calls only later ones, and finish.c hands the free
 * slot back through the callback fetch.c gave. */
#ifndef WORKER_INTERNAL_H
#define WORKER_INTERNAL_H

#include "common/alloc.h"
#include "common/buf.h"
#include "common/list.h"
#include "contract/job.h"
#include "judge/cache.h"
#include "judge/checker.h"
#include "judge/judge.h"
#include "judge/plan.h"
#include "sandbox/sandbox.h"
#include "store/jobs.h"
#include "store/lane.h"
#include "store/pg.h"
#include "store/redis.h"
#include "worker/report.h"

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#define WORKER_LEASE_TTL_S 6 /* Redis lease: a dead worker's jobs return within this */
#define WORKER_LEASE_EVERY_MS 2000
#define WORKER_REAP_EVERY_MS 2000
#define WORKER_FETCH_BLOCK_S 1 /* BLMOVE timeout: how long a SIGTERM may wait for it */
#define WORKER_ROW_LEASE_S 300 /* PostgreSQL lease of a running row, renewed */
#define WORKER_RENEW_EVERY_MS 60000
#define WORKER_SWEEP_EVERY_MS 30000
#define WORKER_SWEEP_AGE_S 900 /* a queued row this old is assumed lost by Redis */
#define WORKER_SWEEP_BATCH 500
/* A rejudge job owed this long is assumed lost by Redis: longer than for a
 * live submission, as a big rejudge waits behind all live work on purpose. */
#define WORKER_REJUDGE_SWEEP_AGE_S 3600
#define WORKER_MAX_ATTEMPTS 3     /* claims of one submission before it ends as IE */
#define WORKER_MAX_JOB (4u << 20) /* bytes of a job taken off the queue */
#define WORKER_MAX_CODE (256u << 10)
#define WORKER_PROGRESS_MS 250 /* at most 4 progress events a second per submission */
#define WORKER_BACKOFF_MS 1000 /* pause in fetching after a store failure */

struct worker;
struct wslot;
struct wrun;
struct winputcheck;
struct wsettle;

/* Called once a slot's job is gone from Redis and the slot is free again. */
typedef void (*worker_slot_done_cb)(struct wslot *s);

/* A lane: a sandbox slot and its judge, all a job needs while it is compiled
 * and run, and only then. A worker has one job slot more than lanes, so that
 * the next job is claimed and its tests fetched while the current one runs,
 * and a judged job is stored and announced while the next one runs: the
 * sandboxes never wait for PostgreSQL or Redis (bench/judge). */
struct wlane {
    struct sandbox_slot *sb_slot;
    struct sandbox_slot *aux_slot; /* output validators, interactive tests */
    struct judge *judge;
    char scratch[CACHE_PATH_MAX];
    struct wslot *holder; /* NULL when free */
};

/* One job slot: the job in hand, and its lane while it is being judged. */
struct wslot {
    struct worker *w;
    unsigned index;
    struct wlane *lane;
    struct judge *judge; /* the lane's judge while the slot holds a lane, else NULL */
    /* Waiting for a lane: linked in worker.lane_waiters, to go on with on_lane. */
    struct list wait;
    void (*on_lane)(struct wslot *s);
    char *checker_src; /* a custom checker waiting for a lane to be compiled */
    size_t checker_len;
    struct plan *build_plan; /* a plan whose output validator waits for a lane */
    /* The plan of the version last judged in this slot, parsed once and kept
     * while the slot judges that version (plan_dir: its cache directory). */
    struct plan *plan;
    char plan_dir[CACHE_PATH_MAX];
    bool busy;
    worker_slot_done_cb on_done; /* while busy */
    /* The job exactly as it is in our processing list (LREM needs the bytes). */
    char *raw;
    size_t raw_len;
    /* The event being acknowledged (a copy): kept for a re-send if the ack
     * fails (announce.c). */
    char *ack_event;
    size_t ack_len;
    struct job job;
    char reason[256];        /* why a malformed job is not judged */
    const char *bad_verdict; /* and its verdict, "IE" or "CE" */
    /* The claimed row (owned copies). */
    bool claimed;
    char id[24];        /* the row's: the store's and the log's */
    char public_id[40]; /* the submission's name in events (contract/ids.h) */
    char rejudge[24];   /* the rejudge that queued this done row again; "" for none */
    /* This claim's name, unique (the worker's id and its claim count): the
     * finish stores it, so that storing a kept verdict again after its
     * first answer was lost is known for ours (sql/015). */
    char finisher[JOBS_WORKER_ID_MAX + 24];
    char *user, *problem, *language, *code;
    size_t code_len;
    int version;
    unsigned time_limit_ms, memory_limit_mb, output_limit_kb;
    const struct lang *lang;
    struct checker checker;
    struct signature function; /* a function problem's (has_function) */
    bool has_function;
    struct cache_problem cache;
    struct cache_writer writer;
    uint64_t started_ms;
    uint64_t judge_start_ms, judged_ms; /* for the time breakdown in the log */
    uint32_t compile_ms;
    struct wrun *run; /* a run job's state (run.c), else NULL */
    uint64_t last_progress_ms;
    int last_stage; /* 0: none yet, else judge_stage + 1 */
    struct buf tests_json;
};

/* A request lane's taker (takers.c): one request of its kind in hand at a
 * time, given to on_request, which calls worker__taker_done() once it is
 * answered (or abandoned). */
struct wtaker {
    struct worker *w;
    const struct lane_kind *kind;
    void (*on_request)(struct wtaker *t, const struct lane_request *req);
    /* Answers token as this worker's failure (the kind's "internal"
     * answer, why as its message): a request taken as the worker stops. */
    int (*refuse)(struct redis *r, const char *token, const char *why,
                  void (*cb)(int status, void *data), void *data);
    uv_timer_t timer; /* the slow safety net */
    bool taking;      /* a take is in flight */
    bool busy;        /* a request is in hand */
};

enum { WORKER_TAKE_BUILDS, WORKER_TAKE_CHECKS, WORKER_TAKE_SETTLES, WORKER_TAKERS };

struct worker {
    uv_loop_t *loop;
    char id[JOBS_WORKER_ID_MAX];
    const char *work_dir;
    char cache_dir[CACHE_PATH_MAX - 128];
    char scratch_dir[CACHE_PATH_MAX - 128]; /* a tmpfs of this worker's own */
    struct redis *redis;                    /* commands, publishes, scripts */
    struct redis *blocking; /* fetching only (take, BLMOVE): a blocked one answers nothing else */
    struct pg *pg;
    struct list unsent;   /* announcements to send again once Redis is back (announce.c) */
    struct list unstored; /* verdicts to store once PostgreSQL is back (finish.c) */
    unsigned nunsent;
    struct sandbox *sandbox;
    unsigned instance; /* which sandbox instance of this host we took */
    struct wslot *slots;
    unsigned nslots; /* job slots: nlanes + 1 */
    struct wlane *lanes;
    unsigned nlanes; /* --slots: submissions judged at once */
    struct list lane_waiters;
    uv_timer_t lane_timer; /* hands freed lanes to waiters on the next loop turn */
    bool leased;           /* our lease key exists (the first renewal succeeded) */
    bool fetching;         /* a take or a BLMOVE is in flight */
    bool fair;             /* --fair-share: take with jobs_take() first */
    bool drained;          /* the last take found nothing: block on the queue next */
    bool stopping;
    bool cancelled; /* the grace period ran out: the sandbox was freed */
    bool released;
    unsigned pending; /* store calls outside any slot (hand-backs at shutdown) */
    uint64_t paused_until;
    unsigned grace_ms;
    uv_timer_t fetch_timer, lease_timer, reap_timer, sweep_timer, renew_timer, grace_timer,
        exit_timer;
    unsigned long judged;
    uint64_t claims; /* jobs taken, naming each claim (wslot.finisher) */
    /* The request lanes (takers.c): their takers, and the connection
     * subscribed to CHANNEL_LANES_REQUESTED that wakes them. */
    struct wtaker takers[WORKER_TAKERS];
    struct redis *sub;
    /* Checker builds asked for by the api (builds.c): one at a time, on a
     * lane lent to this pseudo-slot. */
    struct wslot builder;
    char build_token[LANE_TOKEN_MAX];
    uint64_t build_deadline;
    char *build_src;
    /* Runs' inputs the api wants checked (input_checks.c): one at a time, on
     * a lane lent to this pseudo-slot. */
    struct wslot checker;
    struct winputcheck *check; /* the request in hand, else NULL */
    /* Package zips the api wants settled (settles.c): one at a time, by a
     * child process. */
    struct wsettle *settle; /* the request in hand, else NULL */
};

/* Pauses fetching for a while after a store failed under a job, rather than
 * turn an outage into wrong verdicts. */
static inline void worker__backoff(struct worker *w)
{
    w->paused_until = uv_now(w->loop) + WORKER_BACKOFF_MS;
}

/* fetch.c */
void worker__fetch(struct worker *w);
void worker__start_timers(struct worker *w);
void worker__on_lease_timer(uv_timer_t *t);
void worker__maybe_exit(struct worker *w);
struct wslot *worker__idle_slot(struct worker *w);
unsigned worker__busy_slots(const struct worker *w);
/* Appends the ids of the rows in hand as a PostgreSQL array literal; returns
 * how many. */
unsigned worker__claimed_ids(const struct worker *w, struct buf *out);

/* claim.c: the idle slot s takes the job raw[0..len) (copied) through every
 * stage; done is called once the slot is free again (possibly before this
 * returns, when a store call fails at once). */
void worker__claim_job(struct wslot *s, const char *raw, size_t len, worker_slot_done_cb done);

/* run.c: the idle slot s takes the run job raw[0..len) (contract/run.h;
 * copied) through its stages; done as for worker__claim_job(). */
void worker__run_job(struct wslot *s, const char *raw, size_t len, worker_slot_done_cb done);

/* run_check.c: a run's match by the problem's checker program. Everything
 * is borrowed during worker__run_check() only (the texts are written to the
 * lane's scratch directory, which the slot must hold). */
struct worker_run_check {
    const char *problem;
    int version;
    const char *checker_source; /* a custom checker's C source... */
    size_t checker_len;
    const struct plan_files *validator; /* ...or a package's output validator */
    const char *input;                  /* the run's input (a host file) */
    const char *answer;                 /* the reference's output */
    size_t answer_len;
    const char *output; /* the user's (a function problem: its returned JSON) */
    size_t output_len;
    uint32_t cpu_ms;
};
/* match 1 or 0, or -1 with note saying why it cannot be told. */
typedef void (*worker_run_check_cb)(struct wslot *s, int match, const char *note);
/* Builds the checker (once per problem version, kept in the worker's cache)
 * and runs it on the slot's judge. Returns 0 and calls cb once later, or a
 * negative errno and never calls it. */
int worker__run_check(struct wslot *s, const struct worker_run_check *c, worker_run_check_cb cb);

/* testdata.c: gets the claimed job's tests into s->cache, then judges it. */
void worker__testdata_get(struct wslot *s);

/* judging.c: judges the job on a lane, then stores its outcome. */
void worker__judging_start(struct wslot *s);

/* finish.c: the ways a job ends. Each ends with the slot free (on_done). */
/* Stores the outcome (only if the row is not done yet), publishes it, acks. */
void worker__finish_verdict(struct wslot *s, const struct report_outcome *o);
/* Ends a claimed job without judging it. */
void worker__finish_simple(struct wslot *s, enum verdict v, const char *message);
/* Removes the job from our processing list, publishing event first if any. */
void worker__finish_ack(struct wslot *s, const char *event, size_t len);
/* Gives the job back: the row to queued (the attempt does not count), the job
 * to the queue, for another worker or our next life. */
void worker__finish_hand_back(struct wslot *s);
/* A store failed under the job: back off, and hand the job back. */
void worker__finish_store_failed(struct wslot *s, const char *what, int status);
/* beats.c: announces an accepted verdict just stored with its "beats X%"
 * (looked up now, so it counts itself), then acks as worker__finish_ack().
 * Takes event (its text; the buffer is left empty). When the lookup fails,
 * the event goes out with null beats: the verdict matters more. */
void worker__beats_ack(struct wslot *s, struct buf *event, unsigned time_ms, unsigned memory_kb);
/* Who the slot's submission is (strings borrowed from s). */
struct report_who worker__finish_who(const struct wslot *s);

/* lane.c: runs fn once s holds a lane: now when one is free, else from the
 * loop's next turn after one is released. */
void worker__lane_wait(struct wslot *s, void (*fn)(struct wslot *s));
/* Frees the lane s holds, if any; a waiting slot gets it on the next loop
 * turn (never from inside the judge's own callback). */
void worker__lane_release(struct wslot *s);

/* inputs.c: checks the host file input against plan's input validators in
 * the lane s holds (building each once per problem version, kept). cb gets
 * status 0 (valid), 1 (rejected: why is "input rejected by input validator
 * <path>: <its exit and first stderr line>") or a negative errno (it could
 * not be checked: why says so); why is borrowed during the call. The lane's
 * judge is idle again inside cb. */
typedef void (*worker_inputs_cb)(struct wslot *s, int status, const char *why, void *data);
void worker__inputs_check(struct wslot *s, const struct plan *plan, const char *problem,
                          int version, const char *input, worker_inputs_cb cb, void *data);

/* takers.c: the request lanes. worker__taker_init() sets up a taker (its
 * timer initialised); worker__takers_start() starts them all and subscribes
 * to their wake-ups on w->sub (opened by worker.c); worker__takers_stop() stops their timers (no
 * more takes); worker__takers_close() closes the timers and the subscriber. */
void worker__taker_init(struct worker *w, struct wtaker *t, const struct lane_kind *kind,
                        void (*on_request)(struct wtaker *t, const struct lane_request *req),
                        int (*refuse)(struct redis *r, const char *token, const char *why,
                                      void (*cb)(int status, void *data), void *data));
void worker__takers_start(struct worker *w);
void worker__taker_done(struct wtaker *t);
void worker__takers_stop(struct worker *w);
bool worker__takers_busy(const struct worker *w);
void worker__takers_close(struct worker *w);

/* builds.c, input_checks.c, settles.c: set up their taker. */
void worker__builds_init(struct worker *w);
void worker__checks_init(struct worker *w);
void worker__settles_init(struct worker *w);
/* settles.c: kills the settle child in hand, if any (the worker stops). */
void worker__settles_stop(struct worker *w);

/* worker.c */
void worker__teardown(struct worker *w);

/* A verdict PostgreSQL could not take while it was away is kept with its
 * slot (finish.c): stored when it is back (retry), or the job handed back
 * when the worker stops (drop). */
void worker__finish_retry_kept(struct worker *w);
void worker__finish_drop_kept(struct worker *w);

/* announce.c: a verdict stored in PostgreSQL whose announcement may not have
 * reached Redis (it was down, or the connection dropped with the command on
 * the wire) is kept (event is copied) and sent again with
 * events_publish_once() when Redis is back: the row is done, so no requeue
 * would ever announce it. */
void worker__announce_keep(struct worker *w, const char *user, const char *event, size_t len);
/* Redis is up: sends every kept announcement again. */
void worker__announce_flush(struct worker *w);
/* Frees what is still kept (after redis_free(), which fails re-sends in
 * flight back onto the list). */
void worker__announce_dispose(struct worker *w);

#endif
