/* Base64 exactly as Judge0 writes and reads it (Ruby's Base64.encode64 and
 * decode64), so a Judge0 client sees the same bytes from verdict. */
#include "api/judge0.h"

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* encode64 packs with "m": a newline after each 60 characters (45 bytes)
 * and after the last line. */
void judge0_base64_encode(struct buf *out, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t col = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        char q[4] = {base64_alphabet[(v >> 18) & 63], base64_alphabet[(v >> 12) & 63],
                     i + 1 < len ? base64_alphabet[(v >> 6) & 63] : '=',
                     i + 2 < len ? base64_alphabet[v & 63] : '='};
        buf_append(out, q, 4);
        col += 4;
        if (col == 60) {
            buf_append(out, "\n", 1);
            col = 0;
        }
    }
    if (col > 0)
        buf_append(out, "\n", 1);
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* unpack("m"): skips what is not in the alphabet and stops at '='; a last
 * group of 2 or 3 characters gives 1 or 2 bytes, a lone one nothing. */
void judge0_base64_decode(struct buf *out, const char *text, size_t len)
{
    unsigned v = 0;
    int n = 0;
    for (size_t i = 0; i < len && text[i] != '='; i++) {
        int d = base64_value(text[i]);
        if (d < 0)
            continue;
        v = (v << 6) | (unsigned)d;
        if (++n == 4) {
            unsigned char b[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
                                  (unsigned char)v};
            buf_append(out, b, 3);
            v = 0;
            n = 0;
        }
    }
    if (n == 2) {
        unsigned char b = (unsigned char)(v >> 4);
        buf_append(out, &b, 1);
    } else if (n == 3) {
        unsigned char b[2] = {(unsigned char)(v >> 10), (unsigned char)(v >> 2)};
        buf_append(out, b, 2);
    }
}
