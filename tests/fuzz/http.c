/* libFuzzer target for the HTTP request path: each input is sent as raw
 * bytes on a real loopback connection to a real net/http server (small
 * limits), then the client half-closes and the loop runs until the server
 * has answered and closed or gone idle.
 *
 * Built and run by ctest (tests/fuzz/run.sh); by hand:
 *   tests/fuzz/run.sh build build/fuzz && tests/fuzz/run.sh run build/fuzz http 60
 */
#include "net/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t fuzz_loop;
static struct http_server *fuzz_srv;
static int fuzz_port;

static void fuzz_on_request(struct http_request *req, void *data)
{
    (void)data;
    size_t len, blen;
    http_request_path(req, &len);
    http_request_query(req, &len);
    http_request_header(req, "content-type", &len);
    http_request_body(req, &blen);
    char out[32];
    int n = snprintf(out, sizeof(out), "%zu", blen);
    http_respond(req, 200, "text/plain", NULL, out, (size_t)n);
}

static void fuzz_init(void)
{
    uv_loop_init(&fuzz_loop);
    struct http_limits lim;
    http_limits_default(&lim);
    lim.max_header_bytes = 2048;
    lim.max_body_bytes = 4096;
    lim.header_timeout_ms = 50;
    lim.body_timeout_ms = 50;
    lim.idle_timeout_ms = 50;
    fuzz_srv = http_server_new(&fuzz_loop, &lim, fuzz_on_request, NULL);
    if (http_server_listen(fuzz_srv, "127.0.0.1", 0) < 0)
        __builtin_trap();
    fuzz_port = http_server_port(fuzz_srv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_srv == NULL)
        fuzz_init();
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    /* Each run from the next of 65,536 loopback addresses: its connection
     * ends in TIME_WAIT, and one address runs out of local ports after
     * ~28,000 runs (tests/fuzz/ws.c met it). */
    static unsigned next_src;
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7f010000u | (next_src++ & 0xffffu));
    if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
        perror("fuzz/http: socket");
        abort();
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fuzz_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(fd, (struct sockaddr *)&sa, sizeof(sa)); /* EINPROGRESS on loopback is brief */
    size_t off = 0;
    bool eof = false;
    char sink[65536];
    for (int spins = 0; spins < 2000 && !eof; spins++) {
        if (off < size) {
            ssize_t n = send(fd, data + off, size - off, MSG_NOSIGNAL);
            if (n > 0)
                off += (size_t)n;
            if (off == size)
                shutdown(fd, SHUT_WR);
        } else if (size == 0 && spins == 0) {
            shutdown(fd, SHUT_WR);
        }
        uv_run(&fuzz_loop, UV_RUN_NOWAIT);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 1) > 0) {
            ssize_t n = recv(fd, sink, sizeof(sink), 0);
            if (n == 0 || (n < 0 && errno != EAGAIN))
                eof = true;
        }
    }
    close(fd);
    /* Let the server see the close and free the connection. */
    for (int i = 0; i < 5; i++)
        uv_run(&fuzz_loop, UV_RUN_NOWAIT);
    return 0;
}
