/* A statement's images: the name rule, content types, and the rewriting of
 * the statement's references between the package's relative names and the
 * URLs the api serves them at. */
#include "judge/images.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *ext;
    const char *type;
} image_types[] = {
    {".png", "image/png"}, {".jpg", "image/jpeg"},    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"}, {".svg", "image/svg+xml"}, {".webp", "image/webp"},
    {".bmp", "image/bmp"},
};

/* The extension of name (len bytes) from its last '.' after any '/', or
 * NULL. */
static const char *images_ext(const char *name, size_t len, size_t *ext_len)
{
    const char *dot = NULL;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '.')
            dot = name + i;
        else if (name[i] == '/')
            dot = NULL;
    if (dot != NULL)
        *ext_len = len - (size_t)(dot - name);
    return dot;
}

const char *images_type(const char *name, size_t len)
{
    size_t elen;
    const char *ext = images_ext(name, len, &elen);
    if (ext == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(image_types) / sizeof(*image_types); i++)
        if (strlen(image_types[i].ext) == elen && strncasecmp(ext, image_types[i].ext, elen) == 0)
            return image_types[i].type;
    return NULL;
}

bool images_is_svg(const char *name, size_t len)
{
    const char *t = images_type(name, len);
    return t != NULL && strcmp(t, "image/svg+xml") == 0;
}

static bool images_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool images_name_valid(const char *name, size_t len)
{
    if (len == 0 || len > IMAGES_NAME_MAX || !images_char_ok(name[0]) || name[0] == '.' ||
        name[0] == '-' || name[0] == '_')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!images_char_ok(name[i]))
            return false;
    return images_type(name, len) != NULL;
}

bool images_flat_name(const char *path, char out[IMAGES_NAME_MAX + 1])
{
    size_t len = strlen(path);
    if (len == 0 || len > IMAGES_NAME_MAX)
        return false;
    /* Each component starts with a letter or digit: no "", ".", ".." or
     * hidden directory, whatever the listing let through. */
    for (size_t i = 0; i < len; i++) {
        bool starts = i == 0 || path[i - 1] == '/';
        char c = path[i];
        if (c == '/' && !starts && i + 1 < len) {
            out[i] = '-';
            continue;
        }
        if (!images_char_ok(c) || (starts && (c == '.' || c == '-' || c == '_')))
            return false;
        out[i] = c;
    }
    out[len] = '\0';
    return images_name_valid(out, len);
}

/* The image a reference (ref, len bytes) names: its path, "./path", or its
 * stem when exactly one image has that stem. NULL when none. */
static const struct images_source *images_match(const char *ref, size_t len,
                                                const struct images_source *src, size_t n)
{
    if (len > 2 && ref[0] == '.' && ref[1] == '/') {
        ref += 2;
        len -= 2;
    }
    const struct images_source *stem = NULL;
    size_t stems = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path = src[i].path;
        size_t plen = strlen(path);
        if (plen == len && memcmp(path, ref, len) == 0)
            return &src[i];
        size_t elen;
        const char *ext = images_ext(path, plen, &elen);
        if (ext != NULL && (size_t)(ext - path) == len && memcmp(path, ref, len) == 0) {
            stem = &src[i];
            stems++;
        }
    }
    return stems == 1 ? stem : NULL;
}

/* The length of the reference starting at s, up to its closing character:
 * ')' or a blank (a Markdown target may carry a title) for "](", '"' for
 * src=". */
static size_t images_ref_len(const char *s, bool html)
{
    size_t i = 0;
    while (s[i] != '\0' && s[i] != '\n' &&
           (html ? s[i] != '"' : (s[i] != ')' && s[i] != ' ' && s[i] != '\t')))
        i++;
    return i;
}

char *images_link(const char *md, const char *id, const struct images_source *src, size_t n)
{
    struct buf b;
    buf_init(&b);
    const char *s = md;
    while (*s != '\0') {
        size_t open = strncmp(s, "](", 2) == 0 ? 2 : strncmp(s, "src=\"", 5) == 0 ? 5 : 0;
        if (open == 0) {
            buf_append(&b, s++, 1);
            continue;
        }
        buf_append(&b, s, open);
        s += open;
        size_t len = images_ref_len(s, open == 5);
        const struct images_source *f = images_match(s, len, src, n);
        if (f != NULL) {
            buf_printf(&b, IMAGES_URL_FMT "%s", id, f->name);
            s += len;
        }
    }
    return buf_steal(&b);
}

char *images_unlink(const char *md, const char *id)
{
    char prefix[128];
    int plen = snprintf(prefix, sizeof(prefix), IMAGES_URL_FMT, id);
    struct buf b;
    buf_init(&b);
    const char *s = md;
    for (;;) {
        const char *hit = plen > 0 && (size_t)plen < sizeof(prefix) ? strstr(s, prefix) : NULL;
        if (hit == NULL) {
            buf_puts(&b, s);
            break;
        }
        buf_append(&b, s, (size_t)(hit - s));
        s = hit + plen;
    }
    return buf_steal(&b);
}
