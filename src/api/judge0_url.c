/* callback_url checks (no SSRF): the URL's form, its host against
 * --judge0-callback-hosts, and each address it resolves to. */
#include "api/judge0.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static int url_bad(char *why, size_t whylen, const char *msg)
{
    snprintf(why, whylen, "%s", msg);
    return -1;
}

/* The host: a bracketed IPv6 address, or name and IPv4 characters only
 * (letters, digits, '-', '.'), so that nothing odd reaches the resolver or
 * the Host header. Returns the length consumed, or 0. */
static size_t url_host(const char *p, struct judge0_url *out)
{
    size_t n = 0;
    if (p[0] == '[') {
        const char *end = strchr(p, ']');
        if (end == NULL || (size_t)(end - p - 1) >= sizeof(out->host) || end == p + 1)
            return 0;
        memcpy(out->host, p + 1, (size_t)(end - p - 1));
        out->host[end - p - 1] = '\0';
        struct in6_addr a;
        return inet_pton(AF_INET6, out->host, &a) == 1 ? (size_t)(end - p + 1) : 0;
    }
    while (isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '.')
        n++;
    if (n == 0 || n >= sizeof(out->host))
        return 0;
    memcpy(out->host, p, n);
    out->host[n] = '\0';
    return n;
}

int judge0_url_parse(const char *url, struct judge0_url *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof(*out));
    if (strncasecmp(url, "https://", 8) == 0)
        return url_bad(why, whylen, "only http:// callbacks are supported");
    if (strncasecmp(url, "http://", 7) != 0)
        return url_bad(why, whylen, "is not a valid URL");
    const char *p = url + 7;
    size_t n = url_host(p, out);
    if (n == 0)
        return url_bad(why, whylen, "is not a valid URL");
    p += n;
    snprintf(out->port, sizeof(out->port), "80");
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535)
            return url_bad(why, whylen, "is not a valid URL");
        snprintf(out->port, sizeof(out->port), "%ld", port);
        p = end;
    }
    if (*p != '\0' && *p != '/' && *p != '?')
        return url_bad(why, whylen, "is not a valid URL");
    size_t plen = strlen(p);
    if (plen + 2 > sizeof(out->path))
        return url_bad(why, whylen, "is too long");
    for (size_t i = 0; i < plen; i++)
        if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f || p[i] == '#')
            return url_bad(why, whylen, "is not a valid URL");
    snprintf(out->path, sizeof(out->path), "%s%s", *p == '/' ? "" : "/", p);
    return 0;
}

bool judge0_url_host_listed(const char *list, const char *host)
{
    size_t hl = strlen(host);
    const char *p = list;
    while (p != NULL && *p != '\0') {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        size_t e = n;
        while (e > 0 && p[e - 1] == ' ')
            e--;
        if (e == hl && e > 0 && strncasecmp(p, host, hl) == 0)
            return true;
        p += n;
    }
    return false;
}

static bool url_v4_public(uint32_t a)
{
    uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
    if (b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224) /* this net, private, loopback, multicast+ */
        return false;
    if (b0 == 169 && b1 == 254) /* link-local (cloud metadata services) */
        return false;
    if (b0 == 172 && (b1 & 0xf0) == 16)
        return false;
    if (b0 == 192 && b1 == 168)
        return false;
    if (b0 == 100 && (b1 & 0xc0) == 64) /* shared address space */
        return false;
    if (b0 == 192 && b1 == 0 && (uint8_t)(a >> 8) == 0) /* IETF protocol assignments */
        return false;
    if (b0 == 198 && (b1 & 0xfe) == 18) /* benchmarking */
        return false;
    return true;
}

bool judge0_url_addr_public(const void *sockaddr)
{
    const struct sockaddr *sa = sockaddr;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = sockaddr;
        return url_v4_public(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family != AF_INET6)
        return false;
    const struct sockaddr_in6 *in6 = sockaddr;
    const uint8_t *b = in6->sin6_addr.s6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) || IN6_IS_ADDR_V4COMPAT(&in6->sin6_addr)) {
        uint32_t a = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
        return url_v4_public(a);
    }
    if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) || IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
        return false;
    if ((b[0] & 0xfe) == 0xfc) /* unique local */
        return false;
    if (b[0] == 0xfe && (b[1] & 0x80) == 0x80) /* link-local fe80::/10, site-local fec0::/10 */
        return false;
    if (b[0] == 0xff) /* multicast */
        return false;
    /* ::/8 is reserved and holds NAT64's 64:ff9b::/96, which reaches IPv4
     * inside; 2001:db8::/32 is documentation. */
    if (b[0] == 0x00 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8))
        return false;
    /* 100::/64 discards; Teredo 2001::/32 tunnels to an IPv4 address it
     * hides: neither is a place a callback belongs. */
    if ((b[0] == 0x01 && b[1] == 0x00) || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0))
        return false;
    /* 6to4 (2002::/16) carries an IPv4 address in bits 16-47: a relay would
     * take the packet there, so that address decides. */
    if (b[0] == 0x20 && b[1] == 0x02)
        return url_v4_public((uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 | (uint32_t)b[4] << 8 |
                             b[5]);
    return true;
}
