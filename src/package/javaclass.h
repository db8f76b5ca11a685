/* Java's main class: a submission's public class may have any name (Kattis
 * runs whatever class holds main), and javac wants it in a file named after
 * it. */
#ifndef PACKAGE_JAVACLASS_H
#define PACKAGE_JAVACLASS_H

#include <stdbool.h>
#include <stddef.h>

#define JAVACLASS_NAME_MAX 64

/* Finds the top-level class (or interface, enum, record) that declares
 * `static void main(` in src[0..len), skipping comments, strings, text blocks
 * and character literals: the public one first, else the first such. Writes
 * its name (ASCII letters, digits, '_' and '$', at most JAVACLASS_NAME_MAX
 * bytes) to out and returns true. Without one (code for an include/ driver
 * to call), writes the first public top-level type's name, else "Main", and
 * returns false. */
bool javaclass_main(const char *src, size_t len, char out[JAVACLASS_NAME_MAX + 1]);

#endif
