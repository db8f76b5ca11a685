/* The net/ test harness: loop + client thread, and blocking socket helpers. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

static void harness_on_done(uv_async_t *a)
{
    struct harness *h = a->data;
    uv_close((uv_handle_t *)&h->done, NULL);
    h->stop(h);
}

void harness_init(struct harness *h)
{
    uv_loop_init(&h->loop);
    uv_async_init(&h->loop, &h->done, harness_on_done);
    h->done.data = h;
}

static void *harness_thread(void *arg)
{
    struct harness *h = arg;
    h->client(h);
    uv_async_send(&h->done);
    return NULL;
}

int harness_run(struct harness *h)
{
    pthread_create(&h->thread, NULL, harness_thread, h);
    uv_run(&h->loop, UV_RUN_DEFAULT);
    pthread_join(h->thread, NULL);
    return uv_loop_close(&h->loop);
}

bool harness_leaked(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return __lsan_do_recoverable_leak_check() != 0;
#else
    return false;
#endif
}

int client_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

void client_send(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        len -= (size_t)n;
    }
}

void client_sends(int fd, const char *s)
{
    client_send(fd, s, strlen(s));
}

/* One read with a timeout: >0 bytes, 0 on EOF, -1 on timeout or error. */
static ssize_t read_some(int fd, char *dst, size_t cap, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r <= 0)
        return -1;
    ssize_t n = recv(fd, dst, cap, 0);
    if (n < 0)
        return errno == ECONNRESET ? 0 : -1;
    return n;
}

int http_count_responses(const char *s, size_t len)
{
    int count = 0;
    size_t off = 0;
    while (off < len) {
        const char *end = memmem(s + off, len - off, "\r\n\r\n", 4);
        if (end == NULL)
            break;
        size_t head_len = (size_t)(end - (s + off)) + 4;
        size_t body = 0;
        const char *cl = NULL;
        for (const char *p = s + off; p < end; p++) {
            if ((p == s + off || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
                cl = p + 15;
                break;
            }
        }
        bool head_resp = false; /* HEAD answers carry a length but no body */
        if (cl)
            body = strtoul(cl, NULL, 10);
        if (memmem(s + off, head_len, "X-Head: 1", 9))
            head_resp = true;
        if (strncmp(s + off, "HTTP/1.1 1", 10) == 0) { /* 1xx: no body, not counted */
            off += head_len;
            continue;
        }
        if (head_resp)
            body = 0;
        if (off + head_len + body > len)
            break;
        off += head_len + body;
        count++;
    }
    return count;
}

bool client_read_http(int fd, struct buf *out, int n, int timeout_ms)
{
    char tmp[65536];
    while (http_count_responses(out->data ? out->data : "", out->len) < n) {
        ssize_t r = read_some(fd, tmp, sizeof(tmp), timeout_ms);
        if (r == 0)
            return true;
        if (r < 0)
            return false;
        buf_append(out, tmp, (size_t)r);
    }
    return false;
}

bool client_read_eof(int fd, struct buf *out, int timeout_ms)
{
    char tmp[65536];
    for (;;) {
        ssize_t r = read_some(fd, tmp, sizeof(tmp), timeout_ms);
        if (r == 0)
            return true;
        if (r < 0)
            return false;
        if (out)
            buf_append(out, tmp, (size_t)r);
    }
}

size_t client_read_n(int fd, void *dst, size_t n, int timeout_ms)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read_some(fd, (char *)dst + got, n - got, timeout_ms);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
