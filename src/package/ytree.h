/* A small typed tree over libyaml: maps, sequences and scalars with their
 * line numbers, so the package reader can check each key's type and say
 * where a value is wrong. This file is the only one that includes yaml.h. */
#ifndef PACKAGE_YTREE_H
#define PACKAGE_YTREE_H

#include <stdbool.h>
#include <stddef.h>

/* Bounds on untrusted YAML: a problem.yaml of the largest real problem sets
 * is a few KiB, so these only stop hostile input. */
#define YTREE_MAX_BYTES (1u << 20)
#define YTREE_MAX_NODES 100000
#define YTREE_MAX_DEPTH 64

enum ytree_kind {
    YTREE_SCALAR,
    YTREE_SEQ,
    YTREE_MAP,
};

/* One node. A map's children come in key/value pairs: kids[2i] is a key
 * (always a scalar), kids[2i+1] its value. */
struct ytree {
    enum ytree_kind kind;
    char *text;   /* scalar text (NUL-terminated); NULL for maps and sequences */
    bool plain;   /* a plain (unquoted) scalar: only those can be null, bool or number */
    int line;     /* 1-based line of the node's start */
    size_t start; /* byte offsets of the node in the source (raw text for later parts) */
    size_t end;
    struct ytree **kids;
    size_t n_kids;
};

/* Parses the first document of buf[0..len). Anchors and aliases are refused
 * (they let a small file expand into a huge tree), so are duplicate map keys
 * and non-scalar keys. An empty document gives an empty map. Returns the
 * root, which the caller frees with ytree_free(), or NULL with "line N:
 * reason" in err. */
struct ytree *ytree_parse(const char *buf, size_t len, char *err, size_t errlen);

void ytree_free(struct ytree *t);

/* Number of key/value pairs of a map (0 for other kinds). */
size_t ytree_map_len(const struct ytree *t);
/* The i-th key and value of a map. */
const char *ytree_map_key(const struct ytree *t, size_t i);
const struct ytree *ytree_map_value(const struct ytree *t, size_t i);
/* The value under key in map t, or NULL (also when t is not a map). */
const struct ytree *ytree_get(const struct ytree *t, const char *key);

/* True for a plain "", "~", "null" or "Null": YAML's null. */
bool ytree_is_null(const struct ytree *t);
/* Typed reads of a scalar: 0 on success, -1 when t is no such value. */
int ytree_bool(const struct ytree *t, bool *out);
int ytree_long(const struct ytree *t, long *out);
/* A finite or infinite decimal number ("inf", "-inf", "+inf" and ".inf" too). */
int ytree_double(const struct ytree *t, double *out);

#endif
