/* The problem cache (store/problem_cache.c, problem_write.c) against the
 * private Redis and PostgreSQL: writes publish before they answer, fills
 * never move an entry back, a deleted problem is a 404 from the cache, and
 * everything closes (the loop ends with nothing open). */
#include "store/problem_cache.h"
#include "store/api_stmts.h"
#include "store/catalog.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char db_url[512];
static char redis_url[256];

static void setup(void)
{
    fixture_database("pcache", 12, db_url, sizeof(db_url), redis_url, sizeof(redis_url));
}

TestSuite(pcache, .init = setup);

struct it {
    uv_loop_t loop;
    struct pg *pg;
    struct redis *redis;
    struct problem_cache *cache;
    uv_timer_t timer;
    int calls;
    int status;
    int version;
    bool published;
    char text[8192];
};

static void it_on_pg(struct pg *pg, bool up, const char *why, void *data)
{
    (void)pg;
    (void)why;
    struct it *t = data;
    if (up)
        problem_cache_pg_up(t->cache);
}

static void it_on_redis(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct it *t = data;
    if (up)
        problem_cache_redis_up(t->cache);
}

static void it_on_timer(uv_timer_t *h)
{
    uv_stop(h->loop);
}

/* Runs the loop for ms (long enough for connects and the reconcile). */
static void it_run(struct it *t, unsigned ms)
{
    uv_timer_start(&t->timer, it_on_timer, ms, 0);
    uv_run(&t->loop, UV_RUN_DEFAULT);
}

/* Runs the loop until one more callback came. */
static void it_wait(struct it *t, int calls)
{
    for (int i = 0; i < 500 && t->calls < calls; i++)
        it_run(t, 10);
    cr_assert_eq(t->calls, calls);
}

static void it_open(struct it *t)
{
    memset(t, 0, sizeof(*t));
    cr_assert_eq(uv_loop_init(&t->loop), 0);
    uv_timer_init(&t->loop, &t->timer);
    char err[256];
    t->pg = pg_new(&t->loop, db_url, api_stmts, err, sizeof(err));
    cr_assert_not_null(t->pg, "%s", err);
    t->redis = redis_new(&t->loop, redis_url, err, sizeof(err));
    cr_assert_not_null(t->redis, "%s", err);
    t->cache = problem_cache_new(&t->loop, t->pg, t->redis);
    pg_on_state(t->pg, it_on_pg, t);
    redis_on_state(t->redis, it_on_redis, t);
    for (int i = 0; i < 500 && !problem_cache_redis_in_use(t->cache); i++)
        it_run(t, 10);
    cr_assert(pg_connected(t->pg) && problem_cache_redis_in_use(t->cache));
    /* The database is new, Redis is not: entries of an earlier run would be
     * ahead of it (versions never go back in one database). */
    const char *flush[1] = {"FLUSHDB"};
    cr_assert_eq(redis_cmd(t->redis, 0, NULL, NULL, 1, flush, NULL), 0);
}

static void it_close(struct it *t)
{
    problem_cache_free(t->cache);
    pg_free(t->pg);
    redis_free(t->redis);
    uv_close((uv_handle_t *)&t->timer, NULL);
    uv_run(&t->loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&t->loop), 0);
}

static void it_on_written(int status, const struct problem_written *w, const char *msg, void *data)
{
    (void)msg;
    struct it *t = data;
    t->calls++;
    t->status = status;
    t->version = status == 0 ? w->version : 0;
    t->published = status == 0 && w->published;
}

static void it_on_json(int status, const char *json, size_t len, void *data)
{
    struct it *t = data;
    t->calls++;
    t->status = status;
    snprintf(t->text, sizeof(t->text), "%.*s", (int)len, json ? json : "");
}

static void it_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct it *t = data;
    t->calls++;
    t->status = status;
    fixture_reply_text(reply, t->text, sizeof(t->text));
}

static void it_redis(struct it *t, int argc, const char **argv)
{
    int calls = t->calls;
    cr_assert_eq(redis_cmd(t->redis, 0, it_on_reply, t, argc, argv, NULL), 0);
    it_wait(t, calls + 1);
}

static void it_get(struct it *t, const char *id)
{
    int calls = t->calls;
    cr_assert_eq(problem_cache_get(t->cache, id, it_on_json, t), 0);
    it_wait(t, calls + 1);
}

static void it_put(struct it *t, const char *id, const char *title)
{
    struct catalog_test tests[1] = {{false, "1\n", "1\n", false}};
    struct catalog_problem p = {
        .id = (char *)id,
        .title = (char *)title,
        .difficulty = "easy",
        .statement = "# T\n",
        .time_limit_ms = 1000,
        .memory_limit_mb = 64,
        .output_limit_kb = 64,
        .checker = "tokens",
        .tests = tests,
        .ntests = 1,
    };
    snprintf(p.hash, sizeof(p.hash), "%s", title); /* any text that changes with it */
    int calls = t->calls;
    cr_assert_eq(problem_cache_put(t->cache, &p, it_on_written, t), 0);
    it_wait(t, calls + 1);
}

Test(pcache, a_write_is_in_redis_before_it_answers)
{
    struct it t;
    it_open(&t);
    it_put(&t, "pc-one", "One");
    cr_assert_eq(t.status, 0);
    cr_assert(t.published);
    int v = t.version;
    const char *hget[3] = {"HGET", "problem:{pc-one}", "v"};
    it_redis(&t, 3, hget);
    cr_assert_eq(strtol(t.text, NULL, 10), v);
    struct problem_cache_metrics before = *problem_cache_metrics(t.cache);
    it_get(&t, "pc-one");
    cr_assert_eq(t.status, 0);
    cr_assert(strstr(t.text, "\"One\""), "%s", t.text);
    cr_assert_eq(problem_cache_metrics(t.cache)->hits, before.hits + 1);
    cr_assert_eq(problem_cache_metrics(t.cache)->fallthroughs, before.fallthroughs);
    it_close(&t);
}

Test(pcache, fills_never_move_an_entry_back)
{
    struct it t;
    it_open(&t);
    it_put(&t, "pc-two", "Two");
    /* An entry ahead of PostgreSQL (as if a newer write had published): a
     * write with an older version leaves it, and clears its own marker. */
    const char *ahead[6] = {"HSET", "problem:{pc-two}", "v", "1000", "j", "{\"v\":1000}"};
    it_redis(&t, 6, ahead);
    it_put(&t, "pc-two", "Two again");
    cr_assert_eq(t.status, 0);
    cr_assert_lt(t.version, 1000);
    const char *keys[2] = {"HKEYS", "problem:{pc-two}"};
    it_redis(&t, 2, keys);
    const char *hget[3] = {"HGET", "problem:{pc-two}", "v"};
    it_redis(&t, 3, hget);
    cr_assert_str_eq(t.text, "1000");
    it_get(&t, "pc-two");
    cr_assert_str_eq(t.text, "{\"v\":1000}");
    it_close(&t);
}

Test(pcache, a_marker_sends_readers_to_postgresql_and_a_delete_is_a_404)
{
    struct it t;
    it_open(&t);
    it_put(&t, "pc-three", "Three");
    /* A young marker: the entry is not trusted. */
    char now[32];
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    const char *mark[4] = {"HSET", "problem:{pc-three}", "w:0123456789abcdef", now};
    it_redis(&t, 4, mark);
    const char *stale[4] = {"HSET", "problem:{pc-three}", "j", "{\"stale\":true}"};
    it_redis(&t, 4, stale);
    uint64_t refusals = problem_cache_metrics(t.cache)->refusals;
    it_get(&t, "pc-three");
    cr_assert(strstr(t.text, "\"Three\""), "%s", t.text);
    cr_assert_eq(problem_cache_metrics(t.cache)->refusals, refusals + 1);
    const char *unmark[3] = {"HDEL", "problem:{pc-three}", "w:0123456789abcdef"};
    it_redis(&t, 3, unmark);
    int calls = t.calls;
    cr_assert_eq(problem_cache_delete(t.cache, "pc-three", it_on_written, &t), 0);
    it_wait(&t, calls + 1);
    cr_assert_eq(t.status, 0);
    it_get(&t, "pc-three");
    cr_assert_eq(t.status, -ENOENT, "%d %s", t.status, t.text);
    calls = t.calls;
    cr_assert_eq(problem_cache_delete(t.cache, "pc-three", it_on_written, &t), 0);
    it_wait(&t, calls + 1);
    cr_assert_eq(t.status, -ENOENT);
    it_close(&t);
}

/* The HGETALL calls Redis has served so far (INFO commandstats). */
static long hgetall_calls(struct it *t)
{
    const char *info[2] = {"INFO", "commandstats"};
    it_redis(t, 2, info);
    const char *s = strstr(t->text, "cmdstat_hgetall:calls=");
    return s ? strtol(s + strlen("cmdstat_hgetall:calls="), NULL, 10) : 0;
}

/* Readers of one problem in one loop turn share one HGETALL, sent at the end
 * of the turn (after all of them arrived); the next turn asks again. */
Test(pcache, readers_of_one_turn_share_one_lookup)
{
    struct it t;
    it_open(&t);
    it_put(&t, "shared", "Shared");
    long before = hgetall_calls(&t);
    int calls = t.calls;
    for (int i = 0; i < 50; i++)
        cr_assert_eq(problem_cache_get(t.cache, "shared", it_on_json, &t), 0);
    cr_assert_eq(problem_cache_get(t.cache, "other-one", it_on_json, &t), 0);
    it_wait(&t, calls + 51);
    /* 50 readers of "shared" and one of "other-one": two lookups (the INFO
     * itself is no HGETALL); "other-one" then reads PostgreSQL. */
    cr_assert_eq(hgetall_calls(&t) - before, 2);
    it_get(&t, "shared");
    cr_assert(strstr(t.text, "\"title\" : \"Shared\"") != NULL, "%s", t.text);
    cr_assert_eq(hgetall_calls(&t) - before, 3);
    const struct problem_cache_metrics *m = problem_cache_metrics(t.cache);
    cr_assert_geq(m->hits, 51);
    it_close(&t);
}
