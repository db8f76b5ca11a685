/* The store layer against the private Redis and PostgreSQL of scripts/test.sh. */
#include "contract/ids.h"
#include "store/api_stmts.h"
#include "store/migrate.h"
#include "store/pg.h"
#include "store/queue.h"
#include "store/queue_batch.h"
#include "store/redis.h"
#include "store/submission_batch.h"
#include "store/submissions.h"
/* Blocking SQL for the fixtures' problems (store/internal.h, store/pq.h). */
#include "store/internal.h"
#include "store/pq.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_url[512];
static char redis_url[256];

static void setup(void)
{
    fixture_database("store", 11, db_url, sizeof(db_url), redis_url, sizeof(redis_url));
    /* A submission is stored only for a problem that exists and is not
     * deleted: the problems the tests submit to, and one deleted. */
    char err[512];
    struct pg_conn *conn = store__connect(db_url, err, sizeof(err));
    cr_assert_not_null(conn, "%s", err);
    cr_assert_eq(
        store__exec(conn,
                    "INSERT INTO problems (id, title, difficulty, statement, time_limit_ms, "
                    "memory_limit_mb, output_limit_kb, checker) SELECT id, 'T', 'easy', "
                    "'# T', 1000, 64, 64, 'tokens' FROM unnest('{p,a-plus-b,gone}'::text[]) "
                    "AS id; UPDATE problems SET deleted_at = now() WHERE id = 'gone'",
                    0, NULL, NULL, err, sizeof(err)),
        0, "%s", err);
    PQfinish(conn);
}

TestSuite(store, .init = setup);

struct state {
    uv_loop_t loop;
    int calls;
    int status;
    char text[4096];
    bool up;
};

static void stop_loop(struct state *s)
{
    uv_stop(&s->loop);
}

static void on_pg_state(struct pg *pg, bool up, const char *why, void *data)
{
    (void)pg;
    (void)why;
    struct state *s = data;
    s->up = up;
    s->calls++;
    stop_loop(s);
}

static void on_id(int status, const char *id, const char *public_id, void *data)
{
    cr_assert(status < 0 ? public_id == NULL : ids_public_valid(public_id, strlen(public_id)));
    cr_assert(status < 0 ? id == NULL : strtoll(id, NULL, 10) > 0);
    struct state *s = data;
    s->calls++;
    s->status = status;
    /* What reads take: the public id (the row id never leaves the store). */
    snprintf(s->text, sizeof(s->text), "%s", public_id ? public_id : "");
    stop_loop(s);
}

static void on_json(int status, const char *json, size_t len, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    snprintf(s->text, sizeof(s->text), "%.*s", (int)len, json ? json : "");
    stop_loop(s);
}

static struct pg *pg_up(struct state *s)
{
    char err[256];
    struct pg *pg = pg_new(&s->loop, db_url, api_stmts, err, sizeof(err));
    cr_assert_not_null(pg, "%s", err);
    pg_on_state(pg, on_pg_state, s);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert(s->up, "PostgreSQL did not come up");
    s->calls = 0;
    return pg;
}

static void finish(struct state *s)
{
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&s->loop), 0, "handles leaked");
}

Test(store, insert_then_read_back_as_json)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    cr_assert_eq(submissions_insert(pg, "alice", "a-plus-b", "c", "int main(){}", on_id, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    char id[40];
    snprintf(id, sizeof(id), "%.39s", s.text);
    cr_assert_eq(submissions_get(pg, id, on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    cr_assert(strstr(s.text, "\"userId\" : \"alice\"") != NULL, "%s", s.text);
    cr_assert(strstr(s.text, "\"status\" : \"queued\"") != NULL, "%s", s.text);
    cr_assert_eq(submissions_get(pg, "987654321", on_json, &s), 0); /* a row id is no name */
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, -ENOENT);
    cr_assert_eq(submissions_list_user(pg, "alice", 10, NULL, on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert(strstr(s.text, id) != NULL);
    cr_assert_eq(s.calls, 4);
    pg_free(pg);
    finish(&s);
}

Test(store, many_queries_in_flight_answer_in_order)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    for (int i = 0; i < 200; i++)
        cr_assert_eq(submissions_insert(pg, "bulk", "p", "c", "x", on_id, &s), 0);
    while (s.calls < 200)
        uv_run(&s.loop, UV_RUN_ONCE);
    cr_assert_eq(s.status, 0);
    cr_assert_eq(pg_pending(pg), 0);
    pg_free(pg);
    finish(&s);
}

Test(store, sql_error_is_reported_and_connection_survives)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    /* not UTF-8: PostgreSQL refuses the parameter */
    cr_assert_eq(submissions_get(pg, "\xff\xfe", on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, -EIO);
    cr_assert_eq(submissions_insert(pg, "ok", "p", "c", "x", on_id, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    pg_free(pg);
    finish(&s);
}

Test(store, bad_database_url_is_refused_at_once)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    char err[256];
    cr_assert_null(pg_new(&s.loop, "nonsense=1", api_stmts, err, sizeof(err)));
    cr_assert(strstr(err, "bad database URL") != NULL, "%s", err);
    finish(&s);
}

Test(store, database_down_is_reported_and_refuses_queries)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    char err[256];
    struct pg *pg =
        pg_new(&s.loop, "postgresql://postgres@127.0.0.1:1/x", api_stmts, err, sizeof(err));
    cr_assert_not_null(pg);
    pg_on_state(pg, on_pg_state, &s);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.calls, 1);
    cr_assert_not(s.up);
    cr_assert_eq(submissions_insert(pg, "a", "p", "c", "x", on_id, &s), -ENOTCONN);
    pg_free(pg);
    finish(&s);
}

static void on_redis_state(struct redis *r, bool up, const char *why, void *data)
{
    (void)r;
    (void)why;
    struct state *s = data;
    s->up = up;
    s->calls++;
    stop_loop(s);
}

static void on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct state *s = data;
    s->calls++;
    s->status = status;
    fixture_reply_text(reply, s->text, sizeof(s->text));
    stop_loop(s);
}

static void on_pushed(int status, void *data)
{
    struct state *s = data;
    s->calls++;
    s->status = status;
    stop_loop(s);
}

static struct redis *redis_up(struct state *s)
{
    char err[256];
    struct redis *r = redis_new(&s->loop, redis_url, err, sizeof(err));
    cr_assert_not_null(r, "%s", err);
    redis_on_state(r, on_redis_state, s);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    cr_assert(s->up, "Redis did not come up");
    s->calls = 0;
    return r;
}

Test(store, queue_push_lands_on_the_list)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct redis *r = redis_up(&s);
    const char *del[2] = {"DEL", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, del, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(queue_push(r, "{\"a\":1}", 7, on_pushed, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.status, 0);
    const char *llen[2] = {"LLEN", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, llen, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "1");
    redis_free(r);
    finish(&s);
}

Test(store, bad_redis_urls_are_refused)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    char err[256];
    cr_assert_null(redis_new(&s.loop, "http://x", err, sizeof(err)));
    cr_assert_null(redis_new(&s.loop, "redis://h:99999", err, sizeof(err)));
    cr_assert_null(redis_new(&s.loop, "redis://h:1/x", err, sizeof(err)));
    finish(&s);
}

/* The first retry timer once called redis_connect() with the timer instead of
 * the connection: a dropped connection never came back. */
Test(regress, redis_reconnects_after_its_connection_is_killed, .init = setup)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct redis *r = redis_up(&s);
    s.calls = 0;
    const char *quit[1] = {"QUIT"};
    redis_cmd(r, 0, on_reply, &s, 1, quit, NULL);
    /* The server closes the connection after QUIT: its reply, then the state
     * goes down, then up again. */
    while (!(s.calls >= 3 && s.up))
        uv_run(&s.loop, UV_RUN_ONCE);
    const char *ping[1] = {"PING"};
    cr_assert_eq(redis_cmd(r, 0, on_reply, &s, 1, ping, NULL), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "PONG");
    redis_free(r);
    finish(&s);
}

static void on_message(struct redis *r, const char *pattern, const char *channel, size_t clen,
                       const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)clen;
    struct state *s = data;
    s->calls++;
    snprintf(s->text, sizeof(s->text), "%.*s", (int)len, msg);
    stop_loop(s);
}

Test(store, subscription_receives_published_messages)
{
    struct state s = {0}, p = {0};
    uv_loop_init(&s.loop);
    struct redis *sub = redis_up(&s);
    cr_assert_eq(redis_subscribe(sub, "verdict-test-chan", false, on_message, &s), 0);
    /* SUBSCRIBE is confirmed before a PUBLISH from another connection lands. */
    const char *pub[3] = {"PUBLISH", "verdict-test-chan", "hello"};
    uv_loop_init(&p.loop);
    struct redis *pr = redis_up(&p);
    for (int tries = 0; tries < 100 && s.calls == 0; tries++) {
        redis_cmd(pr, 0, on_reply, &p, 3, pub, NULL);
        uv_run(&p.loop, UV_RUN_DEFAULT);
        uv_run(&s.loop, UV_RUN_NOWAIT);
    }
    cr_assert_str_eq(s.text, "hello");
    redis_free(pr);
    uv_run(&p.loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&p.loop), 0);
    redis_free(sub);
    finish(&s);
}

struct batch_state {
    struct state *s;
    int index;
    char id[24];
    char public_id[40];
};

static void on_batch_id(int status, const char *id, const char *public_id, void *data)
{
    struct batch_state *b = data;
    b->s->calls++;
    cr_assert_eq(status, 0);
    snprintf(b->id, sizeof(b->id), "%s", id);
    cr_assert(ids_public_valid(public_id, strlen(public_id)));
    snprintf(b->public_id, sizeof(b->public_id), "%s", public_id);
}

Test(store, one_loop_turn_of_inserts_is_one_batch_with_ids_in_order)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    struct submission_batch *batch = submission_batch_new(&s.loop, pg);
    static struct batch_state rows[300];
    const char *tricky = "a \"quoted\" \\ back\\\\slash {brace} , comma \xc3\xa9 NULL";
    for (int i = 0; i < 300; i++) {
        rows[i] = (struct batch_state){&s, i, "", ""};
        char user[32];
        snprintf(user, sizeof(user), "batch-%03d", i);
        cr_assert_eq(submission_batch_insert(batch, user, "p", "c", i == 7 ? tricky : "x",
                                             on_batch_id, &rows[i]),
                     0);
    }
    while (s.calls < 300)
        uv_run(&s.loop, UV_RUN_ONCE);
    for (int i = 1; i < 300; i++)
        cr_assert_lt(strtoll(rows[i - 1].id, NULL, 10), strtoll(rows[i].id, NULL, 10));
    /* each id belongs to the row asked for at that position */
    s.calls = 0;
    cr_assert_eq(submissions_get(pg, rows[7].public_id, on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert(strstr(s.text, "\"userId\" : \"batch-007\"") != NULL, "%s", s.text);
    cr_assert(
        strstr(s.text, "a \\\"quoted\\\" \\\\ back\\\\\\\\slash {brace} , comma \xc3\xa9 NULL") !=
            NULL,
        "%s", s.text);
    submission_batch_free(batch);
    pg_free(pg);
    finish(&s);
}

/* Rows for a deleted or unknown problem are not stored (-ENOENT, issue 11:
 * a DELETE closes a problem on every api at once), and the others of the
 * same batch still get their own ids. */
struct mixed_row {
    struct state *s;
    int status;
    char id[24];
};

static void on_mixed(int status, const char *id, const char *public_id, void *data)
{
    (void)public_id;
    struct mixed_row *r = data;
    r->s->calls++;
    r->status = status;
    snprintf(r->id, sizeof(r->id), "%s", id ? id : "");
}

Test(store, closed_problems_get_no_row_in_a_batch_or_alone)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    struct submission_batch *batch = submission_batch_new(&s.loop, pg);
    const char *problems[6] = {"p", "gone", "p", "never-was", "a-plus-b", "gone"};
    struct mixed_row rows[6];
    for (int i = 0; i < 6; i++) {
        rows[i] = (struct mixed_row){&s, 1, ""};
        cr_assert_eq(
            submission_batch_insert(batch, "mixed", problems[i], "c", "x", on_mixed, &rows[i]), 0);
    }
    while (s.calls < 6)
        uv_run(&s.loop, UV_RUN_ONCE);
    for (int i = 0; i < 6; i++) {
        bool open = strcmp(problems[i], "p") == 0 || strcmp(problems[i], "a-plus-b") == 0;
        cr_assert_eq(rows[i].status, open ? 0 : -ENOENT, "row %d (%s)", i, problems[i]);
    }
    cr_assert_lt(strtoll(rows[0].id, NULL, 10), strtoll(rows[2].id, NULL, 10));
    cr_assert_lt(strtoll(rows[2].id, NULL, 10), strtoll(rows[4].id, NULL, 10));
    struct mixed_row alone = {&s, 1, ""};
    s.calls = 0;
    cr_assert_eq(submissions_insert(pg, "mixed", "gone", "c", "x", on_mixed, &alone), 0);
    while (s.calls < 1)
        uv_run(&s.loop, UV_RUN_ONCE);
    cr_assert_eq(alone.status, -ENOENT);
    submission_batch_free(batch);
    pg_free(pg);
    finish(&s);
}

static void on_batch_pushed(int status, void *data)
{
    struct state *s = data;
    cr_assert_eq(status, 0);
    s->calls++;
}

Test(store, one_loop_turn_of_pushes_is_one_lpush_in_order)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct redis *r = redis_up(&s);
    const char *del[2] = {"DEL", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, del, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    s.calls = 0;
    struct queue_batch *qb = queue_batch_new(&s.loop, r);
    for (int i = 0; i < 2000; i++) {
        char job[32];
        int n = snprintf(job, sizeof(job), "{\"n\":%d}", i);
        cr_assert_eq(queue_batch_push(qb, job, (size_t)n, on_batch_pushed, &s), 0);
    }
    cr_assert_eq(s.calls, 0, "a push called back synchronously");
    while (s.calls < 2000)
        uv_run(&s.loop, UV_RUN_ONCE);
    /* The first pushed is the first a worker takes (from the right). */
    const char *first[2] = {"RPOP", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, first, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "{\"n\":0}");
    const char *last[2] = {"LPOP", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, last, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "{\"n\":1999}");
    queue_batch_free(qb);
    redis_free(r);
    finish(&s);
}

static void on_cancelled_id(int status, const char *id, const char *public_id, void *data)
{
    struct state *s = data;
    cr_assert_eq(status, -ECANCELED);
    cr_assert_null(id);
    cr_assert_null(public_id);
    s->calls++;
}

static void on_cancelled_push(int status, void *data)
{
    struct state *s = data;
    cr_assert_eq(status, -ECANCELED);
    s->calls++;
}

/* A batch freed before its loop turn ended answers each waiter once, and
 * sends nothing. */
Test(store, freed_batches_cancel_what_they_gathered)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct pg *pg = pg_up(&s);
    struct redis *r = redis_up(&s);
    const char *del[2] = {"DEL", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, del, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    s.calls = 0;
    struct submission_batch *sb = submission_batch_new(&s.loop, pg);
    struct queue_batch *qb = queue_batch_new(&s.loop, r);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(submission_batch_insert(sb, "cancelled", "p", "c", "x", on_cancelled_id, &s),
                     0);
        cr_assert_eq(queue_batch_push(qb, "{}", 2, on_cancelled_push, &s), 0);
    }
    submission_batch_free(sb);
    queue_batch_free(qb);
    cr_assert_eq(s.calls, 6);
    s.calls = 0;
    const char *llen[2] = {"LLEN", "problems"};
    redis_cmd(r, 0, on_reply, &s, 2, llen, NULL);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "0");
    cr_assert_eq(submissions_list_user(pg, "cancelled", 10, NULL, on_json, &s), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_str_eq(s.text, "[]");
    redis_free(r);
    pg_free(pg);
    finish(&s);
}

/* A command nobody waits for (cb NULL) is still sent, in order. */
Test(store, redis_command_without_a_callback_runs)
{
    struct state s = {0};
    uv_loop_init(&s.loop);
    struct redis *r = redis_up(&s);
    const char *set[3] = {"SET", "store:nocb", "42"};
    cr_assert_eq(redis_cmd(r, 0, NULL, NULL, 3, set, NULL), 0);
    const char *get[2] = {"GET", "store:nocb"};
    cr_assert_eq(redis_cmd(r, 0, on_reply, &s, 2, get, NULL), 0);
    uv_run(&s.loop, UV_RUN_DEFAULT);
    cr_assert_eq(s.calls, 1);
    cr_assert_str_eq(s.text, "42");
    redis_free(r);
    finish(&s);
}
