/* verdict's C driver (issue 13; README.md "Function problems"): reads one JSON
 * value per line of stdin, one line per parameter, calls the user's function
 * once and prints its return value as JSON after a marker line on stdout.
 * The user's code goes where the VERDICT-USER-CODE line is, then the main()
 * that judge/driver.c generates for the signature. */
#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERDICT_EXIT_BAD_INPUT 97
#define VERDICT_MARKER "\n\x1eVERDICT-RESULT\x1e\n"

static struct {
    char *data;
    size_t len;
    char *start, *p, *end, *next; /* the line, where it is read, its end, the next line */
    int line;
    const char *name;
    char *out; /* the result's JSON */
    size_t olen, ocap;
} verdict;

static void verdict_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void verdict_fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "verdict driver: input line %d (%s): ", verdict.line, verdict.name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(VERDICT_EXIT_BAD_INPUT);
}

static void *verdict_alloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL) {
        fputs("verdict driver: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void verdict_begin(void)
{
    size_t cap = 1 << 16;
    verdict.data = verdict_alloc(NULL, cap);
    size_t n;
    while ((n = fread(verdict.data + verdict.len, 1, cap - verdict.len - 1, stdin)) > 0) {
        verdict.len += n;
        if (cap - verdict.len - 1 == 0)
            verdict.data = verdict_alloc(verdict.data, cap *= 2);
    }
    verdict.data[verdict.len] = '\0';
    verdict.next = verdict.data;
}

static bool verdict_blank(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r')
            return false;
    return true;
}

static void verdict_line(const char *name)
{
    char *all = verdict.data + verdict.len;
    verdict.line++;
    verdict.name = name;
    if (verdict.next >= all)
        verdict_fail("missing: the input has %d lines", verdict.line - 1);
    char *nl = memchr(verdict.next, '\n', (size_t)(all - verdict.next));
    verdict.p = verdict.start = verdict.next;
    verdict.end = nl ? nl : all;
    verdict.next = nl ? nl + 1 : all;
}

static void verdict_ws(void)
{
    while (verdict.p < verdict.end &&
           (*verdict.p == ' ' || *verdict.p == '\t' || *verdict.p == '\r'))
        verdict.p++;
}

static void verdict_line_end(void)
{
    verdict_ws();
    if (verdict.p != verdict.end)
        verdict_fail("more after the value");
}

static void verdict_finish(void)
{
    char *all = verdict.data + verdict.len;
    while (verdict.next < all) {
        char *nl = memchr(verdict.next, '\n', (size_t)(all - verdict.next));
        char *end = nl ? nl : all;
        verdict.line++;
        verdict.name = "-";
        if (!verdict_blank(verdict.next, end))
            verdict_fail("more lines than parameters");
        verdict.next = nl ? nl + 1 : all;
    }
}

static void verdict_expect(char c, const char *what)
{
    verdict_ws();
    if (verdict.p >= verdict.end || *verdict.p != c)
        verdict_fail("expected %s at column %d", what, (int)(verdict.p - verdict.start) + 1);
    verdict.p++;
}

static long long verdict_integer(unsigned long long max_neg, unsigned long long max_pos,
                                 const char *what)
{
    verdict_ws();
    const char *s = verdict.p;
    bool neg = verdict.p < verdict.end && *verdict.p == '-';
    verdict.p += neg;
    if (verdict.p >= verdict.end || !isdigit((unsigned char)*verdict.p))
        verdict_fail("expected %s", what);
    if (*verdict.p == '0' && verdict.p + 1 < verdict.end && isdigit((unsigned char)verdict.p[1]))
        verdict_fail("a number with a leading zero");
    unsigned long long v = 0;
    bool over = false;
    for (; verdict.p < verdict.end && isdigit((unsigned char)*verdict.p); verdict.p++) {
        unsigned d = (unsigned)(*verdict.p - '0');
        if (v > (ULLONG_MAX - d) / 10)
            over = true;
        else
            v = v * 10 + d;
    }
    if (verdict.p < verdict.end && strchr(".eE", *verdict.p))
        verdict_fail("expected %s, got a number with a fraction or an exponent", what);
    if (over || v > (neg ? max_neg : max_pos))
        verdict_fail("%.*s is out of range of %s", (int)(verdict.p - s), s, what);
    return neg ? (long long)(0 - v) : (long long)v;
}

static int verdict_read_int(void)
{
    return (int)verdict_integer(2147483648ULL, 2147483647ULL, "an int");
}

static long long verdict_read_long(void)
{
    return verdict_integer(9223372036854775808ULL, 9223372036854775807ULL, "a long");
}

static void verdict_digits(void)
{
    if (verdict.p >= verdict.end || !isdigit((unsigned char)*verdict.p))
        verdict_fail("expected a double");
    while (verdict.p < verdict.end && isdigit((unsigned char)*verdict.p))
        verdict.p++;
}

static double verdict_read_double(void)
{
    verdict_ws();
    char *s = verdict.p;
    verdict.p += verdict.p < verdict.end && *verdict.p == '-';
    if (verdict.p < verdict.end && *verdict.p == '0')
        verdict.p++;
    else
        verdict_digits();
    if (verdict.p < verdict.end && *verdict.p == '.') {
        verdict.p++;
        verdict_digits();
    }
    if (verdict.p < verdict.end && (*verdict.p == 'e' || *verdict.p == 'E')) {
        verdict.p++;
        verdict.p += verdict.p < verdict.end && (*verdict.p == '+' || *verdict.p == '-');
        verdict_digits();
    }
    /* The token ends the string for strtod; the input buffer is ours. */
    char save = *verdict.p;
    *verdict.p = '\0';
    double v = strtod(s, NULL);
    *verdict.p = save;
    if (isinf(v))
        verdict_fail("%.*s is out of range of a double", (int)(verdict.p - s), s);
    return v;
}

static bool verdict_read_bool(void)
{
    verdict_ws();
    size_t left = (size_t)(verdict.end - verdict.p);
    if (left >= 4 && memcmp(verdict.p, "true", 4) == 0) {
        verdict.p += 4;
        return true;
    }
    if (left >= 5 && memcmp(verdict.p, "false", 5) == 0) {
        verdict.p += 5;
        return false;
    }
    verdict_fail("expected a bool");
}

static unsigned verdict_hex4(void)
{
    unsigned u = 0;
    for (int i = 0; i < 4; i++, verdict.p++) {
        char c = verdict.p < verdict.end ? *verdict.p : 0;
        if (!isxdigit((unsigned char)c))
            verdict_fail("a bad \\u escape");
        u = u * 16 + (unsigned)(isdigit((unsigned char)c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return u;
}

static char *verdict_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* A JSON string, unescaped into a new NUL-terminated one (never longer than
 * its escaped form). */
static char *verdict_read_string(void)
{
    verdict_expect('"', "a string");
    char *s = verdict_alloc(NULL, (size_t)(verdict.end - verdict.p) + 1), *o = s;
    for (;;) {
        if (verdict.p >= verdict.end)
            verdict_fail("an unterminated string");
        unsigned char c = (unsigned char)*verdict.p++;
        if (c == '"')
            break;
        if (c < 0x20)
            verdict_fail("a control character in a string");
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        char e = verdict.p < verdict.end ? *verdict.p++ : 0;
        const char *hit = e ? strchr("\"\\/bfnrt", e) : NULL;
        if (hit) {
            *o++ = "\"\\/\b\f\n\r\t"[hit - "\"\\/bfnrt"];
            continue;
        }
        if (e != 'u')
            verdict_fail("a bad escape in a string");
        unsigned cp = verdict_hex4();
        if (cp >= 0xD800 && cp < 0xDC00 && verdict.end - verdict.p >= 6 && verdict.p[0] == '\\' &&
            verdict.p[1] == 'u') {
            verdict.p += 2;
            unsigned lo = verdict_hex4();
            if (lo < 0xDC00 || lo >= 0xE000)
                verdict_fail("a lone surrogate in a string");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xD800 && cp < 0xE000) {
            verdict_fail("a lone surrogate in a string");
        }
        if (cp == 0)
            verdict_fail("a string holds U+0000");
        o = verdict_utf8(o, cp);
    }
    *o = '\0';
    return s;
}

/* T[] as pointer and size, T[][] as rows, their count and their sizes. An
 * empty array is a valid pointer to nothing. */
#define VERDICT_ARRAYS(T, NAME)                                                                    \
    static T *verdict_read_##NAME##_arr(int *size)                                                 \
    {                                                                                              \
        verdict_expect('[', "an array");                                                           \
        size_t n = 0, cap = 4;                                                                     \
        T *a = verdict_alloc(NULL, cap * sizeof(T));                                               \
        verdict_ws();                                                                              \
        if (verdict.p < verdict.end && *verdict.p == ']') {                                        \
            verdict.p++;                                                                           \
            *size = 0;                                                                             \
            return a;                                                                              \
        }                                                                                          \
        for (;;) {                                                                                 \
            if (n == cap)                                                                          \
                a = verdict_alloc(a, (cap *= 2) * sizeof(T));                                      \
            a[n++] = verdict_read_##NAME();                                                        \
            verdict_ws();                                                                          \
            if (verdict.p < verdict.end && *verdict.p == ',') {                                    \
                verdict.p++;                                                                       \
                continue;                                                                          \
            }                                                                                      \
            verdict_expect(']', "',' or ']'");                                                     \
            *size = (int)n;                                                                        \
            return a;                                                                              \
        }                                                                                          \
    }                                                                                              \
    static T **verdict_read_##NAME##_arr2(int *size, int **cols)                                   \
    {                                                                                              \
        verdict_expect('[', "an array");                                                           \
        size_t n = 0, cap = 4;                                                                     \
        T **a = verdict_alloc(NULL, cap * sizeof(T *));                                            \
        int *c = verdict_alloc(NULL, cap * sizeof(int));                                           \
        verdict_ws();                                                                              \
        if (verdict.p < verdict.end && *verdict.p == ']') {                                        \
            verdict.p++;                                                                           \
            *size = 0;                                                                             \
            *cols = c;                                                                             \
            return a;                                                                              \
        }                                                                                          \
        for (;;) {                                                                                 \
            if (n == cap) {                                                                        \
                a = verdict_alloc(a, (cap *= 2) * sizeof(T *));                                    \
                c = verdict_alloc(c, cap * sizeof(int));                                           \
            }                                                                                      \
            a[n] = verdict_read_##NAME##_arr(&c[n]);                                               \
            n++;                                                                                   \
            verdict_ws();                                                                          \
            if (verdict.p < verdict.end && *verdict.p == ',') {                                    \
                verdict.p++;                                                                       \
                continue;                                                                          \
            }                                                                                      \
            verdict_expect(']', "',' or ']'");                                                     \
            *size = (int)n;                                                                        \
            *cols = c;                                                                             \
            return a;                                                                              \
        }                                                                                          \
    }

VERDICT_ARRAYS(int, int)
VERDICT_ARRAYS(long long, long)
VERDICT_ARRAYS(double, double)
VERDICT_ARRAYS(bool, bool)
VERDICT_ARRAYS(char *, string)

/*** The result ***/

static void verdict_put(const char *s, size_t n)
{
    if (verdict.olen + n > verdict.ocap) {
        while (verdict.olen + n > verdict.ocap)
            verdict.ocap = verdict.ocap ? verdict.ocap * 2 : 4096;
        verdict.out = verdict_alloc(verdict.out, verdict.ocap);
    }
    memcpy(verdict.out + verdict.olen, s, n);
    verdict.olen += n;
}

static void verdict_write_int(int v)
{
    char b[16];
    verdict_put(b, (size_t)snprintf(b, sizeof(b), "%d", v));
}

static void verdict_write_long(long long v)
{
    char b[24];
    verdict_put(b, (size_t)snprintf(b, sizeof(b), "%lld", v));
}

/* The shortest of 15, 16 or 17 digits that reads back as v. */
static void verdict_write_double(double v)
{
    char b[40];
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {
        n = snprintf(b, sizeof(b), "%.*g", digits, v);
        if (!isfinite(v) || strtod(b, NULL) == v)
            break;
    }
    verdict_put(b, (size_t)n);
}

static void verdict_write_bool(bool v)
{
    verdict_put(v ? "true" : "false", v ? 4 : 5);
}

static void verdict_write_string(const char *s)
{
    if (s == NULL) {
        verdict_put("null", 4);
        return;
    }
    verdict_put("\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char b[8];
        if (c == '"' || c == '\\') {
            b[0] = '\\';
            b[1] = (char)c;
            verdict_put(b, 2);
        } else if (c < 0x20 && c != 0x0b && c >= 0x08 && c <= 0x0d) {
            b[0] = '\\';
            b[1] = "btn?fr"[c - 0x08];
            verdict_put(b, 2);
        } else if (c < 0x20) {
            verdict_put(b, (size_t)snprintf(b, sizeof(b), "\\u%04x", c));
        } else {
            verdict_put((const char *)&c, 1);
        }
    }
    verdict_put("\"", 1);
}

static void verdict_check_size(int n, const char *what)
{
    if (n < 0) {
        fprintf(stderr, "verdict driver: the function set %s to %d\n", what, n);
        exit(1);
    }
}

#define VERDICT_WRITE_ARRAYS(T, NAME)                                                              \
    static void verdict_write_##NAME##_arr(T *a, int n)                                            \
    {                                                                                              \
        verdict_check_size(n, "*returnSize");                                                      \
        verdict_put("[", 1);                                                                       \
        for (int i = 0; i < n; i++) {                                                              \
            if (i)                                                                                 \
                verdict_put(",", 1);                                                               \
            verdict_write_##NAME(a[i]);                                                            \
        }                                                                                          \
        verdict_put("]", 1);                                                                       \
    }                                                                                              \
    static void verdict_write_##NAME##_arr2(T **a, int n, int *cols)                               \
    {                                                                                              \
        verdict_check_size(n, "*returnSize");                                                      \
        if (n > 0 && cols == NULL) {                                                               \
            fputs("verdict driver: the function left *returnColumnSizes unset\n", stderr);         \
            exit(1);                                                                               \
        }                                                                                          \
        verdict_put("[", 1);                                                                       \
        for (int i = 0; i < n; i++) {                                                              \
            if (i)                                                                                 \
                verdict_put(",", 1);                                                               \
            verdict_write_##NAME##_arr(a[i], cols[i]);                                             \
        }                                                                                          \
        verdict_put("]", 1);                                                                       \
    }

VERDICT_WRITE_ARRAYS(int, int)
VERDICT_WRITE_ARRAYS(long long, long)
VERDICT_WRITE_ARRAYS(double, double)
VERDICT_WRITE_ARRAYS(bool, bool)
VERDICT_WRITE_ARRAYS(char *, string)

/* After whatever the user's code printed: the marker line, then the result. */
static void verdict_result(void)
{
    fflush(stdout);
    fwrite(VERDICT_MARKER, 1, sizeof(VERDICT_MARKER) - 1, stdout);
    fwrite(verdict.out, 1, verdict.olen, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

// VERDICT-USER-CODE
