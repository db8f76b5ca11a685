/* Languages by file extension, and the Java class that holds main. */
#include "package/srclang.h"

#include "common/alloc.h"
#include "package/javaclass.h"

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
char *srclang_java_main_class(const char *text, size_t len)
{
    /* One scanner for the judge and the reader (package/javaclass.c). */
    char name[JAVACLASS_NAME_MAX + 1];
    return javaclass_main(text, len, name) ? xstrdup(name) : NULL;
}
