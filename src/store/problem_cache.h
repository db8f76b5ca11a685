/* The problem cache: GET /api/problems/{id} from Redis in one round trip,
 * never older than a write that has returned, on any api (README "The
 * problem cache" has the argument); and the writes that keep it so (PUT,
 * PATCH, DELETE of /api/problems/{id}). PostgreSQL is the truth. */
#ifndef STORE_PROBLEM_CACHE_H
#define STORE_PROBLEM_CACHE_H

#include "store/catalog.h"
#include "store/pg.h"
#include "store/redis.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

struct problem_cache;

/* Counters for /metrics. */
struct problem_cache_metrics {
    uint64_t hits;         /* answered from Redis */
    uint64_t misses;       /* no entry in Redis */
    uint64_t rebuilds;     /* fills that moved an entry forward */
    uint64_t fallthroughs; /* reads of PostgreSQL for a reader (one per flight) */
    uint64_t refusals;     /* entries not served: a write was in flight on them */
    uint64_t repairs;      /* markers older than the lease, settled in PostgreSQL */
    uint64_t lock_waits;   /* misses that waited for another api's rebuild */
    uint64_t reconciled;   /* unpublished writes (imports, Redis lost) published */
};

/* Creates the cache of one api on its connections (borrowed; they outlive
 * it). Its timer (the reconcile tick) does not keep the loop alive. */
struct problem_cache *problem_cache_new(uv_loop_t *loop, struct pg *pg, struct redis *redis);
/* Answers every reader still waiting -ECANCELED and frees the cache once its
 * handles are closed. NULL is ignored. */
void problem_cache_free(struct problem_cache *c);
const struct problem_cache_metrics *problem_cache_metrics(const struct problem_cache *c);
/* True when reads are served from Redis: it is connected and has been
 * reconciled since it last came up (the gate); else they go to PostgreSQL. */
bool problem_cache_redis_in_use(const struct problem_cache *c);
/* Redis came back (or up for the first time): until the cache has published
 * every write Redis missed, reads go to PostgreSQL. */
void problem_cache_redis_up(struct problem_cache *c);

/* PostgreSQL came up: the reconcile that opens the gate need not wait for
 * its next tick. */
void problem_cache_pg_up(struct problem_cache *c);

/* GET /api/problems/{id}: the problem's JSON, or -ENOENT when it is unknown
 * or deleted; cb runs once, later. Returns 0, or a negative errno (cb never
 * runs) when neither store can be asked. */
int problem_cache_get(struct problem_cache *c, const char *id, store_json_cb cb, void *data);

/* What a write did. */
struct problem_written {
    int version;
    bool changed;
    /* Every reader on every api sees this version from now on. False only
     * when Redis could be reached neither before nor after the commit: the
     * write is committed, and readers see it once the reconcile of an api
     * that reaches Redis has published it (within a second of Redis being
     * back for it). */
    bool published;
    const char *json; /* the problem as served (borrowed); NULL after a delete */
    size_t len;
};

/* The answer of a write: status 0 and what it did; -ENOENT (unknown
 * problem), -EINVAL (a rule PostgreSQL checks: msg says which), -EAGAIN (the
 * write was abandoned: retry), or a store's errno (nothing written). */
typedef void (*problem_write_cb)(int status, const struct problem_written *w, const char *msg,
                                 void *data);

/* PUT: creates or replaces p (validated by judge/problem.h). */
int problem_cache_put(struct problem_cache *c, const struct catalog_problem *p, problem_write_cb cb,
                      void *data);
/* PATCH: the fields of p that are set (strings not NULL, limits not 0;
 * visible_tests replaces which hidden tests are visible). */
int problem_cache_patch(struct problem_cache *c, const struct catalog_problem *p,
                        problem_write_cb cb, void *data);
/* DELETE: hides the problem and closes it to submissions. */
int problem_cache_delete(struct problem_cache *c, const char *id, problem_write_cb cb, void *data);

#endif
