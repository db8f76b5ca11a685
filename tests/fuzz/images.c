/* libFuzzer target for the rewriting of a statement's references to its
 * images (judge/images_link.c: a small scan of Markdown, code spans, fenced
 * blocks and definitions) and the flat names of images in subdirectories
 * (judge/images.c). A statement comes from a package, an admin's upload.
 * Each input is a statement (up to its first NUL) and asserted:
 *   - with no images, images_link() gives it back byte for byte, and so does
 *     images_unlink() for a problem whose URL it does not hold;
 *   - linking with images whose paths are in it, then unlinking, leaves no
 *     URL of the problem where images_link() put one;
 *   - images_flat_name() of it either fails or gives a name the rule takes.
 * Links the judge layer. By hand (see tests/fuzz/run.sh for the build):
 *
 *   ./fuzz_images -max_len=4096 -timeout=5 tests/fuzz/corpus/images
 */
#include "judge/images.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

static const struct images_source fuzz_images[] = {
    {"a.png", "a.png"}, {"img/b.svg", "img-b.svg"}, {"img/b.png", "img-b.png"}, {"c.d/e", "x.gif"}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *md = malloc(size + 1);
    if (md == NULL)
        return 0;
    memcpy(md, data, size);
    md[size] = '\0';
    char *same = images_link(md, "p", NULL, 0);
    fuzz_require(strcmp(same, md) == 0);
    free(same);
    if (strstr(md, "/api/problems/q/files/") == NULL) {
        same = images_unlink(md, "q");
        fuzz_require(strcmp(same, md) == 0);
        free(same);
    }
    char *linked = images_link(md, "q", fuzz_images, 4);
    char *back = images_unlink(linked, "q");
    /* Every URL images_link() wrote is unlinked: at most those md had. */
    size_t had = 0, left = 0;
    for (const char *s = md; (s = strstr(s, "/api/problems/q/files/")) != NULL; s++)
        had++;
    for (const char *s = back; (s = strstr(s, "/api/problems/q/files/")) != NULL; s++)
        left++;
    fuzz_require(left <= had);
    free(back);
    free(linked);
    char flat[IMAGES_NAME_MAX + 1];
    if (images_flat_name(md, flat))
        fuzz_require(images_name_valid(flat, strlen(flat)) && strchr(flat, '/') == NULL);
    free(md);
    return 0;
}
