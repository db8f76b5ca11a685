/* libFuzzer target for the WebSocket frame reader (net/ws_read.c) and what it
 * drives (close handshake, echoes through the send queue): each input is what
 * a client sends after a good handshake, on a real loopback connection to a
 * real net/ws server behind net/http, as a browser's bytes would arrive.
 *
 * The first byte says how the rest is cut: 0 sends it with the handshake (the
 * server decodes it from the bytes that came with the upgrade); n > 0 sends it
 * in pieces of n bytes with a loop turn after each (frames split across
 * reads). Then the client half-closes and reads until the server has closed.
 *
 * The server echoes each message; a message starting with 'c' makes it close
 * (4000), one starting with 'f' is echoed 8 times (small queue cap: a slow
 * consumer). Checked beyond ASan/UBSan: a message is text, valid UTF-8 and
 * within max_message_bytes; on_close fires once per accepted connection; none
 * is left once the client has seen the server close.
 *
 * Built and run by ctest (tests/fuzz/run.sh); by hand:
 *   tests/fuzz/run.sh build build/fuzz && tests/fuzz/run.sh run build/fuzz ws 60
 */
#include "net/ws.h"
#include "common/utf8.h"
#include "net/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FUZZ_MAX_MESSAGE 4096
/* How long the server may take to close after the client's FIN. */
#define FUZZ_CLOSE_WAIT_NS (5ull * 1000 * 1000 * 1000)

static const char handshake[] = "GET / HTTP/1.1\r\nHost: fuzz\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\n\r\n";

static uv_loop_t fuzz_loop;
static struct http_server *fuzz_http;
static struct ws_server *fuzz_ws;
static int fuzz_port;
static unsigned accepted, closed;

/* A broken invariant: say which, then crash so libFuzzer keeps the input. */
static void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz/ws: %s\n", what);
    abort();
}

static void fuzz_on_request(struct http_request *req, void *data)
{
    (void)data;
    http_respond(req, 404, "text/plain", NULL, "no", 2);
}

static void fuzz_on_upgrade(struct http_request *req, void *data)
{
    (void)data;
    struct ws_conn *c = ws_accept(fuzz_ws, req);
    if (c == NULL)
        fuzz_fail("a good handshake was refused");
    accepted++;
    ws_conn_set_data(c, &accepted);
}

static void fuzz_on_message(struct ws_conn *c, int opcode, const char *msg, size_t len, void *data)
{
    (void)data;
    if (opcode != WS_OP_TEXT)
        fuzz_fail("a message that is not text was delivered");
    if (len > FUZZ_MAX_MESSAGE)
        fuzz_fail("a message over max_message_bytes was delivered");
    if (!utf8_valid(msg, len))
        fuzz_fail("a message that is not UTF-8 was delivered");
    if (len > 0 && msg[0] == 'c') {
        ws_close(c, 4000, "asked");
        return;
    }
    int n = len > 0 && msg[0] == 'f' ? 8 : 1;
    for (int i = 0; i < n; i++)
        if (ws_send_text(c, msg, len) < 0)
            break;
}

static void fuzz_on_close(struct ws_conn *c, int code, void *data)
{
    (void)data;
    (void)code;
    if (ws_conn_data(c) != &accepted)
        fuzz_fail("on_close fired twice for a connection");
    ws_conn_set_data(c, NULL);
    closed++;
}

static void fuzz_init(void)
{
    if (uv_loop_init(&fuzz_loop) < 0)
        fuzz_fail("cannot init the loop");
    struct http_limits hl;
    http_limits_default(&hl);
    fuzz_http = http_server_new(&fuzz_loop, &hl, fuzz_on_request, NULL);
    http_server_set_upgrade(fuzz_http, fuzz_on_upgrade, NULL);
    struct ws_limits wl;
    ws_limits_default(&wl);
    wl.max_message_bytes = FUZZ_MAX_MESSAGE;
    wl.max_queue_bytes = 4096;
    wl.ping_interval_ms = 0; /* no timer but the close timeout: runs repeat */
    wl.close_timeout_ms = 50;
    struct ws_callbacks cb = {fuzz_on_message, fuzz_on_close};
    fuzz_ws = ws_server_new(&fuzz_loop, &wl, &cb, NULL);
    if (http_server_listen(fuzz_http, "127.0.0.1", 0) < 0)
        fuzz_fail("cannot listen");
    fuzz_port = http_server_port(fuzz_http);
}

/* One turn of the loop; with wait, first waits (10 ms at most) until the
 * client socket or the loop has something to do. */
static void fuzz_turn(int fd, bool wait)
{
    int t = wait ? uv_backend_timeout(&fuzz_loop) : 0;
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
                          {.fd = uv_backend_fd(&fuzz_loop), .events = POLLIN}};
    if (poll(p, 2, t < 0 || t > 10 ? 10 : t) < 0 && errno != EINTR)
        fuzz_fail("poll failed");
    uv_run(&fuzz_loop, UV_RUN_NOWAIT);
}

/* Reads what the server sent; returns true at its end. */
static bool fuzz_drain(int fd)
{
    char sink[65536];
    for (;;) {
        ssize_t n = recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
        if (n > 0)
            continue;
        return n == 0 || (errno != EAGAIN && errno != EINTR);
    }
}

/* Sends all of data (or until the server is gone), turning the loop while the
 * socket is full. */
static void fuzz_send(int fd, const uint8_t *data, size_t size)
{
    size_t off = 0;
    while (off < size) {
        ssize_t n = send(fd, data + off, size - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return;
        if (n > 0)
            off += (size_t)n;
        fuzz_turn(fd, n <= 0); /* the socket is full: let the server read */
        fuzz_drain(fd);
    }
}

/* A blocking connect() cut short by a signal (libFuzzer's timer: the run
 * failed on "Interrupted system call" after ~60,000 runs) goes on in the
 * background: waits until it ends, with loop turns so that the server may
 * accept it, and fails if it failed. */
static void fuzz_connected(int fd)
{
    uint64_t t0 = uv_hrtime();
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int n = poll(&p, 1, 0);
        if (n < 0 && errno != EINTR)
            fuzz_fail("poll failed");
        if (n > 0)
            break;
        if (uv_hrtime() - t0 > FUZZ_CLOSE_WAIT_NS)
            fuzz_fail("connect did not end");
        fuzz_turn(-1, true);
    }
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
        fprintf(stderr, "fuzz/ws: connect: %s\n", strerror(err));
        fuzz_fail("cannot connect");
    }
}

static int fuzz_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fuzz_fail("cannot create a socket");
    /* Each run's connection ends in TIME_WAIT on our side (we send the first
     * FIN, on purpose); tens of thousands of runs from one address would use
     * up its local ports (connect() failed with EADDRNOTAVAIL after ~28,000
     * runs in a fast pristine root). A run comes from the next of 65,536
     * loopback addresses, 127.1.0.0/16, instead. */
    static unsigned next_src;
    /* The port is chosen at connect() by the whole 4-tuple: bind() alone
     * would reserve one of the ~28,000 ephemeral ports per run while its
     * TIME_WAIT lasts, and with the other tests' connections the range ran
     * out after ~16,000 runs (connect failed in CI). */
    int one = 1;
    if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one)) < 0)
        fuzz_fail("cannot set IP_BIND_ADDRESS_NO_PORT");
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7f010000u | (next_src++ & 0xffffu));
    if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
        fuzz_fail("cannot bind a loopback source address");
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fuzz_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Blocking: the backlog takes it before the loop accepts. */
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINTR) {
        fprintf(stderr, "fuzz/ws: connect: %s\n", strerror(errno));
        fuzz_fail("cannot connect");
    }
    fuzz_connected(fd);
    /* Each piece is sent at once, as the cut asks (no Nagle delay). */
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
        fuzz_fail("cannot set TCP_NODELAY");
    return fd;
}

/* Waits for the 101 (its end), so that what follows reaches the frame reader
 * through reads of the WebSocket connection. */
static void fuzz_wait_upgrade(int fd)
{
    char head[512];
    size_t len = 0;
    uint64_t t0 = uv_hrtime();
    while (len < 4 || memcmp(head + len - 4, "\r\n\r\n", 4) != 0) {
        if (uv_hrtime() - t0 > FUZZ_CLOSE_WAIT_NS || len == sizeof(head))
            fuzz_fail("no 101 answer to a good handshake");
        ssize_t n = recv(fd, head + len, 1, MSG_DONTWAIT);
        if (n == 0)
            fuzz_fail("closed before the 101 answer");
        if (n > 0)
            len++;
        else
            fuzz_turn(fd, true);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_http == NULL)
        fuzz_init();
    unsigned cut = size > 0 ? data[0] : 0;
    const uint8_t *frames = size > 0 ? data + 1 : data;
    size_t len = size > 0 ? size - 1 : 0;
    int fd = fuzz_connect();
    if (cut == 0) {
        uint8_t *all = malloc(sizeof(handshake) - 1 + len);
        if (all == NULL)
            fuzz_fail("out of memory");
        memcpy(all, handshake, sizeof(handshake) - 1);
        if (len)
            memcpy(all + sizeof(handshake) - 1, frames, len);
        fuzz_send(fd, all, sizeof(handshake) - 1 + len);
        free(all);
    } else {
        fuzz_send(fd, (const uint8_t *)handshake, sizeof(handshake) - 1);
        fuzz_wait_upgrade(fd);
        for (size_t off = 0; off < len; off += cut) {
            fuzz_send(fd, frames + off, len - off < cut ? len - off : cut);
        }
    }
    shutdown(fd, SHUT_WR);
    uint64_t t0 = uv_hrtime();
    while (!fuzz_drain(fd)) {
        if (uv_hrtime() - t0 > FUZZ_CLOSE_WAIT_NS)
            fuzz_fail("the server did not close after the client's FIN");
        fuzz_turn(fd, true);
    }
    close(fd);
    if (accepted != closed || ws_server_count(fuzz_ws) != 0)
        fuzz_fail("a connection outlived its socket");
    /* Let the server free what it closed. */
    for (int i = 0; i < 3; i++)
        uv_run(&fuzz_loop, UV_RUN_NOWAIT);
    return 0;
}
