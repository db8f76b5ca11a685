/* Source languages of package programs, told by file extension (issue 12's
 * table), and Java's entry class: Kattis submissions are Different.java, not
 * Main.java, so the class holding main is found in the source. */
#ifndef PACKAGE_SRCLANG_H
#define PACKAGE_SRCLANG_H

#include <stddef.h>

enum srclang {
    SRCLANG_UNSUPPORTED,
    SRCLANG_C,
    SRCLANG_CPP,
    SRCLANG_PYTHON,
    SRCLANG_JAVA,
    SRCLANG_JAVASCRIPT,
    SRCLANG_GO,
    SRCLANG_RUST,
};

/* The language of a file name by its extension: .c c; .cc .cpp .cxx .c++ cpp;
 * .py python; .java java; .js javascript; .go go; .rs rust; else unsupported. */
enum srclang srclang_of_file(const char *name);

/* True for C and C++ headers (.h .hh .hpp .hxx): they belong to a program
 * without deciding its language. */
int srclang_is_header(const char *name);

/* The language of an include/<dir>/ directory name: the codes of the spec's
 * languages table ("c", "cpp", "python3", "java", "javascript", "go",
 * "rust"), and verdict's own ids as aliases. */
enum srclang srclang_of_dir(const char *dir);

/* "c", "cpp", "python", ..., "unsupported". */
const char *srclang_name(enum srclang l);

/* The name of the class that declares "static void main" in the Java source
 * text[0..len), as a new string the caller frees, or NULL when there is none.
 * A scan, not a parser: comments and string literals are skipped, which is
 * enough for the programs of problem packages. */
char *srclang_java_main_class(const char *text, size_t len);

#endif
