/* Tests of the event helpers the gateway routes with (store/events.h),
 * through their header (net/token.c is tested in tests/unit/net/token.c). */
#include "store/events.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

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
