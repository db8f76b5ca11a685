/* Blocking WebSocket test client on wslay's frame API. */
#include "wsclient.h"

#include "harness.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wslay/wslay.h>

static ssize_t wsc_on_send(const uint8_t *data, size_t len, int flags, void *user)
{
    (void)flags;
    struct wsclient *w = user;
    ssize_t n = send(w->fd, data, len, MSG_NOSIGNAL);
    return n > 0 ? n : -1;
}

static ssize_t wsc_on_recv(uint8_t *buf, size_t len, int flags, void *user)
{
    (void)flags;
    struct wsclient *w = user;
    struct pollfd p = {.fd = w->fd, .events = POLLIN};
    if (poll(&p, 1, w->timeout_ms) <= 0)
        return -1;
    ssize_t n = recv(w->fd, buf, len, 0);
    if (n <= 0) {
        w->eof = true;
        return -1;
    }
    return n;
}

static int wsc_on_mask(uint8_t *buf, size_t len, void *user)
{
    (void)user;
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(rand() & 0xff);
    return 0;
}

int wsc_open(struct wsclient *w, int port, const char *key, const char *version, struct buf *head)
{
    memset(w, 0, sizeof(*w));
    buf_reset(head);
    w->timeout_ms = 3000;
    w->fd = client_connect(port);
    struct wslay_frame_callbacks cb = {wsc_on_send, wsc_on_recv, wsc_on_mask};
    wslay_frame_context_init((wslay_frame_context_ptr *)&w->ctx, &cb, w);
    struct buf req;
    buf_init(&req);
    buf_printf(&req,
               "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: %s\r\n\r\n",
               key ? key : "dGhlIHNhbXBsZSBub25jZQ==", version ? version : "13");
    client_send(w->fd, req.data, req.len);
    buf_dispose(&req);
    /* Read the head byte by byte: frames may follow it. */
    char ch;
    while (head->len < 4 || memcmp(head->data + head->len - 4, "\r\n\r\n", 4) != 0) {
        if (client_read_n(w->fd, &ch, 1, 3000) != 1)
            return -1;
        buf_append(head, &ch, 1);
    }
    return strncmp(head->data, "HTTP/1.1 101 ", 13) == 0 ? 0 : -1;
}

void wsc_close(struct wsclient *w)
{
    if (w->ctx)
        wslay_frame_context_free(w->ctx);
    w->ctx = NULL;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
}

void wsc_send(struct wsclient *w, int opcode, bool fin, bool mask, const void *data, size_t len)
{
    struct wslay_frame_iocb io = {
        .fin = fin,
        .opcode = (uint8_t)opcode,
        .payload_length = len,
        .mask = mask,
        .data = data,
        .data_length = len,
    };
    size_t sent = 0;
    do { /* the header and each part of the payload may take a call */
        io.data = (const uint8_t *)data + sent;
        io.data_length = len - sent;
        ssize_t n = wslay_frame_send(w->ctx, &io);
        if (n < 0)
            return;
        sent += (size_t)n;
    } while (sent < len);
}

int wsc_recv(struct wsclient *w, struct buf *payload)
{
    buf_reset(payload);
    struct wslay_frame_iocb io;
    uint64_t got = 0;
    for (;;) {
        memset(&io, 0, sizeof(io));
        ssize_t n = wslay_frame_recv(w->ctx, &io);
        if (n < 0)
            return -1;
        buf_append(payload, io.data, io.data_length);
        got += io.data_length;
        if (got == io.payload_length)
            return io.opcode;
    }
}

int wsc_close_code(const struct buf *payload)
{
    if (payload->len < 2)
        return 1005;
    const uint8_t *p = (const uint8_t *)payload->data;
    return p[0] << 8 | p[1];
}
