/* A run's result JSON (see run.h): texts capped and made valid UTF-8, and
 * Judge0's comparison of an output with an expected output. */
#include "contract/run.h"

#include "common/utf8.h"

#include <string.h>

/* Ruby's whitespace for String#strip and #rstrip (Judge0 is Ruby). */
static bool run_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

/* Judge0's strip(): every line's trailing whitespace removed, the lines
 * joined again, then the whole stripped at both ends. */
static void run_normalize(struct buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i <= len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len, e = end;
        while (e > i && run_space(s[e - 1]))
            e--;
        if (i > 0)
            buf_append(out, "\n", 1);
        buf_append(out, s + i, e - i);
        i = end + 1;
    }
    size_t a = 0, b = out->len;
    while (a < b && run_space(out->data[a]))
        a++;
    while (b > a && run_space(out->data[b - 1]))
        b--;
    memmove(out->data, out->data + a, b - a);
    out->len = b - a;
}

bool run_output_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    struct buf x, y;
    buf_init(&x);
    buf_init(&y);
    run_normalize(&x, a, alen);
    run_normalize(&y, b, blen);
    bool eq = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
    buf_dispose(&x);
    buf_dispose(&y);
    return eq;
}

/* The length of the UTF-8 character at s[0..len), or 0 when the bytes there
 * are not one. */
static size_t run_char_len(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : 4;
    if (c >= 0xf5 || (c >= 0x80 && c < 0xc2) || n > len || !utf8_valid(s, n))
        return 0;
    return n;
}

/* Appends ,"name":"<text>" with text cut to RUN_SHOW_MAX bytes (at a
 * character boundary) and each invalid byte as U+FFFD; with cut_name, also
 * ,"cut_name":true|false. */
static void run_put_text(struct buf *out, const char *name, const char *cut_name, const char *s,
                         size_t len)
{
    struct buf t;
    buf_init(&t);
    size_t i = 0;
    while (i < len) {
        size_t n = run_char_len(s + i, len - i);
        size_t w = n ? n : 3; /* U+FFFD is 3 bytes */
        if (t.len + w > RUN_SHOW_MAX)
            break;
        if (n)
            buf_append(&t, s + i, n);
        else
            buf_append(&t, "\xef\xbf\xbd", 3);
        i += n ? n : 1;
    }
    buf_printf(out, ",\"%s\":", name);
    buf_json_str(out, t.data ? t.data : "", t.len);
    if (cut_name)
        buf_printf(out, ",\"%s\":%s", cut_name, i < len ? "true" : "false");
    buf_dispose(&t);
}

static void run_put_opt_str(struct buf *out, const char *name, const char *s)
{
    buf_printf(out, ",\"%s\":", name);
    if (s)
        buf_json_str(out, s, strlen(s));
    else
        buf_puts(out, "null");
}

void run_result_build(struct buf *out, const struct run_result *r)
{
    buf_puts(out, "{\"type\":\"run\"");
    run_put_opt_str(out, "id", r->id);
    run_put_opt_str(out, "userId", r->user);
    run_put_opt_str(out, "problemId", r->problem);
    run_put_opt_str(out, "language", r->language);
    run_put_opt_str(out, "status", r->status);
    run_put_text(out, "message", NULL, r->message ? r->message : "",
                 r->message ? strlen(r->message) : 0);
    run_put_text(out, "stdout", "stdoutCut", r->out ? r->out : "", r->out ? r->out_len : 0);
    run_put_text(out, "stderr", "stderrCut", r->err ? r->err : "", r->err ? r->err_len : 0);
    if (r->output)
        run_put_text(out, "output", NULL, r->output, r->output_len);
    else
        buf_puts(out, ",\"output\":null");
    run_put_text(out, "compileOutput", NULL, r->compile_out ? r->compile_out : "",
                 r->compile_out ? r->compile_len : 0);
    buf_printf(out, ",\"timeMs\":%u,\"wallMs\":%u,\"memoryKb\":%u,\"exitCode\":%d,\"signal\":%d",
               (unsigned)r->time_ms, (unsigned)r->wall_ms, (unsigned)r->memory_kb, r->exit_code,
               r->signal);
    if (r->expected)
        run_put_text(out, "expected", "expectedCut", r->expected, r->expected_len);
    else
        buf_puts(out, ",\"expected\":null,\"expectedCut\":false");
    run_put_opt_str(out, "expectedStatus", r->expected_status);
    buf_printf(out, ",\"match\":%s", r->match < 0 ? "null" : r->match ? "true" : "false");
    run_put_opt_str(out, "matchNote", r->match_note);
    buf_puts(out, "}");
}
