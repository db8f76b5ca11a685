/* The language table. Paths are absolute: the sandbox execs them directly,
 * with no PATH search and no shell. */
#include "judge/lang.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const struct lang lang_c = {
    .id = "c",
    .name = "C17 (gcc 12)",
    .aliases = {"c17", "gcc"},
    .source = "main.c",
    .binary = "/usr/bin/gcc",
    .compile = {"/usr/bin/gcc", "-O2", "-std=c17", "-pipe", "-o", "main", "main.c", "-lm"},
    .run = {"./main"},
    .time_factor = 1.0,
    .processes = 1,
    .compile_cpu_ms = 10000,
    .compile_memory_mb = 512,
    .compile_processes = 16,
    .exts = {".c"},
    .compile_all = true,
};

static const struct lang lang_cpp = {
    .id = "cpp",
    .name = "C++20 (g++ 12)",
    .aliases = {"c++", "cxx", "g++", "cpp20"},
    .source = "main.cpp",
    .binary = "/usr/bin/g++",
    .compile = {"/usr/bin/g++", "-O2", "-std=c++20", "-pipe", "-o", "main", "main.cpp"},
    .run = {"./main"},
    .time_factor = 1.0,
    .processes = 1,
    .compile_cpu_ms = 15000,
    .compile_memory_mb = 1024,
    .compile_processes = 16,
    .exts = {".cc", ".cpp", ".cxx", ".c++", ".C"},
    .compile_all = true,
};

static const struct lang lang_python = {
    .id = "python",
    .name = "Python 3.11",
    .aliases = {"python3", "py", "py3"},
    .source = "main.py",
    .binary = "/usr/bin/python3",
    /* Byte-compiling first turns a syntax error into CE, as users expect. */
    .compile = {"/usr/bin/python3", "-m", "py_compile", "main.py"},
    .run = {"/usr/bin/python3", "-S", "main.py"},
    .env = {"PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"},
    .time_factor = 1.0,
    .memory_extra_mb = 16,
    .processes = 1,
    .compile_cpu_ms = 5000,
    .compile_memory_mb = 256,
    .compile_processes = 4,
    .oom_marker = "MemoryError",
    .exts = {".py"},
    .compile_all = false,
};

static const struct lang lang_javascript = {
    .id = "javascript",
    .name = "JavaScript (Node.js)",
    .aliases = {"js", "node", "nodejs"},
    .source = "main.js",
    .binary = "/usr/bin/node",
    .compile = {"/usr/bin/node", "--check", "main.js"},
    .run = {"/usr/bin/node", "--max-old-space-size={mem}", "--stack-size=65500", "main.js"},
    .time_factor = 1.0,
    .memory_extra_mb = 64,
    .processes = 16,
    .compile_cpu_ms = 5000,
    .compile_memory_mb = 512,
    .compile_processes = 16,
    .oom_marker = "heap out of memory",
    .exts = {".js"},
    .compile_all = false,
};

static const struct lang lang_java = {
    .id = "java",
    .name = "Java 17 (OpenJDK)",
    .aliases = {"java17", "jdk"},
    .source = "Main.java",
    .binary = "/usr/bin/javac",
    .compile = {"/usr/bin/javac", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-encoding", "UTF-8", "-d",
                ".", "Main.java"},
    .run = {"/usr/bin/java", "-Xmx{mem}m", "-Xss64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", ".", "Main"},
    .time_factor = 1.5,
    .memory_extra_mb = 64,
    .processes = 32,
    .compile_cpu_ms = 20000,
    .compile_memory_mb = 1024,
    .compile_processes = 64,
    .oom_marker = "java.lang.OutOfMemoryError",
    .exts = {".java"},
    .compile_all = true,
};

static const struct lang lang_go = {
    .id = "go",
    .name = "Go 1.19",
    .aliases = {"golang"},
    .source = "main.go",
    .binary = "/usr/bin/go",
    .compile = {"/usr/bin/go", "build", "-o", "main", "main.go"},
    .run = {"./main"},
    .env = {"GOCACHE=/tmp/gocache", "GOPATH=/tmp/go", "GO111MODULE=off", "CGO_ENABLED=0",
            "GOTOOLCHAIN=local"},
    .time_factor = 1.0,
    .memory_extra_mb = 16,
    .processes = 16,
    .compile_cpu_ms = 20000,
    .compile_memory_mb = 1024,
    .compile_processes = 64,
    .oom_marker = "runtime: out of memory",
    .exts = {".go"},
    .compile_all = true,
};

static const struct lang lang_rust = {
    .id = "rust",
    .name = "Rust (rustc 1.63)",
    .aliases = {"rs", "rustc"},
    .source = "main.rs",
    .binary = "/usr/bin/rustc",
    .compile = {"/usr/bin/rustc", "-O", "--edition", "2021", "-o", "main", "main.rs"},
    .run = {"./main"},
    .time_factor = 1.0,
    .processes = 1,
    .compile_cpu_ms = 20000,
    .compile_memory_mb = 1024,
    .compile_processes = 32,
    .oom_marker = "memory allocation of",
    .exts = {".rs"},
    .compile_all = false,
};

static const struct lang *const lang_table[] = {
    &lang_c, &lang_cpp, &lang_python, &lang_javascript, &lang_java, &lang_go, &lang_rust, NULL,
};

const struct lang *const *lang_all(void)
{
    return lang_table;
}

const struct lang *lang_find(const char *name)
{
    for (const struct lang *const *l = lang_table; *l; l++) {
        if (strcasecmp((*l)->id, name) == 0)
            return *l;
        for (int i = 0; i < 6 && (*l)->aliases[i]; i++)
            if (strcasecmp((*l)->aliases[i], name) == 0)
                return *l;
    }
    return NULL;
}

bool lang_installed(const struct lang *l)
{
    return access(l->binary, X_OK) == 0;
}

int lang_argv_expand(const char *const *tmpl, unsigned mem_mb, struct lang_argv *out)
{
    size_t used = 0;
    int i = 0;
    for (; i < LANG_MAX_ARGV && tmpl[i]; i++) {
        const char *hole = strstr(tmpl[i], "{mem}");
        if (hole == NULL) {
            out->argv[i] = tmpl[i];
            continue;
        }
        size_t room = sizeof(out->text) - used;
        int n = snprintf(out->text + used, room, "%.*s%u%s", (int)(hole - tmpl[i]), tmpl[i], mem_mb,
                         hole + 5);
        if (n < 0 || (size_t)n >= room)
            return -E2BIG;
        out->argv[i] = out->text + used;
        used += (size_t)n + 1;
    }
    out->argv[i] = NULL;
    return 0;
}

bool lang_is_source(const struct lang *l, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < 5 && l->exts[i]; i++) {
        size_t el = strlen(l->exts[i]);
        if (len > el && strcmp(name + len - el, l->exts[i]) == 0)
            return true;
    }
    return false;
}

const char *lang_entry(const struct lang *l, const char *const *names, size_t n)
{
    const char *first = NULL, *init_main = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!lang_is_source(l, names[i]))
            continue;
        if (strcmp(names[i], l->source) == 0)
            return names[i];
        if (strcmp(names[i], "__main__.py") == 0)
            init_main = names[i];
        if (first == NULL)
            first = names[i];
    }
    return init_main ? init_main : first;
}

int lang_program_expand(const struct lang *l, const char *const *tmpl, const struct lang_files *f,
                        bool sources, unsigned mem_mb, struct lang_argv *out)
{
    struct lang_argv t;
    int rc = lang_argv_expand(tmpl, mem_mb, &t);
    if (rc < 0)
        return rc;
    size_t n = 0, used = 0;
    for (int i = 0; t.argv[i]; i++) {
        const char *a = t.argv[i];
        bool src = strcmp(a, l->source) == 0;
        for (size_t k = 0; src && sources && l->compile_all && k < f->n; k++) {
            if (!lang_is_source(l, f->names[k]))
                continue;
            if (n == LANG_ARGV_ROOM)
                return -E2BIG;
            out->argv[n++] = f->names[k];
        }
        if (src && sources && l->compile_all)
            continue;
        if (src)
            a = f->entry;
        else if (strcmp(a, "Main") == 0 && f->main_class)
            a = f->main_class;
        else if (a >= t.text && a < t.text + sizeof(t.text)) {
            /* An expanded "{mem}": its text moves with it. */
            size_t len = strlen(a) + 1;
            memcpy(out->text + used, a, len);
            a = out->text + used;
            used += len;
        }
        if (n == LANG_ARGV_ROOM)
            return -E2BIG;
        out->argv[n++] = a;
    }
    out->argv[n] = NULL;
    return 0;
}
