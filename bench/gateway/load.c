/* Load tool for the gateway (and any server speaking its protocol, e.g. the
 * Node `ws` reference):
 *   hold:  opens --conns WebSocket connections from --src addresses, each
 *          identifying as user u<first+i>, and measures every event that
 *          carries "t" (CLOCK_MONOTONIC ns at publish time): targeted events
 *          (p50/p99/max, count) and broadcast rounds (time until the last
 *          connection of this process had it);
 *   pub:   publishes --rate events/s for --seconds over --users users, through
 *          events_publish() (per-user channels) or, with --shared, as plain
 *          PUBLISH problem_done (one shared channel), then an end marker;
 *   bcast: publishes --rounds broadcasts, --gap-ms apart.
 * Output: one JSON line per result on stdout. */
#include "net/ws_client.h"
#include "store/events.h"
#include "store/keys.h"
#include "store/redis.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIST_US 200000 /* 1 µs buckets up to 200 ms; slower ones land in the last */
#define MAX_INFLIGHT 256

struct load {
    uv_loop_t *loop;
    struct sockaddr_in dst;
    struct sockaddr_in src[8];
    int nsrc;
    char host[64], path[64];
    int conns, first, started, ready, closed, failed;
    uint32_t *hist;
    uint64_t delivered;
    uint64_t max_ns;
    int ends;
    int round, round_count;
    uint64_t round_max;
    uv_signal_t sigterm;
    uv_timer_t stop;
};

static uint64_t field_u64(const char *msg, size_t len, const char *name)
{
    const char *p = memmem(msg, len, name, strlen(name));
    return p ? strtoull(p + strlen(name), NULL, 10) : 0;
}

static void load_report_deliver(struct load *l)
{
    uint64_t n = 0, p50 = 0, p99 = 0;
    for (int i = 0; i < HIST_US; i++) {
        n += l->hist[i];
        if (!p50 && n * 2 >= l->delivered)
            p50 = (uint64_t)i;
        if (!p99 && n * 100 >= l->delivered * 99) {
            p99 = (uint64_t)i;
            break;
        }
    }
    printf("{\"phase\":\"deliver\",\"count\":%llu,\"p50_us\":%llu,\"p99_us\":%llu,"
           "\"max_us\":%llu}\n",
           (unsigned long long)l->delivered, (unsigned long long)p50, (unsigned long long)p99,
           (unsigned long long)(l->max_ns / 1000));
    fflush(stdout);
    memset(l->hist, 0, HIST_US * sizeof(*l->hist));
    l->delivered = 0;
    l->max_ns = 0;
}

static void load_on_message(struct ws_client *c, const char *msg, size_t len, void *data)
{
    (void)c;
    struct load *l = data;
    uint64_t now = uv_hrtime();
    if (len > 8 && memcmp(msg, "{\"type\":\"ready\"", 15) == 0) {
        if (++l->ready == l->conns) {
            printf("{\"phase\":\"ready\",\"conns\":%d,\"failed\":%d}\n", l->ready, l->failed);
            fflush(stdout);
        }
        return;
    }
    uint64_t t = field_u64(msg, len, "\"t\":");
    if (t == 0 || t > now)
        return;
    uint64_t d = now - t;
    if (memmem(msg, len, "\"end\":", 6)) {
        if (++l->ends == l->ready) {
            l->ends = 0;
            load_report_deliver(l);
        }
    } else if (memmem(msg, len, "\"round\":", 8)) {
        int r = (int)field_u64(msg, len, "\"round\":");
        if (r != l->round) {
            l->round = r;
            l->round_count = 0;
            l->round_max = 0;
        }
        if (d > l->round_max)
            l->round_max = d;
        if (++l->round_count == l->ready) {
            printf("{\"phase\":\"broadcast\",\"round\":%d,\"count\":%d,\"last_us\":%llu}\n", r,
                   l->round_count, (unsigned long long)(l->round_max / 1000));
            fflush(stdout);
        }
    } else {
        uint64_t us = d / 1000;
        l->hist[us < HIST_US ? us : HIST_US - 1]++;
        l->delivered++;
        if (d > l->max_ns)
            l->max_ns = d;
    }
}

static void load_start_more(struct load *l);

static void load_on_open(struct ws_client *c, int status, void *data)
{
    struct load *l = data;
    if (status < 0)
        return;
    char hello[64];
    int n = snprintf(hello, sizeof(hello), "{\"userId\":\"u%d\"}",
                     l->first + (int)(intptr_t)ws_client_data(c));
    (void)n;
    ws_client_send_text(c, hello, strlen(hello));
}

static void load_on_close(struct ws_client *c, int code, const char *reason, void *data);

static const struct ws_client_callbacks load_cb;

static struct load *the_load;

static void load_conn_message(struct ws_client *c, const char *msg, size_t len, void *data)
{
    (void)data;
    load_on_message(c, msg, len, the_load);
    if (the_load->started < the_load->conns)
        load_start_more(the_load);
}

static void load_conn_open(struct ws_client *c, int status, void *data)
{
    (void)data;
    load_on_open(c, status, the_load);
}

static void load_on_close(struct ws_client *c, int code, const char *reason, void *data)
{
    (void)c;
    (void)data;
    struct load *l = the_load;
    l->closed++;
    if (code != 1000 && code != 1001 && l->failed++ < 5)
        fprintf(stderr, "connection closed %d %s\n", code, reason);
    if (l->started < l->conns)
        load_start_more(l);
}

static const struct ws_client_callbacks load_cb = {
    .on_open = load_conn_open,
    .on_message = load_conn_message,
    .on_close = load_on_close,
};

/* Keeps at most MAX_INFLIGHT handshakes going (the listen backlog is 4096). */
static void load_start_more(struct load *l)
{
    while (l->started < l->conns && l->started - l->ready - l->closed < MAX_INFLIGHT) {
        int i = l->started++;
        int err;
        struct ws_client *c =
            ws_client_connect(l->loop, (const struct sockaddr *)&l->dst,
                              (const struct sockaddr *)&l->src[i % l->nsrc], l->host, l->path,
                              &load_cb, (void *)(intptr_t)i, &err);
        if (c == NULL) {
            if (l->failed++ < 5)
                fprintf(stderr, "connect: %s\n", uv_strerror(err));
            l->closed++;
        }
    }
}

static void load_on_stop(uv_timer_t *t)
{
    uv_timer_stop(t);
    uv_stop(t->loop);
}

static void load_on_sigterm(uv_signal_t *s, int sig)
{
    (void)sig;
    uv_timer_stop(&the_load->stop);
    uv_stop(s->loop);
}

static int cmd_hold(uv_loop_t *loop, int argc, char **argv)
{
    struct load l = {.loop = loop, .conns = 1000, .round = -1};
    const char *url = "ws://127.0.0.1:3001/ws", *srcs = "127.0.0.1";
    int seconds = 60;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--url"))
            url = argv[i + 1];
        else if (!strcmp(argv[i], "--conns"))
            l.conns = (int)strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--first"))
            l.first = (int)strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--src"))
            srcs = argv[i + 1];
        else if (!strcmp(argv[i], "--seconds"))
            seconds = (int)strtol(argv[i + 1], NULL, 10);
    }
    int port;
    if (ws_client_parse_url(url, l.host, sizeof(l.host), &port, l.path, sizeof(l.path)) < 0 ||
        uv_ip4_addr(l.host, port, &l.dst) < 0) {
        fprintf(stderr, "bad --url\n");
        return 2;
    }
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", srcs);
    for (char *tok = strtok(copy, ","); tok && l.nsrc < 8; tok = strtok(NULL, ","))
        if (uv_ip4_addr(tok, 0, &l.src[l.nsrc]) == 0)
            l.nsrc++;
    l.hist = calloc(HIST_US, sizeof(*l.hist));
    the_load = &l;
    uv_signal_init(loop, &l.sigterm);
    uv_signal_start(&l.sigterm, load_on_sigterm, SIGTERM);
    uv_timer_init(loop, &l.stop);
    uv_timer_start(&l.stop, load_on_stop, (uint64_t)seconds * 1000, 0);
    load_start_more(&l);
    if (getenv("LOAD_BUSY_POLL")) {
        /* Never sleeps in epoll_wait: the gateway's writes then wake no one,
         * which takes the VM's cross-CPU wake-up (an IPI, paid by the
         * writer on loopback) out of the measurement. */
        while (uv_run(loop, UV_RUN_NOWAIT) && uv_is_active((uv_handle_t *)&l.stop))
            ;
    } else {
        uv_run(loop, UV_RUN_DEFAULT);
    }
    if (l.ready < l.conns)
        printf("{\"phase\":\"end\",\"ready\":%d,\"closed\":%d,\"failed\":%d}\n", l.ready, l.closed,
               l.failed);
    free(l.hist);
    return 0; /* the process exits: the kernel closes the sockets */
}

/* The harness's own floor for targeted delivery: a Redis subscriber to every
 * user's channel, beside the gateway, timing the same events without it. */
static void direct_on_message(struct redis *r, const char *pattern, const char *channel,
                              size_t channel_len, const char *msg, size_t len, void *data)
{
    (void)r;
    (void)pattern;
    (void)channel;
    (void)channel_len;
    load_on_message(NULL, msg, len, data);
}

static int cmd_direct(uv_loop_t *loop, int argc, char **argv)
{
    struct load l = {.loop = loop, .ready = 1, .round = -1};
    const char *url = NULL;
    int seconds = 600;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--redis"))
            url = argv[i + 1];
        else if (!strcmp(argv[i], "--seconds"))
            seconds = (int)strtol(argv[i + 1], NULL, 10);
    }
    char err[256];
    struct redis *r = url ? redis_new(loop, url, err, sizeof(err)) : NULL;
    if (r == NULL) {
        fprintf(stderr, "direct: %s\n", url ? err : "--redis URL");
        return 2;
    }
    l.hist = calloc(HIST_US, sizeof(*l.hist));
    the_load = &l;
    redis_subscribe(r, CHANNEL_USER_PATTERN, true, direct_on_message, &l);
    redis_subscribe(r, CHANNEL_BROADCAST, false, direct_on_message, &l);
    uv_signal_init(loop, &l.sigterm);
    uv_signal_start(&l.sigterm, load_on_sigterm, SIGTERM);
    uv_timer_init(loop, &l.stop);
    uv_timer_start(&l.stop, load_on_stop, (uint64_t)seconds * 1000, 0);
    printf("{\"phase\":\"ready\",\"conns\":1}\n");
    fflush(stdout);
    uv_run(loop, UV_RUN_DEFAULT);
    free(l.hist);
    return 0;
}

/*** Publishers ***/

struct pub {
    struct redis *r;
    int rate, seconds, users, offset, rounds, gap_ms;
    bool shared;
    uint64_t sent, acked, errors, i;
    uint64_t start;
    uv_timer_t tick;
    int phase;
};

static void pub_on_reply(int status, long long n, void *data)
{
    (void)n;
    struct pub *p = data;
    p->acked++;
    if (status < 0)
        p->errors++;
}

static void pub_on_cmd(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    pub_on_reply(status, 0, data);
}

static void pub_one(struct pub *p, uint64_t k)
{
    char user[32], json[256];
    int uid = p->offset + (int)(k % (uint64_t)p->users);
    snprintf(user, sizeof(user), "u%d", uid);
    int n = snprintf(json, sizeof(json),
                     "{\"type\":\"result\",\"submissionId\":\"%llu\",\"userId\":\"%s\","
                     "\"status\":\"AC\",\"t\":%llu}",
                     (unsigned long long)k, user, (unsigned long long)uv_hrtime());
    int rc;
    if (p->shared) {
        const char *argv[] = {"PUBLISH", CHANNEL_DONE, json};
        size_t lens[] = {7, strlen(CHANNEL_DONE), (size_t)n};
        rc = redis_cmd(p->r, 0, pub_on_cmd, p, 3, argv, lens);
    } else {
        rc = events_publish(p->r, user, json, (size_t)n, pub_on_reply, p);
    }
    if (rc < 0)
        p->errors++;
    else
        p->sent++;
}

static void pub_broadcast(struct pub *p, const char *fields)
{
    char json[128];
    int n = snprintf(json, sizeof(json), "{\"type\":\"broadcast\",%s,\"t\":%llu}", fields,
                     (unsigned long long)uv_hrtime());
    if (events_broadcast(p->r, json, (size_t)n, pub_on_reply, p) == 0)
        p->sent++;
}

/* Every millisecond, the events due by now (so a late tick catches up). */
static void pub_on_tick(uv_timer_t *t)
{
    struct pub *p = t->data;
    if (!redis_connected(p->r))
        return;
    if (p->start == 0)
        p->start = uv_now(t->loop);
    uint64_t elapsed = uv_now(t->loop) - p->start;
    if (p->rounds > 0) {
        if (elapsed >= (uint64_t)p->gap_ms * (p->i + 1) && p->i < (uint64_t)p->rounds) {
            char f[32];
            snprintf(f, sizeof(f), "\"round\":%llu", (unsigned long long)p->i++);
            pub_broadcast(p, f);
        }
        if (p->i == (uint64_t)p->rounds && p->acked == p->sent)
            uv_stop(t->loop);
        return;
    }
    uint64_t total = (uint64_t)p->rate * (uint64_t)p->seconds;
    uint64_t due = (uint64_t)p->rate * elapsed / 1000;
    while (p->i < due && p->i < total)
        pub_one(p, p->i++);
    if (p->i == total && p->phase == 0 && p->acked == p->sent) {
        p->phase = 1;
        pub_broadcast(p, "\"end\":\"deliver\"");
    } else if (p->phase == 1 && p->acked == p->sent) {
        printf("{\"phase\":\"published\",\"events\":%llu,\"errors\":%llu,\"ms\":%llu}\n",
               (unsigned long long)total, (unsigned long long)p->errors,
               (unsigned long long)elapsed);
        uv_stop(t->loop);
    }
}

static int cmd_pub(uv_loop_t *loop, int argc, char **argv, bool bcast)
{
    struct pub p = {.rate = 10000, .seconds = 5, .users = 10000, .rounds = 0, .gap_ms = 500};
    const char *url = "redis://127.0.0.1:6379";
    for (int i = 2; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(argv[i], "--redis"))
            url = v, i++;
        else if (!strcmp(argv[i], "--rate"))
            p.rate = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--seconds"))
            p.seconds = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--users"))
            p.users = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--offset"))
            p.offset = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--rounds"))
            p.rounds = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--gap-ms"))
            p.gap_ms = (int)strtol(v, NULL, 10), i++;
        else if (!strcmp(argv[i], "--shared"))
            p.shared = true;
    }
    if (bcast && p.rounds == 0)
        p.rounds = 5;
    if (!bcast)
        p.rounds = 0;
    char err[256];
    p.r = redis_new(loop, url, err, sizeof(err));
    if (p.r == NULL) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    uv_timer_init(loop, &p.tick);
    p.tick.data = &p;
    uv_timer_start(&p.tick, pub_on_tick, 1, 1);
    uv_run(loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&p.tick, NULL);
    redis_free(p.r);
    uv_run(loop, UV_RUN_DEFAULT);
    return p.errors ? 1 : 0;
}

/* floor.c: the kernel's floor for a broadcast on this machine. */
int floor_main(int argc, char **argv);

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t loop;
    uv_loop_init(&loop);
    if (argc >= 2 && !strcmp(argv[1], "direct"))
        return cmd_direct(&loop, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "floor"))
        return floor_main(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "hold"))
        return cmd_hold(&loop, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "pub"))
        return cmd_pub(&loop, argc, argv, false);
    if (argc >= 2 && !strcmp(argv[1], "bcast"))
        return cmd_pub(&loop, argc, argv, true);
    fprintf(stderr, "usage: bench_gateway hold --url URL --conns N --first K --src A,B "
                    "--seconds S\n"
                    "       bench_gateway pub --redis URL --rate R --seconds S --users U "
                    "[--offset O] [--shared]\n"
                    "       bench_gateway bcast --redis URL --rounds N --gap-ms MS\n"
                    "       bench_gateway direct --redis URL [--seconds S]\n"
                    "       bench_gateway floor [CONNS] [ROUNDS]\n");
    return 2;
}
