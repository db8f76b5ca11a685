/* The request lanes (store/lane.h) against the private Redis of
 * scripts/test.sh: a request queued with its wake-up (and its blob), taken
 * with the deadline check, answered with its TTL and announcement, read
 * back; and the kinds' encodings. */
#include "common/buf.h"
#include "store/checker_builds.h"
#include "store/input_checks.h"
#include "store/keys.h"
#include "store/lane.h"
#include "store/redis.h"

#include "fixture.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char db_url[512];
static char redis_url[256];

static void setup(void)
{
    fixture_database("lanes", 14, db_url, sizeof(db_url), redis_url, sizeof(redis_url));
}

TestSuite(lanes, .init = setup);

struct state {
    uv_loop_t loop;
    uv_timer_t guard;
    bool timed_out;
    int ups;
    int calls;
    int status;
    char text[4096];
    /* The last request taken. */
    bool taken;
    char token[LANE_TOKEN_MAX];
    uint64_t deadline;
    char member[256];
    char blob[256];
    bool has_blob;
    /* What came on the lanes' channels. */
    char requested[64];
    char answered[64];
};

static void on_guard(uv_timer_t *t)
{
    struct state *s = t->data;
    s->timed_out = true;
}

/* Runs the loop until a callback counted after before, or 5 s. */
static void await_call(struct state *s, int before)
{
    s->timed_out = false;
    uv_timer_start(&s->guard, on_guard, 5000, 0);
    while (s->calls == before && !s->timed_out)
        uv_run(&s->loop, UV_RUN_ONCE);
    uv_timer_stop(&s->guard);
    cr_assert(s->calls > before, "timed out");
}

static void on_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct state *s = data;
    s->ups += up;
}

static struct redis *redis_up(struct state *s)
{
    char err[256];
    struct redis *r = redis_new(&s->loop, redis_url, err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    redis_on_state(r, on_state, s);
    int before = s->ups;
    bool up = false;
    s->timed_out = false;
    uv_timer_start(&s->guard, on_guard, 5000, 0);
    while (!up && !s->timed_out) {
        uv_run(&s->loop, UV_RUN_ONCE);
        up = s->ups > before;
    }
    uv_timer_stop(&s->guard);
    cr_assert(up, "Redis did not come up");
    return r;
}

static void state_init(struct state *s)
{
    memset(s, 0, sizeof(*s));
    uv_loop_init(&s->loop);
    uv_timer_init(&s->loop, &s->guard);
    s->guard.data = s;
}

static void state_finish(struct state *s)
{
    uv_close((uv_handle_t *)&s->guard, NULL);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&s->loop), 0, "handles leaked");
}

static void on_status(int status, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
}

static void on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct state *s = data;
    s->calls++;
    s->status = status;
    fixture_reply_text(reply, s->text, sizeof(s->text));
}

/* Sends a command and waits for its reply (text in s->text). */
static void command(struct state *s, struct redis *r, int argc, const char **argv)
{
    int before = s->calls;
    cr_assert_eq(redis_cmd(r, 0, on_reply, s, argc, argv, NULL), 0);
    await_call(s, before);
}

static void on_take(int status, const struct lane_request *req, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    s->taken = req != NULL;
    s->token[0] = s->member[0] = s->blob[0] = '\0';
    s->has_blob = false;
    if (req == NULL)
        return;
    snprintf(s->token, sizeof(s->token), "%s", req->token);
    s->deadline = req->deadline_ms;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive((const cJSON *)req->doc, "source");
    if (cJSON_IsString(m))
        snprintf(s->member, sizeof(s->member), "%s", m->valuestring);
    s->has_blob = req->blob != NULL;
    if (req->blob)
        snprintf(s->blob, sizeof(s->blob), "%.*s", (int)req->blob_len, req->blob);
}

static void take(struct state *s, struct redis *r, const struct lane_kind *k)
{
    int before = s->calls;
    cr_assert_eq(lane_take(r, k, on_take, s), 0);
    await_call(s, before);
}

static void request(struct state *s, struct redis *r, const struct lane_kind *k, const char *token,
                    uint64_t deadline, const char *members, const char *blob, size_t len)
{
    int before = s->calls;
    cr_assert_eq(lane_request(r, k, token, deadline, members, blob, len, on_status, s), 0);
    await_call(s, before);
    cr_assert_eq(s->status, 0);
}

static void on_message(struct redis *r, const char *pattern, const char *channel, size_t clen,
                       const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    struct state *s = data;
    if (clen == strlen(CHANNEL_LANES_REQUESTED) &&
        memcmp(channel, CHANNEL_LANES_REQUESTED, clen) == 0)
        snprintf(s->requested, sizeof(s->requested), "%.*s", (int)len, msg);
    else
        snprintf(s->answered, sizeof(s->answered), "%.*s", (int)len, msg);
}

static void clear(struct state *s, struct redis *r)
{
    const char *del[] = {"DEL", KEY_CHECKER_BUILDS, KEY_INPUT_CHECKS, KEY_SETTLES};
    command(s, r, 4, del);
}

/* A subscriber on both lanes' channels, confirmed: a probe published came
 * back. */
static struct redis *subscriber(struct state *s, struct redis *r)
{
    struct redis *sub = redis_up(s);
    cr_assert_eq(redis_subscribe(sub, CHANNEL_LANES_REQUESTED, false, on_message, s), 0);
    cr_assert_eq(redis_subscribe(sub, CHANNEL_LANES_ANSWERED, false, on_message, s), 0);
    const char *probe[] = {"PUBLISH", CHANNEL_LANES_ANSWERED, "probe"};
    for (int i = 0; i < 200 && strcmp(s->answered, "probe") != 0; i++)
        command(s, r, 3, probe);
    cr_assert_str_eq(s->answered, "probe");
    return sub;
}

static void wait_text(struct state *s, const char *field, const char *want)
{
    s->timed_out = false;
    uv_timer_start(&s->guard, on_guard, 5000, 0);
    while (strcmp(field, want) != 0 && !s->timed_out)
        uv_run(&s->loop, UV_RUN_ONCE);
    uv_timer_stop(&s->guard);
    cr_assert_str_eq(field, want);
}

Test(lanes, a_request_is_queued_announced_and_taken_once_with_its_members)
{
    struct state s;
    state_init(&s);
    struct redis *r = redis_up(&s);
    clear(&s, r);
    struct redis *sub = subscriber(&s, r);
    uint64_t deadline = lane_now_ms() + 60000;
    struct buf m;
    buf_init(&m);
    checker_builds_members(&m, "int main(){}", 12);
    request(&s, r, &lane_checker_builds, "0123abcd", deadline, m.data, NULL, 0);
    buf_dispose(&m);
    wait_text(&s, s.requested, "checker");
    const char *len[] = {"LLEN", KEY_CHECKER_BUILDS};
    command(&s, r, 2, len);
    cr_assert_str_eq(s.text, "1");
    take(&s, r, &lane_checker_builds);
    cr_assert_eq(s.status, 0);
    cr_assert(s.taken);
    cr_assert_str_eq(s.token, "0123abcd");
    cr_assert_eq(s.deadline, deadline);
    cr_assert_str_eq(s.member, "int main(){}");
    cr_assert(!s.has_blob);
    /* Taken once: the list is empty now. */
    take(&s, r, &lane_checker_builds);
    cr_assert_eq(s.status, 0);
    cr_assert(!s.taken);
    redis_free(sub);
    redis_free(r);
    state_finish(&s);
}

Test(lanes, a_request_past_its_deadline_or_malformed_is_dropped_and_the_next_taken)
{
    struct state s;
    state_init(&s);
    struct redis *r = redis_up(&s);
    clear(&s, r);
    request(&s, r, &lane_input_checks, "aa", lane_now_ms() - 1, NULL, NULL, 0);
    const char *bad[] = {"LPUSH", KEY_INPUT_CHECKS, "{not json"};
    command(&s, r, 3, bad);
    request(&s, r, &lane_input_checks, "bb", lane_now_ms() + 60000, NULL, NULL, 0);
    take(&s, r, &lane_input_checks);
    cr_assert_eq(s.status, -ESTALE);
    cr_assert(!s.taken);
    take(&s, r, &lane_input_checks);
    cr_assert_eq(s.status, -ESTALE);
    take(&s, r, &lane_input_checks);
    cr_assert_eq(s.status, 0);
    cr_assert_str_eq(s.token, "bb");
    /* A token too long for any request is refused before it is sent. */
    char longtok[LANE_TOKEN_MAX + 8];
    memset(longtok, 'a', sizeof(longtok) - 1);
    longtok[sizeof(longtok) - 1] = '\0';
    cr_assert_eq(lane_request(r, &lane_input_checks, longtok, 1, NULL, NULL, 0, on_status, &s),
                 -EINVAL);
    redis_free(r);
    state_finish(&s);
}

Test(lanes, a_blob_travels_with_its_request_and_is_gone_once_taken)
{
    struct state s;
    state_init(&s);
    struct redis *r = redis_up(&s);
    clear(&s, r);
    request(&s, r, &lane_settles, "cafe", lane_now_ms() + 60000, NULL, "PK\x03\x04zip", 7);
    const char *ttl[] = {"TTL", KEY_SETTLE_ZIP_PREFIX "cafe"};
    command(&s, r, 2, ttl);
    long left = strtol(s.text, NULL, 10);
    cr_assert(left > 500 && left <= LANE_BLOB_TTL_S, "ttl %s", s.text);
    take(&s, r, &lane_settles);
    cr_assert_eq(s.status, 0);
    cr_assert_str_eq(s.token, "cafe");
    cr_assert(s.has_blob);
    cr_assert_str_eq(s.blob, "PK\x03\x04zip");
    const char *exists[] = {"EXISTS", KEY_SETTLE_ZIP_PREFIX "cafe"};
    command(&s, r, 2, exists);
    cr_assert_str_eq(s.text, "0");
    /* A blob only goes with a kind that keeps one. */
    cr_assert_eq(lane_request(r, &lane_checker_builds, "x", 1, NULL, "b", 1, on_status, &s),
                 -EINVAL);
    redis_free(r);
    state_finish(&s);
}

Test(lanes, a_stale_requests_blob_is_deleted_unread)
{
    struct state s;
    state_init(&s);
    struct redis *r = redis_up(&s);
    clear(&s, r);
    request(&s, r, &lane_settles, "old1", lane_now_ms() - 1, NULL, "PK\x03\x04zip", 7);
    /* Counted anew: commands a script calls count too. */
    const char *reset[] = {"CONFIG", "RESETSTAT"};
    command(&s, r, 2, reset);
    take(&s, r, &lane_settles);
    cr_assert_eq(s.status, -ESTALE);
    const char *stats[] = {"INFO", "commandstats"};
    command(&s, r, 2, stats);
    cr_assert(strstr(s.text, "cmdstat_rpop:") != NULL, "%s", s.text);
    cr_assert(strstr(s.text, "cmdstat_del:") != NULL, "%s", s.text);
    cr_assert(strstr(s.text, "cmdstat_get:") == NULL, "the zip was read: %s", s.text);
    const char *exists[] = {"EXISTS", KEY_SETTLE_ZIP_PREFIX "old1"};
    command(&s, r, 2, exists);
    cr_assert_str_eq(s.text, "0");
    redis_free(r);
    state_finish(&s);
}

static void on_result(int status, const char *answer, size_t len, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    snprintf(s->text, sizeof(s->text), "%s", answer ? "" : "(none)");
    if (answer)
        snprintf(s->text, sizeof(s->text), "%.*s", (int)len, answer);
}

static void result(struct state *s, struct redis *r, const struct lane_kind *k, const char *token)
{
    int before = s->calls;
    cr_assert_eq(lane_result(r, k, token, on_result, s), 0);
    await_call(s, before);
}

Test(lanes, an_answer_is_stored_with_its_ttl_and_its_token_announced)
{
    struct state s;
    state_init(&s);
    struct redis *r = redis_up(&s);
    struct redis *sub = subscriber(&s, r);
    /* Not an answer left by a run of this test within its TTL. */
    const char *del[] = {"DEL", KEY_CHECKER_RESULT_PREFIX "feed01"};
    command(&s, r, 2, del);
    result(&s, r, &lane_checker_builds, "feed01");
    cr_assert_eq(s.status, 0);
    cr_assert_str_eq(s.text, "(none)");
    int before = s.calls;
    cr_assert_eq(
        checker_builds_answer(r, "feed01", CHECKER_BUILD_ERROR, "x.c:1: error", on_status, &s), 0);
    await_call(&s, before);
    cr_assert_eq(s.status, 0);
    wait_text(&s, s.answered, "feed01");
    result(&s, r, &lane_checker_builds, "feed01");
    cr_assert_str_eq(s.text, "1\nx.c:1: error");
    const char *msg;
    cr_assert_eq(checker_builds_outcome(s.text, &msg), CHECKER_BUILD_ERROR);
    cr_assert_str_eq(msg, "x.c:1: error");
    const char *ttl[] = {"TTL", KEY_CHECKER_RESULT_PREFIX "feed01"};
    command(&s, r, 2, ttl);
    long left = strtol(s.text, NULL, 10);
    cr_assert(left > 50 && left <= LANE_ANSWER_TTL_S, "ttl %s", s.text);
    /* Another kind's answer lives under its own prefix. */
    result(&s, r, &lane_input_checks, "feed01");
    cr_assert_str_eq(s.text, "(none)");
    redis_free(sub);
    redis_free(r);
    state_finish(&s);
}

Test(lanes, answers_that_are_not_an_outcome_read_as_internal_failures)
{
    const char *msg;
    cr_assert_eq(input_checks_outcome("0\n", &msg), INPUT_CHECK_VALID);
    cr_assert_eq(input_checks_outcome("1\nbad line 2", &msg), INPUT_CHECK_REJECTED);
    cr_assert_str_eq(msg, "bad line 2");
    cr_assert_eq(input_checks_outcome("7\nwhat", &msg), INPUT_CHECK_INTERNAL);
    cr_assert_eq(input_checks_outcome("x", &msg), INPUT_CHECK_INTERNAL);
    cr_assert_eq(checker_builds_outcome("", &msg), CHECKER_BUILD_INTERNAL);
    cr_assert_eq(checker_builds_outcome("01\n", &msg), CHECKER_BUILD_INTERNAL);
    cr_assert(lane_kind_named("settle", 6) == &lane_settles);
    cr_assert_null(lane_kind_named("settles", 7));
}
