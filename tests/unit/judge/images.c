/* Tests of src/judge/images.c: the name rule, content types, and the
 * rewriting of a statement's references to its images. */
#include "judge/images.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static bool valid(const char *s)
{
    return images_name_valid(s, strlen(s));
}

Test(images, names_are_flat_image_files)
{
    cr_expect(valid("circle.png"));
    cr_expect(valid("Fig_1-a.JPEG"));
    cr_expect(valid("x.svg"));
    cr_expect_not(valid("../secret.png"));
    cr_expect_not(valid("a/b.png"));
    cr_expect_not(valid(".hidden.png"));
    cr_expect_not(valid("-rf.png"));
    cr_expect_not(valid("a%2fb.png"));
    cr_expect_not(valid("a b.png"));
    cr_expect_not(valid("problem.tex"));
    cr_expect_not(valid("noext"));
    cr_expect_not(valid(""));
    char longname[IMAGES_NAME_MAX + 8];
    memset(longname, 'a', sizeof(longname));
    memcpy(longname + IMAGES_NAME_MAX - 3, ".png", 5); /* 101 bytes */
    cr_expect_not(valid(longname));
    memcpy(longname + IMAGES_NAME_MAX - 4, ".png", 5); /* 100 bytes */
    cr_expect(valid(longname));
}

Test(images, types_by_extension)
{
    cr_expect_str_eq(images_type("a.png", 5), "image/png");
    cr_expect_str_eq(images_type("a.JPG", 5), "image/jpeg");
    cr_expect_str_eq(images_type("a.svg", 5), "image/svg+xml");
    cr_expect(images_is_svg("a.SVG", 5));
    cr_expect_not(images_is_svg("a.png", 5));
    cr_expect_null(images_type("a.html", 6));
    cr_expect_null(images_type("a.png.html", 10));
}

static struct images_source files[] = {{"circle.png", "circle.png"},
                                       {"fig.svg", "fig.svg"},
                                       {"two.png", "two.png"},
                                       {"two.jpg", "two.jpg"}};

Test(images, links_markdown_html_and_stems)
{
    const char *md = "# T\n\n![A circle](circle.png) ![x](./fig.svg \"title\") ![y](fig)\n"
                     "<img src=\"circle.png\" /> ![z](two) ![w](other.png) [l](circle.png)\n";
    char *out = images_link(md, "p-1", files, 4);
    cr_expect_str_eq(out, "# T\n\n![A circle](/api/problems/p-1/files/circle.png) "
                          "![x](/api/problems/p-1/files/fig.svg \"title\") "
                          "![y](/api/problems/p-1/files/fig.svg)\n"
                          "<img src=\"/api/problems/p-1/files/circle.png\" /> ![z](two) "
                          "![w](other.png) [l](/api/problems/p-1/files/circle.png)\n");
    char *back = images_unlink(out, "p-1");
    cr_expect_str_eq(back, "# T\n\n![A circle](circle.png) ![x](fig.svg \"title\") "
                           "![y](fig.svg)\n<img src=\"circle.png\" /> ![z](two) "
                           "![w](other.png) [l](circle.png)\n");
    free(back);
    free(out);
}

Test(images, unlink_leaves_other_problems_alone)
{
    char *out =
        images_unlink("![a](/api/problems/q/files/a.png) ![b](/api/problems/p/files/b.png)", "p");
    cr_expect_str_eq(out, "![a](/api/problems/q/files/a.png) ![b](b.png)");
    free(out);
}

Test(images, no_files_no_change)
{
    char *out = images_link("![a](a.png) ](", "p", NULL, 0);
    cr_expect_str_eq(out, "![a](a.png) ](");
    free(out);
}

static bool flat(const char *path, const char *want)
{
    char out[IMAGES_NAME_MAX + 1];
    bool ok = images_flat_name(path, out);
    if (ok && want != NULL)
        cr_expect_str_eq(out, want);
    return ok;
}

/* An image in a subdirectory is kept under a flat name: the served names
 * keep their "no '/'", and no component may climb out or hide. */
Test(images, subdirectory_paths_flatten_to_valid_names)
{
    cr_expect(flat("circle.png", "circle.png"));
    cr_expect(flat("img/fig1.png", "img-fig1.png"));
    cr_expect(flat("figures/sample/a.SVG", "figures-sample-a.SVG"));
    cr_expect_not(flat("../x.png", NULL));
    cr_expect_not(flat("img/../x.png", NULL));
    cr_expect_not(flat("./x.png", NULL));
    cr_expect_not(flat("img//x.png", NULL));
    cr_expect_not(flat("img/.x.png", NULL));
    cr_expect_not(flat("/x.png", NULL));
    cr_expect_not(flat("img/", NULL));
    cr_expect_not(flat("img/x.tex", NULL));
    cr_expect_not(flat("im g/x.png", NULL));
    cr_expect_not(flat("", NULL));
    char deep[IMAGES_NAME_MAX + 8];
    memset(deep, 'a', sizeof(deep));
    deep[1] = '/';
    memcpy(deep + IMAGES_NAME_MAX - 3, ".png", 5); /* 101 bytes */
    cr_expect_not(flat(deep, NULL));
}

/* A reference to an image in a subdirectory (its path, "./path", or its
 * stem as LaTeX writes it) points at the image's flat name; a dot in a
 * directory is no extension. */
Test(images, links_paths_in_subdirectories)
{
    static const struct images_source src[] = {{"img/fig1.png", "img-fig1.png"},
                                               {"img.d/fig", "x.png"},
                                               {"img/sub/b.svg", "img-sub-b.svg"}};
    const char *md = "![a](img/fig1.png) ![b](./img/sub/b.svg) ![c](img/sub/b) "
                     "<img src=\"img/fig1.png\"> ![d](img) ![e](fig1.png)\n";
    char *out = images_link(md, "p", src, 3);
    cr_expect_str_eq(out, "![a](/api/problems/p/files/img-fig1.png) "
                          "![b](/api/problems/p/files/img-sub-b.svg) "
                          "![c](/api/problems/p/files/img-sub-b.svg) "
                          "<img src=\"/api/problems/p/files/img-fig1.png\"> ![d](img) "
                          "![e](fig1.png)\n");
    free(out);
}

/* Reference-style images: the definition's target is rewritten (with its
 * title, and in angle brackets), and an export gives the path back; the
 * uses "![alt][ref]" and "![ref]" stay as they are. */
Test(images, links_reference_definitions)
{
    const char *md = "# T\n\n![A circle][c] and ![fig]\n\n[c]: circle.png \"A title\"\n"
                     "  [fig]: <./fig.svg>\n[other]: other.png\n[two]:two\n";
    char *out = images_link(md, "p", files, 4);
    cr_expect_str_eq(out, "# T\n\n![A circle][c] and ![fig]\n\n"
                          "[c]: /api/problems/p/files/circle.png \"A title\"\n"
                          "  [fig]: </api/problems/p/files/fig.svg>\n[other]: other.png\n"
                          "[two]:two\n");
    char *back = images_unlink(out, "p");
    cr_expect_str_eq(back, "# T\n\n![A circle][c] and ![fig]\n\n[c]: circle.png \"A title\"\n"
                           "  [fig]: <fig.svg>\n[other]: other.png\n[two]:two\n");
    free(back);
    free(out);
}

/* Text that only looks like a reference stays as it is: inside fenced code
 * blocks (``` and ~~~, closed only by a fence as long), code spans (of any
 * number of backticks, across a line), after a backslash, and a
 * "definition" that continues a paragraph (CommonMark reads it as text). */
Test(images, leaves_code_and_lookalikes_alone)
{
    const char *md = "```markdown\n![a](circle.png)\n[c]: circle.png\n```\n"
                     "~~~~\n<img src=\"circle.png\">\n~~~\n~~~~\n"
                     "Use `![a](circle.png)` or ``x ` ![b](circle.png)`` or `a\n"
                     "![c](circle.png)` \\![d](circle.png) \\](circle.png)\n"
                     "text\n[c]: circle.png\n\n"
                     "![real](circle.png) `unclosed ![e](circle.png)\n";
    char *out = images_link(md, "p", files, 4);
    const char *want = "```markdown\n![a](circle.png)\n[c]: circle.png\n```\n"
                       "~~~~\n<img src=\"circle.png\">\n~~~\n~~~~\n"
                       "Use `![a](circle.png)` or ``x ` ![b](circle.png)`` or `a\n"
                       "![c](circle.png)` \\![d](/api/problems/p/files/circle.png) "
                       "\\](circle.png)\n"
                       "text\n[c]: circle.png\n\n"
                       "![real](/api/problems/p/files/circle.png) `unclosed "
                       "![e](/api/problems/p/files/circle.png)\n";
    cr_expect_str_eq(out, want);
    char *code =
        images_unlink("```\n![a](/api/problems/p/files/circle.png)\n```\n"
                      "`/api/problems/p/files/x.png` <img src='/api/problems/p/files/x.png'>",
                      "p");
    cr_expect_str_eq(code, "```\n![a](/api/problems/p/files/circle.png)\n```\n"
                           "`/api/problems/p/files/x.png` <img src='x.png'>");
    free(code);
    free(out);
}

/* A statement with Windows line ends ("\r\n", and a lone '\r', CommonMark's
 * other line ending) reads as with "\n": a closing fence closes, a
 * definition's target ends before the '\r', a blank line ends a code span;
 * the line ends are kept as they are. */
Test(images, crlf_line_ends_are_line_ends)
{
    const char *md = "```python\r\nprint('![a](circle.png)')\r\n```\r\n\r\n![x](circle.png)\r\n"
                     "\r\n[r]: circle.png\r\n[s]: <fig.svg>\r\n~~~\r![b](circle.png)\r~~~  \r"
                     "`open\r\n\r\n![y](circle.png)`\r\n\r[t]: circle.png\r";
    char *out = images_link(md, "p", files, 4);
    cr_expect_str_eq(out, "```python\r\nprint('![a](circle.png)')\r\n```\r\n\r\n"
                          "![x](/api/problems/p/files/circle.png)\r\n\r\n"
                          "[r]: /api/problems/p/files/circle.png\r\n"
                          "[s]: </api/problems/p/files/fig.svg>\r\n~~~\r![b](circle.png)\r~~~  \r"
                          "`open\r\n\r\n![y](/api/problems/p/files/circle.png)`\r\n\r"
                          "[t]: /api/problems/p/files/circle.png\r");
    char *back = images_unlink(out, "p");
    cr_expect_str_eq(back, md);
    free(back);
    free(out);
}

/* A setext heading's underline and a thematic break end the paragraph
 * before them, so a definition on the next line is one; "===" after no
 * paragraph is text, and a definition after it continues that text. */
Test(images, definitions_after_headings_and_breaks)
{
    const char *md = "Title\n=====\n[a]: circle.png\nSub\n---\n[b]: circle.png\ntext\n***\n"
                     "[c]: circle.png\n\n===\n[d]: circle.png\n\ntext\n- - -\n[e]: circle.png\n"
                     "text\n__\n[f]: circle.png\n";
    char *out = images_link(md, "p", files, 4);
    cr_expect_str_eq(out, "Title\n=====\n[a]: /api/problems/p/files/circle.png\nSub\n---\n"
                          "[b]: /api/problems/p/files/circle.png\ntext\n***\n"
                          "[c]: /api/problems/p/files/circle.png\n\n===\n[d]: circle.png\n\n"
                          "text\n- - -\n[e]: /api/problems/p/files/circle.png\ntext\n__\n"
                          "[f]: circle.png\n");
    free(out);
}

/* In a block quote ("> ", nested "> > "), a definition is one as outside
 * it: not when it continues the quote's paragraph (a lazy line without '>'
 * continues it too), but on a deeper quote's first line or after a blank.
 * A fenced code block in a quote ends with its fence or with the quote; a
 * '>' inside a code block is its text. */
Test(images, definitions_and_fences_in_block_quotes)
{
    const char *md = "> text\n> [a]: circle.png\n\n> [b]: circle.png\n> > [c]: circle.png\n"
                     "text\n> [d]: circle.png\n> quote\nlazy\n> [e]: circle.png\n"
                     "> ```\n> [f]: circle.png\n> ```\n> ```\n> ![g](circle.png)\n"
                     "out ![h](circle.png)\n```\n> ```\n![i](circle.png)\n```\n";
    char *out = images_link(md, "p", files, 4);
    cr_expect_str_eq(out, "> text\n> [a]: circle.png\n\n> [b]: /api/problems/p/files/circle.png\n"
                          "> > [c]: /api/problems/p/files/circle.png\ntext\n"
                          "> [d]: /api/problems/p/files/circle.png\n> quote\nlazy\n"
                          "> [e]: circle.png\n> ```\n> [f]: circle.png\n> ```\n> ```\n"
                          "> ![g](circle.png)\nout ![h](/api/problems/p/files/circle.png)\n"
                          "```\n> ```\n![i](circle.png)\n```\n");
    free(out);
}
