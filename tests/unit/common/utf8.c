#include "common/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

#define VALID(s) utf8_valid((s), sizeof(s) - 1)

Test(utf8, accepts_ascii_and_multibyte)
{
    cr_assert(VALID("int main() { return 0; }"));
    cr_assert(VALID("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    cr_assert(VALID(""));
}

Test(utf8, rejects_malformed)
{
    cr_assert_not(VALID("\xc3"));             /* truncated */
    cr_assert_not(VALID("\xc0\xaf"));         /* overlong '/' */
    cr_assert_not(VALID("\xe0\x80\xaf"));     /* overlong 3-byte */
    cr_assert_not(VALID("\xed\xa0\x80"));     /* surrogate */
    cr_assert_not(VALID("\xf4\x90\x80\x80")); /* above U+10FFFF */
    cr_assert_not(VALID("\xff"));
    cr_assert_not(VALID("a\x80"));
}
