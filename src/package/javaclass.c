/* A small Java scanner: just enough of the lexical grammar (comments,
 * literals, identifiers, braces) to find the class holding main without
 * being fooled by a "class" in a string or a "main" in a comment. */
#include "package/javaclass.h"

#include <stdbool.h>
#include <string.h>

struct scan {
    const char *s;
    size_t len, pos;
};

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c >= 0x80;
}

/* Skips what is not code: white space, comments and literals. */
static void skip_noise(struct scan *sc)
{
    const char *s = sc->s;
    while (sc->pos < sc->len) {
        size_t p = sc->pos, rest = sc->len - p;
        if (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r' || s[p] == '\f') {
            sc->pos++;
        } else if (rest >= 2 && s[p] == '/' && s[p + 1] == '/') {
            const char *nl = memchr(s + p, '\n', rest);
            sc->pos = nl ? (size_t)(nl - s) + 1 : sc->len;
        } else if (rest >= 2 && s[p] == '/' && s[p + 1] == '*') {
            const char *end = memmem(s + p + 2, rest - 2, "*/", 2);
            sc->pos = end ? (size_t)(end - s) + 2 : sc->len;
        } else if (rest >= 3 && memcmp(s + p, "\"\"\"", 3) == 0) {
            /* A text block: up to the next unescaped """. */
            size_t q = p + 3;
            while (q + 2 < sc->len && memcmp(s + q, "\"\"\"", 3) != 0)
                q += s[q] == '\\' ? 2 : 1;
            sc->pos = q + 2 < sc->len ? q + 3 : sc->len;
        } else if (s[p] == '"' || s[p] == '\'') {
            size_t q = p + 1;
            while (q < sc->len && s[q] != s[p] && s[q] != '\n')
                q += s[q] == '\\' ? 2 : 1;
            sc->pos = q < sc->len ? q + 1 : sc->len;
        } else {
            return;
        }
    }
}

/* The next token: an identifier (its length), or one other character (1).
 * Returns 0 at the end. */
static size_t next_token(struct scan *sc, const char **tok)
{
    skip_noise(sc);
    if (sc->pos >= sc->len)
        return 0;
    *tok = sc->s + sc->pos;
    size_t n = 0;
    while (sc->pos + n < sc->len && ident_char((unsigned char)sc->s[sc->pos + n]))
        n++;
    n = n ? n : 1;
    sc->pos += n;
    return n;
}

static bool is(const char *tok, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(tok, word, n) == 0;
}

static bool name_ok(const char *tok, size_t n)
{
    if (n == 0 || n > JAVACLASS_NAME_MAX || (tok[0] >= '0' && tok[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)tok[i] >= 0x80)
            return false;
    return true;
}

/* What the scan knows of the declaration it is in. */
struct decl {
    bool public_seen, static_seen, void_seen; /* since the last ; { } */
    const char *cls;                          /* the top-level type being read */
    size_t cls_len;
    bool cls_public;
};

bool javaclass_main(const char *src, size_t len, char out[JAVACLASS_NAME_MAX + 1])
{
    struct scan sc = {src, len, 0};
    struct decl d = {0};
    const char *best = NULL, *first_public = NULL;
    size_t best_len = 0, first_public_len = 0;
    bool best_public = false;
    int depth = 0;
    const char *tok;
    size_t n;
    while ((n = next_token(&sc, &tok)) > 0) {
        if (n == 1 && (*tok == ';' || *tok == '{' || *tok == '}')) {
            depth += *tok == '{' ? 1 : *tok == '}' ? -1 : 0;
            d.public_seen = d.static_seen = d.void_seen = false;
            continue;
        }
        if (depth == 0 && (is(tok, n, "class") || is(tok, n, "interface") || is(tok, n, "enum") ||
                           is(tok, n, "record"))) {
            d.cls_public = d.public_seen;
            d.cls = NULL;
            if ((n = next_token(&sc, &tok)) > 0 && name_ok(tok, n)) {
                d.cls = tok;
                d.cls_len = n;
                if (d.cls_public && !first_public) {
                    first_public = tok;
                    first_public_len = n;
                }
            }
            continue;
        }
        d.public_seen |= is(tok, n, "public");
        d.static_seen |= is(tok, n, "static");
        if (is(tok, n, "void")) {
            d.void_seen = true;
        } else if (depth == 1 && d.cls && d.static_seen && d.void_seen && is(tok, n, "main")) {
            size_t at = sc.pos;
            const char *paren;
            if (next_token(&sc, &paren) == 1 && *paren == '(' &&
                (!best || (!best_public && d.cls_public))) {
                best = d.cls;
                best_len = d.cls_len;
                best_public = d.cls_public;
            }
            sc.pos = at;
        }
    }
    bool found = best != NULL;
    if (!found) {
        best = first_public ? first_public : "Main";
        best_len = first_public ? first_public_len : 4;
    }
    memcpy(out, best, best_len);
    out[best_len] = '\0';
    return found;
}
