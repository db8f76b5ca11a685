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
    /* Limits of the compile step. Compilers differ by an order of magnitude:
     * javac and go start many threads and need a large heap, which is why the
     * memory limit is the cgroup's and never RLIMIT_AS. */
    unsigned compile_cpu_ms;
    unsigned compile_memory_mb;
    unsigned compile_processes;
    /* Text the runtime writes to stderr when it runs out of its own heap before
     * the cgroup's OOM killer acts (the JVM's -Xmx, V8's old space); such a run
     * is MLE, not RE. NULL: none. */
    const char *oom_marker;
    /* Endings of the language's source files, for programs of several files
     * (a package's output validator, a submission with its include/ files). */
    const char *exts[5];
    /* Every source file goes to the compiler (C, C++, Java, Go); otherwise
     * the entry file alone (Python and JavaScript check it, rustc follows
     * its modules). */
    bool compile_all;
};

/* Returns the language with this id or alias (case-insensitive), or NULL. */
const struct lang *lang_find(const char *name);
/* Every known language, NULL-terminated, in display order. */
const struct lang *const *lang_all(void);
/* True when the language's tools are installed on this machine. */
bool lang_installed(const struct lang *l);

/* Room for one expanded argv: a template's LANG_MAX_ARGV arguments, or fewer
 * and a program's source files (borrowed), and their text. */
#define LANG_ARGV_ROOM 96
struct lang_argv {
    const char *argv[LANG_ARGV_ROOM + 1];
    char text[1024];
};

/* Expands tmpl (a compile or run argv of the table, NULL-terminated) into out,
 * replacing "{mem}" by mem_mb. Returns 0, or -E2BIG when it does not fit. */
int lang_argv_expand(const char *const *tmpl, unsigned mem_mb, struct lang_argv *out);

/* A program of several files in one directory: their names (borrowed), the
 * entry file among them, and for Java the class to run. */
struct lang_files {
    const char *const *names;
    size_t n;
    const char *entry;
    const char *main_class; /* NULL: "Main" */
};

/* True when name ends in one of l's source endings. */
bool lang_is_source(const struct lang *l, const char *name);

/* The entry file of a program of names (n of them) in l: the one named as
 * l's own source (main.py), else __main__.py, else the first source file.
 * NULL when none is a source of l. */
const char *lang_entry(const struct lang *l, const char *const *names, size_t n);

/* Expands tmpl (l's compile or run template) as lang_argv_expand() does, for
 * the program f: l's source argument becomes every source file of f (when
 * l->compile_all and sources is true) or f's entry, and the argument "Main"
 * (Java's class) f's main class. Pointers into f stay borrowed. Returns 0,
 * or -E2BIG when it does not fit. */
int lang_program_expand(const struct lang *l, const char *const *tmpl, const struct lang_files *f,
                        bool sources, unsigned mem_mb, struct lang_argv *out);

#endif
