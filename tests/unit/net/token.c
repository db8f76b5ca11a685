/* Tests of net/token.c: the signed user tokens of the api and the gateway,
 * both forms, through its header. */
#include "net/token.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#define NOW 1700000000LL

/* The old gateway form, signed here as the api of issue 5 signed it. */
static void sign_v0(const char *secret, const char *user, long long expiry, char *out)
{
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "%s\n%lld", user, expiry);
    unsigned char mac[32];
    unsigned len = 0;
    cr_assert_not_null(HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg,
                            (size_t)n, mac, &len));
    int o = snprintf(out, TOKEN_MAX, "%lld.", expiry);
    for (int i = 0; i < 32; i++)
        o += snprintf(out + o, TOKEN_MAX - (size_t)o, "%02x", mac[i]);
}

Test(token, v1_names_its_user_and_parses_back)
{
    char t[TOKEN_MAX], who[TOKEN_USER_MAX + 1];
    cr_assert_eq(token_sign("s3cret", "alice", 5, NOW + 60, t), 0);
    /* "alice" in base64url is "YWxpY2U"; the MAC is 43 unpadded characters. */
    cr_assert_eq(strncmp(t, "v1.YWxpY2U.1700000060.", 22), 0, "%s", t);
    cr_assert_eq(strlen(t), 22 + 43);
    cr_assert_eq(token_parse("s3cret", t, strlen(t), NOW, who), 5);
    cr_assert_str_eq(who, "alice");
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), NOW), 0);
    cr_assert_eq(token_verify("s3cret", "alicf", 5, t, strlen(t), NOW), -EACCES);
    cr_assert_eq(token_parse("other", t, strlen(t), NOW, who), -EACCES);
    cr_assert_str_eq(who, "");
}

Test(token, the_longest_user_fits_and_a_longer_one_is_refused)
{
    char user[TOKEN_USER_MAX + 2], t[TOKEN_MAX], who[TOKEN_USER_MAX + 1];
    memset(user, 'z', sizeof(user));
    cr_assert_eq(token_sign("s", user, TOKEN_USER_MAX, 999999999999999999LL, t), 0);
    cr_assert_eq(token_parse("s", t, strlen(t), NOW, who), TOKEN_USER_MAX);
    cr_assert_eq(token_sign("s", user, TOKEN_USER_MAX + 1, NOW, t), -EINVAL);
    cr_assert_eq(token_sign("s", user, 0, NOW, t), -EINVAL);
    cr_assert_eq(token_sign("", "alice", 5, NOW, t), -EINVAL);
    cr_assert_eq(token_sign("s", "alice", 5, 0, t), -EINVAL);
}

/* Every byte of a token is covered: a changed user, expiry or MAC is
 * refused, whatever the position of the change. */
Test(token, tampered_tokens_are_refused)
{
    char t[TOKEN_MAX], u[TOKEN_MAX], who[TOKEN_USER_MAX + 1];
    cr_assert_eq(token_sign("s3cret", "alice", 5, NOW + 60, t), 0);
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        memcpy(u, t, n + 1);
        u[i] = u[i] == 'A' ? 'B' : 'A';
        cr_assert_lt(token_parse("s3cret", u, n, NOW, who), 0, "byte %zu", i);
    }
    /* Another user's name with alice's MAC. */
    char bob[TOKEN_MAX];
    cr_assert_eq(token_sign("s3cret", "bob", 3, NOW + 60, bob), 0);
    snprintf(u, sizeof(u), "v1.Ym9i.1700000060.%s", t + 22);
    cr_assert_eq(token_parse("s3cret", u, strlen(u), NOW, who), -EACCES);
    cr_assert_eq(token_parse("s3cret", t, n - 1, NOW, who), -EACCES);
    cr_assert_eq(token_parse("s3cret", "", 0, NOW, who), -EACCES);
    cr_assert_eq(token_parse("s3cret", "v1...", 5, NOW, who), -EACCES);
}

/* One text per token: the same values spelt otherwise are refused even with
 * a MAC that is right for that text. */
Test(token, only_the_canonical_spelling_is_taken)
{
    char t[TOKEN_MAX], u[TOKEN_MAX + 8], who[TOKEN_USER_MAX + 1];
    cr_assert_eq(token_sign("k", "alice", 5, NOW + 60, t), 0);
    size_t n = strlen(t);
    /* A leading zero on the expiry. */
    snprintf(u, sizeof(u), "v1.YWxpY2U.01700000060.%s", t + 22);
    cr_assert_eq(token_parse("k", u, strlen(u), NOW, who), -EACCES);
    /* Base64 padding, and the standard alphabet's '+' '/'. */
    snprintf(u, sizeof(u), "v1.YWxpY2U=.1700000060.%s", t + 22);
    cr_assert_eq(token_parse("k", u, strlen(u), NOW, who), -EACCES);
    /* Spare bits set: "YWxpY2V" decodes to "alice" too in a lax decoder. */
    snprintf(u, sizeof(u), "v1.YWxpY2V.1700000060.%s", t + 22);
    cr_assert_eq(token_parse("k", u, strlen(u), NOW, who), -EACCES);
    /* The MAC's last character with spare bits set. */
    memcpy(u, t, n + 1);
    u[n - 1] = (char)(u[n - 1] + 1);
    cr_assert_eq(token_parse("k", u, n, NOW, who), -EACCES);
    /* "V1." and the old form's uppercase hex. */
    memcpy(u, t, n + 1);
    u[0] = 'V';
    cr_assert_eq(token_parse("k", u, n, NOW, who), -EACCES);
    char v0[TOKEN_MAX];
    sign_v0("k", "alice", NOW + 60, v0);
    cr_assert_eq(token_verify("k", "alice", 5, v0, strlen(v0), NOW), 0);
    for (char *p = strchr(v0, '.'); *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    cr_assert_eq(token_verify("k", "alice", 5, v0, strlen(v0), NOW), -EACCES);
}

/* TOKEN_SKEW_S past the expiry a token still holds (another host's clock may
 * run ahead); one second later it has expired, in both forms. */
Test(token, expiry_holds_within_the_skew_allowance_only)
{
    char t[TOKEN_MAX], who[TOKEN_USER_MAX + 1], v0[TOKEN_MAX];
    cr_assert_eq(token_sign("s3cret", "alice", 5, NOW, t), 0);
    size_t n = strlen(t);
    cr_assert_eq(token_parse("s3cret", t, n, NOW, who), 5);
    cr_assert_eq(token_parse("s3cret", t, n, NOW + TOKEN_SKEW_S, who), 5);
    cr_assert_eq(token_parse("s3cret", t, n, NOW + TOKEN_SKEW_S + 1, who), -EKEYEXPIRED);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, n, NOW + TOKEN_SKEW_S + 1), -EKEYEXPIRED);
    sign_v0("s3cret", "alice", NOW, v0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, v0, strlen(v0), NOW + TOKEN_SKEW_S), 0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, v0, strlen(v0), NOW + TOKEN_SKEW_S + 1),
                 -EKEYEXPIRED);
    /* An expired token that was tampered with is "bad", not "expired". */
    t[n - 2] = t[n - 2] == 'A' ? 'B' : 'A';
    cr_assert_eq(token_parse("s3cret", t, n, NOW + 1000, who), -EACCES);
}

/* The old form: still taken for its user only; it cannot name a user, so
 * token_parse refuses it. 19 digits overflow int64_t: refused before any
 * arithmetic (UBSan-checked). */
Test(token, the_old_form_is_taken_for_its_user_only)
{
    char v0[TOKEN_MAX], who[TOKEN_USER_MAX + 1];
    sign_v0("s3cret", "alice", NOW + 5, v0);
    size_t n = strlen(v0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, v0, n, NOW), 0);
    cr_assert_eq(token_verify("s3cret", "alicf", 5, v0, n, NOW), -EACCES);
    cr_assert_eq(token_verify("other", "alice", 5, v0, n, NOW), -EACCES);
    cr_assert_eq(token_parse("s3cret", v0, n, NOW, who), -EACCES);
    char t[128];
    snprintf(t, sizeof(t), "9999999999999999999.%064d", 0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), 0), -EACCES);
    cr_assert_eq(token_verify("s3cret", "alice", 5, ".abc", 4, 0), -EACCES);
}
