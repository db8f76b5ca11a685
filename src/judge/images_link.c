/* The rewriting of a statement's references to its images (judge/images.h):
 * a small scan of the Markdown that finds link targets where CommonMark
 * reads them, and leaves code (fenced blocks, code spans) as it is. */
#include "judge/images.h"

#include "common/buf.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Called on each target found: writes its replacement into b and returns
 * true, or returns false to keep it as it is. */
typedef bool (*images_target_cb)(struct buf *b, const char *target, size_t len, void *data);

struct scan {
    struct buf b;
    images_target_cb cb;
    void *data;
    char fence;         /* '`' or '~' inside a fenced code block, else 0 */
    size_t fence_len;   /* its opening run's length */
    size_t fence_depth; /* the block quotes it is in */
    size_t depth;       /* the block quotes the paragraph before is in */
    bool para;          /* the line before was a paragraph's text */
};

/* The length of the run of c at s. */
static size_t run_of(const char *s, char c)
{
    size_t n = 0;
    while (s[n] == c)
        n++;
    return n;
}

/* CommonMark's line endings are "\n", "\r\n" and a lone '\r': a statement
 * written on Windows reads as one written elsewhere, and keeps its own. */
static bool eol(char c)
{
    return c == '\n' || c == '\r';
}

/* The length of the line ending at s: 2 for "\r\n", 1 for the others, 0
 * for none. */
static size_t eol_len(const char *s)
{
    return s[0] == '\r' && s[1] == '\n' ? 2 : eol(s[0]) ? 1 : 0;
}

/* The length of the line at s with its line ending. */
static size_t line_len(const char *s)
{
    size_t n = strcspn(s, "\r\n");
    return n + eol_len(s + n);
}

/* The up to 3 spaces a block's line may start with. */
static size_t indent_of(const char *s)
{
    size_t n = run_of(s, ' ');
    return n <= 3 ? n : 4;
}

static bool blank_from(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0' || eol(*s);
}

/* Whether the line at s opens a fenced code block (CommonMark: 3 or more
 * '`' or '~', a backtick fence's info string without '`'), or, inside one,
 * closes it (the same character, at least as many, nothing after). */
static bool fence_line(struct scan *sc, const char *s)
{
    size_t ind = indent_of(s);
    if (ind > 3)
        return false;
    char c = s[ind];
    size_t n = (c == '`' || c == '~') ? run_of(s + ind, c) : 0;
    if (sc->fence != 0) {
        if (c != sc->fence || n < sc->fence_len || !blank_from(s + ind + n))
            return false;
        sc->fence = 0;
        return true;
    }
    if (n < 3)
        return false;
    if (c == '`') {
        size_t len = line_len(s);
        if (memchr(s + ind + n, '`', len - ind - n) != NULL)
            return false;
    }
    sc->fence = c;
    sc->fence_len = n;
    return true;
}

/* The end of a target starting at s: at the matching '>' of "<...>", else
 * before ')', a blank or the line's end (a title may follow). */
static size_t target_len(const char *s, char close)
{
    size_t i = 0;
    if (close == '\0' && s[0] == '<') {
        while (s[i] != '\0' && !eol(s[i]) && s[i] != '>')
            i++;
        return s[i] == '>' ? i + 1 : 0;
    }
    while (s[i] != '\0' && !eol(s[i]) &&
           (close ? s[i] != close : (s[i] != ')' && s[i] != ' ' && s[i] != '\t')))
        i++;
    return i;
}

/* Hands the target at s, ended as target_len() says, to the callback, or
 * copies it; "<...>" keeps its brackets. Returns its length. */
static size_t scan_target(struct scan *sc, const char *s, char close)
{
    size_t len = target_len(s, close);
    bool angle = close == '\0' && len >= 2 && s[0] == '<';
    const char *t = angle ? s + 1 : s;
    size_t tlen = angle ? len - 2 : len;
    if (angle)
        buf_append(&sc->b, "<", 1);
    if (tlen == 0 || !sc->cb(&sc->b, t, tlen, sc->data))
        buf_append(&sc->b, t, tlen);
    if (angle)
        buf_append(&sc->b, ">", 1);
    return len;
}

/* A link reference definition's line ("[ref]: img.png \"title\"", up to 3
 * spaces before it; CommonMark's form on one line): the offset of its
 * target, or 0 when the line is none. */
static size_t definition_at(const char *s)
{
    size_t i = indent_of(s);
    if (i > 3 || s[i] != '[')
        return 0;
    bool text = false;
    for (i++; s[i] != ']'; i++) {
        if (s[i] == '\0' || eol(s[i]) || s[i] == '[' || i > 1000)
            return 0;
        if (s[i] == '\\' && s[i + 1] != '\0' && !eol(s[i + 1]))
            i++;
        text = text || !isspace((unsigned char)s[i]);
    }
    if (!text || s[i + 1] != ':')
        return 0;
    for (i += 2; s[i] == ' ' || s[i] == '\t';)
        i++;
    size_t len = target_len(s + i, '\0');
    if (len == 0 || (s[i + len] != '\0' && !isspace((unsigned char)s[i + len])))
        return 0;
    return i;
}

/* The length of the code span opening with the backtick run at s (through
 * its closing run of the same length, within its paragraph), or 0 when
 * nothing closes it (the backticks are then text). */
static size_t code_span_len(const char *s)
{
    size_t n = run_of(s, '`');
    for (const char *p = s + n; *p != '\0';) {
        size_t end = eol_len(p);
        if (end > 0 && blank_from(p + end))
            return 0;
        if (*p != '`') {
            p++;
            continue;
        }
        size_t m = run_of(p, '`');
        if (m == n)
            return (size_t)(p + m - s);
        p += m;
    }
    return 0;
}

/* Scans inline text from s up to a line's start the block scan must see:
 * copies it, code spans and escapes as they are, and hands each target of
 * "](", "src=\"" and "src='" to the callback. Returns where it stopped: the
 * next line's start, or the end. */
static const char *scan_inline(struct scan *sc, const char *s)
{
    while (*s != '\0') {
        size_t skip = 1;
        if (eol(*s)) {
            size_t end = eol_len(s);
            buf_append(&sc->b, s, end);
            return s + end;
        } else if (*s == '\\' && ispunct((unsigned char)s[1])) {
            skip = 2;
        } else if (*s == '`') {
            skip = code_span_len(s);
            skip = skip ? skip : run_of(s, '`');
        } else if (strncmp(s, "](", 2) == 0 || strncmp(s, "src=\"", 5) == 0 ||
                   strncmp(s, "src='", 5) == 0) {
            size_t open = s[0] == ']' ? 2 : 5;
            buf_append(&sc->b, s, open);
            s += open;
            s += scan_target(sc, s, open == 5 ? s[-1] : '\0');
            continue;
        }
        buf_append(&sc->b, s, skip);
        s += skip;
    }
    return s;
}

/* The length of the block quote markers opening the line at s ("> ", up
 * to 3 spaces before each), their count in *depth. */
static size_t quote_prefix(const char *s, size_t *depth)
{
    size_t i = 0, n = 0;
    for (size_t ind = indent_of(s); ind <= 3 && s[i + ind] == '>'; ind = indent_of(s + i)) {
        i += ind + 1;
        n++;
        if (s[i] == ' ' || s[i] == '\t')
            i++;
    }
    *depth = n;
    return i;
}

/* Whether the line at s (t after its quote markers, depth of them) is a
 * fenced code block's: its fence, or inside it. The block ends with its
 * fence or with the block quote it is in; a deeper '>' is its text. */
static bool fenced_line(struct scan *sc, const char *t, size_t depth)
{
    if (sc->fence != 0 && depth < sc->fence_depth)
        sc->fence = 0;
    if (sc->fence != 0 && depth > sc->fence_depth)
        return true;
    bool open = sc->fence != 0;
    if (!fence_line(sc, t))
        return open;
    if (!open)
        sc->fence_depth = depth;
    return true;
}

/* Whether the line at s ends the paragraph before it without starting
 * another: a setext heading's underline ("===" or "---" after a paragraph's
 * text; after none, "===" is text) or a thematic break (3 or more '*', '-'
 * or '_', blanks between). A definition may follow either. */
static bool paragraph_end(const char *s, bool para)
{
    size_t ind = indent_of(s);
    if (ind > 3)
        return false;
    s += ind;
    char c = *s;
    if (para && (c == '=' || c == '-') && blank_from(s + run_of(s, c)))
        return true;
    if (c != '*' && c != '-' && c != '_')
        return false;
    size_t n = 0;
    for (; *s == c || *s == ' ' || *s == '\t'; s++)
        n += *s == c;
    return n >= 3 && blank_from(s);
}

/* One line's start: a fence or a fenced block's line is copied whole, a
 * definition (not inside a paragraph, which it cannot interrupt) has its
 * target handed over; anything else is inline text (a heading, a setext
 * underline or a thematic break ending the paragraph). Returns the next line's
 * start. */
static const char *scan_line(struct scan *sc, const char *s)
{
    size_t len = line_len(s), depth;
    const char *t = s + quote_prefix(s, &depth);
    if (fenced_line(sc, t, depth)) {
        buf_append(&sc->b, s, len);
        sc->para = false;
        sc->depth = depth;
        return s + len;
    }
    /* A line with fewer '>' continues the paragraph of the quote (CommonMark's
     * lazy continuation); a deeper quote starts a block. */
    bool lazy = sc->para && depth < sc->depth && !blank_from(t);
    if (!lazy) {
        sc->para = sc->para && depth <= sc->depth;
        sc->depth = depth;
    }
    size_t def = sc->para ? 0 : definition_at(t);
    if (def > 0) {
        buf_append(&sc->b, s, (size_t)(t - s) + def);
        s = t + def;
        s += scan_target(sc, s, '\0');
        size_t rest = line_len(s);
        buf_append(&sc->b, s, rest);
        return s + rest;
    }
    size_t ind = indent_of(t);
    sc->para = !blank_from(t) && !(ind <= 3 && t[ind] == '#') && !paragraph_end(t, sc->para);
    return scan_inline(sc, s);
}

/* md with every target rewritten by cb. Returns a new string. */
static char *images_rewrite(const char *md, images_target_cb cb, void *data)
{
    struct scan sc = {.cb = cb, .data = data};
    buf_init(&sc.b);
    const char *s = md;
    while (*s != '\0')
        s = scan_line(&sc, s);
    return buf_steal(&sc.b);
}

/* The length of path without its extension (the '.' after its last '/'). */
static size_t stem_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? (size_t)(dot - path) : strlen(path);
}

/* The image a reference (ref, len bytes) names: its path, "./path", or its
 * stem when exactly one image has that stem. NULL when none. */
static const struct images_source *images_match(const char *ref, size_t len,
                                                const struct images_source *src, size_t n)
{
    if (len > 2 && ref[0] == '.' && ref[1] == '/') {
        ref += 2;
        len -= 2;
    }
    const struct images_source *stem = NULL;
    size_t stems = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path = src[i].path;
        if (strlen(path) == len && memcmp(path, ref, len) == 0)
            return &src[i];
        if (stem_len(path) == len && path[len] == '.' && memcmp(path, ref, len) == 0) {
            stem = &src[i];
            stems++;
        }
    }
    return stems == 1 ? stem : NULL;
}

struct link_ctx {
    const char *id;
    const struct images_source *src;
    size_t n;
};

static bool link_on_target(struct buf *b, const char *target, size_t len, void *data)
{
    const struct link_ctx *c = data;
    const struct images_source *f = images_match(target, len, c->src, c->n);
    if (f == NULL)
        return false;
    buf_printf(b, IMAGES_URL_FMT "%s", c->id, f->name);
    return true;
}

char *images_link(const char *md, const char *id, const struct images_source *src, size_t n)
{
    struct link_ctx c = {id, src, n};
    return images_rewrite(md, link_on_target, &c);
}

/* The URL prefix of the problem unlinked, and its length (0: none fits). */
struct unlink_ctx {
    char prefix[128];
    size_t len;
};

static bool unlink_on_target(struct buf *b, const char *target, size_t len, void *data)
{
    const struct unlink_ctx *c = data;
    if (c->len == 0 || len <= c->len || memcmp(target, c->prefix, c->len) != 0)
        return false;
    buf_append(b, target + c->len, len - c->len);
    return true;
}

char *images_unlink(const char *md, const char *id)
{
    struct unlink_ctx c;
    int plen = snprintf(c.prefix, sizeof(c.prefix), IMAGES_URL_FMT, id);
    c.len = plen > 0 && (size_t)plen < sizeof(c.prefix) ? (size_t)plen : 0;
    return images_rewrite(md, unlink_on_target, &c);
}
