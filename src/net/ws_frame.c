/* Outgoing WebSocket frames (RFC 6455 §5.2): encoded once and shared by
 * reference. Server frames are never masked, so a frame's bytes are the same
 * for every recipient.
 *
 * wslay is not used here: its frame context embeds a 4 KiB input buffer,
 * which alone breaks the gateway's 2 KB-per-connection bar, and a server
 * frame header is 2 to 10 bytes. Tests decode our frames with wslay as the
 * reference. */
#include "common/alloc.h"
#include "net/internal.h"

#include <stdlib.h>
#include <string.h>

static size_t frame_header(uint8_t *h, int opcode, size_t len)
{
    h[0] = (uint8_t)(0x80 | (opcode & 0x0f));
    if (len < 126) {
        h[1] = (uint8_t)len;
        return 2;
    }
    if (len <= 0xffff) {
        h[1] = 126;
        h[2] = (uint8_t)(len >> 8);
        h[3] = (uint8_t)len;
        return 4;
    }
    h[1] = 127;
    for (int i = 0; i < 8; i++)
        h[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    return 10;
}

struct ws_frame *net__ws_frame_new(int opcode, const void *payload, size_t len)
{
    uint8_t h[10];
    size_t hl = frame_header(h, opcode, len);
    struct ws_frame *f = xmalloc(sizeof(*f) + hl + len);
    f->refs = 1;
    f->len = (uint32_t)(hl + len);
    memcpy(f->bytes, h, hl);
    if (len)
        memcpy(f->bytes + hl, payload, len);
    return f;
}

struct ws_frame *ws_frame_new_text(const char *data, size_t len)
{
    return net__ws_frame_new(WS_OP_TEXT, data, len);
}

void ws_frame_ref(struct ws_frame *f)
{
    f->refs++;
}

void ws_frame_unref(struct ws_frame *f)
{
    if (f && --f->refs == 0)
        free(f);
}
