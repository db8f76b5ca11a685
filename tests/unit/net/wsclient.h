/* A blocking WebSocket client for the tests, framing with wslay (the
 * reference codec: it checks our decoder and encoder against another). */
#ifndef TESTS_UNIT_NET_WSCLIENT_H
#define TESTS_UNIT_NET_WSCLIENT_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wsclient {
    int fd;
    void *ctx; /* wslay_frame_context_ptr */
    bool eof;
    int timeout_ms;
};

/* Connects and sends a handshake with key and version (NULL: a good one).
 * The server's answer head goes into head. Returns 0 when it is a 101. */
int wsc_open(struct wsclient *w, int port, const char *key, const char *version, struct buf *head);
void wsc_close(struct wsclient *w);
/* Sends one frame (mask: as a browser must). */
void wsc_send(struct wsclient *w, int opcode, bool fin, bool mask, const void *data, size_t len);
/* Reads one whole frame into payload (reset first). Returns its opcode, or -1
 * on EOF (w->eof) or timeout. */
int wsc_recv(struct wsclient *w, struct buf *payload);
/* A close frame's code (1005 when empty). */
int wsc_close_code(const struct buf *payload);

#endif
