/* A failed submission's feedback for people (see feedback.h). */
#include "judge/feedback.h"

#include "common/utf8.h"

#include <stdio.h>
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

bool feedback_cap(const char *s, size_t len, size_t total, size_t max, struct buf *out)
{
    size_t cut = len < max ? len : max;
    size_t i = 0;
    while (i < cut) {
        size_t n = s[i] == '\0' ? 0 : utf8_seq(s + i, len - i);
        if (n == 0) {
            buf_append(out, "?", 1);
            i++;
            continue;
        }
        /* A character that does not fit whole is left out, not split. */
        if (i + n > cut)
            break;
        buf_append(out, s + i, n);
        i += n;
    }
    if (total < len)
        total = len;
    return i < total;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A character that may be part of a file name: a mention of the source must
 * not be the tail of a longer name ("xmain.c", "lib/main.c"). */
static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
           c == '.' || c == '-' || c == '/';
}

/* Reads the decimal number at s[*i..len) (at most 9 digits) into *v. */
static bool read_number(const char *s, size_t len, size_t *i, unsigned long *v)
{
    size_t k = *i;
    unsigned long n = 0;
    while (k < len && is_digit(s[k]) && k - *i < 9)
        n = n * 10 + (unsigned long)(s[k++] - '0');
    if (k == *i || (k < len && is_digit(s[k])))
        return false;
    *v = n;
    *i = k;
    return true;
}

/* Appends line number n (the text s[from..to)) shifted back by shift, or as
 * it was when it names a line of the driver. */
static void put_line_number(const char *s, size_t from, size_t to, unsigned long n, unsigned shift,
                            struct buf *out)
{
    if (shift == 0 || n <= shift)
        buf_append(out, s + from, to - from);
    else
        buf_printf(out, "%lu", n - shift);
}

/* After a mention of the source at s[*i]: ":12" (gcc, javac, go, node,
 * rustc) or "\", line 12" (Python) gets its number shifted. */
static void shift_after_mention(const char *s, size_t len, size_t *i, unsigned shift,
                                struct buf *out)
{
    static const char py[] = "\", line ";
    size_t k = *i, pre;
    if (k < len && s[k] == ':')
        pre = 1;
    else if (len - k >= sizeof(py) - 1 && memcmp(s + k, py, sizeof(py) - 1) == 0)
        pre = sizeof(py) - 1;
    else
        return;
    size_t at = k + pre;
    unsigned long n;
    if (!read_number(s, len, &at, &n))
        return;
    buf_append(out, s + k, pre);
    put_line_number(s, k + pre, at, n, shift, out);
    *i = at;
}

/* The length of a mention of the source at s[i] ("/box/" or "./" and the
 * name, or the bare name), or 0. */
static size_t mention_at(const char *s, size_t len, size_t i, const char *source)
{
    if (i > 0 && name_char(s[i - 1]))
        return 0;
    static const char *const prefixes[] = {"/box/", "./", ""};
    size_t slen = strlen(source);
    for (int p = 0; p < 3; p++) {
        size_t plen = strlen(prefixes[p]);
        size_t n = plen + slen;
        if (n > len - i || memcmp(s + i, prefixes[p], plen) != 0 ||
            memcmp(s + i + plen, source, slen) != 0)
            continue;
        /* The name must end there: "main.c" is not "main.cpp". */
        if (i + n < len && name_char(s[i + n]) && s[i + n] != '.')
            continue;
        if (i + n + 1 < len && s[i + n] == '.' && name_char(s[i + n + 1]))
            continue;
        return n;
    }
    return 0;
}

/* A source excerpt's gutter at the start of a line: spaces, a number, " |"
 * (gcc's "    2 |   return x;", rustc's "2 |     let y = x;"). */
static bool gutter_at(const char *s, size_t len, size_t i, size_t *num, size_t *end,
                      unsigned long *n)
{
    size_t k = i;
    while (k < len && s[k] == ' ')
        k++;
    *num = k;
    if (!read_number(s, len, &k, n))
        return false;
    if (len - k < 2 || s[k] != ' ' || s[k + 1] != '|')
        return false;
    *end = k;
    return true;
}

/* Appends one line, s[0..len) without its newline, rewritten. */
static void rewrite_line(const char *s, size_t len, const char *source, const char *display,
                         unsigned shift, struct buf *out)
{
    size_t i = 0, num, end;
    unsigned long n;
    if (shift > 0 && gutter_at(s, len, 0, &num, &end, &n)) {
        /* Keep the gutter's width, so the excerpt's caret stays aligned. */
        size_t width = end - num;
        char text[16];
        int w = n > shift ? snprintf(text, sizeof(text), "%lu", n - shift) : 0;
        size_t pad = w > 0 && (size_t)w < width ? width - (size_t)w : 0;
        buf_append(out, s, num);
        if (w > 0) {
            for (size_t k = 0; k < pad; k++)
                buf_append(out, " ", 1);
            buf_append(out, text, (size_t)w);
        } else {
            buf_append(out, s + num, width);
        }
        i = end;
    }
    while (i < len) {
        size_t m = mention_at(s, len, i, source);
        if (m == 0) {
            buf_append(out, s + i, 1);
            i++;
            continue;
        }
        buf_puts(out, display);
        i += m;
        shift_after_mention(s, len, &i, shift, out);
    }
}

void feedback_compile_message(const char *msg, size_t len, const char *source, const char *display,
                              unsigned line_shift, struct buf *out)
{
    buf_reserve(out, len + 1);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(msg + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - msg) : len;
        rewrite_line(msg + i, end - i, source, display, line_shift, out);
        if (nl)
            buf_append(out, "\n", 1);
        i = end + 1;
    }
}
