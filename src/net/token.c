/* Signed user tokens (HMAC-SHA256 through OpenSSL), both forms. */
#include "net/token.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

/* An expiry has at most 18 digits: any of them fits int64_t. */
#define TOKEN_EXPIRY_DIGITS 18
/* base64url of the 32 bytes of a SHA-256 MAC, unpadded. */
#define TOKEN_MAC_B64 43

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Writes the unpadded base64url of in[0..len) to out, NUL terminated;
 * returns its length. */
static size_t token_b64_encode(const unsigned char *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
        out[o++] = b64url[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
    }
    out[o] = '\0';
    return o;
}

static int token_b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

/* Decodes unpadded base64url in[0..len) into out (room for max bytes).
 * Returns the decoded length, or -1 for any non-canonical text: a byte
 * outside the alphabet, padding, a length of 1 mod 4, or spare bits that are
 * not zero (which would let two texts carry the same bytes). */
static int token_b64_decode(const char *in, size_t len, unsigned char *out, size_t max)
{
    if (len % 4 == 1 || len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0) > max)
        return -1;
    size_t o = 0;
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = token_b64_value(in[i]);
        if (v < 0)
            return -1;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (acc != 0)
        return -1;
    return (int)o;
}

/* Reads an expiry: 1 to 18 digits, the first not '0'. Returns it, or -1. */
static int64_t token_expiry(const char *s, size_t len)
{
    if (len == 0 || len > TOKEN_EXPIRY_DIGITS || s[0] == '0')
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int token_hmac(const char *secret, const char *msg, size_t len, unsigned char mac[32])
{
    if (secret == NULL || secret[0] == '\0')
        return -EINVAL;
    unsigned maclen = 0;
    if (HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)msg, len, mac,
             &maclen) == NULL ||
        maclen != 32)
        return -EIO;
    return 0;
}

/* The old form's MAC, as lowercase hex. */
static int token_mac_v0(const char *secret, const char *user, size_t len, int64_t expiry,
                        char hex[65])
{
    /* The newline cannot appear in a user id (contract/ids.h), so no two
     * (user, expiry) pairs sign the same bytes; a v1 message has none, so the
     * two forms never sign the same bytes either. */
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "%.*s\n%lld", (int)len, user, (long long)expiry);
    if (n < 0 || (size_t)n >= sizeof(msg))
        return -EINVAL;
    unsigned char mac[32];
    int rc = token_hmac(secret, msg, (size_t)n, mac);
    if (rc < 0)
        return rc;
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[mac[i] >> 4];
        hex[2 * i + 1] = digits[mac[i] & 15];
    }
    hex[64] = '\0';
    return 0;
}

int token_sign(const char *secret, const char *user, size_t len, int64_t expiry, char *out)
{
    if (len == 0 || len > TOKEN_USER_MAX || expiry < 1 || expiry > 999999999999999999LL)
        return -EINVAL;
    char enc[TOKEN_MAX];
    token_b64_encode((const unsigned char *)user, len, enc);
    int n = snprintf(out, TOKEN_MAX, "v1.%s.%lld.", enc, (long long)expiry);
    unsigned char mac[32];
    int rc = token_hmac(secret, out, (size_t)n - 1, mac);
    if (rc < 0)
        return rc;
    token_b64_encode(mac, sizeof(mac), out + n);
    return 0;
}

int token_parse(const char *secret, const char *token, size_t tlen, int64_t now, char *user)
{
    user[0] = '\0';
    if (tlen >= TOKEN_MAX || tlen < 3 || memcmp(token, "v1.", 3) != 0)
        return -EACCES;
    const char *u = token + 3, *end = token + tlen;
    const char *d1 = memchr(u, '.', (size_t)(end - u));
    const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(end - d1 - 1)) : NULL;
    if (d2 == NULL || end - (d2 + 1) != TOKEN_MAC_B64)
        return -EACCES;
    unsigned char name[TOKEN_USER_MAX];
    int ulen = token_b64_decode(u, (size_t)(d1 - u), name, sizeof(name));
    int64_t expiry = token_expiry(d1 + 1, (size_t)(d2 - d1 - 1));
    if (ulen < 1 || expiry < 0 || memchr(name, '\0', (size_t)ulen) != NULL)
        return -EACCES;
    unsigned char mac[32];
    if (token_hmac(secret, token, (size_t)(d2 + 1 - token) - 1, mac) < 0)
        return -EACCES;
    char want[TOKEN_MAC_B64 + 1];
    token_b64_encode(mac, sizeof(mac), want);
    /* Same time wherever the first wrong byte is. The MAC's text is compared,
     * not its bytes: a MAC spelt another way is refused with the rest. */
    if (CRYPTO_memcmp(want, d2 + 1, TOKEN_MAC_B64) != 0)
        return -EACCES;
    if (expiry < now - TOKEN_SKEW_S)
        return -EKEYEXPIRED;
    memcpy(user, name, (size_t)ulen);
    user[ulen] = '\0';
    return ulen;
}

int token_verify(const char *secret, const char *user, size_t len, const char *token, size_t tlen,
                 int64_t now)
{
    if (tlen >= 3 && memcmp(token, "v1.", 3) == 0) {
        char who[TOKEN_USER_MAX + 1];
        int rc = token_parse(secret, token, tlen, now, who);
        if (rc < 0)
            return rc;
        return (size_t)rc == len && memcmp(who, user, len) == 0 ? 0 : -EACCES;
    }
    const char *dot = memchr(token, '.', tlen);
    if (dot == NULL || token + tlen - (dot + 1) != 64)
        return -EACCES;
    int64_t expiry = token_expiry(token, (size_t)(dot - token));
    char hex[65];
    if (expiry < 0 || token_mac_v0(secret, user, len, expiry, hex) < 0)
        return -EACCES;
    if (CRYPTO_memcmp(hex, dot + 1, 64) != 0)
        return -EACCES;
    return expiry < now - TOKEN_SKEW_S ? -EKEYEXPIRED : 0;
}
