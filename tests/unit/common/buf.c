#include "common/buf.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(buf, appends_and_formats)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "id=");
    buf_printf(&b, "%d/%s", 42, "x");
    cr_assert_str_eq(b.data, "id=42/x");
    cr_assert_eq(b.len, 7);
    buf_dispose(&b);
    cr_assert_null(b.data);
}

Test(buf, escapes_json_strings)
{
    struct buf b;
    buf_init(&b);
    const char s[] = "a\"b\\c\n\x01\t";
    buf_json_str(&b, s, sizeof(s) - 1);
    cr_assert_str_eq(b.data, "\"a\\\"b\\\\c\\n\\u0001\\t\"");
    buf_dispose(&b);
}

Test(buf, steal_leaves_empty)
{
    struct buf b;
    buf_init(&b);
    char *s = buf_steal(&b);
    cr_assert_str_eq(s, "");
    free(s);
    buf_append(&b, "xyz", 3);
    s = buf_steal(&b);
    cr_assert_str_eq(s, "xyz");
    cr_assert_eq(b.len, 0);
    free(s);
}
