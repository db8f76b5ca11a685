/* A statement's images: the name rule, the flat names of images in
 * subdirectories, and content types (images_link.c rewrites the statement's
 * references to them). */
#include "judge/images.h"

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
