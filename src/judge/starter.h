/* The starter code of a function problem: what the user begins from, per
 * language, exactly as LeetCode's templates have it (issue 13; README.md
 * "Function problems"), for GET /api/problems/{id}'s "templates". */
#ifndef JUDGE_STARTER_H
#define JUDGE_STARTER_H

#include "judge/lang.h"
#include "judge/signature.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* Writes how the language's template spells type t to out: C "int" for int[]
 * too (the element; pointers and sizes are the template's), C++
 * "vector<vector<int>>", Python "List[List[int]]", Java "int[][]",
 * JavaScript "number[][]" (a long is a "bigint"), Go "[][]int", Rust
 * "Vec<Vec<i32>>". Unknown language ids write "". */
void starter_type(const char *lang_id, struct signature_type t, char *out, size_t outlen);

/* Returns the starter code of s in language l, NUL-terminated; the caller
 * frees it. */
char *starter_code(const struct signature *s, const struct lang *l);

/* Returns {"<lang id>": "<starter code>", ...} for every language of
 * lang_all(); the caller deletes it. */
cJSON *starter_all(const struct signature *s);

#endif
