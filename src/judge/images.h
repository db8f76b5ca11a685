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
 * with a letter or digit (no '/', so no path leaves the problem: an image in
 * a subdirectory is kept under images_flat_name()), ending in one of the
 * image extensions images_type() knows (any case). */
bool images_name_valid(const char *name, size_t len);

/* The name an image at path (relative to the statement's directory, '/'
 * between directories) is kept and served under: its components joined by
 * '-' ("img/fig1.png" -> "img-fig1.png"), so that served names stay flat and
 * the name rule keeps its "no '/'". Every component must start with a letter
 * or digit and hold only the rule's characters. Writes the name into out
 * (IMAGES_NAME_MAX + 1 bytes); false when it would break the rule. */
bool images_flat_name(const char *path, char out[IMAGES_NAME_MAX + 1]);

/* The Content-Type of a valid name ("image/png"), or NULL for any other. */
const char *images_type(const char *name, size_t len);

/* Whether the name is an SVG: served with a Content-Security-Policy that
 * runs no script in it (README "Statement images"). */
bool images_is_svg(const char *name, size_t len);

/* An image as an import keeps it: where the statement's directory holds it
 * ("img/fig1.png": what the statement refers to) and the name it is kept
 * under ("img-fig1.png"). Both borrowed. */
struct images_source {
    const char *path;
    const char *name;
};

/* The statement md with each reference to one of the n images rewritten to
 * its URL under problem id (IMAGES_URL_FMT + its name). References are the
 * targets of Markdown's inline links and images "](path)" (a title after
 * it, and "<path>", kept), of reference definitions "[ref]: path \"title\""
 * (used by "![alt][ref]" and "![ref]"; on one line, not inside a
 * paragraph) and of HTML "src=\"path\"" or "src='path'"; never text inside
 * fenced code blocks or code spans, nor an escaped "\](". A reference names
 * an image by its path, "./path", or the path without its extension when
 * only one image has that stem (LaTeX's \includegraphics{fig}). Other
 * references are kept. Returns a new string (images_link.c). */
char *images_link(const char *md, const char *id, const struct images_source *src, size_t n);

/* The reverse for an export: each reference (as images_link() finds them)
 * starting with the URL prefix of problem id becomes the bare name again
 * (the package keeps the files beside its statement). Returns a new
 * string. */
char *images_unlink(const char *md, const char *id);

#endif
