/* Fair share against the private Redis: jobs_take() (store/jobs.c) spreads
 * the queue over the users' lists and takes from each user in turn, without
 * ever losing or duplicating a job. */
#include "store/jobs.h"
#include "store/keys.h"
#include "store/rate.h"
#include "store/redis.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKER "fair-test"

struct state {
    uv_loop_t loop;
    struct redis *r;
    int calls;
    int status;
    bool got;
    char text[4096];
};

static void on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct state *s = data;
    s->calls++;
    s->status = status;
    fixture_reply_text(reply, s->text, sizeof(s->text));
    uv_stop(&s->loop);
}

static void on_taken(int status, const char *job, size_t len, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    s->got = job != NULL;
    snprintf(s->text, sizeof(s->text), "%.*s", (int)len, job ? job : "");
    uv_stop(&s->loop);
}

static void on_status(int status, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    uv_stop(&s->loop);
}

/* Runs one command and waits for its reply (in s->text). */
static void cmd(struct state *s, int argc, const char **argv)
{
    int before = s->calls;
    cr_assert_eq(redis_cmd(s->r, 0, on_reply, s, argc, argv, NULL), 0);
    while (s->calls == before)
        uv_run(&s->loop, UV_RUN_ONCE);
    cr_assert_eq(s->status, 0, "%s failed", argv[0]);
}

/* jobs_take() once; true when it brought a job (in s->text). */
static bool take(struct state *s)
{
    int before = s->calls;
    cr_assert_eq(jobs_take(s->r, WORKER, on_taken, s), 0);
    while (s->calls == before)
        uv_run(&s->loop, UV_RUN_ONCE);
    cr_assert_eq(s->status, 0, "take failed");
    return s->got;
}

static void push(struct state *s, const char *job)
{
    const char *argv[3] = {"LPUSH", KEY_QUEUE, job};
    cmd(s, 3, argv);
}

static void start(struct state *s)
{
    const char *base = getenv("VERDICT_TEST_REDIS");
    cr_assert(base, "VERDICT_TEST_REDIS must be set (scripts/test.sh)");
    char url[256], err[256];
    snprintf(url, sizeof(url), "%s/14", base);
    memset(s, 0, sizeof(*s));
    uv_loop_init(&s->loop);
    s->r = redis_new(&s->loop, url, err, sizeof(err));
    cr_assert_not_null(s->r, "%s", err);
    while (!redis_connected(s->r))
        uv_run(&s->loop, UV_RUN_ONCE);
    const char *flush[1] = {"FLUSHDB"};
    cmd(s, 1, flush);
}

static void finish(struct state *s)
{
    redis_free(s->r);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&s->loop), 0);
}

static long long count(struct state *s, const char *key)
{
    const char *argv[2] = {"LLEN", key};
    cmd(s, 2, argv);
    return strtoll(s->text, NULL, 10);
}

static void on_rate(int status, bool allowed, long retry_after_s, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    s->got = allowed;
    snprintf(s->text, sizeof(s->text), "%ld", retry_after_s);
    uv_stop(&s->loop);
}

static bool rate(struct state *s, const char *user, long limit)
{
    int before = s->calls;
    cr_assert_eq(rate_hit(s->r, user, limit, on_rate, s), 0);
    while (s->calls == before)
        uv_run(&s->loop, UV_RUN_ONCE);
    cr_assert_eq(s->status, 0);
    long retry = strtol(s->text, NULL, 10);
    cr_assert(retry >= 1 && retry <= 60, "retry after %ld s", retry);
    return s->got;
}

/* --submit-rate's counter: N a minute per user, counted in Redis (so shared
 * by every api), the window ending with Redis's minute. */
Test(fair, submit_rate_is_counted_per_user_and_minute)
{
    struct state s;
    start(&s);
    for (int i = 0; i < 3; i++)
        cr_assert(rate(&s, "rl-a", 3), "submission %d refused", i);
    bool fourth = rate(&s, "rl-a", 3);
    cr_assert(rate(&s, "rl-b", 3), "another user is counted apart");
    const char *ttl[2] = {"TTL", KEY_RATE_PREFIX "rl-a"};
    cmd(&s, 2, ttl);
    long left = strtol(s.text, NULL, 10);
    cr_assert(left >= 0 && left <= 60, "ttl %ld", left);
    /* Unless the minute ended between the third and the fourth. */
    if (left > 1)
        cr_assert_not(fourth, "a fourth submission in the minute was allowed");
    cr_assert_eq(rate_hit(s.r,
                          "this-user-id-is-far-too-long-to-be-one-0123456789-0123456789-0123456789",
                          3, on_rate, &s),
                 -ENAMETOOLONG);
    finish(&s);
}

/* The bench's case in small: 500 queued by one user, then one by another.
 * The light user's job comes out within the few takes it needs to spread
 * the flood (JOBS_TAKE_SPREAD at a time), not behind the 500. */
Test(fair, a_flood_does_not_starve_a_second_user)
{
    struct state s;
    start(&s);
    char job[128];
    for (int i = 0; i < 500; i++) {
        snprintf(job, sizeof(job), "{\"userId\":\"heavy\",\"code\":\"%d\"}", i);
        push(&s, job);
    }
    push(&s, "{\"userId\":\"light\",\"code\":\"x\"}");
    int light_at = -1, next_heavy = 0;
    for (int i = 0; i < 501; i++) {
        cr_assert(take(&s), "take %d found nothing", i);
        if (strstr(s.text, "light")) {
            light_at = i;
            continue;
        }
        /* One user's jobs come out in the order they were pushed. */
        snprintf(job, sizeof(job), "{\"userId\":\"heavy\",\"code\":\"%d\"}", next_heavy++);
        cr_assert_str_eq(s.text, job);
    }
    cr_assert_geq(light_at, 0);
    /* Spread JOBS_TAKE_SPREAD at a time, then taken at once. */
    cr_assert_leq(light_at, (501 + JOBS_TAKE_SPREAD - 1) / JOBS_TAKE_SPREAD - 1,
                  "the light user's job came out %dth", light_at);
    cr_assert_not(take(&s));
    cr_assert_eq(count(&s, JOBS_PROCESSING_PREFIX WORKER), 501);
    finish(&s);
}

/* Three users with jobs waiting are served in turn, in the order they came;
 * a user who comes later, with nothing waiting, is served next. */
Test(fair, users_are_served_in_turn)
{
    struct state s;
    start(&s);
    for (int i = 0; i < 3; i++)
        push(&s, "{\"userId\":\"a\",\"code\":\"1\"}");
    push(&s, "{\"userId\":\"b\",\"code\":\"1\"}");
    push(&s, "{\"userId\":\"c\",\"code\":\"1\"}");
    const char *want[5] = {"a", "b", "c", "a", "a"};
    for (int i = 0; i < 5; i++) {
        cr_assert(take(&s));
        char needle[32];
        snprintf(needle, sizeof(needle), "\"userId\":\"%s\"", want[i]);
        cr_assert_not_null(strstr(s.text, needle), "take %d: %s, wanted %s", i, s.text, want[i]);
    }
    push(&s, "{\"userId\":\"a\",\"code\":\"2\"}");
    push(&s, "{\"userId\":\"a\",\"code\":\"3\"}");
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"userId\":\"a\",\"code\":\"2\"}");
    push(&s, "{\"userId\":\"d\",\"code\":\"1\"}");
    cr_assert(take(&s));
    cr_assert_not_null(strstr(s.text, "\"userId\":\"d\""), "%s", s.text);
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"userId\":\"a\",\"code\":\"3\"}");
    cr_assert_not(take(&s));
    finish(&s);
}

/* A user id sent as a JSON number (the tutorial's clients do) is that
 * user's, not "anonymous"'s. */
Test(fair, a_numeric_user_id_is_that_user)
{
    struct state s;
    start(&s);
    push(&s, "{\"userId\":42,\"code\":\"1\"}");
    push(&s, "{\"userId\":42,\"code\":\"2\"}");
    push(&s, "{\"problemId\":\"p\",\"code\":\"t\"}");
    const char *want[3] = {"{\"userId\":42,\"code\":\"1\"}", "{\"problemId\":\"p\",\"code\":\"t\"}",
                           "{\"userId\":42,\"code\":\"2\"}"};
    for (int i = 0; i < 3; i++) {
        cr_assert(take(&s));
        cr_assert_str_eq(s.text, want[i]);
    }
    cr_assert_not(take(&s));
    finish(&s);
}

/* A stored row pushed again ({"submissionId"} alone: the sweep's, a
 * rejudge's) waits until no user has a job ready. */
Test(fair, bulk_jobs_wait_behind_live_ones)
{
    struct state s;
    start(&s);
    push(&s, "{\"submissionId\":\"7\"}");
    push(&s, "{\"submissionId\":\"8\"}");
    push(&s, "{\"submissionId\":\"9\",\"userId\":\"alice\",\"code\":\"c\"}");
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"submissionId\":\"9\",\"userId\":\"alice\",\"code\":\"c\"}");
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"submissionId\":\"7\"}");
    push(&s, "{\"userId\":\"bob\",\"code\":\"c\"}");
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"userId\":\"bob\",\"code\":\"c\"}");
    cr_assert(take(&s));
    cr_assert_str_eq(s.text, "{\"submissionId\":\"8\"}");
    cr_assert_not(take(&s));
    finish(&s);
}

/* The tutorial's job (no userId), a bad userId and bytes that are not JSON
 * are all taken (as the user "anonymous"): the worker records what is wrong;
 * nothing sticks in a list. */
Test(fair, jobs_without_a_valid_user_are_taken_too)
{
    struct state s;
    start(&s);
    push(&s, "{\"problemId\":\"a-plus-b\",\"language\":\"c\",\"code\":\"int main(){}\"}");
    push(&s, "not json");
    push(&s, "{\"userId\":\"no spaces allowed\",\"code\":\"c\"}");
    push(&s, "[1,2]");
    const char *want[4] = {
        "{\"problemId\":\"a-plus-b\",\"language\":\"c\",\"code\":\"int main(){}\"}", "not json",
        "{\"userId\":\"no spaces allowed\",\"code\":\"c\"}", "[1,2]"};
    for (int i = 0; i < 4; i++) {
        cr_assert(take(&s));
        cr_assert_str_eq(s.text, want[i]);
    }
    cr_assert_not(take(&s));
    cr_assert_eq(count(&s, KEY_FAIR_USER_PREFIX JOBS_ANONYMOUS), 0);
    cr_assert_eq(count(&s, KEY_FAIR_READY), 0);
    finish(&s);
}

/* Jobs handed back (or reaped) go back on the queue and are spread again:
 * every job is in exactly one list at every step, and the lists are empty
 * once all are taken. */
Test(fair, handed_back_jobs_are_taken_again_and_none_is_lost)
{
    struct state s;
    start(&s);
    char job[128];
    for (int i = 0; i < 60; i++) {
        snprintf(job, sizeof(job), "{\"userId\":\"u%d\",\"code\":\"%d\"}", i % 7, i);
        push(&s, job);
    }
    for (int i = 0; i < 20; i++)
        cr_assert(take(&s));
    /* Hand back the last job taken: it is on the queue again. */
    int before = s.calls;
    char back[4096];
    snprintf(back, sizeof(back), "%s", s.text);
    cr_assert_eq(jobs_hand_back(s.r, WORKER, back, strlen(back), on_status, &s), 0);
    while (s.calls == before)
        uv_run(&s.loop, UV_RUN_ONCE);
    cr_assert_eq(s.status, 0);
    long long in_users = 0;
    for (int u = 0; u < 7; u++) {
        char key[64];
        snprintf(key, sizeof(key), KEY_FAIR_USER_PREFIX "u%d", u);
        in_users += count(&s, key);
    }
    cr_assert_eq(count(&s, KEY_QUEUE) + in_users + count(&s, JOBS_PROCESSING_PREFIX WORKER), 60);
    int taken = 0;
    while (take(&s))
        taken++;
    cr_assert_eq(taken, 41);
    cr_assert_eq(count(&s, JOBS_PROCESSING_PREFIX WORKER), 60);
    cr_assert_eq(count(&s, KEY_FAIR_READY), 0);
    finish(&s);
}
