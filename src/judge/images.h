/* A statement's images (issue 12: "statement images served"): the files of a
 * package's statement/ directory kept with the problem version, the rule for
 * their names, their content types, and the rewriting of the statement's
 * references to them (relative names <-> the api's URLs). */
#ifndef JUDGE_IMAGES_H
#define JUDGE_IMAGES_H

#include "store/catalog.h"

#include <stdbool.h>
#include <stddef.h>

/* Bounds: one image, images per problem, all of a problem's images. An image
 * over them is left out of the import with a warning (the statement stays). */
#define IMAGES_FILE_MAX (4u << 20)
#define IMAGES_MAX 64
#define IMAGES_TOTAL_MAX (16u << 20)
#define IMAGES_NAME_MAX 100

/* The URL prefix a statement's references point at once imported:
 * "/api/problems/<id>/files/<name>" (GET /api/problems/{id}/files/{name}). */
#define IMAGES_URL_FMT "/api/problems/%s/files/"

/* A name verdict stores and serves: 1-100 bytes of [A-Za-z0-9._-], starting
 * with a letter or digit (no '/', so no path leaves the problem), ending in
 * one of the image extensions images_type() knows (any case). */
bool images_name_valid(const char *name, size_t len);

/* The Content-Type of a valid name ("image/png"), or NULL for any other. */
const char *images_type(const char *name, size_t len);

/* Whether the name is an SVG: served with a Content-Security-Policy that
 * runs no script in it (README "Statement images"). */
bool images_is_svg(const char *name, size_t len);

/* The statement md with each reference to one of the n files rewritten to
 * its URL under problem id: Markdown targets "](name)" and HTML "src=\"name\"",
 * where the reference is the name, "./name", or the name without its
 * extension when only one file has that stem (LaTeX's \includegraphics{fig}).
 * Other references are kept. Returns a new string. */
char *images_link(const char *md, const char *id, const struct catalog_file *files, size_t n);

/* The reverse for an export: every URL prefix of problem id becomes the
 * bare name again (the package keeps the files beside its statement).
 * Returns a new string. */
char *images_unlink(const char *md, const char *id);

#endif
