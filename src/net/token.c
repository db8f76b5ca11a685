/* Signed user tokens (HMAC-SHA256 through OpenSSL). */
#include "net/token.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

static int token_mac(const char *secret, const char *user, size_t len, int64_t expiry, char hex[65])
{
    if (secret == NULL || secret[0] == '\0')
        return -EINVAL;
    /* The newline cannot appear in a user id (contract/ids.h), so no two
     * (user, expiry) pairs sign the same bytes. */
    char msg[256];
    int n = snprintf(msg, sizeof(msg), "%.*s\n%lld", (int)len, user, (long long)expiry);
    if (n < 0 || (size_t)n >= sizeof(msg))
        return -EINVAL;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned maclen = 0;
    if (HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)msg, (size_t)n, mac,
             &maclen) == NULL)
        return -EIO;
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
    char hex[65];
    int rc = token_mac(secret, user, len, expiry, hex);
    if (rc < 0)
        return rc;
    snprintf(out, TOKEN_MAX, "%lld.%s", (long long)expiry, hex);
    return 0;
}

int token_verify(const char *secret, const char *user, size_t len, const char *token, size_t tlen,
                 int64_t now)
{
    const char *dot = memchr(token, '.', tlen);
    /* 18 digits: any of them fits in int64_t (the year 31 billion or so). */
    if (dot == NULL || dot == token || dot - token > 18 || token + tlen - (dot + 1) != 64)
        return -EACCES;
    int64_t expiry = 0;
    for (const char *p = token; p < dot; p++) {
        if (*p < '0' || *p > '9')
            return -EACCES;
        expiry = expiry * 10 + (*p - '0');
    }
    char hex[65];
    if (token_mac(secret, user, len, expiry, hex) < 0)
        return -EACCES;
    if (CRYPTO_memcmp(hex, dot + 1, 64) != 0)
        return -EACCES;
    return expiry < now ? -EKEYEXPIRED : 0;
}
