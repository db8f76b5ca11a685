/* Function problems' drivers: the user's code inside the language's driver
 * (drivers/ in the source tree), followed by a main() for the signature. */
#include "judge/driver.h"

#include "common/buf.h"
#include "common/embedded.h"
#include "judge/starter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names the glue uses for the scalars, in enum signature_scalar order. */
static const char *const c_names[] = {"int", "long", "double", "bool", "string"};
static const char *const camel_names[] = {"Int", "Long", "Double", "Bool", "String"};

/*** The glue: main() per language ***/

static void glue_c(struct buf *b, const struct signature *s, const char *file)
{
    static const char *const stars[] = {"", "*", "**"};
    static const char *const suffix[] = {"", "_arr", "_arr2"};
    buf_printf(b, "#line 1 \"verdict-driver-%s\"\nint main(void)\n{\n    verdict_begin();\n", file);
    char t[32];
    for (unsigned i = 0; i < s->nparams; i++) {
        struct signature_type pt = s->params[i].type;
        starter_type("c", pt, t, sizeof(t));
        buf_printf(b, "    verdict_line(\"%s\");\n", s->params[i].name);
        buf_printf(b, "    int verdict_n%u = 0;\n    int *verdict_c%u = NULL;\n", i, i);
        buf_printf(b, "    %s%s verdict_a%u = verdict_read_%s%s(", t, stars[pt.dims], i,
                   c_names[pt.scalar], suffix[pt.dims]);
        if (pt.dims >= 1)
            buf_printf(b, "&verdict_n%u%s", i, pt.dims == 2 ? ", " : "");
        if (pt.dims == 2)
            buf_printf(b, "&verdict_c%u", i);
        buf_printf(b, ");\n    (void)verdict_c%u;\n    verdict_line_end();\n", i);
    }
    starter_type("c", s->returns, t, sizeof(t));
    buf_printf(b,
               "    verdict_finish();\n    int verdict_rn = 0;\n    int *verdict_rc = NULL;\n"
               "    %s%s verdict_r = %s(",
               t, stars[s->returns.dims], s->name);
    for (unsigned i = 0; i < s->nparams; i++) {
        unsigned d = s->params[i].type.dims;
        buf_printf(b, "%sverdict_a%u", i ? ", " : "", i);
        if (d >= 1)
            buf_printf(b, ", verdict_n%u", i);
        if (d == 2)
            buf_printf(b, ", verdict_c%u", i);
    }
    if (s->returns.dims >= 1)
        buf_printf(b, "%s&verdict_rn", s->nparams ? ", " : "");
    if (s->returns.dims == 2)
        buf_puts(b, ", &verdict_rc");
    buf_printf(b, ");\n    (void)verdict_rc;\n    verdict_write_%s%s(verdict_r%s);\n",
               c_names[s->returns.scalar], suffix[s->returns.dims],
               s->returns.dims == 2   ? ", verdict_rn, verdict_rc"
               : s->returns.dims == 1 ? ", verdict_rn"
                                      : "");
    buf_puts(b, "    verdict_result();\n    return 0;\n}\n");
}

static void glue_cpp(struct buf *b, const struct signature *s, const char *file)
{
    buf_printf(b, "#line 1 \"verdict-driver-%s\"\nint main()\n{\n    verdict::begin();\n", file);
    char t[64];
    for (unsigned i = 0; i < s->nparams; i++) {
        starter_type("cpp", s->params[i].type, t, sizeof(t));
        buf_printf(b, "    auto verdict_a%u = verdict::arg<%s>(\"%s\");\n", i, t,
                   s->params[i].name);
    }
    buf_printf(b,
               "    verdict::finish();\n    auto *verdict_s = new Solution();\n"
               "    verdict::result(verdict_s->%s(",
               s->name);
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%sverdict_a%u", i ? ", " : "", i);
    buf_puts(b, "));\n    return 0;\n}\n");
}

/* Python and JavaScript: the driver checks each line against its type. */
static void param_list(struct buf *b, const struct signature *s, char q)
{
    static const char *const scalar[] = {"int", "long", "double", "bool", "string"};
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%s%c%c%s%c, %c%s%c, %u%c", i ? ", " : "", q == '\'' ? '[' : '(', q,
                   s->params[i].name, q, q, scalar[s->params[i].type.scalar], q,
                   s->params[i].type.dims, q == '\'' ? ']' : ')');
}

static void glue_python(struct buf *b, const struct signature *s, const char *file)
{
    (void)file;
    buf_printf(b, "\n\n_verdict_main(lambda *a: Solution().%s(*a), [", s->name);
    param_list(b, s, '"');
    buf_puts(b, "])\n");
}

static void glue_javascript(struct buf *b, const struct signature *s, const char *file)
{
    (void)file;
    buf_printf(b, "\nverdictMain((...a) => %s(...a), [", s->name);
    param_list(b, s, '\'');
    buf_puts(b, "]);\n");
}

static void glue_java(struct buf *b, const struct signature *s, const char *file)
{
    (void)file;
    static const char *const suffix[] = {"", "Arr", "Arr2"};
    buf_puts(b, "\npublic class Main {\n    public static void main(String[] args) {\n"
                "        VerdictIO.begin();\n");
    char t[64];
    for (unsigned i = 0; i < s->nparams; i++) {
        struct signature_type pt = s->params[i].type;
        starter_type("java", pt, t, sizeof(t));
        buf_printf(b,
                   "        VerdictIO.line(\"%s\");\n        %s a%u = VerdictIO.read%s%s();\n"
                   "        VerdictIO.lineEnd();\n",
                   s->params[i].name, t, i, camel_names[pt.scalar], suffix[pt.dims]);
    }
    buf_printf(b, "        VerdictIO.finish();\n        VerdictIO.result(new Solution().%s(",
               s->name);
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%sa%u", i ? ", " : "", i);
    buf_puts(b, "));\n    }\n}\n");
}

static void glue_go(struct buf *b, const struct signature *s, const char *file)
{
    (void)file;
    static const char *const arr[] = {"", "verdictArr(", "verdictArr2("};
    buf_puts(b, "\nfunc main() {\n\tverdictBegin()\n");
    for (unsigned i = 0; i < s->nparams; i++) {
        struct signature_type pt = s->params[i].type;
        buf_printf(b, "\tverdictArg(\"%s\")\n\tverdictA%u := %sverdict%s%s\n\tverdictLineEnd()\n",
                   s->params[i].name, i, arr[pt.dims], camel_names[pt.scalar],
                   pt.dims ? ")" : "()");
    }
    static const char *const warr[] = {"", "verdictWArr(", "verdictWArr2("};
    struct signature_type r = s->returns;
    /* verdictWArr(nil, f(...), verdictWInt) or verdictWInt(nil, f(...)) */
    buf_puts(b, "\tverdictFinish()\n\tverdictResult(");
    if (r.dims)
        buf_puts(b, warr[r.dims]);
    else
        buf_printf(b, "verdictW%s(", camel_names[r.scalar]);
    buf_printf(b, "nil, %s(", s->name);
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%sverdictA%u", i ? ", " : "", i);
    if (r.dims)
        buf_printf(b, "), verdictW%s))\n}\n", camel_names[r.scalar]);
    else
        buf_puts(b, ")))\n}\n");
}

static void glue_rust(struct buf *b, const struct signature *s, const char *file)
{
    (void)file;
    char t[64], snake[2 * SIGNATURE_NAME_MAX + 2];
    buf_puts(b, "\nfn main() {\n    let mut verdict_in = verdict_driver::begin();\n");
    for (unsigned i = 0; i < s->nparams; i++) {
        starter_type("rust", s->params[i].type, t, sizeof(t));
        buf_printf(b, "    let a%u: %s = verdict_in.arg(\"%s\");\n", i, t, s->params[i].name);
    }
    signature_snake(s->name, snake, sizeof(snake));
    buf_printf(b, "    verdict_in.finish();\n    let r = Solution::%s(", snake);
    for (unsigned i = 0; i < s->nparams; i++)
        buf_printf(b, "%sa%u", i ? ", " : "", i);
    buf_puts(b, ");\n    verdict_driver::result(&r);\n}\n");
}

/*** Joining the parts ***/

struct driver_lang {
    const char *id;
    const char *file; /* in drivers/ */
    /* A line directive before the user's code, around the source's name, so
     * that messages give the user's line numbers (NULL: none). */
    const char *line_open, *line_close;
    void (*glue)(struct buf *, const struct signature *, const char *);
};

static const struct driver_lang driver_langs[] = {
    {"c", "c.c", "#line 1 \"", "\"\n", glue_c},
    {"cpp", "cpp.cpp", "#line 1 \"", "\"\n", glue_cpp},
    {"python", "python.py", NULL, NULL, glue_python},
    {"java", "java.java", NULL, NULL, glue_java},
    {"javascript", "javascript.js", NULL, NULL, glue_javascript},
    {"go", "go.go", "//line ", ":1\n", glue_go},
    {"rust", "rust.rs", NULL, NULL, glue_rust},
};

static const struct embedded_file *driver_file(const char *name)
{
    for (const struct embedded_file *f = driver_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* The line of a driver that the user's code replaces: a comment line holding
 * only VERDICT-USER-CODE. */
static const char *marker_line(const char *text)
{
    for (const char *line = text; *line;) {
        if (strncmp(line, "// VERDICT-USER-CODE\n", 21) == 0 ||
            strncmp(line, "# VERDICT-USER-CODE\n", 20) == 0)
            return line;
        const char *nl = strchr(line, '\n');
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return NULL;
}

int driver_source(const struct signature *s, const struct lang *l, const char *code, size_t len,
                  struct driver_source *out, char *err, size_t errlen)
{
    const struct driver_lang *dl = NULL;
    for (size_t i = 0; i < sizeof(driver_langs) / sizeof(driver_langs[0]); i++)
        if (strcmp(driver_langs[i].id, l->id) == 0)
            dl = &driver_langs[i];
    const struct embedded_file *f = dl ? driver_file(dl->file) : NULL;
    const char *text = f ? (const char *)f->data : NULL;
    const char *line = text ? marker_line(text) : NULL;
    if (line == NULL) {
        snprintf(err, errlen, "no function driver for language %s", l->id);
        return -EINVAL;
    }
    /* The driver's head, up to the marker's line; its tail, after it. */
    const char *tail = strchr(line, '\n');
    tail = tail ? tail + 1 : text + f->len;
    struct buf b;
    buf_init(&b);
    size_t head = (size_t)(line - text);
    /* Java's imports share the user's first line, so the line numbers javac
     * reports are the user's. */
    bool same_line = strcmp(l->id, "java") == 0 && head > 0;
    buf_append(&b, text, same_line ? head - 1 : head);
    buf_puts(&b, same_line ? " " : "");
    out->line_shift = 0;
    for (size_t i = 0; i < (same_line ? 0 : head); i++)
        out->line_shift += text[i] == '\n';
    if (dl->line_open) {
        buf_printf(&b, "%s%s%s", dl->line_open, l->source, dl->line_close);
        out->line_shift = 0;
    }
    buf_append(&b, code, len);
    if (len == 0 || code[len - 1] != '\n')
        buf_puts(&b, "\n");
    if (strcmp(l->id, "go") == 0)
        buf_puts(&b, "//line verdict-driver.go:1\n");
    buf_append(&b, tail, f->len - (size_t)(tail - text));
    dl->glue(&b, s, l->source);
    out->len = b.len;
    out->text = buf_steal(&b);
    return 0;
}

void driver_source_dispose(struct driver_source *src)
{
    free(src->text);
    src->text = NULL;
    src->len = 0;
}

void driver_output_split(const char *stdout_text, size_t len, struct driver_output *out)
{
    static const char marker[] = DRIVER_MARKER;
    size_t mlen = sizeof(marker) - 1;
    memset(out, 0, sizeof(*out));
    out->user_len = len;
    for (size_t i = len >= mlen ? len - mlen + 1 : 0; i-- > 0;) {
        if (memcmp(stdout_text + i, marker, mlen) != 0)
            continue;
        out->returned = true;
        out->user_len = i;
        out->result = stdout_text + i + mlen;
        out->result_len = len - i - mlen;
        if (out->result_len && out->result[out->result_len - 1] == '\n')
            out->result_len--;
        return;
    }
}
