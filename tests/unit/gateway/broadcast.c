/* gateway__on_broadcast() walks every user's connections and sends to each; a
 * send that fails at once closes its session inside the walk (issue 10). */
#include "gateway/gateway.h"
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Opens a WebSocket to port and identifies as user (client frames are masked,
 * here with a zero key). Returns the socket; the handshake's answer is never
 * read. */
static int client_hello(int port, const char *user)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    char req[512];
    int n = snprintf(req, sizeof(req),
                     "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n");
    cr_assert_eq(write(fd, req, (size_t)n), n);
    char hello[128];
    int len = snprintf(hello, sizeof(hello), "{\"userId\":\"%s\"}", user);
    unsigned char frame[160] = {0x81, (unsigned char)(0x80 | len), 0, 0, 0, 0};
    memcpy(frame + 6, hello, (size_t)len);
    cr_assert_eq(write(fd, frame, (size_t)len + 6), len + 6);
    return fd;
}

/* Ends the connection with a reset: the gateway's next write to it fails at
 * once (ECONNRESET or EPIPE) instead of being queued. */
static void client_reset(int fd)
{
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)), 0);
    close(fd);
}

/* The user's subscription is down (Redis is away, as after a dropped
 * connection) and its only session was ready: the failed send of a broadcast
 * closes the session, and the user, left with no connection while down, was
 * freed under the walk that went on to read it. */
Test(broadcast, issue_10_a_failed_send_does_not_free_the_user_under_the_walk)
{
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    struct gateway_config cfg = {.port = 0,
                                 .host = "127.0.0.1",
                                 .redis = "redis://127.0.0.1:1",
                                 .identify_timeout_ms = 10000,
                                 .ping_ms = 30000,
                                 .max_queue_kb = 256,
                                 .max_connections = 1000,
                                 .linger_ms = 0};
    struct gateway *gw;
    char err[512];
    cr_assert_eq(gateway_start(&loop, &cfg, &gw, err, sizeof(err)), 0, "%s", err);
    int fds[3];
    const char *users[3] = {"alice", "bob", "carol"};
    for (int i = 0; i < 3; i++)
        fds[i] = client_hello(gateway_port(gw), users[i]);
    for (int spins = 0; spins < 2000 && gw->nsessions < 3; spins++) {
        uv_run(&loop, UV_RUN_NOWAIT);
        usleep(1000);
    }
    cr_assert_eq(gw->nsessions, 3, "the clients did not identify");
    /* Each session got as far as "ready" (which needs Redis, away here). */
    for (int i = 0; i < 3; i++) {
        struct user *u = gateway__user_find(gw, users[i], strlen(users[i]));
        cr_assert_not_null(u);
        cr_assert_eq(u->state, USER_DOWN);
        struct session *s = ws_conn_data(ws_conn_from_link(u->conns.next));
        s->ready = true;
    }
    for (int i = 0; i < 3; i++)
        client_reset(fds[i]);
    usleep(20 * 1000); /* the resets arrive; the loop does not read them */
    static const char msg[] = "{\"type\":\"broadcast\",\"message\":\"hi\"}";
    gateway__on_broadcast(NULL, NULL, "broadcast", 9, msg, sizeof(msg) - 1, gw);
    cr_assert_eq(gw->nsessions, 0, "every send should have failed at once");
    cr_assert_eq(gw->stats.broadcasts, 1);
    /* The users linger, and go at the next expiry. */
    gateway__users_expire(gw);
    cr_assert_eq(gw->nusers, 0);
    gateway_stop(gw);
    uv_run(&loop, UV_RUN_DEFAULT);
    gateway_free(gw);
    cr_assert_eq(uv_loop_close(&loop), 0);
}
