/* Signed user tokens, self-contained: "v1.<base64url user>.<expiry>.<base64url
 * HMAC-SHA256(secret, "v1.<base64url user>.<expiry>")>". The api mints them
 * (POST /api/tokens) and every api and gateway that shares --auth-secret
 * checks them without state: the user is inside the token, so a bearer token
 * alone says who acts. The gateway's older form, "<expiry>.<hex
 * HMAC-SHA256(secret, user "\n" expiry)>", is still accepted where the user
 * comes with it (the gateway's identify with a userId).
 *
 * One canonical encoding: base64url without padding and with zero spare bits,
 * an expiry of decimal digits without a leading zero, lowercase hex in the old
 * form. Any other spelling of the same values is refused, so a token has
 * exactly one text. MACs are compared in constant time. */
#ifndef NET_TOKEN_H
#define NET_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest user a token carries, in bytes (contract/ids.h's IDS_USER_MAX). */
#define TOKEN_USER_MAX 64
/* Longest token: "v1." 86 base64url, '.', 18 digits, '.', 43 base64url, NUL. */
#define TOKEN_MAX 160
/* Clock-skew allowance: a token is still taken this many seconds after its
 * expiry, so that an api or gateway whose clock runs ahead of the minting
 * api's (NTP keeps hosts well within it) does not refuse a fresh token. */
#define TOKEN_SKEW_S 60

/* Writes the v1 token of user (1 to TOKEN_USER_MAX bytes) valid until expiry
 * (Unix seconds, 1 to 10^18 - 1) into out (TOKEN_MAX bytes). Returns 0 or
 * -EINVAL (empty secret, user or expiry out of range). */
int token_sign(const char *secret, const char *user, size_t len, int64_t expiry, char *out);

/* Checks a v1 token (tlen bytes) at time now and writes its user, NUL
 * terminated, into user (TOKEN_USER_MAX + 1 bytes). Returns the user's length
 * when it is canonical, signed with secret and now <= expiry + TOKEN_SKEW_S;
 * -EKEYEXPIRED when only the expiry is wrong; -EACCES otherwise (the old form
 * included: it does not name its user). The user's bytes are only what was
 * signed: the caller applies its own id rule. */
int token_parse(const char *secret, const char *token, size_t tlen, int64_t now, char *user);

/* Checks token (tlen bytes, either form) for user (len bytes) at time now:
 * 0 when it is canonical, signed with secret for this user and not expired
 * (with the same allowance); -EKEYEXPIRED when it has expired; -EACCES
 * otherwise. */
int token_verify(const char *secret, const char *user, size_t len, const char *token, size_t tlen,
                 int64_t now);

#endif
