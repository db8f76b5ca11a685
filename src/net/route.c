/* Route tables (route.h): a linear scan that compares segments in place.
 * A table of a few dozen rows costs less than parsing the request did, and
 * nothing is allocated per request. */
#include "net/route.h"

#include <string.h>

/* The methods a row answers, as route_match.allowed bits. */
static unsigned route_methods(enum http_method m)
{
    if (m == HTTP_METHOD_GET)
        return (1u << HTTP_METHOD_GET) | (1u << HTTP_METHOD_HEAD);
    return 1u << m;
}

static bool route_method_ok(const struct route *row, enum http_method m)
{
    return row->method == m || (m == HTTP_METHOD_HEAD && row->method == HTTP_METHOD_GET);
}

/* Matches path against one pattern, segment by segment; captures the
 * {name} segments into m. */
static bool route_match_path(const char *pattern, const char *path, size_t len,
                             struct route_match *m)
{
    const char *p = pattern;
    size_t i = 0;
    m->nparams = 0;
    while (*p == '/') {
        if (i == len || path[i] != '/')
            return false;
        p++;
        i++;
        const char *pend = strchrnul(p, '/');
        size_t plen = (size_t)(pend - p);
        const char *seg = path + i;
        const char *send = memchr(seg, '/', len - i);
        size_t slen = send ? (size_t)(send - seg) : len - i;
        if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
            if (slen == 0 || m->nparams == ROUTE_PARAMS_MAX)
                return false;
            m->params[m->nparams++] = (struct route_param){p + 1, plen - 2, seg, slen};
        } else if (plen != slen || memcmp(p, seg, slen) != 0) {
            return false;
        }
        p = pend;
        i += slen;
    }
    return *p == '\0' && i == len;
}

const struct route *route_find(const struct route *table, size_t n, enum http_method method,
                               const char *path, size_t len, struct route_match *m)
{
    m->route = NULL;
    m->allowed = 0;
    /* Rows of the request's method first: the common case compares only
     * the paths of those. */
    for (size_t r = 0; r < n; r++) {
        if (route_method_ok(&table[r], method) &&
            route_match_path(table[r].pattern, path, len, m)) {
            m->route = &table[r];
            return m->route;
        }
    }
    /* None: which methods would this path have answered (405 or 404)? */
    for (size_t r = 0; r < n; r++) {
        if (route_match_path(table[r].pattern, path, len, m))
            m->allowed |= route_methods(table[r].method);
    }
    m->nparams = 0;
    return NULL;
}

const char *route_param(const struct route_match *m, const char *name, size_t *len)
{
    size_t nlen = strlen(name);
    for (unsigned i = 0; i < m->nparams; i++) {
        const struct route_param *p = &m->params[i];
        if (p->name_len == nlen && memcmp(p->name, name, nlen) == 0) {
            *len = p->len;
            return p->value;
        }
    }
    *len = 0;
    return NULL;
}

/* A switch, not a table: a method added to enum http_method without a name
 * here fails the build (-Wswitch). */
static const char *route_method_name(enum http_method m)
{
    switch (m) {
    case HTTP_METHOD_GET:
        return "GET";
    case HTTP_METHOD_HEAD:
        return "HEAD";
    case HTTP_METHOD_POST:
        return "POST";
    case HTTP_METHOD_PUT:
        return "PUT";
    case HTTP_METHOD_DELETE:
        return "DELETE";
    case HTTP_METHOD_OPTIONS:
        return "OPTIONS";
    case HTTP_METHOD_PATCH:
        return "PATCH";
    case HTTP_METHOD_OTHER:
        return NULL;
    }
    return NULL;
}

size_t route_allow(const struct route_match *m, char *out, size_t size)
{
    char line[ROUTE_ALLOW_MAX];
    size_t n = 0;
    const char *sep = "Allow: ";
    for (unsigned bit = 0; bit < 32; bit++) {
        const char *name =
            (m->allowed & (1u << bit)) ? route_method_name((enum http_method)bit) : NULL;
        if (name == NULL)
            continue;
        size_t sl = strlen(sep), nl = strlen(name);
        if (n + sl + nl + 2 >= sizeof(line))
            break;
        memcpy(line + n, sep, sl);
        memcpy(line + n + sl, name, nl);
        n += sl + nl;
        sep = ", ";
    }
    if (n > 0) {
        memcpy(line + n, "\r\n", 2);
        n += 2;
    }
    if (size == 0)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(out, line, n);
    out[n] = '\0';
    return n;
}
