/* The floor for bench_http: plain libuv, no parser, one canned answer per
 * read that holds a request end. Valid only for wrk's traffic (one request
 * per segment, no pipelining); it shows what net/http costs over the loop
 * and the kernel on the same machine in the same run. */
#include "raw.h"

#include <stdlib.h>
#include <string.h>

static char raw_rbuf[65536];

static const char raw_answer[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 29\r\n\r\n{\"id\":\"42\",\"status\":\"queued\"}";

static void raw_on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
    (void)h;
    (void)hint;
    *b = uv_buf_init(raw_rbuf, sizeof(raw_rbuf));
}

static void raw_on_close(uv_handle_t *h)
{
    free(h);
}

static void raw_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
    if (nread < 0) {
        uv_close((uv_handle_t *)s, raw_on_close);
        return;
    }
    if (nread > 0 && memmem(b->base, (size_t)nread, "\r\n\r\n", 4)) {
        uv_buf_t a = uv_buf_init((char *)raw_answer, sizeof(raw_answer) - 1);
        if (uv_try_write(s, &a, 1) != (int)a.len)
            uv_close((uv_handle_t *)s, raw_on_close);
    }
}

static void raw_on_connection(uv_stream_t *ls, int status)
{
    if (status < 0)
        return;
    uv_tcp_t *c = malloc(sizeof(*c));
    uv_tcp_init(ls->loop, c);
    if (uv_accept(ls, (uv_stream_t *)c) < 0) {
        uv_close((uv_handle_t *)c, raw_on_close);
        return;
    }
    uv_tcp_nodelay(c, 1);
    uv_read_start((uv_stream_t *)c, raw_on_alloc, raw_on_read);
}

int raw_listen(uv_loop_t *loop, uv_tcp_t *listener, int port)
{
    struct sockaddr_in sa;
    uv_ip4_addr("127.0.0.1", port, &sa);
    uv_tcp_init(loop, listener);
    int rc = uv_tcp_bind(listener, (const struct sockaddr *)&sa, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)listener, 4096, raw_on_connection);
    return rc;
}
