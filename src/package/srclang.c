/* Languages by file extension, and the Java class that holds main. */
#include "package/srclang.h"

#include "common/alloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *ext;
    enum srclang lang;
} srclang_exts[] = {
    {".c", SRCLANG_C},       {".cc", SRCLANG_CPP},        {".cpp", SRCLANG_CPP},
    {".cxx", SRCLANG_CPP},   {".c++", SRCLANG_CPP},       {".py", SRCLANG_PYTHON},
    {".java", SRCLANG_JAVA}, {".js", SRCLANG_JAVASCRIPT}, {".go", SRCLANG_GO},
    {".rs", SRCLANG_RUST},
};

enum srclang srclang_of_file(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL || dot == name)
        return SRCLANG_UNSUPPORTED;
    for (size_t i = 0; i < sizeof(srclang_exts) / sizeof(*srclang_exts); i++)
        if (strcmp(dot, srclang_exts[i].ext) == 0)
            return srclang_exts[i].lang;
    return SRCLANG_UNSUPPORTED;
}

int srclang_is_header(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot != NULL && (strcmp(dot, ".h") == 0 || strcmp(dot, ".hh") == 0 ||
                           strcmp(dot, ".hpp") == 0 || strcmp(dot, ".hxx") == 0);
}

enum srclang srclang_of_dir(const char *dir)
{
    static const struct {
        const char *name;
        enum srclang lang;
    } dirs[] = {
        {"c", SRCLANG_C},
        {"cpp", SRCLANG_CPP},
        {"c++", SRCLANG_CPP},
        {"python3", SRCLANG_PYTHON},
        {"python", SRCLANG_PYTHON},
        {"java", SRCLANG_JAVA},
        {"javascript", SRCLANG_JAVASCRIPT},
        {"go", SRCLANG_GO},
        {"rust", SRCLANG_RUST},
    };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
        if (strcmp(dir, dirs[i].name) == 0)
            return dirs[i].lang;
    return SRCLANG_UNSUPPORTED;
}

const char *srclang_name(enum srclang l)
{
    switch (l) {
    case SRCLANG_C:
        return "c";
    case SRCLANG_CPP:
        return "cpp";
    case SRCLANG_PYTHON:
        return "python";
    case SRCLANG_JAVA:
        return "java";
    case SRCLANG_JAVASCRIPT:
        return "javascript";
    case SRCLANG_GO:
        return "go";
    case SRCLANG_RUST:
        return "rust";
    case SRCLANG_UNSUPPORTED:
        break;
    }
    return "unsupported";
}

/* Copies text with comments, string and character literals blanked out, so
 * that a "class" or "main" inside them is not seen. */
static char *java_code_only(const char *text, size_t len)
{
    char *s = xmalloc(len + 1);
    size_t i = 0;
    while (i < len) {
        if (text[i] == '/' && i + 1 < len && text[i + 1] == '/') {
            while (i < len && text[i] != '\n')
                s[i++] = ' ';
        } else if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
            s[i++] = ' ';
            s[i++] = ' ';
            while (i < len && !(text[i] == '*' && i + 1 < len && text[i + 1] == '/'))
                s[i++] = ' ';
            for (int k = 0; k < 2 && i < len; k++)
                s[i++] = ' ';
        } else if (text[i] == '"' || text[i] == '\'') {
            char q = text[i];
            s[i++] = ' ';
            while (i < len && text[i] != q && text[i] != '\n') {
                if (text[i] == '\\' && i + 1 < len)
                    s[i++] = ' ';
                s[i++] = ' ';
            }
            if (i < len)
                s[i++] = ' ';
        } else {
            s[i] = text[i] == '\0' ? ' ' : text[i];
            i++;
        }
    }
    s[len] = '\0';
    return s;
}

static bool java_ident(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* The position of the word w in s at or after from, as a whole word; -1. */
static long java_word(const char *s, const char *w, size_t from)
{
    size_t wl = strlen(w);
    for (const char *p = strstr(s + from, w); p != NULL; p = strstr(p + 1, w)) {
        bool left = p == s || !java_ident(p[-1]);
        if (left && !java_ident(p[wl]))
            return p - s;
    }
    return -1;
}

char *srclang_java_main_class(const char *text, size_t len)
{
    char *s = java_code_only(text, len);
    char *found = NULL;
    /* main must be "static void main(": the last class or interface opened
     * before it holds it (nested classes holding main are rare in packages). */
    for (long m = java_word(s, "main", 0); m >= 0 && found == NULL;
         m = java_word(s, "main", (size_t)m + 1)) {
        const char *after = s + m + 4;
        while (isspace((unsigned char)*after))
            after++;
        long v = m - 1;
        while (v >= 0 && isspace((unsigned char)s[v]))
            v--;
        if (*after != '(' || v < 3 || strncmp(s + v - 3, "void", 4) != 0 ||
            strstr(s, "static") == NULL)
            continue;
        long best = -1;
        for (long c = java_word(s, "class", 0); c >= 0 && c < m;
             c = java_word(s, "class", (size_t)c + 1))
            best = c;
        if (best < 0)
            continue;
        const char *n = s + best + 5;
        while (isspace((unsigned char)*n))
            n++;
        size_t nl = 0;
        while (java_ident(n[nl]))
            nl++;
        if (nl > 0)
            found = xstrndup(n, nl);
    }
    free(s);
    return found;
}
