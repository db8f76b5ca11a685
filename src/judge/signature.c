/* Reading and checking a function problem's signature and its test data. */
#include "judge/signature.h"

#include "common/utf8.h"
#include "judge/jsonval.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words no name may be: the keywords and reserved words of C17, C++20, Java
 * 17, Python 3.11, JavaScript, Go 1.19 and Rust 2021, Go's predeclared names,
 * and the names the drivers and templates rely on (a JavaScript or Go
 * function named "JSON" or "len" would hide what the driver calls). */
static const char *const reserved[] = {
    /* C and C++ */
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "co_await", "co_return",
    "co_yield", "compl", "concept", "const", "consteval", "constexpr", "constinit", "const_cast",
    "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline",
    "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "restrict", "return", "short", "signed", "sizeof", "static", "static_assert",
    "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true", "try",
    "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq", "NULL", "std", "string", "vector", "main", "errno",
    "assert", "override", "final",
    /* Java */
    "abstract", "boolean", "byte", "extends", "finally", "implements", "import", "instanceof",
    "interface", "native", "package", "strictfp", "super", "synchronized", "throws", "transient",
    "var", "yield", "record", "sealed", "permits", "null", "String", "Main", "Solution", "Object",
    "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone",
    "finalize",
    /* Python */
    "False", "None", "True", "as", "async", "await", "def", "del", "elif", "except", "from",
    "global", "in", "is", "lambda", "nonlocal", "pass", "raise", "with", "self", "List",
    /* JavaScript */
    "debugger", "function", "let", "typeof", "undefined", "NaN", "Infinity", "arguments", "eval",
    "require", "module", "exports", "process", "console", "JSON", "Math", "Array", "Number",
    "Boolean", "BigInt", "Buffer", "Symbol", "Error", "TypeError", "RangeError", "Map", "Set",
    "Promise", "Date", "RegExp", "parseInt", "parseFloat", "isNaN", "isFinite", "globalThis",
    /* Go */
    "chan", "defer", "fallthrough", "func", "go", "map", "range", "select", "type", "any",
    "comparable", "complex64", "complex128", "error", "float32", "float64", "int8", "int16",
    "int32", "int64", "rune", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "iota",
    "nil", "append", "cap", "close", "complex", "copy", "imag", "len", "make", "panic", "print",
    "println", "real", "recover", "init",
    /* Rust */
    "crate", "fn", "impl", "loop", "match", "mod", "move", "mut", "pub", "ref", "Self", "trait",
    "unsafe", "use", "where", "dyn", "become", "box", "macro", "priv", "unsized", "Vec", "i32",
    "i64", "f64", "str", NULL};

/* The C library's functions that a C function of that name would clash with
 * (the C template's function is global): the ones of the headers the C driver
 * includes that a problem might plausibly be named after. */
static const char *const c_library[] = {
    "abs",      "labs",    "llabs",   "div",     "atof",      "atoi",     "atol",    "strtol",
    "strtod",   "malloc",  "calloc",  "realloc", "free",      "exit",     "abort",   "qsort",
    "bsearch",  "rand",    "srand",   "getenv",  "system",    "printf",   "scanf",   "sprintf",
    "snprintf", "puts",    "gets",    "putchar", "getchar",   "fopen",    "fclose",  "fread",
    "fwrite",   "fprintf", "memcpy",  "memmove", "memset",    "memcmp",   "memchr",  "strlen",
    "strcpy",   "strncpy", "strcat",  "strcmp",  "strncmp",   "strchr",   "strrchr", "strstr",
    "strtok",   "strdup",  "index",   "rindex",  "sqrt",      "pow",      "exp",     "log",
    "log2",     "log10",   "sin",     "cos",     "tan",       "asin",     "acos",    "atan",
    "atan2",    "floor",   "ceil",    "round",   "trunc",     "fabs",     "fmod",    "fmin",
    "fmax",     "hypot",   "cbrt",    "isnan",   "isinf",     "isalpha",  "isdigit", "isalnum",
    "isspace",  "isupper", "islower", "toupper", "tolower",   "time",     "clock",   "signal",
    "remove",   "rename",  "read",    "write",   "open",      "pipe",     "fork",    "sleep",
    "random",   "gamma",   "lgamma",  "tgamma",  "erf",       "exp2",     "modf",    "frexp",
    "ldexp",    "nan",     "rint",    "lround",  "remainder", "copysign", "fma",     "y0",
    "y1",       "j0",      "j1",      "yn",      "jn",        "ffs",      "swab",    "bcmp",
    "bzero",    NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static int failf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int failf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

void signature_snake(const char *name, char *out, size_t outlen)
{
    size_t n = 0;
    for (size_t i = 0; name[i] && n + 2 < outlen; i++) {
        char c = name[i];
        if (isupper((unsigned char)c) && i > 0) {
            char prev = name[i - 1], next = name[i + 1];
            bool after_word = islower((unsigned char)prev) || isdigit((unsigned char)prev);
            bool acronym_end = isupper((unsigned char)prev) && islower((unsigned char)next);
            if ((after_word || acronym_end) && out[n - 1] != '_')
                out[n++] = '_';
        }
        out[n++] = (char)tolower((unsigned char)c);
    }
    if (outlen)
        out[n < outlen ? n : outlen - 1] = '\0';
}

/* A name: an identifier in all seven languages, no reserved word, and none
 * in snake_case either. what names the field for the message. */
static int check_name(const char *name, const char *what, bool global, char *err, size_t errlen)
{
    size_t len = strlen(name);
    if (len == 0 || len > SIGNATURE_NAME_MAX)
        return failf(err, errlen, "%s: a name of 1 to %d characters", what, SIGNATURE_NAME_MAX);
    if (!isalpha((unsigned char)name[0]))
        return failf(err, errlen, "%s: '%s' does not start with a letter", what, name);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!(isalnum(c) || c == '_') || c >= 0x80)
            return failf(err, errlen, "%s: '%s' has a character other than A-Z, a-z, 0-9, _", what,
                         name);
        if (c == '_' && name[i + 1] == '_')
            return failf(err, errlen, "%s: '%s' has two underscores in a row", what, name);
    }
    char snake[2 * SIGNATURE_NAME_MAX + 2];
    signature_snake(name, snake, sizeof(snake));
    if (in_list(reserved, name) || in_list(reserved, snake))
        return failf(err, errlen, "%s: '%s' is a keyword or reserved name in one of the languages",
                     what, name);
    if (global && in_list(c_library, name))
        return failf(err, errlen, "%s: '%s' is a C library function", what, name);
    if (strncasecmp(name, "verdict", 7) == 0)
        return failf(err, errlen, "%s: names starting with 'verdict' are the drivers'", what);
    return 0;
}

static const char *const scalar_names[] = {"int", "long", "double", "bool", "string"};

static int parse_type(const cJSON *j, const char *what, struct signature_type *t, char *err,
                      size_t errlen)
{
    if (!cJSON_IsString(j))
        return failf(err, errlen, "%s: a type name string is required", what);
    const char *s = j->valuestring;
    size_t len = strlen(s);
    for (unsigned k = 0; k < 5; k++) {
        size_t n = strlen(scalar_names[k]);
        if (len < n || strncmp(s, scalar_names[k], n) != 0)
            continue;
        const char *rest = s + n;
        unsigned dims = strcmp(rest, "") == 0       ? 0
                        : strcmp(rest, "[]") == 0   ? 1
                        : strcmp(rest, "[][]") == 0 ? 2
                                                    : 3;
        if (dims == 3)
            break;
        t->scalar = (enum signature_scalar)k;
        t->dims = dims;
        return 0;
    }
    return failf(err, errlen,
                 "%s: unknown type '%.40s' (int, long, double, bool, string, T[] or T[][] of "
                 "those)",
                 what, s);
}

static int parse_name(const cJSON *j, const char *what, bool global, char *out, char *err,
                      size_t errlen)
{
    if (!cJSON_IsString(j))
        return failf(err, errlen, "%s: a name string is required", what);
    int rc = check_name(j->valuestring, what, global, err, errlen);
    if (rc == 0)
        snprintf(out, SIGNATURE_NAME_MAX + 1, "%s", j->valuestring);
    return rc;
}

/* The names the C template derives must not meet: "nums" and "numsSize". */
static int check_c_names(const struct signature *s, char *err, size_t errlen)
{
    char names[3 * SIGNATURE_PARAMS_MAX + 2][SIGNATURE_NAME_MAX + 16];
    int owner[3 * SIGNATURE_PARAMS_MAX + 2];
    size_t n = 0;
    for (unsigned i = 0; i < s->nparams; i++) {
        const struct signature_param *p = &s->params[i];
        owner[n] = (int)i;
        snprintf(names[n++], sizeof(names[0]), "%s", p->name);
        if (p->type.dims >= 1) {
            owner[n] = (int)i;
            snprintf(names[n++], sizeof(names[0]), "%sSize", p->name);
        }
        if (p->type.dims == 2) {
            owner[n] = (int)i;
            snprintf(names[n++], sizeof(names[0]), "%sColSize", p->name);
        }
    }
    if (s->returns.dims >= 1) {
        owner[n] = -1;
        snprintf(names[n++], sizeof(names[0]), "returnSize");
    }
    if (s->returns.dims == 2) {
        owner[n] = -1;
        snprintf(names[n++], sizeof(names[0]), "returnColumnSizes");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) == 0)
                return failf(err, errlen,
                             "function.params[%d].name: the C parameter '%s' would appear twice",
                             owner[j] >= 0 ? owner[j] : owner[i], names[i]);
    return 0;
}

static int check_snake_distinct(const struct signature *s, char *err, size_t errlen)
{
    for (unsigned i = 0; i < s->nparams; i++)
        for (unsigned j = 0; j < i; j++) {
            char a[2 * SIGNATURE_NAME_MAX + 2], b[2 * SIGNATURE_NAME_MAX + 2];
            signature_snake(s->params[i].name, a, sizeof(a));
            signature_snake(s->params[j].name, b, sizeof(b));
            if (strcmp(a, b) == 0)
                return failf(err, errlen,
                             "function.params[%u].name: '%s' is params[%u] in snake_case (Rust)", i,
                             s->params[i].name, j);
        }
    return 0;
}

static int parse_params(const cJSON *params, struct signature *out, char *err, size_t errlen)
{
    if (!cJSON_IsArray(params))
        return failf(err, errlen, "function.params: an array of {\"name\", \"type\"} is required");
    int n = cJSON_GetArraySize(params);
    if (n > SIGNATURE_PARAMS_MAX)
        return failf(err, errlen, "function.params: at most %d parameters, not %d",
                     SIGNATURE_PARAMS_MAX, n);
    const cJSON *p;
    unsigned i = 0;
    cJSON_ArrayForEach(p, params)
    {
        char what[64];
        if (!cJSON_IsObject(p))
            return failf(err, errlen, "function.params[%u]: an object is required", i);
        snprintf(what, sizeof(what), "function.params[%u].name", i);
        int rc = parse_name(cJSON_GetObjectItemCaseSensitive(p, "name"), what, false,
                            out->params[i].name, err, errlen);
        if (rc < 0)
            return rc;
        snprintf(what, sizeof(what), "function.params[%u].type", i);
        if ((rc = parse_type(cJSON_GetObjectItemCaseSensitive(p, "type"), what,
                             &out->params[i].type, err, errlen)) < 0)
            return rc;
        for (unsigned j = 0; j < i; j++)
            if (strcmp(out->params[j].name, out->params[i].name) == 0)
                return failf(err, errlen, "function.params[%u].name: '%s' is params[%u] too", i,
                             out->params[i].name, j);
        i++;
    }
    out->nparams = i;
    return 0;
}

int signature_parse(const cJSON *json, struct signature *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (!cJSON_IsObject(json))
        return failf(err, errlen,
                     "function: an object {\"name\", \"params\", \"returns\"} is "
                     "required");
    for (const cJSON *f = json->child; f; f = f->next)
        if (!f->string || (strcmp(f->string, "name") != 0 && strcmp(f->string, "params") != 0 &&
                           strcmp(f->string, "returns") != 0))
            return failf(err, errlen, "function.%.40s: unknown field", f->string ? f->string : "?");
    int rc = parse_name(cJSON_GetObjectItemCaseSensitive(json, "name"), "function.name", true,
                        out->name, err, errlen);
    if (rc < 0)
        return rc;
    if ((rc = parse_params(cJSON_GetObjectItemCaseSensitive(json, "params"), out, err, errlen)) < 0)
        return rc;
    if ((rc = parse_type(cJSON_GetObjectItemCaseSensitive(json, "returns"), "function.returns",
                         &out->returns, err, errlen)) < 0)
        return rc;
    for (unsigned i = 0; i < out->nparams; i++)
        if (strcmp(out->params[i].name, out->name) == 0)
            return failf(err, errlen, "function.params[%u].name: '%s' is the function's name", i,
                         out->name);
    if ((rc = check_c_names(out, err, errlen)) < 0)
        return rc;
    return check_snake_distinct(out, err, errlen);
}

void signature_type_str(struct signature_type t, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s", scalar_names[t.scalar],
             t.dims == 2   ? "[][]"
             : t.dims == 1 ? "[]"
                           : "");
}

cJSON *signature_to_json(const struct signature *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON *params = cJSON_AddArrayToObject(o, "params");
    char t[24];
    for (unsigned i = 0; i < s->nparams; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "name", s->params[i].name);
        signature_type_str(s->params[i].type, t, sizeof(t));
        cJSON_AddStringToObject(p, "type", t);
        cJSON_AddItemToArray(params, p);
    }
    signature_type_str(s->returns, t, sizeof(t));
    cJSON_AddStringToObject(o, "returns", t);
    return o;
}

/*** Test data ***/

/* Whether integer token v lies in [lo, hi]. */
static bool int_in(const struct jsonval *v, const char *lo, const char *hi)
{
    return jsonval_int_cmp(v->str, v->len, lo, strlen(lo)) >= 0 &&
           jsonval_int_cmp(v->str, v->len, hi, strlen(hi)) <= 0;
}

static int check_scalar(enum signature_scalar sc, const struct jsonval *v, char *err, size_t errlen)
{
    static const char *const want[] = {"an int", "a long", "a double", "a bool", "a string"};
    static const enum jsonval_kind kinds[] = {JSONVAL_NUMBER, JSONVAL_NUMBER, JSONVAL_NUMBER,
                                              JSONVAL_BOOL, JSONVAL_STRING};
    if (v->kind != kinds[sc] || ((sc == SIGNATURE_INT || sc == SIGNATURE_LONG) && !v->integer))
        return failf(err, errlen, "expected %s, got %s%s%.24s", want[sc],
                     jsonval_kind_name(v->kind), v->kind == JSONVAL_NUMBER ? " " : "",
                     v->kind == JSONVAL_NUMBER ? v->str : "");
    if (sc == SIGNATURE_INT && !int_in(v, "-2147483648", "2147483647"))
        return failf(err, errlen, "%.24s is out of range of an int (32 bits)", v->str);
    if (sc == SIGNATURE_LONG && !int_in(v, "-9223372036854775808", "9223372036854775807"))
        return failf(err, errlen, "%.24s is out of range of a long (64 bits)", v->str);
    if (sc == SIGNATURE_DOUBLE && !isfinite(strtod(v->str, NULL)))
        return failf(err, errlen, "%.24s is out of range of a double", v->str);
    if (sc == SIGNATURE_STRING && memchr(v->str, '\0', v->len))
        return failf(err, errlen, "a string holds U+0000, which C strings cannot");
    return 0;
}

static int check_value(struct signature_type t, const struct jsonval *v, char *err, size_t errlen)
{
    if (t.dims == 0)
        return check_scalar(t.scalar, v, err, errlen);
    char type[24];
    signature_type_str(t, type, sizeof(type));
    if (v->kind != JSONVAL_ARRAY)
        return failf(err, errlen, "expected %s, got %s", type, jsonval_kind_name(v->kind));
    struct signature_type inner = {t.scalar, t.dims - 1};
    for (size_t i = 0; i < v->count; i++) {
        char sub[200];
        int rc = check_value(inner, &v->items[i], sub, sizeof(sub));
        if (rc < 0)
            return failf(err, errlen, "[%zu]%s%s", i, sub[0] == '[' ? "" : ": ", sub);
    }
    return 0;
}

static int check_text(struct signature_type t, const char *text, size_t len, char *err,
                      size_t errlen)
{
    struct jsonval *v;
    char why[200];
    if (jsonval_parse(text, len, JSONVAL_NO_LONE_SURROGATE, &v, why, sizeof(why)) < 0)
        return failf(err, errlen, "not JSON: %s", why);
    int rc = check_value(t, v, why, sizeof(why));
    jsonval_free(v);
    if (rc < 0)
        return failf(err, errlen, "%s", why);
    return 0;
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

int signature_check_input(const struct signature *s, const char *text, size_t len, char *err,
                          size_t errlen)
{
    if (!utf8_valid(text, len))
        return failf(err, errlen, "the input is not valid UTF-8");
    const char *p = text, *end = text + len;
    unsigned line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (line >= s->nparams) {
            if (!blank(p, (size_t)(eol - p)))
                return failf(err, errlen, "line %u: more lines than the %u parameters", line + 1,
                             s->nparams);
        } else {
            char why[240];
            if (check_text(s->params[line].type, p, (size_t)(eol - p), why, sizeof(why)) < 0)
                return failf(err, errlen, "line %u (%s): %s", line + 1, s->params[line].name, why);
        }
        line++;
        p = nl ? nl + 1 : end;
    }
    if (line < s->nparams)
        return failf(err, errlen, "%u lines for %u parameters: line %u (%s) is missing", line,
                     s->nparams, line + 1, s->params[line].name);
    return 0;
}

int signature_check_output(const struct signature *s, const char *text, size_t len, char *err,
                           size_t errlen)
{
    if (!utf8_valid(text, len))
        return failf(err, errlen, "the output is not valid UTF-8");
    char why[240];
    if (check_text(s->returns, text, len, why, sizeof(why)) < 0)
        return failf(err, errlen, "the expected return value: %s", why);
    return 0;
}
