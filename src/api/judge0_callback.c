/* Judge0's callbacks: when a submission with a callback_url finishes, the
 * api PUTs it there (default fields, base64-encoded, as Judge0 does). Only
 * to hosts on --judge0-callback-hosts, and only to addresses that are public
 * or themselves listed: the name is resolved first and the address checked
 * is the one connected to, so DNS cannot swap in an inside address. One try,
 * 5 s in all, the answer's status only logged, no redirect followed. */
#include "api/internal.h"
#include "api/judge0.h"

#include "common/alloc.h"
#include "common/log.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALLBACK_TIMEOUT_MS 5000

struct callback {
    struct list node;
    struct api *api;
    struct judge0_url url;
    char token[JUDGE0_TOKEN_LEN + 1];
    struct buf request;
    uv_getaddrinfo_t gai;
    uv_tcp_t tcp;
    uv_connect_t connect;
    uv_write_t write;
    uv_timer_t timer;
    bool resolving; /* gai in flight: freed by its callback */
    bool tcp_open;
    int open_handles;
    bool ending;
    char answer[16];
    size_t answer_len;
};

static void callback_on_closed(uv_handle_t *h)
{
    struct callback *cb = h->data;
    if (--cb->open_handles > 0 || cb->resolving)
        return;
    buf_dispose(&cb->request);
    free(cb);
}

static void callback_end(struct callback *cb, const char *what)
{
    if (cb->ending)
        return;
    cb->ending = true;
    list_remove(&cb->node);
    if (what != NULL)
        log_warn("judge0 %s: callback to %s:%s not delivered: %s", cb->token, cb->url.host,
                 cb->url.port, what);
    uv_timer_stop(&cb->timer);
    uv_close((uv_handle_t *)&cb->timer, callback_on_closed);
    if (cb->tcp_open)
        uv_close((uv_handle_t *)&cb->tcp, callback_on_closed);
}

static void callback_on_timeout(uv_timer_t *t)
{
    callback_end(t->data, "timed out");
}

static void callback_on_alloc(uv_handle_t *h, size_t size, uv_buf_t *b)
{
    (void)size;
    struct callback *cb = h->data;
    b->base = cb->answer + cb->answer_len;
    b->len = sizeof(cb->answer) - 1 - cb->answer_len;
}

/* The status line's first bytes are all we want: "HTTP/1.1 200". */
static void callback_on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    (void)b;
    struct callback *cb = s->data;
    if (n > 0)
        cb->answer_len += (size_t)n;
    if (n < 0 || cb->answer_len >= 12) {
        cb->answer[cb->answer_len] = '\0';
        if (cb->answer_len >= 12 && strncmp(cb->answer, "HTTP/1.", 7) == 0)
            log_info("judge0 %s: callback answered %.3s", cb->token, cb->answer + 9);
        callback_end(cb, cb->answer_len >= 12 ? NULL : "no answer");
    }
}

static void callback_on_write(uv_write_t *w, int status)
{
    struct callback *cb = w->data;
    if (cb->ending)
        return;
    if (status < 0) {
        callback_end(cb, uv_strerror(status));
        return;
    }
    int rc = uv_read_start((uv_stream_t *)&cb->tcp, callback_on_alloc, callback_on_read);
    if (rc < 0)
        callback_end(cb, uv_strerror(rc));
}

static void callback_on_connect(uv_connect_t *c, int status)
{
    struct callback *cb = c->data;
    if (cb->ending)
        return;
    if (status < 0) {
        callback_end(cb, uv_strerror(status));
        return;
    }
    uv_buf_t b = uv_buf_init(cb->request.data, (unsigned)cb->request.len);
    cb->write.data = cb;
    int rc = uv_write(&cb->write, (uv_stream_t *)&cb->tcp, &b, 1, callback_on_write);
    if (rc < 0)
        callback_end(cb, uv_strerror(rc));
}

/* The first address allowed: public, or written on the list itself. */
static const struct addrinfo *callback_pick(const struct callback *cb, const struct addrinfo *ai)
{
    for (; ai != NULL; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        if (judge0_url_addr_public(ai->ai_addr))
            return ai;
        char text[INET6_ADDRSTRLEN];
        const void *a = ai->ai_family == AF_INET
                            ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
                            : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
        if (inet_ntop(ai->ai_family, a, text, sizeof(text)) != NULL &&
            judge0_url_host_listed(cb->api->judge0_callback_hosts, text))
            return ai;
    }
    return NULL;
}

static void callback_on_resolved(uv_getaddrinfo_t *g, int status, struct addrinfo *res)
{
    struct callback *cb = g->data;
    cb->resolving = false;
    if (cb->ending) {
        uv_freeaddrinfo(res);
        if (cb->open_handles == 0) {
            buf_dispose(&cb->request);
            free(cb);
        }
        return;
    }
    const struct addrinfo *ai = status == 0 ? callback_pick(cb, res) : NULL;
    int rc = status;
    if (ai != NULL) {
        rc = uv_tcp_init(cb->api->loop, &cb->tcp);
        if (rc == 0) {
            cb->tcp.data = cb;
            cb->tcp_open = true;
            cb->open_handles++;
            cb->connect.data = cb;
            rc = uv_tcp_connect(&cb->connect, &cb->tcp, ai->ai_addr, callback_on_connect);
        }
    }
    uv_freeaddrinfo(res);
    if (status == 0 && ai == NULL)
        callback_end(cb, "its addresses are private and not listed");
    else if (rc < 0)
        callback_end(cb, uv_strerror(rc));
}

static void callback_request(struct callback *cb, const struct judge0_submission *s)
{
    struct buf body;
    buf_init(&body);
    if (judge0_render(&body, s, judge0_fields_default(), true) < 0)
        buf_puts(&body, "{}"); /* base64 always renders */
    bool v6 = strchr(cb->url.host, ':') != NULL;
    buf_printf(&cb->request,
               "PUT %s HTTP/1.1\r\nHost: %s%s%s:%s\r\nContent-Type: application/json\r\n"
               "Content-Length: %zu\r\nUser-Agent: verdict-judge0\r\nConnection: close\r\n\r\n",
               cb->url.path, v6 ? "[" : "", cb->url.host, v6 ? "]" : "", cb->url.port, body.len);
    buf_append(&cb->request, body.data, body.len);
    buf_dispose(&body);
}

void api__judge0_callback_send(struct api *api, const struct judge0_submission *s)
{
    char why[128];
    if (api->stopping) {
        log_warn("judge0 %s: callback not sent: the api is stopping", s->token);
        return;
    }
    struct callback *cb = xcalloc(1, sizeof(*cb));
    cb->api = api;
    memcpy(cb->token, s->token, sizeof(cb->token));
    buf_init(&cb->request);
    list_init(&cb->node);
    if (judge0_url_parse(s->callback_url, &cb->url, why, sizeof(why)) < 0 ||
        !judge0_url_host_listed(api->judge0_callback_hosts, cb->url.host)) {
        log_warn("judge0 %s: callback_url no longer allowed", s->token);
        free(cb);
        return;
    }
    callback_request(cb, s);
    cb->timer.data = cb;
    if (uv_timer_init(api->loop, &cb->timer) != 0 ||
        uv_timer_start(&cb->timer, callback_on_timeout, CALLBACK_TIMEOUT_MS, 0) != 0)
        abort(); /* only a bad handle or callback fails these */
    cb->open_handles = 1;
    list_push(&api->judge0_callbacks, &cb->node);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    cb->gai.data = cb;
    cb->resolving = true;
    int rc = uv_getaddrinfo(api->loop, &cb->gai, callback_on_resolved, cb->url.host, cb->url.port,
                            &hints);
    if (rc < 0) {
        cb->resolving = false;
        callback_end(cb, uv_strerror(rc));
    }
}

void api__judge0_callback_stop(struct api *api)
{
    while (!list_empty(&api->judge0_callbacks)) {
        struct callback *cb = container_of(api->judge0_callbacks.next, struct callback, node);
        if (cb->resolving)
            uv_cancel((uv_req_t *)&cb->gai);
        callback_end(cb, "the api is stopping");
    }
}

bool api__judge0_callback_allowed(const struct api *api, const char *url, char *why, size_t whylen)
{
    if (api->judge0_callback_hosts == NULL || api->judge0_callback_hosts[0] == '\0') {
        snprintf(why, whylen, "callbacks are not enabled on this server");
        return false;
    }
    struct judge0_url u;
    if (judge0_url_parse(url, &u, why, whylen) < 0)
        return false;
    if (!judge0_url_host_listed(api->judge0_callback_hosts, u.host)) {
        snprintf(why, whylen, "host %s is not allowed", u.host);
        return false;
    }
    return true;
}
