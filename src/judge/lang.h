/* The languages verdict judges, as data: source file, compile and run argv,
 * limit adjustments. Adding a language is adding a row to lang.c. */
#ifndef JUDGE_LANG_H
#define JUDGE_LANG_H

#include <stdbool.h>
#include <stddef.h>

#define LANG_MAX_ARGV 16

struct lang {
    const char *id;   /* "cpp": the id stored and shown */
    const char *name; /* "C++ 20 (g++ 12)" */
    const char *aliases[6];
    const char *source; /* file the code is written to inside the box */
    const char *binary; /* the tool that must exist for the language to be offered */
    /* argv to compile (NULL first element: nothing to compile) and to run;
     * "{mem}" in an argument is replaced by the memory limit in MB. */
    const char *compile[LANG_MAX_ARGV];
    const char *run[LANG_MAX_ARGV];
    /* environment for compile and run, beyond PATH/HOME/LANG */
    const char *env[6];
    double time_factor;  /* the time limit is multiplied by it (JVM start-up) */
    int memory_extra_mb; /* added to the memory limit (runtime overhead) */
    int processes;       /* max processes/threads at run time */
};

/* Returns the language with this id or alias (case-insensitive), or NULL. */
const struct lang *lang_find(const char *name);
/* Every known language, NULL-terminated, in display order. */
const struct lang *const *lang_all(void);
/* True when the language's tools are installed on this machine. */
bool lang_installed(const struct lang *l);

#endif
