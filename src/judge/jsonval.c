/* A small recursive-descent JSON parser that keeps number tokens as text. */
#include "judge/jsonval.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const char *p, *start, *end;
    unsigned flags;
    char *err;
    size_t errlen;
};

static int fail(struct parser *ps, const char *what)
{
    if (ps->err && ps->errlen)
        snprintf(ps->err, ps->errlen, "%s at byte %zu", what, (size_t)(ps->p - ps->start));
    return -EINVAL;
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(struct parser *ps, struct jsonval *v)
{
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (ps->p >= ps->end || !is_digit(*ps->p))
        return fail(ps, "invalid number");
    if (*ps->p == '0')
        ps->p++;
    else
        while (ps->p < ps->end && is_digit(*ps->p))
            ps->p++;
    bool integer = true;
    if (ps->p < ps->end && *ps->p == '.') {
        integer = false;
        ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p))
            return fail(ps, "invalid number");
        while (ps->p < ps->end && is_digit(*ps->p))
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        integer = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p))
            return fail(ps, "invalid number");
        while (ps->p < ps->end && is_digit(*ps->p))
            ps->p++;
    }
    v->kind = JSONVAL_NUMBER;
    v->integer = integer;
    v->len = (size_t)(ps->p - s);
    v->str = xstrndup(s, v->len);
    return 0;
}

static int hex4(struct parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return fail(ps, "truncated \\u escape");
    unsigned u = 0;
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return fail(ps, "invalid \\u escape");
        u = u * 16 + d;
    }
    ps->p += 4;
    *out = u;
    return 0;
}

static void put_utf8(struct buf *b, unsigned cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | cp >> 6);
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | cp >> 12);
        s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | cp >> 18);
        s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_append(b, s, n);
}

/* After "\u": one code point, a surrogate pair joined into one. */
static int unicode_escape(struct parser *ps, struct buf *b)
{
    unsigned cp;
    int rc = hex4(ps, &cp);
    if (rc < 0)
        return rc;
    if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
        ps->p[1] == 'u') {
        const char *save = ps->p;
        unsigned lo;
        ps->p += 2;
        if ((rc = hex4(ps, &lo)) < 0)
            return rc;
        if (lo >= 0xDC00 && lo < 0xE000) {
            put_utf8(b, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
            return 0;
        }
        ps->p = save;
    }
    if (cp >= 0xD800 && cp < 0xE000 && (ps->flags & JSONVAL_NO_LONE_SURROGATE))
        return fail(ps, "lone surrogate in \\u escape");
    put_utf8(b, cp);
    return 0;
}

static int escape(struct parser *ps, struct buf *b)
{
    if (ps->p >= ps->end)
        return fail(ps, "unterminated string");
    char c = *ps->p++;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = c ? strchr(from, c) : NULL;
    if (hit) {
        buf_append(b, &to[hit - from], 1);
        return 0;
    }
    if (c == 'u')
        return unicode_escape(ps, b);
    ps->p--;
    return fail(ps, "invalid escape");
}

/* After the opening quote: the decoded bytes into b, up to the closing quote. */
static int string_body(struct parser *ps, struct buf *b)
{
    for (;;) {
        const char *run = ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        buf_append(b, run, (size_t)(ps->p - run));
        if (ps->p >= ps->end)
            return fail(ps, "unterminated string");
        char c = *ps->p++;
        if (c == '"')
            return 0;
        if (c != '\\') {
            ps->p--;
            return fail(ps, "control character in string");
        }
        int rc = escape(ps, b);
        if (rc < 0)
            return rc;
    }
}

static int parse_string(struct parser *ps, char **str, size_t *len)
{
    struct buf b;
    buf_init(&b);
    ps->p++;
    int rc = string_body(ps, &b);
    if (rc < 0) {
        buf_dispose(&b);
        return rc;
    }
    buf_reserve(&b, 1);
    b.data[b.len] = '\0';
    *len = b.len;
    *str = buf_steal(&b);
    return 0;
}

static int parse_value(struct parser *ps, struct jsonval *v, int depth);

static struct jsonval *next_item(struct jsonval *v, size_t *cap)
{
    if (v->count == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        v->items = xrealloc(v->items, *cap * sizeof(*v->items));
    }
    struct jsonval *it = &v->items[v->count++];
    memset(it, 0, sizeof(*it));
    return it;
}

/* Arrays and objects: values separated by commas up to close; an object's
 * values each follow a "name":. */
static int parse_container(struct parser *ps, struct jsonval *v, int depth, bool object)
{
    if (depth >= JSONVAL_MAX_DEPTH)
        return fail(ps, "nested too deep");
    char close = object ? '}' : ']';
    v->kind = object ? JSONVAL_OBJECT : JSONVAL_ARRAY;
    size_t cap = 0;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return 0;
    }
    for (;;) {
        struct jsonval *it = next_item(v, &cap);
        int rc;
        if (object) {
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "expected a member name");
            if ((rc = parse_string(ps, &it->key, &it->keylen)) < 0)
                return rc;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail(ps, "expected ':'");
            ps->p++;
        }
        if ((rc = parse_value(ps, it, depth + 1)) < 0)
            return rc;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return 0;
        }
        return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int literal(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, "invalid literal");
    ps->p += n;
    return 0;
}

static int parse_value(struct parser *ps, struct jsonval *v, int depth)
{
    skip_ws(ps);
    if (ps->p >= ps->end)
        return fail(ps, "expected a value");
    switch (*ps->p) {
    case '[':
        return parse_container(ps, v, depth, false);
    case '{':
        return parse_container(ps, v, depth, true);
    case '"':
        v->kind = JSONVAL_STRING;
        return parse_string(ps, &v->str, &v->len);
    case 't':
        v->kind = JSONVAL_BOOL;
        v->boolean = true;
        return literal(ps, "true");
    case 'f':
        v->kind = JSONVAL_BOOL;
        return literal(ps, "false");
    case 'n':
        v->kind = JSONVAL_NULL;
        return literal(ps, "null");
    default:
        return parse_number(ps, v);
    }
}

int jsonval_parse(const char *text, size_t len, unsigned flags, struct jsonval **out, char *err,
                  size_t errlen)
{
    struct parser ps = {.p = text, .start = text, .end = text + len, .flags = flags};
    ps.err = err;
    ps.errlen = errlen;
    struct jsonval *v = xcalloc(1, sizeof(*v));
    int rc = parse_value(&ps, v, 0);
    if (rc == 0) {
        skip_ws(&ps);
        if (ps.p != ps.end)
            rc = fail(&ps, "more after the value");
    }
    if (rc < 0) {
        jsonval_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

static void dispose(struct jsonval *v)
{
    for (size_t i = 0; i < v->count; i++)
        dispose(&v->items[i]);
    free(v->items);
    free(v->str);
    free(v->key);
}

void jsonval_free(struct jsonval *v)
{
    if (v == NULL)
        return;
    dispose(v);
    free(v);
}

int jsonval_int_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    bool aneg = alen && a[0] == '-', bneg = blen && b[0] == '-';
    const char *ad = a + aneg, *bd = b + bneg;
    size_t an = alen - aneg, bn = blen - bneg;
    /* JSON forbids leading zeros, but "-0" is zero too. */
    bool azero = an == 1 && ad[0] == '0', bzero = bn == 1 && bd[0] == '0';
    if (azero && bzero)
        return 0;
    if (azero)
        return bneg ? 1 : -1;
    if (bzero)
        return aneg ? -1 : 1;
    if (aneg != bneg)
        return aneg ? -1 : 1;
    int mag = an != bn ? (an < bn ? -1 : 1) : memcmp(ad, bd, an);
    if (mag != 0)
        mag = mag < 0 ? -1 : 1;
    return aneg ? -mag : mag;
}

const char *jsonval_kind_name(enum jsonval_kind kind)
{
    switch (kind) {
    case JSONVAL_NULL:
        return "null";
    case JSONVAL_BOOL:
        return "a bool";
    case JSONVAL_NUMBER:
        return "a number";
    case JSONVAL_STRING:
        return "a string";
    case JSONVAL_ARRAY:
        return "an array";
    case JSONVAL_OBJECT:
        return "an object";
    }
    return "?";
}
