/* Trimming program output for people (see text.h). */
#include "judge/text.h"

#include "common/utf8.h"

#include <stdbool.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    return utf8_valid(s, len) ? len : 0;
}

void text_trim(const char *s, size_t len, size_t total, size_t max, struct buf *out)
{
    size_t cut = len;
    if (len > max) {
        cut = max;
        /* Prefer ending at a line boundary if one is near the limit. */
        for (size_t i = max; i > max - max / 4; i--)
            if (s[i - 1] == '\n') {
                cut = i;
                break;
            }
    }
    size_t i = 0;
    while (i < cut) {
        size_t n = s[i] == '\0' ? 0 : utf8_seq(s + i, cut - i);
        if (n == 0) {
            buf_append(out, "?", 1);
            i++;
            continue;
        }
        buf_append(out, s + i, n);
        i += n;
    }
    if (total < len)
        total = len;
    if (cut < total)
        buf_printf(out, "%s[... %zu more bytes]\n", cut > 0 && s[cut - 1] == '\n' ? "" : "\n",
                   total - cut);
}
