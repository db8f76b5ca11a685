/* bench_http: a server answering POST /submit with a tiny JSON, for wrk
 * (bench/http/run.sh). It measures net/http alone: no Redis, no JSON parse.
 * Usage: bench_http PORT [raw]   ("raw": the plain-libuv floor of raw.c) */
#include "net/http.h"
#include "raw.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_request(struct http_request *req, void *data)
{
    (void)data;
    size_t len;
    const char *path = http_request_path(req, &len);
    if (http_request_method(req) == HTTP_METHOD_POST && len == 7 &&
        memcmp(path, "/submit", 7) == 0) {
        static const char ok[] = "{\"id\":\"42\",\"status\":\"queued\"}";
        http_respond(req, 200, "application/json", NULL, ok, sizeof(ok) - 1);
        return;
    }
    static const char nf[] = "{\"error\":\"not found\"}";
    http_respond(req, 404, "application/json", NULL, nf, sizeof(nf) - 1);
}

static void on_signal(uv_signal_t *s, int signum)
{
    (void)signum;
    uv_stop(s->loop);
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 0;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct http_limits lim;
    http_limits_default(&lim);
    struct http_server *srv = http_server_new(&loop, &lim, on_request, NULL);
    uv_tcp_t raw;
    bool use_raw = argc > 2 && strcmp(argv[2], "raw") == 0;
    int rc = use_raw ? raw_listen(&loop, &raw, port) : http_server_listen(srv, "127.0.0.1", port);
    if (rc < 0) {
        fprintf(stderr, "cannot listen on %d: %s\n", port, uv_strerror(rc));
        return 1;
    }
    if (use_raw) {
        struct sockaddr_in sa;
        int len = sizeof(sa);
        uv_tcp_getsockname(&raw, (struct sockaddr *)&sa, &len);
        printf("listening on %d\n", ntohs(sa.sin_port));
    } else {
        printf("listening on %d\n", http_server_port(srv));
    }
    fflush(stdout);
    uv_signal_t sig;
    uv_signal_init(&loop, &sig);
    uv_signal_start(&sig, on_signal, SIGTERM);
    uv_run(&loop, UV_RUN_DEFAULT);
    return 0;
}
