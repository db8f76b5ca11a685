/* Signed user tokens: "<expiry>.<hex HMAC-SHA256(secret, user "\n" expiry)>".
 * The api issues them (POST /api/tokens) and the gateway checks them when it
 * runs with --auth-secret, so a client can only hear its own user's events.
 * No state: any api and any gateway that share the secret agree. */
#ifndef NET_TOKEN_H
#define NET_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest token: 20 digits, '.', 64 hex digits, NUL. */
#define TOKEN_MAX 96

/* Writes the token of user (len bytes) valid until expiry (Unix seconds) into
 * out (TOKEN_MAX bytes). Returns 0 or -EINVAL (empty secret). */
int token_sign(const char *secret, const char *user, size_t len, int64_t expiry, char *out);

/* Checks token (tlen bytes) for user at time now: 0 when it is well-formed,
 * signed with secret for this user and not expired; -EKEYEXPIRED when it has
 * expired; -EACCES otherwise. The comparison takes the same time wherever the
 * first wrong byte is. */
int token_verify(const char *secret, const char *user, size_t len, const char *token, size_t tlen,
                 int64_t now);

#endif
