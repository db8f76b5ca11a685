/* A JSON value parsed for comparison and type checks: unlike cJSON, it keeps
 * each number's token as written, so 64-bit integers beyond a double's 53 bits
 * compare exactly (function problems, judge/jsoncmp.h, judge/signature.h). */
#ifndef JUDGE_JSONVAL_H
#define JUDGE_JSONVAL_H

#include <stdbool.h>
#include <stddef.h>

enum jsonval_kind {
    JSONVAL_NULL,
    JSONVAL_BOOL,
    JSONVAL_NUMBER,
    JSONVAL_STRING,
    JSONVAL_ARRAY,
    JSONVAL_OBJECT,
};

struct jsonval {
    enum jsonval_kind kind;
    bool boolean; /* JSONVAL_BOOL */
    bool integer; /* JSONVAL_NUMBER: the token has no fraction and no exponent */
    /* JSONVAL_NUMBER: the token as written ("-12", "1.5e3"); JSONVAL_STRING: the
     * decoded bytes, NUL-terminated (a "\u0000" escape leaves a NUL inside; a lone
     * surrogate escape becomes its three-byte WTF-8 form). Owned. */
    char *str;
    size_t len;
    /* JSONVAL_ARRAY: count values; JSONVAL_OBJECT: count members, each value with
     * its name in key/keylen. Owned. */
    struct jsonval *items;
    size_t count;
    char *key;
    size_t keylen;
};

/* Parsing options (flags of jsonval_parse). */
enum {
    JSONVAL_NO_LONE_SURROGATE = 1, /* a "\ud800" without its pair is an error */
};

/* The deepest nesting jsonval_parse() accepts (arrays and objects). */
#define JSONVAL_MAX_DEPTH 64

/* Parses text[0..len) as exactly one JSON value (RFC 8259; white space around
 * it allowed, nothing else) into a new tree in *out, which the caller frees
 * with jsonval_free(). Raw bytes of 0x80 and above in strings are kept as they
 * are, not checked as UTF-8 (callers that need it check the whole text).
 * Returns 0, or -EINVAL with a one-line reason naming the byte offset in err. */
int jsonval_parse(const char *text, size_t len, unsigned flags, struct jsonval **out, char *err,
                  size_t errlen);

/* Frees a tree from jsonval_parse(). jsonval_free(NULL) does nothing. */
void jsonval_free(struct jsonval *v);

/* Compares two integer tokens (jsonval.integer) by value, exactly, at any
 * size: returns <0, 0 or >0. "-0" equals "0". */
int jsonval_int_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* Returns "null", "a bool", "a number", "a string", "an array" or "an object". */
const char *jsonval_kind_name(enum jsonval_kind kind);

#endif
