/* `verdict problems export ID DIR`: a problem of the catalog written out as a
 * Kattis problem package of the 2025-09 version, DIR/<id>/, which
 * `verdict problems import` reads back and `verdict problems verify` proves
 * with the example programs it carries (submissions/<folder>/).
 *
 * The package is written in a temporary directory beside its place and
 * renamed into it when complete: an export that fails leaves nothing. */
#include "cli/export.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "store/catalog.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A verdict custom checker (`checker input expected output`, exit 0 accepted,
 * 1 wrong answer) as a Kattis output validator (`validate input answer
 * feedback_dir [args] < output`, exit 42 accepted, 43 wrong answer): the
 * team's output is saved in the feedback directory and the checker, compiled
 * into the same program, is called on it; its exit() calls are mapped too. */
static const char export_wrapper[] =
    "/* verdict's custom checker (checker.h) as a Kattis output validator:\n"
    " * `validate input answer feedback_dir < output`, exit 42 accepted, 43 wrong\n"
    " * answer. Written by `verdict problems export`. */\n"
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "\n"
    "static void verdict_exit(int code)\n"
    "{\n"
    "    exit(code == 0 ? 42 : code == 1 ? 43 : 2);\n"
    "}\n"
    "\n"
    "#define exit verdict_exit\n"
    "#define main verdict_checker_main\n"
    "#include \"checker.h\"\n"
    "#undef main\n"
    "#undef exit\n"
    "\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    if (argc < 4)\n"
    "        return 2;\n"
    "    char path[4096];\n"
    "    snprintf(path, sizeof(path), \"%s/team_output\", argv[3]);\n"
    "    FILE *out = fopen(path, \"wb\");\n"
    "    if (out == NULL)\n"
    "        return 2;\n"
    "    char buf[65536];\n"
    "    size_t n;\n"
    "    while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)\n"
    "        if (fwrite(buf, 1, n, out) != n)\n"
    "            return 2;\n"
    "    if (fclose(out) != 0)\n"
    "        return 2;\n"
    "    char *args[] = {argv[0], argv[1], argv[2], path, NULL};\n"
    "    verdict_exit(verdict_checker_main(4, args));\n"
    "    return 2;\n"
    "}\n";

static int export_write(const char *dir, const char *name, const char *data, size_t len, char *err,
                        size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    int rc = fs_mkdir_p(path, 0755);
    *slash = '/';
    int fd = rc < 0 ? -1 : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "%.3000s: %s", path, strerror(rc < 0 ? -rc : errno));
        return -1;
    }
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            snprintf(err, errlen, "%.3000s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    if (close(fd) < 0) {
        snprintf(err, errlen, "%.3000s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int export_text(const char *dir, const char *name, const char *text, char *err,
                       size_t errlen)
{
    return export_write(dir, name, text, strlen(text), err, errlen);
}

/* A YAML scalar for any text: a JSON string (YAML is a superset of it). */
static void yaml_str(struct buf *b, const char *s)
{
    cJSON *item = cJSON_CreateStringReference(s); /* borrows s: Delete leaves it */
    char *q = item ? cJSON_PrintUnformatted(item) : NULL;
    if (q == NULL)
        abort(); /* out of memory, as xmalloc */
    buf_puts(b, q);
    free(q);
    cJSON_Delete(item);
}

/* A stable UUID for the problem id (the spec requires one): SHA-256 of the id
 * shaped as a version 8 (custom) UUID, so a re-export keeps it. */
static void export_uuid(const char *id, char out[37])
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    char text[128];
    snprintf(text, sizeof(text), "verdict-problem:%s", id);
    SHA256((const unsigned char *)text, strlen(text), h);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        o += snprintf(o, 3, "%02x", h[i]);
    }
}

/* The default output validator's arguments for a built-in checker ("" for
 * custom: a validator of its own). tokens compares tokens byte for byte,
 * exact the whole text, float:EPS numbers within EPS and other tokens byte
 * for byte; kattis:FLAGS are the flags themselves. */
static void export_validator_args(const char *checker, struct buf *b)
{
    if (checker == NULL || strcmp(checker, "tokens") == 0)
        buf_puts(b, "[\"case_sensitive\"]");
    else if (strcmp(checker, "exact") == 0)
        buf_puts(b, "[\"case_sensitive\", \"space_change_sensitive\"]");
    else if (strncmp(checker, "float:", 6) == 0)
        buf_printf(b, "[\"case_sensitive\", \"float_tolerance\", \"%s\"]", checker + 6);
    else if (strncmp(checker, "kattis", 6) == 0) {
        buf_puts(b, "[");
        const char *s = checker[6] == ':' ? checker + 7 : "";
        for (int n = 0; *s; n++) {
            size_t l = strcspn(s, " ");
            buf_printf(b, "%s\"%.*s\"", n ? ", " : "", (int)l, s);
            s += l + (s[l] == ' ');
        }
        buf_puts(b, "]");
    }
}

static int export_problem_yaml(const char *dir, const struct catalog_problem *p, char *err,
                               size_t errlen)
{
    char uuid[37];
    export_uuid(p->id, uuid);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "# Written by `verdict problems export`.\nproblem_format_version: 2025-09\n");
    buf_puts(&b, "name: ");
    yaml_str(&b, p->title);
    buf_printf(&b, "\nuuid: %s\ntype: pass-fail\nsource: verdict\nkeywords: [", uuid);
    yaml_str(&b, p->difficulty);
    /* Output is whole MiB in the format: a smaller verdict limit rounds up. */
    buf_printf(&b, "]\nlimits:\n  time_limit: %g\n  memory: %d\n  output: %d\n",
               p->time_limit_ms / 1000.0, p->memory_limit_mb, (p->output_limit_kb + 1023) / 1024);
    int rc = export_text(dir, "problem.yaml", b.data, err, errlen);
    buf_dispose(&b);
    return rc;
}

/* The statement without its "# Title" line: the title is problem.yaml's. */
static int export_statement(const char *dir, const struct catalog_problem *p, char *err,
                            size_t errlen)
{
    const char *s = p->statement ? p->statement : "";
    if (strncmp(s, "# ", 2) == 0) {
        const char *nl = strchr(s, '\n');
        s = nl ? nl + 1 : "";
        while (*s == '\n')
            s++;
    }
    return export_text(dir, "statement/problem.en.md", s, err, errlen);
}

static int export_tests(const char *dir, const struct catalog_problem *p, char *err, size_t errlen)
{
    unsigned sample = 0, secret = 0;
    for (size_t i = 0; i < p->ntests; i++) {
        const struct catalog_test *t = &p->tests[i];
        char name[64];
        unsigned n = t->is_sample ? ++sample : ++secret;
        const char *group = t->is_sample ? "sample" : "secret";
        snprintf(name, sizeof(name), "data/%s/%03u.in", group, n);
        if (export_text(dir, name, t->input, err, errlen) < 0)
            return -1;
        snprintf(name, sizeof(name), "data/%s/%03u.ans", group, n);
        if (export_text(dir, name, t->output, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* The checker: the default validator's arguments on both groups, or the
 * custom checker as an output validator of its own. */
static int export_checker(const char *dir, const struct catalog_problem *p, char *err,
                          size_t errlen)
{
    if (p->checker && strcmp(p->checker, "custom") == 0) {
        if (export_text(dir, "output_validator/validate.c", export_wrapper, err, errlen) < 0)
            return -1;
        return export_text(dir, "output_validator/checker.h",
                           p->checker_source ? p->checker_source : "", err, errlen);
    }
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "output_validator_args: ");
    export_validator_args(p->checker, &b);
    buf_puts(&b, "\n");
    int rc = 0;
    for (int i = 0; rc == 0 && i < 2; i++) {
        char name[64];
        snprintf(name, sizeof(name), "data/%s/test_group.yaml", i ? "secret" : "sample");
        rc = export_text(dir, name, b.data, err, errlen);
    }
    buf_dispose(&b);
    return rc;
}

/* The example programs, back in submissions/<folder>/<file>. Paths come from
 * the catalog: one that could leave the package is refused. */
static int export_programs(const char *dir, const struct catalog_program *v, size_t n, char *err,
                           size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].path[0] == '/' || strstr(v[i].path, "..")) {
            snprintf(err, errlen, "example program %.300s: not a relative path", v[i].path);
            return -1;
        }
        char name[4096];
        snprintf(name, sizeof(name), "submissions/%s", v[i].path);
        if (export_text(dir, name, v[i].code, err, errlen) < 0)
            return -1;
    }
    return 0;
}

static int export_package(const char *dir, const struct catalog_problem *p, char *err,
                          size_t errlen)
{
    if (export_programs(dir, p->programs, p->nprograms, err, errlen) < 0)
        return -1;
    if (export_problem_yaml(dir, p, err, errlen) < 0 || export_statement(dir, p, err, errlen) < 0 ||
        export_tests(dir, p, err, errlen) < 0 || export_checker(dir, p, err, errlen) < 0)
        return -1;
    return 0;
}

int export_main(const char *db, const char *id, const char *out_dir)
{
    char err[4200] = "";
    char final[4096], tmp[4200];
    snprintf(final, sizeof(final), "%s/%s", out_dir, id);
    snprintf(tmp, sizeof(tmp), "%s/.%s.export-XXXXXX", out_dir, id);
    struct catalog_problem p;
    memset(&p, 0, sizeof(p));
    int rc = -1;
    struct stat st;
    struct catalog *c = catalog_open(db, err, sizeof(err));
    if (c == NULL || catalog_load(c, id, &p, err, sizeof(err)) < 0 ||
        catalog_load_programs(c, id, &p.programs, &p.nprograms, err, sizeof(err)) < 0)
        goto out;
    if (lstat(final, &st) == 0) {
        snprintf(err, sizeof(err), "%s exists: export writes a new directory", final);
        goto out;
    }
    if (fs_mkdir_p(out_dir, 0755) < 0 || mkdtemp(tmp) == NULL || chmod(tmp, 0755) < 0) {
        snprintf(err, sizeof(err), "%s: %s", out_dir, strerror(errno));
        goto out;
    }
    if (export_package(tmp, &p, err, sizeof(err)) < 0 || rename(tmp, final) < 0) {
        if (err[0] == '\0')
            snprintf(err, sizeof(err), "%s: %s", final, strerror(errno));
        (void)fs_remove_tree(tmp);
        goto out;
    }
    printf("%s: exported to %s (%zu tests, %zu example programs)\n", id, final, p.ntests,
           p.nprograms);
    rc = 0;
out:
    if (rc < 0)
        fprintf(stderr, "verdict problems export: %s\n", err);
    catalog_problem_dispose(&p);
    catalog_close(c);
    return rc < 0 ? 1 : 0;
}
