/* Tests of src/judge/text.c: compiler output trimmed for people. */
#include "judge/text.h"

#include "common/utf8.h"

#include <criterion/criterion.h>
#include <string.h>

Test(text, keeps_short_valid_text)
{
    struct buf b;
    buf_init(&b);
    const char *s = "main.c:1: error: \xe2\x80\x98x\xe2\x80\x99 undeclared\n";
    text_trim(s, strlen(s), strlen(s), 4000, &b);
    cr_assert_str_eq(b.data, s);
    buf_dispose(&b);
}

Test(text, replaces_invalid_bytes_and_nul)
{
    struct buf b;
    buf_init(&b);
    text_trim("a\xff"
              "b\0c\xe2\x80",
              7, 7, 100, &b);
    cr_assert_str_eq(b.data, "a?b?c??");
    cr_assert(utf8_valid(b.data, b.len));
    buf_dispose(&b);
}

Test(text, cuts_at_a_line_and_says_how_much)
{
    char s[300];
    memset(s, 'x', sizeof(s));
    s[90] = '\n';
    struct buf b;
    buf_init(&b);
    text_trim(s, sizeof(s), sizeof(s), 100, &b);
    cr_assert_eq(memcmp(b.data, s, 91), 0);
    cr_assert_str_eq(b.data + 91, "[... 209 more bytes]\n");
    buf_dispose(&b);
}

/* Only the start of a long compiler output is read: the note counts the rest
 * of the file, not the rest of what was read. */
Test(text, counts_what_was_never_read)
{
    char s[150];
    memset(s, 'x', sizeof(s));
    struct buf b;
    buf_init(&b);
    text_trim(s, sizeof(s), 10000, 100, &b);
    cr_assert_str_eq(b.data + 100, "\n[... 9900 more bytes]\n");
    buf_dispose(&b);
}

Test(text, never_splits_a_character)
{
    /* Cut in the middle of a 3-byte character: it becomes '?', never half. */
    const char *s = "ab\xe2\x80\x98"
                    "cdef";
    struct buf b;
    buf_init(&b);
    text_trim(s, strlen(s), strlen(s), 3, &b);
    cr_assert(utf8_valid(b.data, b.len));
    cr_assert_eq(strncmp(b.data, "ab?", 3), 0);
    buf_dispose(&b);
}
