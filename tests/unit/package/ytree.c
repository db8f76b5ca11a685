/* The YAML tree: shapes, line numbers, typed reads, and the refusals that
 * keep hostile YAML small. */
#include "package/ytree.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static struct ytree *parse(const char *text, char *err, size_t errlen)
{
    return ytree_parse(text, strlen(text), err, errlen);
}

Test(ytree, reads_maps_sequences_and_scalars_with_lines)
{
    char err[256];
    struct ytree *t = parse("a: 1\nb:\n  - x\n  - 'y'\nc: {d: 2.5}\n", err, sizeof(err));
    cr_assert_not_null(t, "%s", err);
    cr_assert_eq(ytree_map_len(t), 3);
    long n;
    cr_assert_eq(ytree_long(ytree_get(t, "a"), &n), 0);
    cr_assert_eq(n, 1);
    const struct ytree *b = ytree_get(t, "b");
    cr_assert_eq(b->kind, YTREE_SEQ);
    cr_assert_eq(b->n_kids, 2);
    cr_assert_eq(b->kids[1]->line, 4);
    cr_assert(!b->kids[1]->plain);
    double d;
    cr_assert_eq(ytree_double(ytree_get(ytree_get(t, "c"), "d"), &d), 0);
    cr_assert_float_eq(d, 2.5, 1e-12);
    ytree_free(t);
}

Test(ytree, an_empty_or_comment_only_document_is_an_empty_map)
{
    char err[256];
    struct ytree *t = parse("# nothing\n", err, sizeof(err));
    cr_assert_not_null(t, "%s", err);
    cr_assert_eq(t->kind, YTREE_MAP);
    cr_assert_eq(ytree_map_len(t), 0);
    ytree_free(t);
    t = parse("", err, sizeof(err));
    cr_assert_not_null(t);
    cr_assert_eq(t->kind, YTREE_MAP);
    ytree_free(t);
}

Test(ytree, refuses_duplicate_keys_with_their_line)
{
    char err[256];
    cr_assert_null(parse("name: a\nname: b\n", err, sizeof(err)));
    cr_assert_str_eq(err, "line 2: duplicate key 'name'");
}

Test(ytree, refuses_aliases)
{
    char err[256];
    cr_assert_null(parse("a: &x [1, 2]\nb: *x\n", err, sizeof(err)));
    cr_assert(strstr(err, "aliases are not supported") != NULL, "%s", err);
}

Test(ytree, refuses_syntax_errors_with_a_line)
{
    char err[256];
    cr_assert_null(parse("a: [1, 2\nb: 3\n", err, sizeof(err)));
    cr_assert(strncmp(err, "line ", 5) == 0, "%s", err);
}

Test(ytree, refuses_deep_nesting)
{
    char text[400];
    memset(text, '[', 200);
    text[200] = '\0';
    char err[256];
    cr_assert_null(parse(text, err, sizeof(err)));
    cr_assert(strstr(err, "nested deeper") != NULL, "%s", err);
}

Test(ytree, typed_reads_are_strict)
{
    char err[256];
    struct ytree *t =
        parse("i: 12x\nq: '5'\nb: yes\nf: -inf\nh: 0x10\nn: ~\ne: 1e-4\n", err, sizeof(err));
    cr_assert_not_null(t, "%s", err);
    long n;
    double d;
    bool b;
    cr_assert_eq(ytree_long(ytree_get(t, "i"), &n), -1);
    cr_assert_eq(ytree_long(ytree_get(t, "q"), &n), -1, "a quoted number is a string");
    cr_assert_eq(ytree_bool(ytree_get(t, "b"), &b), 0);
    cr_assert(b);
    cr_assert_eq(ytree_double(ytree_get(t, "f"), &d), 0);
    cr_assert(isinf(d) && d < 0);
    cr_assert_eq(ytree_double(ytree_get(t, "h"), &d), -1);
    cr_assert(ytree_is_null(ytree_get(t, "n")));
    cr_assert_eq(ytree_double(ytree_get(t, "e"), &d), 0);
    cr_assert_float_eq(d, 1e-4, 1e-18);
    ytree_free(t);
}
