/* Tests of src/contract/ids.c: the one rule of each id. */
#include "contract/ids.h"

#include <criterion/criterion.h>
#include <string.h>

static bool user(const char *s)
{
    return ids_user_valid(s, strlen(s));
}

static bool problem(const char *s)
{
    return ids_problem_valid(s, strlen(s));
}

Test(ids, user_ids_are_64_bytes_of_a_narrow_set)
{
    cr_assert(user("alice"));
    cr_assert(user("Bob.Smith-2@example.org"));
    cr_assert(user("_"));
    char big[66];
    memset(big, 'a', sizeof(big));
    cr_assert(ids_user_valid(big, 64));
    cr_assert_not(ids_user_valid(big, 65));
    const char *bad[] = {"", "a b", "a/b", "a:b", "a{b}", "Ünïcode", "a\nb", "a\tb", "a+b"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_not(user(bad[i]), "%s", bad[i]);
    /* A length covers an embedded NUL: the id is every byte given. */
    cr_assert_not(ids_user_valid("a\0b", 3));
}

Test(ids, every_valid_user_but_judge0_may_hold_a_token)
{
    cr_assert(ids_user_tokenable("alice", 5));
    cr_assert(ids_user_tokenable("judge", 5));
    cr_assert(ids_user_tokenable("judge0x", 7));
    cr_assert(ids_user_tokenable("Judge0", 6), "ids are case-sensitive");
    cr_assert_not(ids_user_tokenable("judge0", 6));
    cr_assert_not(ids_user_tokenable("judge0x", 6), "the length says judge0");
    cr_assert_not(ids_user_tokenable("a b", 3));
    cr_assert_not(ids_user_tokenable("", 0));
}

Test(ids, problem_ids_are_lowercase_digits_and_inner_dashes)
{
    cr_assert(problem("a-plus-b"));
    cr_assert(problem("2sum"));
    cr_assert(problem("a-"));
    char big[66];
    memset(big, 'p', sizeof(big));
    cr_assert(ids_problem_valid(big, 64));
    cr_assert_not(ids_problem_valid(big, 65));
    const char *bad[] = {"", "-a", "-", "A-plus-b", "a_b", "a/b", "..", "a b", "é"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_not(problem(bad[i]), "%s", bad[i]);
}

Test(ids, submission_ids_are_18_digits)
{
    cr_assert(ids_submission_valid("1", 1));
    cr_assert(ids_submission_valid("123456789012345678", 18));
    cr_assert_not(ids_submission_valid("1234567890123456789", 19));
    cr_assert_not(ids_submission_valid("", 0));
    cr_assert_not(ids_submission_valid("-1", 2));
    cr_assert_not(ids_submission_valid("1e5", 3));
}

Test(ids, public_ids_are_32_lowercase_hex_digits)
{
    cr_assert(ids_public_valid("0123456789abcdef0123456789abcdef", 32));
    cr_assert_not(ids_public_valid("0123456789ABCDEF0123456789abcdef", 32));
    cr_assert_not(ids_public_valid("0123456789abcdef0123456789abcde", 31));
    cr_assert_not(ids_public_valid("0123456789abcdef0123456789abcdef0", 33));
    cr_assert_not(ids_public_valid("0123456789abcdeg0123456789abcdef", 32));
    cr_assert_not(ids_public_valid("12", 2));
}
