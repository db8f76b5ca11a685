/* Redis URLs (store/internal.h): redis://[:password@]host[:port][/db] and
 * sentinel://[:password@]h1[:port],h2[:port],.../<master-name>. */
#include "common/alloc.h"
#include "store/internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* host[:port] in [p, end), the port defaulting to def. */
static int url_parse_hostport(const char *p, const char *end, int def, char **host, int *port)
{
    const char *colon = memchr(p, ':', (size_t)(end - p));
    const char *host_end = colon ? colon : end;
    *host = host_end > p ? xstrndup(p, (size_t)(host_end - p)) : xstrdup("127.0.0.1");
    *port = def;
    if (!colon)
        return 0;
    char *e;
    long v = strtol(colon + 1, &e, 10);
    if (e != end || v <= 0 || v > 65535)
        return -1;
    *port = (int)v;
    return 0;
}

void store__sentinels_free(struct store__sentinels *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->hosts[i]);
    free(s->hosts);
    free(s->ports);
    free(s->name);
    free(s);
}

/* p: what follows "sentinel://[:password@]": h1[:p1],h2[:p2],.../<master>. */
static int url_parse_sentinels(struct store__redis_url *u, const char *url, const char *p,
                               char *err, size_t errlen)
{
    const char *slash = strchr(p, '/');
    if (slash == NULL || slash[1] == '\0' || strchr(slash + 1, '/')) {
        snprintf(err, errlen,
                 "bad Redis URL '%s': sentinel:// needs /<master-name> after the hosts", url);
        return -1;
    }
    struct store__sentinels *s = xcalloc(1, sizeof(*s));
    u->sentinels = s;
    s->name = xstrdup(slash + 1);
    size_t max = 1;
    for (const char *q = p; q < slash; q++)
        max += *q == ',';
    s->hosts = xcalloc(max, sizeof(*s->hosts));
    s->ports = xcalloc(max, sizeof(*s->ports));
    for (const char *q = p; q <= slash;) {
        const char *comma = memchr(q, ',', (size_t)(slash - q));
        const char *end = comma ? comma : slash;
        if (end == q || url_parse_hostport(q, end, 26379, &s->hosts[s->n], &s->ports[s->n]) < 0) {
            snprintf(err, errlen, "bad Redis URL '%s': bad sentinel address", url);
            s->n += s->hosts[s->n] != NULL;
            return -1;
        }
        s->n++;
        q = end + 1;
    }
    return 0;
}

/* url is read; shown (url_redact()'s) is what messages quote. */
static int url_parse(const char *url, const char *shown, struct store__redis_url *u, char *err,
                     size_t errlen)
{
    const char *p = url;
    bool sentinel = strncmp(p, "sentinel://", 11) == 0;
    if (sentinel)
        p += 11;
    else if (strncmp(p, "redis://", 8) == 0)
        p += 8;
    else if (strstr(p, "://")) {
        snprintf(err, errlen, "bad Redis URL '%s': scheme must be redis:// or sentinel://", shown);
        return -1;
    }
    const char *at = strrchr(p, '@');
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        const char *pw = colon ? colon + 1 : p;
        u->password = xstrndup(pw, (size_t)(at - pw));
        p = at + 1;
    }
    if (sentinel)
        return url_parse_sentinels(u, shown, p, err, errlen);
    const char *slash = strchr(p, '/');
    const char *end = slash ? slash : p + strlen(p);
    if (url_parse_hostport(p, end, 6379, &u->host, &u->port) < 0) {
        snprintf(err, errlen, "bad Redis URL '%s': bad port", shown);
        return -1;
    }
    if (slash && slash[1]) {
        char *e;
        long db = strtol(slash + 1, &e, 10);
        if (*e || db < 0 || db > 1000) {
            snprintf(err, errlen, "bad Redis URL '%s': bad database number", shown);
            return -1;
        }
        u->db = (int)db;
    }
    return 0;
}

void store__redis_url_dispose(struct store__redis_url *u)
{
    free(u->host);
    free(u->password);
    store__sentinels_free(u->sentinels);
    memset(u, 0, sizeof(*u));
}

/* url as an error may show it: a password (between "://" and the last '@')
 * becomes "***", since messages go to logs. */
static void url_redact(const char *url, char *out, size_t len)
{
    const char *scheme = strstr(url, "://");
    const char *from = scheme ? scheme + 3 : url;
    const char *at = strrchr(from, '@');
    if (at == NULL)
        snprintf(out, len, "%s", url);
    else
        snprintf(out, len, "%.*s***%s", (int)(from - url), url, at);
}

int store__redis_url_parse(const char *url, struct store__redis_url *u, char *err, size_t errlen)
{
    memset(u, 0, sizeof(*u));
    char shown[512];
    url_redact(url, shown, sizeof(shown));
    if (url_parse(url, shown, u, err, errlen) == 0)
        return 0;
    store__redis_url_dispose(u);
    return -1;
}
