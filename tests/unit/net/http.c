/* Tests of net/http.c through http.h: a real server on a real loop, a raw
 * client in a thread. */
#include "net/http.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fix {
    struct harness h;
    struct http_server *srv;
    struct http_limits lim;
    /* What the client thread saw. */
    struct buf got[4];
    bool eof[4];
    /* Handler bookkeeping (loop thread). */
    int handled;
    int outstanding;
    int max_outstanding;
    int answered_late; /* deferred answers sent */
    bool defer;        /* answer from a timer (delay from ?delay=N) */
    size_t big_body;   /* answer with this many bytes */
    int peer_ok;
    void (*client)(struct fix *f);
};

struct deferred {
    uv_timer_t timer;
    struct http_request *req;
    struct fix *f;
};

/* Answers "METHOD path?query body=..." so tests see what was parsed. */
static void answer(struct fix *f, struct http_request *req)
{
    struct buf b;
    buf_init(&b);
    size_t plen, qlen = 0, blen;
    const char *path = http_request_path(req, &plen);
    const char *q = http_request_query(req, &qlen);
    const char *body = http_request_body(req, &blen);
    buf_printf(&b, "%s %.*s", http_request_method_name(req), (int)plen, path);
    if (q)
        buf_printf(&b, "?%.*s", (int)qlen, q);
    size_t xlen;
    const char *x = http_request_header(req, "x-test", &xlen);
    if (x)
        buf_printf(&b, " x=%.*s", (int)xlen, x);
    buf_printf(&b, " body=%.*s", (int)blen, body);
    if (strcmp(http_request_peer(req), "127.0.0.1") == 0)
        f->peer_ok++;
    const char *extra = http_request_method(req) == HTTP_METHOD_HEAD ? "X-Head: 1\r\n" : NULL;
    if (f->big_body) {
        char *big = xmalloc(f->big_body);
        memset(big, 'z', f->big_body);
        http_respond(req, 200, "text/plain", extra, big, f->big_body);
        free(big);
    } else {
        http_respond(req, 200, "text/plain", extra, b.data, b.len);
    }
    buf_dispose(&b);
    f->outstanding--;
}

static void deferred_on_close(uv_handle_t *h)
{
    free(h->data);
}

static void deferred_on_timer(uv_timer_t *t)
{
    struct deferred *d = t->data;
    d->f->answered_late++;
    answer(d->f, d->req);
    uv_close((uv_handle_t *)t, deferred_on_close);
}

static void on_request(struct http_request *req, void *data)
{
    struct fix *f = data;
    f->handled++;
    f->outstanding++;
    if (f->outstanding > f->max_outstanding)
        f->max_outstanding = f->outstanding;
    if (!f->defer) {
        answer(f, req);
        return;
    }
    size_t qlen;
    const char *q = http_request_query(req, &qlen);
    int delay = q && strncmp(q, "delay=", 6) == 0 ? (int)strtol(q + 6, NULL, 10) : 0;
    struct deferred *d = xmalloc(sizeof(*d));
    d->req = req;
    d->f = f;
    uv_timer_init(&f->h.loop, &d->timer);
    d->timer.data = d;
    uv_timer_start(&d->timer, deferred_on_timer, (uint64_t)delay, 0);
}

static void fix_client(struct harness *h)
{
    struct fix *f = h->ctx;
    f->client(f);
}

static void fix_stop(struct harness *h)
{
    struct fix *f = h->ctx;
    http_server_close(f->srv, NULL, NULL);
}

static struct fix *fix_new(void)
{
    struct fix *f = xcalloc(1, sizeof(*f));
    http_limits_default(&f->lim);
    f->lim.max_header_bytes = 2048;
    f->lim.max_body_bytes = 4096;
    f->lim.header_timeout_ms = 300;
    f->lim.body_timeout_ms = 300;
    f->lim.idle_timeout_ms = 400;
    for (int i = 0; i < 4; i++)
        buf_init(&f->got[i]);
    return f;
}

/* Runs the client against a fresh server and checks nothing leaked. */
static void fix_run(struct fix *f, void (*client)(struct fix *f))
{
    f->client = client;
    harness_init(&f->h);
    f->h.ctx = f;
    f->h.client = fix_client;
    f->h.stop = fix_stop;
    f->srv = http_server_new(&f->h.loop, &f->lim, on_request, f);
    cr_assert_eq(http_server_listen(f->srv, "127.0.0.1", 0), 0);
    f->h.port = http_server_port(f->srv);
    cr_assert_gt(f->h.port, 0);
    cr_assert_eq(harness_run(&f->h), 0, "loop not empty after close");
    http_server_free(f->srv);
    cr_assert_not(harness_leaked(), "memory leaked (LeakSanitizer's report above)");
}

static void fix_free(struct fix *f)
{
    for (int i = 0; i < 4; i++)
        buf_dispose(&f->got[i]);
    free(f);
}

/* Sends req on a fresh connection; reads n answers (and EOF if expected). */
static void exchange(struct fix *f, int slot, const char *req, int n)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, req);
    f->eof[slot] = client_read_http(fd, &f->got[slot], n, 2000);
    close(fd);
}

static const char *got(struct fix *f, int slot)
{
    return f->got[slot].data ? f->got[slot].data : "";
}

/*** Keep-alive, pipelining, bodies ***/

static void client_keepalive(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "GET /a?x=1 HTTP/1.1\r\nHost: t\r\nX-Test: one  \r\n\r\n");
    client_read_http(fd, &f->got[0], 1, 2000);
    client_sends(fd, "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
    f->eof[0] = client_read_http(fd, &f->got[0], 2, 2000);
    close(fd);
}

Test(http, keeps_alive_and_parses_parts)
{
    struct fix *f = fix_new();
    fix_run(f, client_keepalive);
    cr_assert_eq(f->handled, 2);
    cr_assert_eq(f->peer_ok, 2);
    cr_assert_not(f->eof[0]);
    cr_assert_eq(http_count_responses(got(f, 0), f->got[0].len), 2);
    cr_assert(strstr(got(f, 0), "GET /a?x=1 x=one body="), "%s", got(f, 0));
    cr_assert(strstr(got(f, 0), "POST /b body=hello"), "%s", got(f, 0));
    cr_assert(strstr(got(f, 0), "Content-Length: "));
    cr_assert(strstr(got(f, 0), "\r\nDate: "));
    cr_assert_null(strstr(got(f, 0), "Connection: close"));
    fix_free(f);
}

static void client_pipeline(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "GET /1?delay=80 HTTP/1.1\r\n\r\n"
                     "GET /2?delay=30 HTTP/1.1\r\n\r\n"
                     "POST /3?delay=0 HTTP/1.1\r\nContent-Length: 2\r\n\r\nok"
                     "GET /4?delay=10 HTTP/1.1\r\n\r\n");
    f->eof[0] = client_read_http(fd, &f->got[0], 4, 3000);
    close(fd);
}

Test(http, pipelined_answers_stay_in_order_with_async_handler)
{
    struct fix *f = fix_new();
    f->defer = true;
    fix_run(f, client_pipeline);
    cr_assert_eq(f->handled, 4);
    cr_assert_eq(f->answered_late, 4);
    cr_assert_eq(f->max_outstanding, 1, "a later request was handed out early");
    const char *s = got(f, 0);
    const char *a = strstr(s, "GET /1?delay=80"), *b = strstr(s, "GET /2?delay=30");
    const char *c = strstr(s, "POST /3?delay=0 body=ok"), *d = strstr(s, "GET /4?delay=10");
    cr_assert(a && b && c && d, "%s", s);
    cr_assert(a < b && b < c && c < d, "answers out of order: %s", s);
    fix_free(f);
}

static void client_pipeline_sync(struct fix *f)
{
    exchange(f, 0,
             "GET /x HTTP/1.1\r\nHost: x\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\n"
             "Connection: close\r\n\r\n",
             2);
}

Test(http, pipelined_requests_answered_synchronously)
{
    struct fix *f = fix_new();
    fix_run(f, client_pipeline_sync);
    cr_assert_eq(f->handled, 2, "%s", got(f, 0));
    cr_assert_eq(http_count_responses(got(f, 0), f->got[0].len), 2, "%s", got(f, 0));
    fix_free(f);
}

static void client_chunked(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    sleep_ms(20);
    client_sends(fd, "lo\r\n6\r\n world\r\n");
    sleep_ms(20);
    client_sends(fd, "0\r\n\r\n");
    f->eof[0] = client_read_http(fd, &f->got[0], 1, 2000);
    close(fd);
}

Test(http, reads_chunked_body_in_pieces)
{
    struct fix *f = fix_new();
    fix_run(f, client_chunked);
    cr_assert(strstr(got(f, 0), "POST /c body=hello world"), "%s", got(f, 0));
    fix_free(f);
}

static void client_head(struct fix *f)
{
    exchange(f, 0, "HEAD /h HTTP/1.1\r\n\r\nGET /g HTTP/1.1\r\n\r\n", 2);
}

Test(http, head_has_length_but_no_body)
{
    struct fix *f = fix_new();
    fix_run(f, client_head);
    const char *s = got(f, 0);
    cr_assert(strstr(s, "X-Head: 1\r\n"), "%s", s);
    cr_assert_null(strstr(s, "HEAD /h"), "HEAD answer carried a body: %s", s);
    cr_assert(strstr(s, "GET /g body="), "%s", s);
    cr_assert_eq(f->handled, 2);
    fix_free(f);
}

static void client_http10(struct fix *f)
{
    exchange(f, 0, "GET /old HTTP/1.0\r\n\r\n", 1);
    int fd = client_connect(f->h.port);
    client_sends(fd, "GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    client_read_http(fd, &f->got[1], 1, 2000);
    client_sends(fd, "GET /ka2 HTTP/1.0\r\n\r\n");
    client_read_http(fd, &f->got[1], 2, 2000);
    f->eof[1] = client_read_eof(fd, NULL, 2000);
    close(fd);
    fd = client_connect(f->h.port);
    client_sends(fd, "GET /cl HTTP/1.1\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
    f->eof[2] = client_read_eof(fd, &f->got[2], 2000);
    close(fd);
}

Test(http, http10_and_connection_close_end_the_connection)
{
    struct fix *f = fix_new();
    fix_run(f, client_http10);
    cr_assert(strstr(got(f, 0), "Connection: close\r\n"), "%s", got(f, 0));
    cr_assert(strstr(got(f, 1), "Connection: keep-alive\r\n"), "%s", got(f, 1));
    cr_assert(strstr(got(f, 1), "GET /ka2"), "%s", got(f, 1));
    cr_assert(f->eof[1]);
    cr_assert(f->eof[2]);
    cr_assert(strstr(got(f, 2), "GET /cl"));
    cr_assert_null(strstr(got(f, 2), "/never"));
    cr_assert_eq(http_count_responses(got(f, 2), f->got[2].len), 1);
    fix_free(f);
}

static void client_big_answer(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "GET /big HTTP/1.1\r\n\r\n");
    sleep_ms(100); /* let the socket fill: the rest goes through uv_write */
    client_read_http(fd, &f->got[0], 1, 3000);
    client_sends(fd, "GET /again HTTP/1.1\r\n\r\n");
    client_read_http(fd, &f->got[0], 2, 3000);
    close(fd);
}

Test(http, writes_big_answers_under_backpressure)
{
    struct fix *f = fix_new();
    f->big_body = 8u << 20;
    fix_run(f, client_big_answer);
    cr_assert_eq(http_count_responses(got(f, 0), f->got[0].len), 2);
    cr_assert_gt(f->got[0].len, 2 * (8u << 20));
    fix_free(f);
}

/*** Bad requests and limits ***/

static void client_bad(struct fix *f)
{
    exchange(f, 0, "GARBAGE\r\n\r\n", 1);
    exchange(f, 1, "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 1);
    exchange(f, 2,
             "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
             "3\r\nabc\r\n0\r\n\r\n",
             1);
    exchange(f, 3, "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 1);
}

Test(http, malformed_requests_get_400_and_close)
{
    struct fix *f = fix_new();
    fix_run(f, client_bad);
    for (int i = 0; i < 4; i++) {
        const char *s = got(f, i);
        cr_assert(strncmp(s, "HTTP/1.1 400 ", 13) == 0, "%d: %s", i, s);
        cr_assert(strstr(s, "Content-Type: application/json\r\n"), "%s", s);
        cr_assert(strstr(s, "\r\n\r\n{\"error\":\""), "%s", s);
        cr_assert(strstr(s, "Connection: close\r\n"), "%s", s);
    }
    cr_assert_eq(f->handled, 0);
    fix_free(f);
}

static void client_limits(struct fix *f)
{
    struct buf big;
    buf_init(&big);
    buf_puts(&big, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < 100; i++)
        buf_printf(&big, "X-Pad-%d: %0100d\r\n", i, 0);
    buf_puts(&big, "\r\n");
    exchange(f, 0, big.data, 1);
    buf_dispose(&big);
    exchange(f, 1, "POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", 1);
    int fd = client_connect(f->h.port);
    client_sends(fd, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    char chunk[1100];
    memset(chunk, 'a', sizeof(chunk));
    for (int i = 0; i < 5; i++) {
        client_sends(fd, "44c\r\n");
        client_send(fd, chunk, sizeof(chunk));
        client_sends(fd, "\r\n");
    }
    f->eof[2] = client_read_eof(fd, &f->got[2], 2000);
    close(fd);
}

Test(http, enforces_header_and_body_limits)
{
    struct fix *f = fix_new();
    fix_run(f, client_limits);
    cr_assert(strncmp(got(f, 0), "HTTP/1.1 431 ", 13) == 0, "%s", got(f, 0));
    cr_assert(strncmp(got(f, 1), "HTTP/1.1 413 ", 13) == 0, "%s", got(f, 1));
    cr_assert(strncmp(got(f, 2), "HTTP/1.1 413 ", 13) == 0, "%s", got(f, 2));
    cr_assert(f->eof[2]);
    cr_assert_eq(f->handled, 0);
    fix_free(f);
}

static void client_slow(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "GET / HTTP/1.1\r\nHost: slo");
    for (int i = 0; i < 3; i++) { /* a trickle does not extend the deadline */
        sleep_ms(100);
        client_sends(fd, "w");
    }
    f->eof[0] = client_read_eof(fd, &f->got[0], 2000);
    close(fd);
    fd = client_connect(f->h.port);
    client_sends(fd, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    f->eof[1] = client_read_eof(fd, &f->got[1], 2000);
    close(fd);
    fd = client_connect(f->h.port); /* idle keep-alive: closed, no answer */
    client_sends(fd, "GET / HTTP/1.1\r\n\r\n");
    f->eof[2] = client_read_eof(fd, &f->got[2], 2000);
    close(fd);
    fd = client_connect(f->h.port); /* connects, says nothing */
    f->eof[3] = client_read_eof(fd, &f->got[3], 2000);
    close(fd);
}

Test(http, slow_headers_and_bodies_get_408, .timeout = 20)
{
    struct fix *f = fix_new();
    fix_run(f, client_slow);
    cr_assert(strncmp(got(f, 0), "HTTP/1.1 408 ", 13) == 0, "%s", got(f, 0));
    cr_assert(f->eof[0]);
    cr_assert(strncmp(got(f, 1), "HTTP/1.1 408 ", 13) == 0, "%s", got(f, 1));
    cr_assert(f->eof[1]);
    cr_assert(f->eof[2]);
    cr_assert_eq(http_count_responses(got(f, 2), f->got[2].len), 1);
    cr_assert(f->eof[3]);
    cr_assert(strncmp(got(f, 3), "HTTP/1.1 408 ", 13) == 0, "%s", got(f, 3));
    fix_free(f);
}

static void client_maxconn(struct fix *f)
{
    int a = client_connect(f->h.port), b = client_connect(f->h.port);
    client_sends(a, "GET /a HTTP/1.1\r\n\r\n");
    client_read_http(a, &f->got[0], 1, 2000);
    int c = client_connect(f->h.port);
    f->eof[1] = client_read_eof(c, &f->got[1], 2000);
    client_sends(b, "GET /b HTTP/1.1\r\n\r\n");
    client_read_http(b, &f->got[2], 1, 2000);
    close(a);
    close(b);
    close(c);
}

Test(http, closes_connections_beyond_the_limit)
{
    struct fix *f = fix_new();
    f->lim.max_connections = 2;
    fix_run(f, client_maxconn);
    cr_assert(strstr(got(f, 0), "GET /a"));
    cr_assert(f->eof[1]);
    cr_assert_eq(f->got[1].len, 0);
    cr_assert(strstr(got(f, 2), "GET /b"));
    fix_free(f);
}

static void client_leaves(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "POST /x?delay=150 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");
    sleep_ms(30);
    close(fd);
    fd = client_connect(f->h.port);
    client_sends(fd, "GET /y?delay=300 HTTP/1.1\r\n\r\n");
    sleep_ms(30);
    close(fd);
    /* The server closes (below) while /y is still with the handler. */
}

Test(http, client_leaving_mid_request_frees_it_when_answered)
{
    struct fix *f = fix_new();
    f->defer = true;
    fix_run(f, client_leaves);
    cr_assert_eq(f->handled, 2);
    cr_assert_eq(f->answered_late, 2);
    fix_free(f);
}

static void client_expect(struct fix *f)
{
    int fd = client_connect(f->h.port);
    client_sends(fd, "POST /e HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    char tmp[64] = {0};
    client_read_n(fd, tmp, 25, 2000);
    buf_puts(&f->got[1], tmp);
    client_sends(fd, "abc");
    client_read_http(fd, &f->got[0], 1, 2000);
    close(fd);
}

Test(http, answers_expect_100_continue)
{
    struct fix *f = fix_new();
    fix_run(f, client_expect);
    cr_assert_str_eq(got(f, 1), "HTTP/1.1 100 Continue\r\n\r\n");
    cr_assert(strstr(got(f, 0), "POST /e body=abc"), "%s", got(f, 0));
    fix_free(f);
}

Test(http, split_addr_takes_host_port_and_bracketed_ipv6)
{
    char host[64];
    int port = -1;
    cr_assert_eq(http_split_addr("127.0.0.1:9100", host, sizeof(host), &port), 0);
    cr_assert_str_eq(host, "127.0.0.1");
    cr_assert_eq(port, 9100);
    cr_assert_eq(http_split_addr("[::1]:0", host, sizeof(host), &port), 0);
    cr_assert_str_eq(host, "::1");
    cr_assert_eq(port, 0);
    cr_assert_eq(http_split_addr("localhost:65535", host, sizeof(host), &port), 0);
    const char *bad[] = {"nonsense", "host:",   ":9100",          "host:65536",
                         "host:-1",  "host:9x", "host:000009100", "[]:1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(http_split_addr(bad[i], host, sizeof(host), &port), -EINVAL, "%s", bad[i]);
    cr_assert_eq(http_split_addr("abcdef:1", host, 4, &port), -EINVAL);
}
