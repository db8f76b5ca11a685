/* PostgreSQL connection on the loop: libpq non-blocking + pipeline mode,
 * prepared statements, reconnect with backoff, a watchdog for stuck queries. */
#include "store/pg.h"

#include "common/alloc.h"
#include "common/list.h"
#include "common/log.h"
#include "store/internal.h"
#include "store/pq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define PG_QUERY_TIMEOUT_MS 15000

enum pg_state { PG_DOWN, PG_CONNECTING, PG_UP };

/* One poll handle per socket: libpq may switch sockets while connecting, and a
 * uv_poll_t cannot be re-pointed until its close callback ran. */
struct pg_poll {
    uv_poll_t handle;
    struct pg *pg;
    int events;
};

struct pg_query {
    struct list node;
    pg_result_cb cb; /* NULL: nobody waits for the answer */
    bool is_prepare;
    void *data;
    PGresult *res;
    bool got_end; /* the NULL after its results came; only the sync is left */
    uint64_t sent_ms;
};

struct pg {
    uv_loop_t *loop;
    char *conninfo;
    const struct pg_stmt *stmts;
    PGconn *conn;
    struct pg_poll *poll;
    struct store__link link; /* retry: reconnect and deferred resets; watchdog */
    enum pg_state state;
    struct list pending;
    size_t npending;
    void (*state_cb)(struct pg *pg, bool up, const char *why, void *data);
    void *state_data;
    bool down_reported; /* the state callback heard of the current outage */
};

static void pg_connect(struct pg *pg);
static void pg_on_broken(uv_timer_t *t);
static void pg_poll_on_event(uv_poll_t *h, int status, int events);

static void pg_poll_on_close(uv_handle_t *h)
{
    free(h->data);
}

static void pg_poll_drop(struct pg *pg)
{
    if (pg->poll == NULL)
        return;
    uv_poll_stop(&pg->poll->handle);
    pg->poll->handle.data = pg->poll;
    uv_close((uv_handle_t *)&pg->poll->handle, pg_poll_on_close);
    pg->poll = NULL;
}

/* Watches the connection's current socket for events; replaces the poll
 * handle when libpq moved to another socket. */
static int pg_poll_set(struct pg *pg, int events)
{
    int fd = PQsocket(pg->conn);
    if (fd < 0)
        return -EBADF;
    int cur = -1;
    if (pg->poll && uv_fileno((uv_handle_t *)&pg->poll->handle, &cur) == 0 && cur != fd)
        pg_poll_drop(pg);
    if (pg->poll == NULL) {
        struct pg_poll *p = xcalloc(1, sizeof(*p));
        p->pg = pg;
        int rc = uv_poll_init(pg->loop, &p->handle, fd);
        if (rc < 0) {
            free(p);
            return rc;
        }
        pg->poll = p;
    }
    if (pg->poll->events == events && uv_is_active((uv_handle_t *)&pg->poll->handle))
        return 0;
    pg->poll->events = events;
    return uv_poll_start(&pg->poll->handle, events, pg_poll_on_event);
}

static void pg_fail_pending(struct pg *pg, int status)
{
    while (!list_empty(&pg->pending)) {
        struct pg_query *q = container_of(pg->pending.next, struct pg_query, node);
        list_remove(&q->node);
        pg->npending--;
        if (q->cb && !q->got_end)
            q->cb(pg, status, NULL, q->data);
        PQclear(q->res);
        free(q);
    }
}

static void pg_set_state(struct pg *pg, enum pg_state st, const char *why)
{
    bool was_up = pg->state == PG_UP;
    pg->state = st;
    if (pg->state_cb && was_up != (st == PG_UP))
        pg->state_cb(pg, st == PG_UP, why, pg->state_data);
}

/* Drops the connection, fails what was in flight and schedules a retry. The
 * state is DOWN before any callback runs, so a query sent from one of them is
 * refused with -ENOTCONN instead of reaching a dead connection. */
static void pg_reset(struct pg *pg, int status, const char *why)
{
    pg_poll_drop(pg);
    if (pg->conn) {
        PQfinish(pg->conn);
        pg->conn = NULL;
    }
    bool was_up = pg->state == PG_UP;
    pg->state = PG_DOWN;
    pg_fail_pending(pg, status);
    /* Reported once per outage, including a server that was never up. */
    if ((was_up || !pg->down_reported) && pg->state_cb)
        pg->state_cb(pg, false, why, pg->state_data);
    pg->down_reported = true;
    store__link_retry(&pg->link, pg_on_broken);
}

static void pg_reset_with_error(struct pg *pg, int status)
{
    char why[256];
    snprintf(why, sizeof(why), "%s", pg->conn ? PQerrorMessage(pg->conn) : "no connection");
    why[strcspn(why, "\n")] = '\0';
    pg_reset(pg, status, why);
}

static int pg_flush(struct pg *pg)
{
    int rc = PQflush(pg->conn);
    if (rc < 0)
        return -EIO;
    return pg_poll_set(pg, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0));
}

static struct pg_query *pg_enqueue(struct pg *pg, pg_result_cb cb, void *data)
{
    struct pg_query *q = xcalloc(1, sizeof(*q));
    q->cb = cb;
    q->data = data;
    q->sent_ms = uv_now(pg->loop);
    list_push(&pg->pending, &q->node);
    pg->npending++;
    return q;
}

/* Connected: enter pipeline mode and queue the PREPAREs; queries sent after
 * them are ordered behind them by the pipeline itself. */
static int pg_on_connected(struct pg *pg)
{
    if (PQsetnonblocking(pg->conn, 1) != 0 || PQenterPipelineMode(pg->conn) != 1)
        return -EIO;
    for (const struct pg_stmt *s = pg->stmts; s && s->name; s++) {
        if (!PQsendPrepare(pg->conn, s->name, s->sql, 0, NULL) || !PQpipelineSync(pg->conn))
            return -EIO;
        pg_enqueue(pg, NULL, NULL)->is_prepare = true;
    }
    store__link_up(&pg->link);
    pg->down_reported = false;
    pg_set_state(pg, PG_UP, "connected");
    return pg_flush(pg);
}

static void pg_connect_step(struct pg *pg)
{
    switch (PQconnectPoll(pg->conn)) {
    case PGRES_POLLING_READING:
        if (pg_poll_set(pg, UV_READABLE) < 0)
            pg_reset_with_error(pg, -ECONNRESET);
        return;
    case PGRES_POLLING_WRITING:
        if (pg_poll_set(pg, UV_WRITABLE) < 0)
            pg_reset_with_error(pg, -ECONNRESET);
        return;
    case PGRES_POLLING_OK:
        if (pg_on_connected(pg) < 0)
            pg_reset_with_error(pg, -ECONNRESET);
        return;
    default:
        pg_reset_with_error(pg, -ECONNRESET);
        return;
    }
}

static void pg_connect(struct pg *pg)
{
    pg->conn = PQconnectStart(pg->conninfo);
    if (pg->conn == NULL || PQstatus(pg->conn) == CONNECTION_BAD) {
        pg_reset_with_error(pg, -ECONNRESET);
        return;
    }
    pg->state = PG_CONNECTING;
    pg_connect_step(pg);
}

static void pg_deliver(struct pg *pg, struct pg_query *q)
{
    if (q->is_prepare) {
        /* A PREPARE failed: the schema is missing or wrong (not migrated
         * yet?). Retrying later lets a service start before `migrate`. */
        if (q->res && PQresultStatus(q->res) != PGRES_COMMAND_OK) {
            char why[300];
            snprintf(why, sizeof(why), "prepare failed: %s", PQresultErrorMessage(q->res));
            why[strcspn(why, "\n")] = '\0';
            PQclear(q->res);
            q->res = NULL;
            q->got_end = true;
            pg_reset(pg, -ECONNRESET, why);
            return;
        }
        return;
    }
    if (q->cb == NULL)
        return;
    ExecStatusType st = q->res ? PQresultStatus(q->res) : PGRES_FATAL_ERROR;
    int status = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -EIO;
    q->cb(pg, status, (struct pg_result *)q->res, q->data);
}

/* Reads every complete result: each query gives its results, a NULL, then
 * the PIPELINE_SYNC we sent after it. */
static void pg_read(struct pg *pg)
{
    if (!PQconsumeInput(pg->conn)) {
        pg_reset_with_error(pg, -ECONNRESET);
        return;
    }
    while (!list_empty(&pg->pending) && pg->conn && !PQisBusy(pg->conn)) {
        struct pg_query *q = container_of(pg->pending.next, struct pg_query, node);
        PGresult *r = PQgetResult(pg->conn);
        if (r == NULL) {
            if (q->got_end)
                break;
            q->got_end = true;
            pg_deliver(pg, q);
            continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            list_remove(&q->node);
            pg->npending--;
            PQclear(q->res);
            free(q);
            continue;
        }
        if (q->res == NULL)
            q->res = r;
        else
            PQclear(r);
    }
}

static void pg_on_broken(uv_timer_t *t)
{
    struct pg *pg = t->data;
    if (pg->state != PG_DOWN)
        pg_reset_with_error(pg, -ECONNRESET);
    else if (pg->conn == NULL)
        pg_connect(pg);
}

static void pg_poll_on_event(uv_poll_t *h, int status, int events)
{
    struct pg_poll *p = container_of(h, struct pg_poll, handle);
    struct pg *pg = p->pg;
    if (pg->poll != p)
        return;
    if (pg->state == PG_CONNECTING) {
        pg_connect_step(pg);
        return;
    }
    if (status < 0) {
        pg_reset_with_error(pg, -ECONNRESET);
        return;
    }
    if (events & UV_READABLE) {
        pg_read(pg);
        if (pg->conn == NULL)
            return;
    }
    if (pg_flush(pg) < 0)
        pg_reset_with_error(pg, -ECONNRESET);
}

/* Before a connection is given up on with queries unanswered (reported
 * failed): SO_LINGER 0 makes PQfinish's close() drop what the kernel still
 * holds to send and reset the connection. A plain close() leaves the bytes
 * on an orphaned socket that keeps retransmitting, so after a network cut
 * the server would run them once the link is back: a verdict the worker
 * keeps and stores again would be stored by the old statement first, its
 * retry found "finished elsewhere" and never announced
 * (tests/hosts/test_worker_cut_long.py). */
static void pg_abort_socket(struct pg *pg)
{
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    int fd = pg->conn ? PQsocket(pg->conn) : -1;
    if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) < 0)
        log_warn("postgres: cannot reset a connection given up on: %s (the kernel may still "
                 "deliver its last queries)",
                 strerror(errno));
}

static void pg_watchdog_on_tick(uv_timer_t *t)
{
    struct pg *pg = t->data;
    if (pg->state != PG_UP || list_empty(&pg->pending))
        return;
    struct pg_query *q = container_of(pg->pending.next, struct pg_query, node);
    if (uv_now(pg->loop) - q->sent_ms > PG_QUERY_TIMEOUT_MS) {
        pg_abort_socket(pg);
        pg_reset(pg, -ETIMEDOUT, "query timed out");
    }
}

struct pg *pg_new(uv_loop_t *loop, const char *conninfo, const struct pg_stmt *stmts, char *err,
                  size_t errlen)
{
    if (pq_load(err, errlen) < 0)
        return NULL;
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (opts == NULL) {
        snprintf(err, errlen, "bad database URL '%s': %s", conninfo, perr ? perr : "out of memory");
        err[strcspn(err, "\n")] = '\0';
        PQfreemem(perr);
        return NULL;
    }
    PQconninfoFree(opts);
    struct pg *pg = xcalloc(1, sizeof(*pg));
    pg->loop = loop;
    pg->conninfo = xstrdup(conninfo);
    pg->stmts = stmts;
    list_init(&pg->pending);
    /* It connects on the next loop turn, so the caller can set its state
     * callback first and hears of a server that is down from the start. */
    store__link_init(&pg->link, loop, pg, pg_on_broken, pg_watchdog_on_tick, 1000);
    return pg;
}

static void pg_on_closed(void *owner)
{
    struct pg *pg = owner;
    free(pg->conninfo);
    free(pg);
}

void pg_free(struct pg *pg)
{
    if (pg == NULL)
        return;
    pg_poll_drop(pg);
    if (pg->conn) {
        PQfinish(pg->conn);
        pg->conn = NULL;
    }
    pg->state_cb = NULL;
    pg_fail_pending(pg, -ECONNRESET);
    store__link_close(&pg->link, pg_on_closed);
}

void pg_on_state(struct pg *pg, void (*cb)(struct pg *pg, bool up, const char *why, void *data),
                 void *data)
{
    pg->state_cb = cb;
    pg->state_data = data;
}

bool pg_connected(const struct pg *pg)
{
    return pg->state == PG_UP;
}

size_t pg_pending(const struct pg *pg)
{
    return pg->npending;
}

int pg_exec(struct pg *pg, const char *name, int nparams, const char *const *values,
            const int *lengths, pg_result_cb cb, void *data)
{
    if (pg->state != PG_UP)
        return -ENOTCONN;
    if (!PQsendQueryPrepared(pg->conn, name, nparams, values, lengths, NULL, 0) ||
        !PQpipelineSync(pg->conn)) {
        return -EIO;
    }
    pg_enqueue(pg, cb, data);
    if (pg_flush(pg) < 0) {
        /* The query is queued; its callback must not run from here, so the
         * reset that fails it happens on the next loop turn. */
        uv_timer_start(&pg->link.retry, pg_on_broken, 0, 0);
    }
    return 0;
}

int pg_result_rows(const struct pg_result *res)
{
    return res ? PQntuples((const PGresult *)res) : 0;
}

int pg_result_cols(const struct pg_result *res)
{
    return res ? PQnfields((const PGresult *)res) : 0;
}

long pg_result_affected(const struct pg_result *res)
{
    const char *s = res ? PQcmdTuples((PGresult *)res) : "";
    return *s ? strtol(s, NULL, 10) : 0;
}

const char *pg_result_value(const struct pg_result *res, int row, int col, size_t *len)
{
    const PGresult *r = (const PGresult *)res;
    if (len)
        *len = (size_t)PQgetlength(r, row, col);
    return PQgetvalue(r, row, col);
}

bool pg_result_null(const struct pg_result *res, int row, int col)
{
    return PQgetisnull((const PGresult *)res, row, col);
}

const char *pg_result_error(const struct pg_result *res)
{
    return res ? PQresultErrorMessage((const PGresult *)res) : "no result";
}
