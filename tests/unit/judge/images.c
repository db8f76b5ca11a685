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

static struct catalog_file files[] = {
    {"circle.png", "", 0}, {"fig.svg", "", 0}, {"two.png", "", 0}, {"two.jpg", "", 0}};

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
