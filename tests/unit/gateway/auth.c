/* Tests of net/token.c (the gateway's tokens) and of the event helpers the
 * gateway routes with (store/events.h), through their headers. */
#include "net/token.h"
#include "store/events.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

Test(token, signed_token_verifies_for_its_user_until_it_expires)
{
    char t[TOKEN_MAX];
    cr_assert_eq(token_sign("s3cret", "alice", 5, 2000, t), 0);
    cr_assert_eq(strchr(t, '.') - t, 4);
    cr_assert_eq(strlen(t), 4 + 1 + 64);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), 1999), 0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), 2000), 0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), 2001), -EKEYEXPIRED);
}

Test(token, refuses_other_users_secrets_and_tampering)
{
    char t[TOKEN_MAX];
    cr_assert_eq(token_sign("s3cret", "alice", 5, 2000, t), 0);
    size_t n = strlen(t);
    cr_assert_eq(token_verify("s3cret", "alicf", 5, t, n, 0), -EACCES);
    cr_assert_eq(token_verify("other", "alice", 5, t, n, 0), -EACCES);
    char u[TOKEN_MAX];
    memcpy(u, t, n + 1);
    u[0] = '3'; /* a later expiry, same mac */
    cr_assert_eq(token_verify("s3cret", "alice", 5, u, n, 0), -EACCES);
    memcpy(u, t, n + 1);
    u[n - 1] = u[n - 1] == '0' ? '1' : '0';
    cr_assert_eq(token_verify("s3cret", "alice", 5, u, n, 0), -EACCES);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, n - 1, 0), -EACCES);
    cr_assert_eq(token_verify("s3cret", "alice", 5, "", 0, 0), -EACCES);
    cr_assert_eq(token_verify("s3cret", "alice", 5, ".abc", 4, 0), -EACCES);
    cr_assert_eq(token_sign("", "alice", 5, 2000, u), -EINVAL);
}

/* 19 digits overflow int64_t: refused before any arithmetic (UBSan-checked). */
Test(token, an_expiry_past_int64_is_refused)
{
    char t[128];
    snprintf(t, sizeof(t), "9999999999999999999.%064d", 0);
    cr_assert_eq(token_verify("s3cret", "alice", 5, t, strlen(t), 0), -EACCES);
}

Test(events, seq_is_read_from_the_head_only)
{
    cr_assert_eq(events_seq("{\"seq\":42,\"type\":\"result\"}", 27), 42);
    cr_assert_eq(events_seq("{\"seq\":0}", 9), 0);
    cr_assert_eq(events_seq("{\"type\":\"result\",\"seq\":4}", 25), -1);
    cr_assert_eq(events_seq("{\"seq\":\"4\"}", 11), -1);
    cr_assert_eq(events_seq("{\"seq\":", 7), -1);
    cr_assert_eq(events_seq("{\"seq\":12", 9), -1);
}

/* A broadcast id is an admin's retry key, not a user id (contract/ids.h has
 * that rule): any printable text. */
Test(events, broadcast_ids_are_bounded_and_printable)
{
    cr_assert(events_broadcast_id_valid("alice", 5));
    cr_assert(events_broadcast_id_valid("Ünïcode", strlen("Ünïcode")));
    cr_assert(events_broadcast_id_valid("sale 2024-01-01T10:00", 21));
    cr_assert_not(events_broadcast_id_valid("", 0));
    cr_assert_not(events_broadcast_id_valid("a\nb", 3));
    char big[65];
    memset(big, 'a', sizeof(big));
    cr_assert(events_broadcast_id_valid(big, 64));
    cr_assert_not(events_broadcast_id_valid(big, 65));
}
