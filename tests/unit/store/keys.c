/* Tests of store/keys.c through keys.h: the names built from data. */
#include "store/keys.h"

#include "store/events.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

Test(keys, user_channel_is_the_prefix_and_the_id)
{
    char chan[CHANNEL_USER_MAX];
    cr_assert_eq(keys_user_channel(chan, "alice-and-more", 5), 10);
    cr_assert_str_eq(chan, "user:alice");
}

Test(keys, user_channel_holds_the_longest_user_id)
{
    char id[EVENTS_USER_MAX], chan[CHANNEL_USER_MAX];
    memset(id, 'u', sizeof(id));
    int n = keys_user_channel(chan, id, sizeof(id));
    cr_assert_eq(n, (int)(5 + sizeof(id)));
    cr_assert_eq(strlen(chan), (size_t)n);
    cr_assert(memcmp(chan + 5, id, sizeof(id)) == 0);
}

Test(keys, user_channel_refuses_an_id_that_does_not_fit)
{
    char id[CHANNEL_USER_MAX], chan[CHANNEL_USER_MAX];
    memset(id, 'u', sizeof(id));
    cr_assert_eq(keys_user_channel(chan, id, sizeof(id)), -ENAMETOOLONG);
    cr_assert_str_eq(chan, "");
}

Test(keys, channel_user_reads_back_the_id_of_a_user_channel_only)
{
    char chan[CHANNEL_USER_MAX];
    int n = keys_user_channel(chan, "bob", 3);
    size_t len = 0;
    const char *id = keys_channel_user(chan, (size_t)n, &len);
    cr_assert_not_null(id);
    cr_assert_eq(len, 3);
    cr_assert(memcmp(id, "bob", 3) == 0);
    cr_assert_null(keys_channel_user("user:", 5, &len), "no id");
    cr_assert_null(keys_channel_user(CHANNEL_BROADCAST, strlen(CHANNEL_BROADCAST), &len));
    cr_assert_null(keys_channel_user("use", 3, &len));
}

Test(keys, problem_entry_and_lock_share_a_hash_tag)
{
    char key[KEY_PROBLEM_MAX];
    cr_assert_eq(keys_problem(key, "a-plus-b", false), 18);
    cr_assert_str_eq(key, "problem:{a-plus-b}");
    cr_assert_eq(keys_problem(key, "a-plus-b", true), 23);
    cr_assert_str_eq(key, "problem:{a-plus-b}:fill");
}

Test(keys, problem_key_holds_the_longest_problem_id)
{
    char id[65], key[KEY_PROBLEM_MAX];
    memset(id, 'p', 64);
    id[64] = '\0';
    cr_assert_gt(keys_problem(key, id, true), 0);
    char big[KEY_PROBLEM_MAX + 1];
    memset(big, 'p', KEY_PROBLEM_MAX);
    big[KEY_PROBLEM_MAX] = '\0';
    cr_assert_eq(keys_problem(key, big, false), -ENAMETOOLONG);
    cr_assert_str_eq(key, "");
}
