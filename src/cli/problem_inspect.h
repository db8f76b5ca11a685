/* 'verdict problems inspect PATH': reads a Kattis problem package and prints
 * what verdict sees in it, changing nothing. */
#ifndef CLI_PROBLEM_INSPECT_H
#define CLI_PROBLEM_INSPECT_H

/* Prints the summary of the package at path to stdout, or its error to
 * stderr. Returns the exit status: 0 read, 1 broken. */
int problem_inspect_main(const char *path);

#endif
