/* The read side of the problem cache. A reader asks Redis once (HGETALL of
 * the problem's entry); it is served from there only when the entry has a
 * version and no marker of a write in flight. Otherwise it joins its api's
 * flight for that problem: one PostgreSQL read at a time per problem, and a
 * reader only ever takes the answer of a read that started after it arrived
 * (readers arriving during a read wait for the next round, which first asks
 * Redis again, where the finished read has just put its answer). README "The
 * problem cache" argues why no reader sees a version older than a write that
 * has returned. */
#include "store/problem_cache.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* A marker older than this (its writer died, or lost Redis) is settled in
 * PostgreSQL by the next reader; younger ones only send readers there. */
#define PC_REPAIR_AFTER_S 5
/* The fill lock across apis: one api rebuilds a missing entry, the others
 * look again every PC_LOCK_WAIT_MS, PC_LOCK_TRIES times, then read anyway. */
#define PC_LOCK_PX "200"
#define PC_LOCK_WAIT_MS 5
#define PC_LOCK_TRIES 20
#define PC_TICK_MS 1000

struct pc_reader {
    store_json_cb cb;
    void *data;
    struct pc_reader *next;
};

struct store__pflight {
    struct problem_cache *c;
    char id[72];
    struct pc_reader *cur;  /* the round in progress */
    struct pc_reader *next; /* arrived since it started */
    char *repair;           /* a stale marker's token, settled before the read */
    char gen[24];           /* the entry's generation seen before the read, or "" */
    int tries;              /* lock waits so far */
    struct store__pflight *link;
};

/* What one HGETALL of an entry said. */
struct pc_entry {
    enum { PC_HIT, PC_MISS, PC_MARKED } kind;
    const char *json; /* PC_HIT: "" for a deleted or unknown problem */
    size_t len;
    char stale[64]; /* PC_MARKED: the token of a marker older than the lease, or "" */
    char gen[24];   /* the entry's generation ('g'), or "" */
};

/* Gives the entry a generation unless it has one, and returns it. The field
 * goes with the entry (a flush, an eviction, an expiry), so a fill whose read
 * of PostgreSQL began before that is refused (fill_script): that read may be
 * older than a write that returned in between. An entry with no version yet
 * expires, as unknown ids' entries do. */
static const char gen_script[] =
    "local g = redis.call('HGET', KEYS[1], 'g') "
    "if not g then "
    "  g = ARGV[1] "
    "  redis.call('HSET', KEYS[1], 'g', g) "
    "  if redis.call('HEXISTS', KEYS[1], 'v') == 0 then redis.call('EXPIRE', KEYS[1], 60) end "
    "end "
    "return g";

static void pc_parse(const struct redis_reply *reply, struct pc_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->kind = PC_MISS;
    bool version = false, marked = false;
    size_t n = redis_reply_count(reply);
    long long now = (long long)time(NULL);
    for (size_t i = 0; i + 1 < n; i += 2) {
        size_t klen, vlen;
        const char *k = redis_reply_str(redis_reply_elem(reply, i), &klen);
        const char *v = redis_reply_str(redis_reply_elem(reply, i + 1), &vlen);
        if (k == NULL || v == NULL)
            continue;
        if (klen == 1 && k[0] == 'v') {
            version = true;
        } else if (klen == 1 && k[0] == 'g' && vlen < sizeof(e->gen)) {
            snprintf(e->gen, sizeof(e->gen), "%.*s", (int)vlen, v);
        } else if (klen == 1 && k[0] == 'j') {
            e->json = v;
            e->len = vlen;
        } else if (klen > 2 && k[0] == 'w' && k[1] == ':') {
            marked = true;
            /* The marker holds Redis's clock, read here on ours: a skew only
             * moves when the repair happens, never what a reader sees. */
            if (now - strtoll(v, NULL, 10) > PC_REPAIR_AFTER_S && klen - 2 < sizeof(e->stale))
                snprintf(e->stale, sizeof(e->stale), "%.*s", (int)(klen - 2), k + 2);
        }
    }
    if (marked)
        e->kind = PC_MARKED;
    else if (version && e->json)
        e->kind = PC_HIT;
}

static bool pc_redis_usable(const struct problem_cache *c)
{
    return !c->closing && c->gate_open && redis_connected(c->redis);
}

static void pc_answer(struct pc_reader *r, int status, const char *json, size_t len)
{
    while (r) {
        struct pc_reader *next = r->next;
        r->cb(status, json, len, r->data);
        free(r);
        r = next;
    }
}

/* Answers from a hit: "" is a problem that is not there. */
static void pc_answer_hit(struct pc_reader *r, const struct pc_entry *e)
{
    if (e->len == 0)
        pc_answer(r, -ENOENT, NULL, 0);
    else
        pc_answer(r, 0, e->json, e->len);
}

static struct store__pflight **pc_find(struct problem_cache *c, const char *id)
{
    struct store__pflight **p = &c->flights;
    while (*p && strcmp((*p)->id, id) != 0)
        p = &(*p)->link;
    return p;
}

static void pc_read(struct store__pflight *f);
static void pc_round(struct store__pflight *f);
static void pc_lock(struct store__pflight *f);

/* The round is answered: the next one, or the end of the flight. */
static void pc_done(struct store__pflight *f)
{
    f->cur = NULL;
    f->tries = 0;
    if (f->next) {
        f->cur = f->next;
        f->next = NULL;
        pc_round(f);
        return;
    }
    struct problem_cache *c = f->c;
    struct store__pflight **p = pc_find(c, f->id);
    *p = f->link;
    free(f->repair);
    free(f);
    store__problem_unref(c);
}

/* The round's fill is in Redis: only now does the flight end, so that a
 * reader whose HGETALL was sent before the fill (and missed) finds the
 * flight and waits for the next round instead of reading PostgreSQL again. */
static void pc_on_fill(int status, long long moved, void *data)
{
    struct store__pflight *f = data;
    if (status == 0 && moved)
        f->c->m.rebuilds++;
    pc_done(f);
}

/* Fills Redis with what the round read (unless the entry's generation
 * changed since: fill_script), then answers the round. */
static void pc_fill_answer(struct store__pflight *f, long long version, const char *json,
                           size_t len)
{
    struct problem_cache *c = f->c;
    /* Filled before the next round, whose HGETALL, sent after it on the same
     * connection, then finds it. */
    bool filling =
        pc_redis_usable(c) && f->gen[0] &&
        store__problem_fill(c, f->id, version, json, len, f->repair, f->gen, pc_on_fill, f) == 0;
    free(f->repair);
    f->repair = NULL;
    struct pc_reader *cur = f->cur;
    f->cur = NULL;
    if (len == 0)
        pc_answer(cur, -ENOENT, NULL, 0);
    else
        pc_answer(cur, 0, json, len);
    if (!filling)
        pc_done(f);
}

/* Test hook (VERDICT_TEST_READ_PAUSE_MS): the round's answer, held between
 * its read of PostgreSQL and its fill. */
struct pc_paused {
    uv_timer_t timer;
    struct store__pflight *f;
    long long version;
    size_t len;
    char json[];
};

static void pc_on_paused_closed(uv_handle_t *h)
{
    free(h->data);
}

static void pc_on_pause(uv_timer_t *t)
{
    struct pc_paused *p = t->data;
    pc_fill_answer(p->f, p->version, p->json, p->len);
    uv_close((uv_handle_t *)t, pc_on_paused_closed);
}

static void pc_on_row(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    struct store__pflight *f = data;
    struct problem_cache *c = f->c;
    c->m.fallthroughs++;
    if (status < 0) {
        pc_answer(f->cur, status == -EIO ? -EIO : status, NULL, 0);
        pc_done(f);
        return;
    }
    bool known = pg_result_rows(res) == 1;
    long long version = known ? strtoll(pg_result_value(res, 0, 0, NULL), NULL, 10) : 0;
    size_t len = 0;
    const char *json = known && !pg_result_null(res, 0, 1) ? pg_result_value(res, 0, 1, &len) : "";
    if (c->read_pause_ms == 0 || c->closing) {
        pc_fill_answer(f, version, json, len);
        return;
    }
    log_warn("test hook: a reader of %s pauses %u ms between its read and its fill", f->id,
             c->read_pause_ms);
    struct pc_paused *p = xmalloc(sizeof(*p) + len + 1);
    p->f = f;
    p->version = version;
    p->len = len;
    memcpy(p->json, json, len + 1);
    uv_timer_init(c->loop, &p->timer);
    p->timer.data = p;
    uv_timer_start(&p->timer, pc_on_pause, c->read_pause_ms, 0);
}

static void pc_read_row(struct store__pflight *f)
{
    const char *v[1] = {f->id};
    int rc = f->c->closing ? -ECANCELED : pg_exec(f->c->pg, "prob_get", 1, v, NULL, pc_on_row, f);
    if (rc < 0) {
        pc_answer(f->cur, rc, NULL, 0);
        pc_done(f);
    }
}

static void pc_on_void(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    (void)res;
    struct store__pflight *f = data;
    if (status == 0)
        f->c->m.repairs++;
    pc_read_row(f);
}

/* Reads PostgreSQL for the round; an old marker is settled first, so the
 * read that follows sees its write if it ever commits. */
static void pc_read_settled(struct store__pflight *f)
{
    if (f->repair == NULL) {
        pc_read_row(f);
        return;
    }
    const char *v[2] = {f->repair, f->id};
    if (pg_exec(f->c->pg, "prob_void", 2, v, NULL, pc_on_void, f) < 0)
        pc_read_row(f);
}

static void pc_on_gen(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct store__pflight *f = data;
    size_t len;
    const char *g = status == 0 ? redis_reply_str(reply, &len) : NULL;
    if (g && len > 0 && len < sizeof(f->gen))
        snprintf(f->gen, sizeof(f->gen), "%.*s", (int)len, g);
    pc_read_settled(f);
}

/* The round's read of PostgreSQL, once the entry's generation is known (a
 * round without one reads but does not fill). */
static void pc_read(struct store__pflight *f)
{
    struct problem_cache *c = f->c;
    char key[KEY_PROBLEM_MAX], fresh[24];
    uint64_t bits;
    if (f->gen[0] || !pc_redis_usable(c) || keys_problem(key, f->id, false) < 0 ||
        getrandom(&bits, sizeof(bits), 0) != (ssize_t)sizeof(bits)) {
        pc_read_settled(f);
        return;
    }
    snprintf(fresh, sizeof(fresh), "%016llx", (unsigned long long)bits);
    const char *argv[5] = {"EVAL", gen_script, "1", key, fresh};
    if (redis_cmd(c->redis, 0, pc_on_gen, f, 5, argv, NULL) < 0)
        pc_read_settled(f);
}

/* Takes what HGETALL said for the whole round. */
static void pc_on_round_entry(struct redis *r, int status, const struct redis_reply *reply,
                              void *data)
{
    (void)r;
    struct store__pflight *f = data;
    struct pc_entry e = {.kind = PC_MISS};
    if (status == 0)
        pc_parse(reply, &e);
    snprintf(f->gen, sizeof(f->gen), "%s", e.gen);
    if (e.kind == PC_HIT) {
        f->c->m.hits++;
        pc_answer_hit(f->cur, &e);
        pc_done(f);
        return;
    }
    if (e.kind == PC_MARKED && e.stale[0] && f->repair == NULL)
        f->repair = xstrdup(e.stale);
    if (e.kind == PC_MISS && status == 0 && f->tries > 0 && f->tries < PC_LOCK_TRIES) {
        pc_lock(f);
        return;
    }
    pc_read(f);
}

static int pc_hgetall(struct problem_cache *c, const char *id, redis_reply_cb cb, void *data)
{
    char key[KEY_PROBLEM_MAX];
    if (keys_problem(key, id, false) < 0)
        return -ENAMETOOLONG;
    const char *argv[2] = {"HGETALL", key};
    return redis_cmd(c->redis, 0, cb, data, 2, argv, NULL);
}

/* A new round: Redis again (the last round may have filled it), else
 * PostgreSQL. */
static void pc_round(struct store__pflight *f)
{
    f->gen[0] = '\0';
    if (!pc_redis_usable(f->c) || pc_hgetall(f->c, f->id, pc_on_round_entry, f) < 0)
        pc_read(f);
}

static void pc_on_wait_closed(uv_handle_t *h)
{
    free(h);
}

static void pc_on_wait(uv_timer_t *t)
{
    struct store__pflight *f = t->data;
    uv_close((uv_handle_t *)t, pc_on_wait_closed);
    pc_round(f);
}

static void pc_on_lock(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct store__pflight *f = data;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_NIL) {
        /* Another api rebuilds it: look again shortly. */
        f->c->m.lock_waits++;
        f->tries++;
        uv_timer_t *t = xmalloc(sizeof(*t));
        uv_timer_init(f->c->loop, t);
        t->data = f;
        uv_timer_start(t, pc_on_wait, PC_LOCK_WAIT_MS, 0);
        return;
    }
    pc_read(f);
}

/* A missing entry: take the short fill lock, so that one api rebuilds it. */
static void pc_lock(struct store__pflight *f)
{
    char key[KEY_PROBLEM_MAX];
    keys_problem(key, f->id, true);
    const char *argv[6] = {"SET", key, "1", "NX", "PX", PC_LOCK_PX};
    if (redis_cmd(f->c->redis, 0, pc_on_lock, f, 6, argv, NULL) < 0)
        pc_read(f);
}

/* A reader Redis could not serve joins the problem's flight: the round in
 * progress is too old for it, so it waits for the next. */
static void pc_join(struct problem_cache *c, const char *id, struct pc_reader *r,
                    const struct pc_entry *e)
{
    struct store__pflight **p = pc_find(c, id);
    if (*p) { /* r may be a chain: every reader of one lookup */
        struct pc_reader *tail = r;
        while (tail->next)
            tail = tail->next;
        tail->next = (*p)->next;
        (*p)->next = r;
        return;
    }
    struct store__pflight *f = xcalloc(1, sizeof(*f));
    f->c = c;
    c->pending++;
    snprintf(f->id, sizeof(f->id), "%s", id);
    f->cur = r;
    *p = f;
    if (e && e->kind == PC_MARKED && e->stale[0])
        f->repair = xstrdup(e->stale);
    if (e && e->kind == PC_MISS && pc_redis_usable(c))
        pc_lock(f);
    else
        pc_read(f);
}

/* The readers of one problem in one loop turn: they share one HGETALL. */
struct store__plookup {
    struct problem_cache *c;
    struct pc_reader *r; /* a chain */
    unsigned nreaders;
    char id[72];
    struct store__plookup *link; /* the turn's next lookup */
};

static void pc_on_entry(struct redis *rd, int status, const struct redis_reply *reply, void *data)
{
    (void)rd;
    struct store__plookup *l = data;
    struct problem_cache *c = l->c;
    struct pc_entry e = {.kind = PC_MISS};
    if (status == 0)
        pc_parse(reply, &e);
    if (e.kind == PC_HIT) {
        c->m.hits += l->nreaders;
        pc_answer_hit(l->r, &e);
    } else {
        if (e.kind == PC_MARKED)
            c->m.refusals += l->nreaders;
        else
            c->m.misses += l->nreaders;
        pc_join(c, l->id, l->r, status == 0 ? &e : NULL);
    }
    free(l);
    store__problem_unref(c);
}

/* End of the loop turn: one HGETALL per problem asked for during it. Each
 * is sent after every one of its readers arrived, so it sees every write
 * that returned before any of them asked (a write answers only once its
 * entry is in Redis); an HGETALL already sent could not be shared so. */
static void pc_on_turn(uv_check_t *check)
{
    struct problem_cache *c = check->data;
    struct store__plookup *l = c->turn;
    c->turn = NULL;
    uv_check_stop(check);
    while (l) {
        struct store__plookup *next = l->link;
        if (!(pc_redis_usable(c) && pc_hgetall(c, l->id, pc_on_entry, l) == 0)) {
            c->m.misses += l->nreaders;
            pc_join(c, l->id, l->r, NULL);
            free(l);
            store__problem_unref(c);
        }
        l = next;
    }
}

/* Adds reader r to this turn's lookup of id. */
static void pc_lookup_add(struct problem_cache *c, const char *id, struct pc_reader *r)
{
    struct store__plookup *l = c->turn;
    while (l && strcmp(l->id, id) != 0)
        l = l->link;
    if (l) {
        r->next = l->r;
        l->r = r;
        l->nreaders++;
        return;
    }
    l = xcalloc(1, sizeof(*l));
    l->c = c;
    l->r = r;
    l->nreaders = 1;
    snprintf(l->id, sizeof(l->id), "%s", id);
    l->link = c->turn;
    c->turn = l;
    c->pending++;
    if (!uv_is_active((uv_handle_t *)&c->turn_check))
        uv_check_start(&c->turn_check, pc_on_turn);
}

int problem_cache_get(struct problem_cache *c, const char *id, store_json_cb cb, void *data)
{
    if (c->closing)
        return -ECANCELED;
    if (strlen(id) >= 72)
        return -ENAMETOOLONG;
    if (!pg_connected(c->pg) && !pc_redis_usable(c))
        return -ENOTCONN;
    struct pc_reader *r = xcalloc(1, sizeof(*r));
    r->cb = cb;
    r->data = data;
    struct store__pflight **p = pc_find(c, id);
    if (*p) { /* a read is in progress: Redis cannot know better yet */
        r->next = (*p)->next;
        (*p)->next = r;
        return 0;
    }
    if (pc_redis_usable(c)) {
        pc_lookup_add(c, id, r);
        return 0;
    }
    c->m.misses++;
    pc_join(c, id, r, NULL);
    return 0;
}

static void pc_on_tick(uv_timer_t *t)
{
    store__problem_reconcile(t->data);
}

struct problem_cache *problem_cache_new(uv_loop_t *loop, struct pg *pg, struct redis *redis)
{
    struct problem_cache *c = xcalloc(1, sizeof(*c));
    c->loop = loop;
    c->pg = pg;
    c->redis = redis;
    const char *rpause = getenv("VERDICT_TEST_READ_PAUSE_MS");
    if (rpause)
        c->read_pause_ms = (unsigned)strtoul(rpause, NULL, 10);
    const char *pause = getenv("VERDICT_TEST_WRITE_PAUSE_MS");
    if (pause)
        c->pause_ms = (unsigned)strtoul(pause, NULL, 10);
    uv_check_init(loop, &c->turn_check);
    c->turn_check.data = c;
    uv_timer_init(loop, &c->tick);
    c->tick.data = c;
    uv_timer_start(&c->tick, pc_on_tick, PC_TICK_MS, PC_TICK_MS);
    uv_unref((uv_handle_t *)&c->tick);
    return c;
}

void problem_cache_redis_up(struct problem_cache *c)
{
    c->gate_open = false;
    c->refilled = false;
    c->redis_ups++;
    store__problem_reconcile(c);
}

void problem_cache_pg_up(struct problem_cache *c)
{
    store__problem_reconcile(c);
}

bool problem_cache_redis_in_use(const struct problem_cache *c)
{
    return pc_redis_usable(c);
}

const struct problem_cache_metrics *problem_cache_metrics(const struct problem_cache *c)
{
    return &c->m;
}

void store__problem_unref(struct problem_cache *c)
{
    if (c->pending > 0)
        c->pending--;
    if (c->closing && c->handles_closed == 2 && c->pending == 0)
        free(c);
}

static void pc_on_closed(uv_handle_t *h)
{
    struct problem_cache *c = h->data;
    c->handles_closed++;
    c->pending++;
    store__problem_unref(c);
}

void problem_cache_free(struct problem_cache *c)
{
    if (c == NULL)
        return;
    c->closing = true;
    /* This turn's lookups were not sent: their readers hear it now. */
    struct store__plookup *l = c->turn;
    c->turn = NULL;
    while (l) {
        struct store__plookup *next = l->link;
        pc_answer(l->r, -ECANCELED, NULL, 0);
        free(l);
        store__problem_unref(c);
        l = next;
    }
    uv_close((uv_handle_t *)&c->tick, pc_on_closed);
    uv_close((uv_handle_t *)&c->turn_check, pc_on_closed);
}
