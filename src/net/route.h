/* Route tables: a request's method and path looked up in rows of (method,
 * path pattern, handler), with the pattern's {name} segments captured. It
 * knows HTTP, not the business: what a row's flags mean is the caller's. */
#ifndef NET_ROUTE_H
#define NET_ROUTE_H

#include "net/http.h"

#include <stdbool.h>
#include <stddef.h>

/* The most {name} segments one pattern may have. */
#define ROUTE_PARAMS_MAX 4
/* Room for the longest "Allow: ...\r\n" line route_allow() writes. */
#define ROUTE_ALLOW_MAX 96

struct route_match;

/* A row's handler: answers req (see http_handler_cb), with the row and its
 * path parameters in m, borrowed while it runs. */
typedef void (*route_cb)(struct http_request *req, const struct route_match *m, void *data);

/* One row. The pattern is '/'-separated segments, each either literal text,
 * compared byte for byte, or "{name}", which takes any non-empty segment:
 * "/api/users/{userId}/submissions". "/" is the root. A GET row also answers
 * HEAD; no row has HTTP_METHOD_OTHER (a method this server does not name
 * matches no row, and is answered 405 or 404). The table is the caller's and
 * outlives every lookup. */
struct route {
    enum http_method method;
    const char *pattern;
    route_cb handler;
    unsigned flags; /* the caller's own (e.g. admin only); never read here */
};

/* A captured segment: name points into the pattern, value into the path. */
struct route_param {
    const char *name;
    size_t name_len;
    const char *value;
    size_t len;
};

struct route_match {
    const struct route *route; /* the row found, or NULL */
    struct route_param params[ROUTE_PARAMS_MAX];
    unsigned nparams;
    /* With no row found: bit (1u << method) for each method that some row
     * whose pattern matches the path answers; 0 when none does. */
    unsigned allowed;
};

/* Looks up method and path (without its query string) in the n rows of
 * table; the first row whose method and pattern both match wins, so list a
 * literal row before a {name} row that would also match. Paths are compared
 * as they came, without percent-decoding: "/api%2Fproblems" is not
 * "/api/problems", and a captured value keeps its escapes. A {name} takes
 * a non-empty segment and a path matches only a pattern of as many
 * segments: "/api/problems/" is neither "/api/problems" nor
 * "/api/problems/{id}". Allocates nothing.
 * Returns the row found, also in m->route. NULL means: answer 405 when
 * m->allowed is not 0 (some row has the path, with another method), else
 * 404. */
const struct route *route_find(const struct route *table, size_t n, enum http_method method,
                               const char *path, size_t len, struct route_match *m);

/* The value of the path parameter called name ("id" for "{id}"), borrowed
 * like the path; NULL (and *len 0) when the row has no such parameter. */
const char *route_param(const struct route_match *m, const char *name, size_t *len);

/* Writes the "Allow: GET, HEAD\r\n" line of m->allowed (methods in a fixed
 * order) into out, NUL-terminated, and returns its length. size
 * ROUTE_ALLOW_MAX always suffices. */
size_t route_allow(const struct route_match *m, char *out, size_t size);

#endif
