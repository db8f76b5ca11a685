/* LeetCode-style starter code per language for a function signature. */
#include "judge/starter.h"

#include "common/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scalar spellings, in enum signature_scalar order. */
struct spelling {
    const char *id;
    const char *scalar[5];
};

static const struct spelling spellings[] = {
    {"c", {"int", "long long", "double", "bool", "char*"}},
    {"cpp", {"int", "long long", "double", "bool", "string"}},
    {"python", {"int", "int", "float", "bool", "str"}},
    {"java", {"int", "long", "double", "boolean", "String"}},
    {"javascript", {"number", "number", "number", "boolean", "string"}},
    {"go", {"int", "int64", "float64", "bool", "string"}},
    {"rust", {"i32", "i64", "f64", "bool", "String"}},
};

void starter_type(const char *lang_id, struct signature_type t, char *out, size_t outlen)
{
    const struct spelling *sp = NULL;
    for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++)
        if (strcmp(spellings[i].id, lang_id) == 0)
            sp = &spellings[i];
    if (sp == NULL) {
        snprintf(out, outlen, "%s", "");
        return;
    }
    const char *s = sp->scalar[t.scalar];
    static const char *const brackets[] = {"", "[]", "[][]"};
    static const char *const open[][3] = {
        {"", "vector<", "vector<vector<"}, {"", "List[", "List[List["}, {"", "Vec<", "Vec<Vec<"}};
    static const char *const close[][3] = {{"", ">", ">>"}, {"", "]", "]]"}, {"", ">", ">>"}};
    int k = strcmp(sp->id, "cpp") == 0      ? 0
            : strcmp(sp->id, "python") == 0 ? 1
            : strcmp(sp->id, "rust") == 0   ? 2
                                            : -1;
    if (k >= 0)
        snprintf(out, outlen, "%s%s%s", open[k][t.dims], s, close[k][t.dims]);
    else if (strcmp(sp->id, "go") == 0)
        snprintf(out, outlen, "%s%s", brackets[t.dims], s);
    else if (strcmp(sp->id, "c") == 0)
        snprintf(out, outlen, "%s", s);
    else
        snprintf(out, outlen, "%s%s", s, brackets[t.dims]);
}

static void type_of(struct buf *b, const char *lang, struct signature_type t)
{
    char s[64];
    starter_type(lang, t, s, sizeof(s));
    buf_puts(b, s);
}

/* C: arrays as pointer and size, 2-D ones with their column sizes; a
 * returned array's size through returnSize (and returnColumnSizes). */
static void starter_c(struct buf *b, const struct signature *s)
{
    static const char *const stars[] = {"", "*", "**"};
    if (s->returns.dims == 1)
        buf_puts(b, "/**\n * Note: The returned array must be malloced, assume caller calls "
                    "free().\n */\n");
    if (s->returns.dims == 2)
        buf_puts(b, "/**\n * Return an array of arrays of size *returnSize.\n * The sizes of the "
                    "arrays are returned as *returnColumnSizes array.\n * Note: Both returned "
                    "array and *columnSizes array must be malloced, assume caller calls "
                    "free().\n */\n");
    type_of(b, "c", s->returns);
    buf_printf(b, "%s %s(", stars[s->returns.dims], s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        const struct signature_param *p = &s->params[i];
        buf_puts(b, i ? ", " : "");
        type_of(b, "c", p->type);
        buf_printf(b, "%s %s", stars[p->type.dims], p->name);
        if (p->type.dims >= 1)
            buf_printf(b, ", int %sSize", p->name);
        if (p->type.dims == 2)
            buf_printf(b, ", int* %sColSize", p->name);
    }
    if (s->returns.dims >= 1)
        buf_printf(b, "%sint* returnSize", s->nparams ? ", " : "");
    if (s->returns.dims == 2)
        buf_puts(b, ", int** returnColumnSizes");
    buf_puts(b, ") {\n    \n}");
}

/* C++: vectors by reference, strings and scalars by value. */
static void starter_cpp(struct buf *b, const struct signature *s)
{
    buf_puts(b, "class Solution {\npublic:\n    ");
    type_of(b, "cpp", s->returns);
    buf_printf(b, " %s(", s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        buf_puts(b, i ? ", " : "");
        type_of(b, "cpp", s->params[i].type);
        buf_printf(b, "%s %s", s->params[i].type.dims ? "&" : "", s->params[i].name);
    }
    buf_puts(b, ") {\n        \n    }\n};");
}

static void starter_python(struct buf *b, const struct signature *s)
{
    buf_printf(b, "class Solution:\n    def %s(self", s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        buf_printf(b, ", %s: ", s->params[i].name);
        type_of(b, "python", s->params[i].type);
    }
    buf_puts(b, ") -> ");
    type_of(b, "python", s->returns);
    buf_puts(b, ":\n        ");
}

static void starter_java(struct buf *b, const struct signature *s)
{
    buf_puts(b, "class Solution {\n    public ");
    type_of(b, "java", s->returns);
    buf_printf(b, " %s(", s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        buf_puts(b, i ? ", " : "");
        type_of(b, "java", s->params[i].type);
        buf_printf(b, " %s", s->params[i].name);
    }
    buf_puts(b, ") {\n        \n    }\n}");
}

static void starter_javascript(struct buf *b, const struct signature *s)
{
    buf_puts(b, "/**\n");
    for (unsigned i = 0; i < s->nparams; i++) {
        buf_puts(b, " * @param {");
        type_of(b, "javascript", s->params[i].type);
        buf_printf(b, "} %s\n", s->params[i].name);
    }
    buf_puts(b, " * @return {");
    type_of(b, "javascript", s->returns);
    buf_printf(b, "}\n */\nvar %s = function(", s->name);
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%s%s", i ? ", " : "", s->params[i].name);
    buf_puts(b, ") {\n    \n};");
}

static void starter_go(struct buf *b, const struct signature *s)
{
    buf_printf(b, "func %s(", s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        buf_printf(b, "%s%s ", i ? ", " : "", s->params[i].name);
        type_of(b, "go", s->params[i].type);
    }
    buf_puts(b, ") ");
    type_of(b, "go", s->returns);
    buf_puts(b, " {\n    \n}");
}

static void starter_rust(struct buf *b, const struct signature *s)
{
    char snake[2 * SIGNATURE_NAME_MAX + 2];
    signature_snake(s->name, snake, sizeof(snake));
    buf_printf(b, "impl Solution {\n    pub fn %s(", snake);
    for (unsigned i = 0; i < s->nparams; i++) {
        signature_snake(s->params[i].name, snake, sizeof(snake));
        buf_printf(b, "%s%s: ", i ? ", " : "", snake);
        type_of(b, "rust", s->params[i].type);
    }
    buf_puts(b, ") -> ");
    type_of(b, "rust", s->returns);
    buf_puts(b, " {\n        \n    }\n}");
}

char *starter_code(const struct signature *s, const struct lang *l)
{
    static const struct {
        const char *id;
        void (*write)(struct buf *, const struct signature *);
    } writers[] = {
        {"c", starter_c},
        {"cpp", starter_cpp},
        {"python", starter_python},
        {"java", starter_java},
        {"javascript", starter_javascript},
        {"go", starter_go},
        {"rust", starter_rust},
    };
    struct buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
        if (strcmp(writers[i].id, l->id) == 0)
            writers[i].write(&b, s);
    buf_puts(&b, "\n");
    return buf_steal(&b);
}

cJSON *starter_all(const struct signature *s)
{
    cJSON *o = cJSON_CreateObject();
    for (const struct lang *const *l = lang_all(); *l; l++) {
        char *code = starter_code(s, *l);
        cJSON_AddStringToObject(o, (*l)->id, code);
        free(code);
    }
    return o;
}
