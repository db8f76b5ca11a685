/* A function problem's signature: the "function" object of problem.json
 * (issue 13), checked so that its code compiles in all seven languages, and
 * the test data checked against it. README.md "Function problems". */
#ifndef JUDGE_SIGNATURE_H
#define JUDGE_SIGNATURE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The scalar types; a type is one of them in 0, 1 or 2 array dimensions. */
enum signature_scalar {
    SIGNATURE_INT,    /* 32-bit signed */
    SIGNATURE_LONG,   /* 64-bit signed */
    SIGNATURE_DOUBLE, /* IEEE 754 binary64, finite */
    SIGNATURE_BOOL,
    SIGNATURE_STRING, /* UTF-8, without U+0000 (C strings end there) */
};

struct signature_type {
    enum signature_scalar scalar;
    unsigned dims; /* 0 (a scalar), 1 (T[]) or 2 (T[][], rows of any lengths) */
};

#define SIGNATURE_PARAMS_MAX 8
#define SIGNATURE_NAME_MAX 40

struct signature_param {
    char name[SIGNATURE_NAME_MAX + 1];
    struct signature_type type;
};

struct signature {
    char name[SIGNATURE_NAME_MAX + 1]; /* as written: "twoSum" (Rust: signature_snake()) */
    struct signature_param params[SIGNATURE_PARAMS_MAX];
    unsigned nparams;
    struct signature_type returns;
};

/* Reads a "function" object ({"name", "params": [{"name", "type"}], "returns"})
 * into out. Names are identifiers of ASCII letters, digits and single
 * underscores, starting with a letter, at most SIGNATURE_NAME_MAX long, that
 * are no keyword of any of the seven languages nor a name their drivers use
 * (and neither is their snake_case form, Rust's); parameter names are
 * distinct, and so are the names the C template derives (numsSize,
 * gridColSize, returnSize). At most SIGNATURE_PARAMS_MAX parameters, none
 * required. Types: int, long, double, bool, string, T[] and T[][] of those.
 * Returns 0, or -EINVAL with a one-line reason naming the field in err:
 * "function.params[1].type: unknown type 'int[][][]'". */
int signature_parse(const cJSON *json, struct signature *out, char *err, size_t errlen);

/* The signature as the "function" object signature_parse() reads. The caller
 * deletes it. */
cJSON *signature_to_json(const struct signature *s);

/* Writes the type's name ("int", "string[][]") to out. */
void signature_type_str(struct signature_type t, char *out, size_t outlen);

/* Writes name in snake_case, as LeetCode names Rust functions and parameters:
 * "twoSum" -> "two_sum", "isValidBST" -> "is_valid_bst", "num2Str" -> "num2_str". */
void signature_snake(const char *name, char *out, size_t outlen);

/* Checks a test's input: one JSON value per line, one line per parameter, in
 * order, each of its parameter's type (ints in 32 bits, longs in 64, doubles
 * finite, strings without U+0000 or lone surrogates), the whole valid UTF-8.
 * Blank lines after the last parameter are allowed; "\r\n" line ends are. The
 * drivers read exactly what passes here. Returns 0, or -EINVAL with a reason in
 * err: "line 2 (target): expected an int, got a string". */
int signature_check_input(const struct signature *s, const char *text, size_t len, char *err,
                          size_t errlen);

/* Checks a test's expected output: one JSON value of the return type, with
 * white space around it allowed. Returns 0, or -EINVAL with a reason in err. */
int signature_check_output(const struct signature *s, const char *text, size_t len, char *err,
                           size_t errlen);

#endif
