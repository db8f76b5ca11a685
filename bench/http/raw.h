/* The plain-libuv floor that bench_http compares net/http against. */
#ifndef BENCH_HTTP_RAW_H
#define BENCH_HTTP_RAW_H

#include <uv.h>

/* Listens on 127.0.0.1:port with the canned-answer server. */
int raw_listen(uv_loop_t *loop, uv_tcp_t *listener, int port);

#endif
