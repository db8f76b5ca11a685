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
#include "judge/images.h"
#include "judge/plan.h"
#include "store/catalog.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

/* verdict's exact checker (the whole output byte for byte): the default
 * validator has no such flag (space_change_sensitive still splits tokens),
 * so it is an output validator of its own. */
static const char export_exact[] =
    "/* The output must equal the answer byte for byte (verdict's \"exact\"\n"
    " * checker). Written by `verdict problems export`. */\n"
    "#include <stdio.h>\n"
    "\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    if (argc < 4)\n"
    "        return 2;\n"
    "    FILE *ans = fopen(argv[2], \"rb\");\n"
    "    if (ans == NULL)\n"
    "        return 2;\n"
    "    for (;;) {\n"
    "        int a = getc(ans), b = getchar();\n"
    "        if (a != b)\n"
    "            return 43;\n"
    "        if (a == EOF)\n"
    "            return 42;\n"
    "    }\n"
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

static int export_problem_yaml(const char *dir, const struct catalog_problem *p,
                               const struct plan *plan, char *err, size_t errlen)
{
    const char *type = plan == NULL    ? "pass-fail"
                       : plan->scoring ? (plan->interactive ? "[scoring, interactive]" : "scoring")
                       : plan->interactive ? "[pass-fail, interactive]"
                                           : "pass-fail";
    char uuid[37];
    export_uuid(p->id, uuid);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "# Written by `verdict problems export`.\nproblem_format_version: 2025-09\n");
    buf_puts(&b, "name: ");
    yaml_str(&b, p->title);
    buf_printf(&b, "\nuuid: %s\ntype: %s\nsource: verdict\nkeywords: [", uuid, type);
    yaml_str(&b, p->difficulty);
    /* Output is whole MiB in the format: a smaller verdict limit rounds up. */
    buf_printf(&b, "]\nlimits:\n  time_limit: %g\n  memory: %d\n  output: %d\n",
               p->time_limit_ms / 1000.0, p->memory_limit_mb, (p->output_limit_kb + 1023) / 1024);
    /* The limit must be a multiple of the resolution (default 1 s). */
    int tl = p->time_limit_ms;
    if (tl % 1000)
        buf_printf(&b, "  time_resolution: %s\n", tl % 100 ? "0.001" : "0.1");
    int rc = export_text(dir, "problem.yaml", b.data, err, errlen);
    buf_dispose(&b);
    return rc;
}

/* The statement without its "# Title" line (the title is problem.yaml's),
 * its images beside it under their names, and its references to them
 * relative again (judge/images.h). */
static int export_statement(const char *dir, const struct catalog_problem *p, char *err,
                            size_t errlen)
{
    for (size_t i = 0; i < p->nfiles; i++) {
        char name[IMAGES_NAME_MAX + 16];
        const char *f = p->files[i].name;
        if (!images_name_valid(f, strlen(f))) { /* the table's CHECK says so too */
            snprintf(err, errlen, "file '%.200s': not a statement image's name", f);
            return -1;
        }
        snprintf(name, sizeof(name), "statement/%s", f);
        if (export_write(dir, name, p->files[i].data, p->files[i].len, err, errlen) < 0)
            return -1;
    }
    char *md = images_unlink(p->statement ? p->statement : "", p->id);
    const char *s = md;
    if (strncmp(s, "# ", 2) == 0) {
        const char *nl = strchr(s, '\n');
        s = nl ? nl + 1 : "";
        while (*s == '\n')
            s++;
    }
    int rc = export_text(dir, "statement/problem.en.md", s, err, errlen);
    free(md);
    return rc;
}

/* A list of strings as a YAML flow sequence. */
static void yaml_list(struct buf *b, char *const *v, size_t n)
{
    buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, i ? ", " : "");
        yaml_str(b, v[i]);
    }
    buf_puts(b, "]");
}

/* The input validators' arguments of set k (judge/plan.h "argSets"; the
 * first is data/secret's tests'), in the map form, named as the package
 * names a validator: its file's base name without extension, or its
 * directory's name. Validators without arguments are left out unless all. */
static void export_input_args(const struct plan *plan, unsigned k, bool all, struct buf *b)
{
    bool any = false;
    for (size_t i = 0; i < plan->ninput_validators; i++)
        any = any || all || plan->input_validators[i].arg_sets[k].n > 0;
    if (!any)
        return;
    buf_puts(b, "input_validator_args:\n");
    for (size_t i = 0; i < plan->ninput_validators; i++) {
        const struct plan_input_validator *v = &plan->input_validators[i];
        if (v->arg_sets[k].n == 0 && !all)
            continue;
        const char *base = strrchr(v->path, '/') ? strrchr(v->path, '/') + 1 : v->path;
        size_t len = v->dir ? strlen(base) : strcspn(base, ".");
        char name[PLAN_NAME_MAX + 1];
        snprintf(name, sizeof(name), "%.*s", (int)len, base);
        buf_puts(b, "  ");
        yaml_str(b, name);
        buf_puts(b, ": ");
        yaml_list(b, v->arg_sets[k].v, v->arg_sets[k].n);
        buf_puts(b, "\n");
    }
}

/* Whether test t's input validator arguments differ from what it inherits
 * in the export: data/secret/test_group.yaml gives the tests under secret/
 * the first set; the others inherit none. */
static bool export_own_input_args(const struct plan *plan, const struct plan_test *t)
{
    if (plan->ninput_validators == 0)
        return false;
    if (strncmp(t->name, "secret/", 7) == 0)
        return t->input_args != 0;
    for (size_t i = 0; i < plan->ninput_validators; i++)
        if (plan->input_validators[i].arg_sets[t->input_args].n > 0)
            return true;
    return false;
}

/* A packaged test's own settings, data/<name>.yaml, when it has any. A
 * hidden test of a full_feedback group keeps it as its own, and one whose
 * input validator arguments are not the ones it inherits (another test
 * group's) has them. */
static int export_test_yaml(const char *dir, const struct plan *plan, const struct plan_test *t,
                            char *err, size_t errlen)
{
    bool full = t->full_feedback && strncmp(t->name, "sample/", 7) != 0;
    bool inputs = export_own_input_args(plan, t);
    if (t->nargs == 0 && t->nvalidator_args == 0 && !full && !inputs)
        return 0;
    struct buf b;
    buf_init(&b);
    if (full)
        buf_puts(&b, "full_feedback: true\n");
    if (t->nargs) {
        buf_puts(&b, "args: ");
        yaml_list(&b, t->args, t->nargs);
        buf_puts(&b, "\n");
    }
    if (t->nvalidator_args) {
        buf_puts(&b, "output_validator_args: ");
        yaml_list(&b, t->validator_args, t->nvalidator_args);
        buf_puts(&b, "\n");
    }
    if (inputs)
        export_input_args(plan, t->input_args, true, &b);
    char name[600];
    snprintf(name, sizeof(name), "data/%s.yaml", t->name);
    int rc = export_text(dir, name, b.data, err, errlen);
    buf_dispose(&b);
    return rc;
}

/* The tests: a packaged problem's under their own names (with their own
 * settings), others numbered in sample/ and secret/. */
static int export_tests(const char *dir, const struct catalog_problem *p, const struct plan *plan,
                        char *err, size_t errlen)
{
    unsigned sample = 0, secret = 0;
    for (size_t i = 0; i < p->ntests; i++) {
        const struct catalog_test *t = &p->tests[i];
        char base[600], name[620];
        if (plan) {
            snprintf(base, sizeof(base), "data/%s", plan->tests[i].name);
            if (export_test_yaml(dir, plan, &plan->tests[i], err, errlen) < 0)
                return -1;
        } else {
            snprintf(base, sizeof(base), "data/%s/%03u", t->is_sample ? "sample" : "secret",
                     t->is_sample ? ++sample : ++secret);
            /* A visible test ("visibleTests") is a test with full feedback. */
            snprintf(name, sizeof(name), "%s.yaml", base);
            if (t->visible && export_text(dir, name, "full_feedback: true\n", err, errlen) < 0)
                return -1;
        }
        snprintf(name, sizeof(name), "%s.in", base);
        if (export_text(dir, name, t->input, err, errlen) < 0)
            return -1;
        snprintf(name, sizeof(name), "%s.ans", base);
        if (export_text(dir, name, t->output, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* Files of a plan (its validator, its included code) under top/. */
static int export_files(const char *dir, const char *top, const struct plan_files *f, char *err,
                        size_t errlen)
{
    for (size_t i = 0; i < f->n; i++) {
        char name[600];
        snprintf(name, sizeof(name), "%s/%s", top, f->v[i].name);
        if (export_write(dir, name, f->v[i].text, f->v[i].len, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* data/<group>/test_group.yaml: its scoring (as far as 2025-09 says it),
 * and for secret the input validators' arguments. */
static int export_group(const char *dir, const struct plan *plan, const struct plan_group *gr,
                        char *err, size_t errlen)
{
    struct buf b;
    buf_init(&b);
    if (plan->scoring) {
        buf_printf(&b, "score_aggregation: %s\n", gr->aggregation == PLAN_AGG_MIN ? "min" : "sum");
        /* A legacy group's range bounds its score as 2025-09's max_score. */
        double max = gr->max_score >= 0 ? gr->max_score : gr->range_max;
        if (max >= 0 && isfinite(max))
            buf_printf(&b, "max_score: %g\n", max);
        else if (strcmp(gr->name, "secret") != 0)
            fprintf(stderr,
                    "verdict problems export: warning: data/%s: no maximum score 2025-09 can "
                    "say\n",
                    gr->name);
        if (gr->n_require_pass) {
            buf_puts(&b, "require_pass: ");
            yaml_list(&b, gr->require_pass, gr->n_require_pass);
            buf_puts(&b, "\n");
        }
    }
    if (strcmp(gr->name, "secret") == 0 && plan->ninput_validators > 0)
        export_input_args(plan, 0, false, &b);
    char name[600];
    snprintf(name, sizeof(name), "data/%s/test_group.yaml", gr->name);
    int rc = b.len ? export_text(dir, name, b.data, err, errlen) : 0;
    buf_dispose(&b);
    return rc;
}

/* A packaged problem's groups, its output validator, its included code and
 * its input validators. */
static int export_plan(const char *dir, const struct plan *plan, char *err, size_t errlen)
{
    for (size_t g = 1; g < plan->ngroups; g++) {
        const struct plan_group *gr = &plan->groups[g];
        if (strcmp(gr->name, "sample") == 0) /* scores nothing in 2025-09 */
            continue;
        if (strchr(gr->name, '/') != strrchr(gr->name, '/')) {
            fprintf(stderr,
                    "verdict problems export: warning: data/%s: a group inside a group "
                    "(2025-09 has none): its tests count in the group above it\n",
                    gr->name);
            continue;
        }
        if (export_group(dir, plan, gr, err, errlen) < 0)
            return -1;
    }
    for (size_t i = 0; i < plan->ninput_validators; i++) {
        const struct plan_input_validator *v = &plan->input_validators[i];
        int rc =
            v->dir ? export_files(dir, v->path, &v->files, err, errlen)
                   : export_write(dir, v->path, v->files.v[0].text, v->files.v[0].len, err, errlen);
        if (rc < 0)
            return -1;
    }
    if (plan->validator && export_files(dir, "output_validator", plan->validator, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < plan->ninclude; i++) {
        char top[128];
        snprintf(top, sizeof(top), "include/%s", plan->include[i].language);
        if (export_files(dir, top, &plan->include[i], err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* The checker: the default validator's arguments on both groups, or the
 * custom checker as an output validator of its own. */
static int export_checker(const char *dir, const struct catalog_problem *p, char *err,
                          size_t errlen)
{
    if (p->checker && strcmp(p->checker, "exact") == 0)
        return export_text(dir, "output_validator/validate.c", export_exact, err, errlen);
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
    struct plan *plan = NULL;
    if (p->judging) {
        char why[256];
        plan = plan_parse(p->judging, strlen(p->judging), p->ntests, why, sizeof(why));
        if (plan == NULL) {
            snprintf(err, errlen, "the problem's judging plan: %s", why);
            return -1;
        }
    }
    int rc = -1;
    if (export_programs(dir, p->programs, p->nprograms, err, errlen) < 0 ||
        export_problem_yaml(dir, p, plan, err, errlen) < 0 ||
        export_statement(dir, p, err, errlen) < 0 || export_tests(dir, p, plan, err, errlen) < 0)
        goto out;
    /* A packaged problem's checking is its plan's (each test carries the
     * default validator's flags, or the plan has its validator). */
    rc = plan ? export_plan(dir, plan, err, errlen) : export_checker(dir, p, err, errlen);
out:
    plan_free(plan);
    return rc;
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
    /* A Kattis package has no function problems: its submissions read stdin
     * and write stdout, and the function, its driver and its JSON comparison
     * would not survive the trip (README.md "Function problems"). */
    if (p.function != NULL) {
        snprintf(err, sizeof(err),
                 "%s is a function problem: the Kattis package format has none (its programs "
                 "read stdin); nothing written",
                 id);
        goto out;
    }
    if (lstat(final, &st) == 0) {
        snprintf(err, sizeof(err), "%s exists: export writes a new directory", final);
        goto out;
    }
    if (fs_mkdir_p(out_dir, 0755) < 0 || fs_mkdtemp(tmp, 0755) < 0) {
        snprintf(err, sizeof(err), "%s: %s", out_dir, strerror(errno));
        goto out;
    }
    if (export_package(tmp, &p, err, sizeof(err)) < 0 || rename(tmp, final) < 0) {
        if (err[0] == '\0')
            snprintf(err, sizeof(err), "%s: %s", final, strerror(errno));
        (void)fs_remove_tree(tmp);
        goto out;
    }
    size_t programs = 0; /* submissions.yaml is kept among them, with no folder */
    for (size_t i = 0; i < p.nprograms; i++)
        programs += p.programs[i].folder[0] != '\0';
    printf("%s: exported to %s (%zu tests, %zu example programs)\n", id, final, p.ntests, programs);
    rc = 0;
out:
    if (rc < 0)
        fprintf(stderr, "verdict problems export: %s\n", err);
    catalog_problem_dispose(&p);
    catalog_close(c);
    return rc < 0 ? 1 : 0;
}
