/* The rules of an authored problem, shared by every way of writing one: the
 * directory layout read through a problem_source, problem.json's fields, the
 * whole-problem checks, and the PUT route's JSON form. */
#include "judge/problem.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "contract/ids.h"
#include "judge/checker.h"
#include "judge/signature.h"
#include "judge/starter.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text rules of every file: no NUL byte, valid UTF-8. */
static bool problem_text_valid(const char *s, size_t len)
{
    return memchr(s, '\0', len) == NULL && utf8_valid(s, len);
}

bool problem_statement_valid(const char *s, size_t len)
{
    return len >= 2 && strncmp(s, "# ", 2) == 0 && problem_text_valid(s, len);
}

/* Reads one text file of src; NULL with a reason in err. */
static char *problem_read(const struct problem_source *src, const char *name, char *err,
                          size_t errlen)
{
    size_t len;
    char *text = src->read(src->ctx, name, &len, err, errlen);
    if (text != NULL && !problem_text_valid(text, len)) {
        snprintf(err, errlen, "%s/%s: not UTF-8 text", src->label, name);
        free(text);
        return NULL;
    }
    return text;
}

/* The signature of a function problem, from p->function (written by
 * problem_meta(), so it parses). Returns false for a stdin/stdout problem. */
static bool problem_signature(const struct catalog_problem *p, struct signature *s)
{
    if (p->function == NULL)
        return false;
    cJSON *json = cJSON_Parse(p->function);
    char why[256];
    int rc = signature_parse(json, s, why, sizeof(why));
    cJSON_Delete(json);
    return rc == 0;
}

/* A function problem's test: its input fits the parameters, its output the
 * return type (judge/signature.h), so that the drivers never meet bad data.
 * in_name and out_name label the error: "problems/x/tests/03.in: line 2
 * (target): expected an int, got a string". */
static int problem_check_test(const struct catalog_problem *p, const struct catalog_test *t,
                              const char *in_name, const char *out_name, char *err, size_t errlen)
{
    struct signature s;
    if (!problem_signature(p, &s))
        return 0;
    char why[512];
    if (signature_check_input(&s, t->input, strlen(t->input), why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", in_name, why);
        return -1;
    }
    if (signature_check_output(&s, t->output, strlen(t->output), why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", out_name, why);
        return -1;
    }
    return 0;
}

/* Appends the NN.in/NN.out pairs of sub to p->tests, in name order. A
 * missing or empty sub is an error; so is an .in without its .out, and a
 * function problem's test that does not fit its signature. */
static int problem_load_tests(const struct problem_source *src, const char *sub, bool sample,
                              struct catalog_problem *p, char *err, size_t errlen)
{
    char **names = NULL;
    size_t n = 0;
    if (src->list_inputs(src->ctx, sub, &names, &n, err, errlen) < 0)
        return -1;
    int rc = 0;
    if (n == 0) {
        snprintf(err, errlen, "%s/%s: no NN.in files", src->label, sub);
        rc = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (p->ntests >= PROBLEM_TESTS_MAX) {
            snprintf(err, errlen, "%s: more than %d tests", src->label, PROBLEM_TESTS_MAX);
            rc = -1;
            break;
        }
        char in[600], out[600];
        snprintf(in, sizeof(in), "%s/%s.in", sub, names[i]);
        snprintf(out, sizeof(out), "%s/%s.out", sub, names[i]);
        char *input = problem_read(src, in, err, errlen);
        char *output = input ? problem_read(src, out, err, errlen) : NULL;
        if (output == NULL) {
            free(input);
            rc = -1;
            break;
        }
        p->tests = xrealloc(p->tests, (p->ntests + 1) * sizeof(*p->tests));
        p->tests[p->ntests++] = (struct catalog_test){sample, input, output, false};
        char in_name[1200], out_name[1200];
        snprintf(in_name, sizeof(in_name), "%s/%s", src->label, in);
        snprintf(out_name, sizeof(out_name), "%s/%s", src->label, out);
        if (problem_check_test(p, &p->tests[p->ntests - 1], in_name, out_name, err, errlen) < 0)
            rc = -1;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int json_int(const cJSON *root, const char *name, int min, int max, bool partial, int *out,
                    const char *where, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (v == NULL && partial)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < min || v->valuedouble > max ||
        v->valuedouble != (double)(int)v->valuedouble) {
        snprintf(err, errlen, "%s: '%s' must be an integer in [%d, %d]", where, name, min, max);
        return -1;
    }
    *out = (int)v->valuedouble;
    return 0;
}

static bool difficulty_valid(const char *s)
{
    return strcmp(s, "easy") == 0 || strcmp(s, "medium") == 0 || strcmp(s, "hard") == 0;
}

/* The checker field's rule: one checker_parse() takes, but "validator",
 * which names a package's own output validator that only a judging plan
 * brings (judge/plan.h): never one of ours. A function problem's checker
 * compares the returned JSON value (json, unordered, float:EPS) or hands it
 * to the problem's own (custom); json and unordered need a function. PATCH
 * (partial) does not know whether the problem has one: sql/011's trigger
 * holds it to the same rule. */
static int problem_checker_check(const cJSON *checker, bool partial,
                                 const struct catalog_problem *p, const char *where, char *err,
                                 size_t errlen)
{
    struct checker kind;
    if (checker == NULL)
        return 0;
    if (!cJSON_IsString(checker) || checker_parse(checker->valuestring, &kind) < 0 ||
        kind.kind == CHECKER_VALIDATOR) {
        snprintf(err, errlen,
                 "%s: 'checker' must be tokens, exact, float:EPS (0 <= EPS < 1) or custom (a "
                 "function problem's: json, unordered, float:EPS or custom)",
                 where);
        return -1;
    }
    bool json = kind.kind == CHECKER_JSON || kind.kind == CHECKER_UNORDERED;
    if (!partial && p->function == NULL && json) {
        snprintf(err, errlen, "%s: 'checker' %s needs a function problem (\"function\")", where,
                 checker->valuestring);
        return -1;
    }
    if (!partial && p->function != NULL && !json && kind.kind != CHECKER_FLOAT &&
        kind.kind != CHECKER_CUSTOM) {
        snprintf(err, errlen,
                 "%s: a function problem's 'checker' must be json, unordered, float:EPS or custom",
                 where);
        return -1;
    }
    return 0;
}

/* The string fields of problem.json: title, difficulty, checker. */
static int problem_meta_strings(const cJSON *root, bool partial, struct catalog_problem *p,
                                const char *where, char *err, size_t errlen)
{
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    const cJSON *diff = cJSON_GetObjectItemCaseSensitive(root, "difficulty");
    const cJSON *checker = cJSON_GetObjectItemCaseSensitive(root, "checker");
    if ((title || !partial) &&
        (!cJSON_IsString(title) || title->valuestring[0] == '\0' ||
         strlen(title->valuestring) > 200 ||
         !problem_text_valid(title->valuestring, strlen(title->valuestring)))) {
        snprintf(err, errlen, "%s: 'title' must be a string of 1-200 bytes", where);
        return -1;
    }
    if ((diff || !partial) && (!cJSON_IsString(diff) || !difficulty_valid(diff->valuestring))) {
        snprintf(err, errlen, "%s: 'difficulty' must be easy, medium or hard", where);
        return -1;
    }
    if (problem_checker_check(checker, partial, p, where, err, errlen) < 0)
        return -1;
    if (title)
        p->title = xstrdup(title->valuestring);
    if (diff)
        p->difficulty = xstrdup(diff->valuestring);
    /* A function problem compares returned values as JSON by default. */
    if (checker || !partial)
        p->checker = xstrdup(checker ? checker->valuestring : p->function ? "json" : "tokens");
    return 0;
}

/* A function problem's "function" (judge/signature.h) into p->function, as
 * signature_to_json() writes it back. PATCH cannot change it: the tests must
 * fit it, and PUT brings them. */
static int problem_meta_function(const cJSON *root, bool partial, struct catalog_problem *p,
                                 const char *where, char *err, size_t errlen)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "function");
    if (f == NULL || (!partial && cJSON_IsNull(f)))
        return 0;
    if (partial) {
        snprintf(err, errlen,
                 "%s: 'function' cannot be patched: PUT the whole problem (its tests must fit "
                 "the signature)",
                 where);
        return -1;
    }
    struct signature s;
    char why[256];
    if (signature_parse(f, &s, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", where, why);
        return -1;
    }
    cJSON *json = signature_to_json(&s);
    p->function = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    if (p->function == NULL) {
        snprintf(err, errlen, "%s: out of memory writing 'function'", where);
        return -1;
    }
    return 0;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* "visibleTests": the hidden tests (1-based, in their order) whose data a
 * failed submission is shown, as a sample's is; into p->visible_tests as
 * a sorted array without repeats. Whether each exists is problem_finish()'s
 * (and for a PATCH, sql/014's) to say. */
static int problem_meta_visible(const cJSON *root, struct catalog_problem *p, const char *where,
                                char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "visibleTests");
    if (v == NULL)
        return 0;
    int n = cJSON_GetArraySize(v), *nums = xcalloc((size_t)n + 1, sizeof(*nums)), k = 0;
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next, k++) {
        if (!cJSON_IsNumber(e) || e->valuedouble < 1 || e->valuedouble > PROBLEM_TESTS_MAX ||
            e->valuedouble != (double)(int)e->valuedouble)
            break;
        nums[k] = (int)e->valuedouble;
    }
    if (!cJSON_IsArray(v) || k != n) {
        free(nums);
        snprintf(err, errlen,
                 "%s: 'visibleTests' must be an array of hidden test numbers (1-%d: the first "
                 "hidden test is 1)",
                 where, PROBLEM_TESTS_MAX);
        return -1;
    }
    qsort(nums, (size_t)n, sizeof(*nums), int_cmp);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "[");
    for (int i = 0, out = 0; i < n; i++)
        if (i == 0 || nums[i] != nums[i - 1])
            buf_printf(&b, "%s%d", out++ ? "," : "", nums[i]);
    buf_puts(&b, "]");
    free(nums);
    p->visible_tests = buf_steal(&b);
    return 0;
}

/* Sets the visible flag of each hidden test p->visible_tests names; a
 * number past the hidden tests is an error. */
static int problem_apply_visible(struct catalog_problem *p, char *err, size_t errlen)
{
    if (p->visible_tests == NULL)
        return 0;
    size_t samples = 0;
    while (samples < p->ntests && p->tests[samples].is_sample)
        samples++;
    cJSON *v = cJSON_Parse(p->visible_tests);
    int rc = 0;
    for (const cJSON *e = v ? v->child : NULL; e && rc == 0; e = e->next) {
        size_t k = (size_t)e->valueint;
        if (k > p->ntests - samples) {
            snprintf(err, errlen, "'visibleTests': no hidden test %zu (there are %zu)", k,
                     p->ntests - samples);
            rc = -1;
        } else {
            p->tests[samples + k - 1].visible = true;
        }
    }
    cJSON_Delete(v);
    return rc;
}

int problem_meta(const cJSON *root, bool partial, struct catalog_problem *p, const char *where,
                 char *err, size_t errlen)
{
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: not a JSON object", where);
        return -1;
    }
    if (problem_meta_function(root, partial, p, where, err, errlen) < 0 ||
        problem_meta_strings(root, partial, p, where, err, errlen) < 0 ||
        problem_meta_visible(root, p, where, err, errlen) < 0)
        return -1;
    if (json_int(root, "timeLimitMs", 1, 60000, partial, &p->time_limit_ms, where, err, errlen) <
            0 ||
        json_int(root, "memoryLimitMb", 1, 4096, partial, &p->memory_limit_mb, where, err, errlen) <
            0 ||
        json_int(root, "outputLimitKb", 1, 1048576, partial, &p->output_limit_kb, where, err,
                 errlen) < 0)
        return -1;
    return 0;
}

/* FNV-1a over every field: enough to tell whether a write changed anything. */
static uint64_t fnv(uint64_t h, const char *s)
{
    for (;; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
        if (*s == '\0')
            return h;
    }
}

static void problem_hash(struct catalog_problem *p)
{
    uint64_t h = 1469598103934665603ull;
    const char *fields[] = {p->title,
                            p->difficulty,
                            p->statement,
                            p->checker,
                            p->checker_source ? p->checker_source : "",
                            p->judging ? p->judging : "",
                            p->shown ? p->shown : "",
                            p->function ? p->function : ""};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        h = fnv(h, fields[i]);
    int nums[3] = {p->time_limit_ms, p->memory_limit_mb, p->output_limit_kb};
    for (int i = 0; i < 3; i++)
        h = (h ^ (uint64_t)nums[i]) * 1099511628211ull;
    for (size_t t = 0; t < p->ntests; t++) {
        h = (h ^ (p->tests[t].is_sample ? 1u : p->tests[t].visible ? 3u : 2u)) * 1099511628211ull;
        h = fnv(fnv(h, p->tests[t].input), p->tests[t].output);
    }
    /* The statement's images: name, then every byte (they may hold NULs). */
    for (size_t i = 0; i < p->nfiles; i++) {
        h = fnv(h, p->files[i].name);
        for (size_t k = 0; k < p->files[i].len; k++)
            h = (h ^ (unsigned char)p->files[i].data[k]) * 1099511628211ull;
    }
    snprintf(p->hash, sizeof(p->hash), "%016llx", (unsigned long long)h);
}

int problem_finish(struct catalog_problem *p, char *err, size_t errlen)
{
    if (p->ntests == 0) {
        snprintf(err, errlen, "a problem needs at least one test");
        return -1;
    }
    if (p->ntests > PROBLEM_TESTS_MAX) {
        snprintf(err, errlen, "more than %d tests", PROBLEM_TESTS_MAX);
        return -1;
    }
    bool custom = strcmp(p->checker, "custom") == 0;
    if (custom && (p->checker_source == NULL || p->checker_source[0] == '\0')) {
        snprintf(err, errlen, "a custom checker needs its source (checker.c, checkerSource)");
        return -1;
    }
    if (!custom) {
        free(p->checker_source);
        p->checker_source = NULL;
    }
    if (problem_apply_visible(p, err, errlen) < 0)
        return -1;
    free(p->templates);
    p->templates = NULL;
    struct signature s;
    if (problem_signature(p, &s)) {
        cJSON *all = starter_all(&s);
        p->templates = cJSON_PrintUnformatted(all);
        cJSON_Delete(all);
    }
    problem_hash(p);
    return 0;
}

int problem_load(const struct problem_source *src, const char *id, struct catalog_problem *p,
                 char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    if (!ids_problem_valid(id, strlen(id))) {
        snprintf(err, errlen, "%s: the directory name must be a problem id: " IDS_PROBLEM_RULE,
                 src->label);
        return -1;
    }
    p->id = xstrdup(id);
    char where[512];
    p->statement = problem_read(src, "statement.md", err, errlen);
    if (p->statement == NULL)
        goto fail;
    if (strncmp(p->statement, "# ", 2) != 0) {
        snprintf(err, errlen, "%s/statement.md: the first line must be \"# Title\"", src->label);
        goto fail;
    }
    char *text = problem_read(src, "problem.json", err, errlen);
    if (text == NULL)
        goto fail;
    cJSON *root = cJSON_Parse(text);
    free(text);
    snprintf(where, sizeof(where), "%s/problem.json", src->label);
    int rc = problem_meta(root, false, p, where, err, errlen);
    cJSON_Delete(root);
    if (rc < 0)
        goto fail;
    if (strcmp(p->checker, "custom") == 0 &&
        (p->checker_source = problem_read(src, "checker.c", err, errlen)) == NULL)
        goto fail;
    if (problem_load_tests(src, "samples", true, p, err, errlen) < 0 ||
        problem_load_tests(src, "tests", false, p, err, errlen) < 0)
        goto fail;
    if (problem_finish(p, err, errlen) < 0)
        goto fail;
    return 0;
fail:
    catalog_problem_dispose(p);
    return -1;
}

/* Appends the {input, output} objects of arr (a JSON array) to p->tests. */
static int problem_json_tests(const cJSON *root, const char *name, bool sample,
                              struct catalog_problem *p, char *err, size_t errlen)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, name);
    if (arr == NULL && sample)
        return 0; /* samples are optional in JSON: tests may be all hidden */
    if (!cJSON_IsArray(arr)) {
        snprintf(err, errlen, "'%s' must be an array of {\"input\", \"output\"}", name);
        return -1;
    }
    int i = 0;
    for (const cJSON *t = arr->child; t; t = t->next, i++) {
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(t, "input");
        const cJSON *out = cJSON_GetObjectItemCaseSensitive(t, "output");
        if (!cJSON_IsString(in) || !cJSON_IsString(out) ||
            !problem_text_valid(in->valuestring, strlen(in->valuestring)) ||
            !problem_text_valid(out->valuestring, strlen(out->valuestring))) {
            snprintf(err, errlen, "%s[%d]: 'input' and 'output' must be UTF-8 strings", name, i);
            return -1;
        }
        if (p->ntests >= PROBLEM_TESTS_MAX) {
            snprintf(err, errlen, "more than %d tests", PROBLEM_TESTS_MAX);
            return -1;
        }
        p->tests = xrealloc(p->tests, (p->ntests + 1) * sizeof(*p->tests));
        p->tests[p->ntests++] = (struct catalog_test){sample, xstrdup(in->valuestring),
                                                      xstrdup(out->valuestring), false};
        char in_name[64], out_name[64];
        snprintf(in_name, sizeof(in_name), "%s[%d].input", name, i);
        snprintf(out_name, sizeof(out_name), "%s[%d].output", name, i);
        if (problem_check_test(p, &p->tests[p->ntests - 1], in_name, out_name, err, errlen) < 0)
            return -1;
    }
    if (!sample && i == 0) {
        snprintf(err, errlen, "'tests' must hold at least one test");
        return -1;
    }
    return 0;
}

int problem_from_json(const cJSON *root, const char *id, struct catalog_problem *p, char *err,
                      size_t errlen)
{
    memset(p, 0, sizeof(*p));
    p->id = xstrdup(id);
    if (problem_meta(root, false, p, "body", err, errlen) < 0)
        goto fail;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "statement");
    if (!cJSON_IsString(st) || !problem_statement_valid(st->valuestring, strlen(st->valuestring))) {
        snprintf(err, errlen, "'statement' must be UTF-8 Markdown whose first line is \"# Title\"");
        goto fail;
    }
    p->statement = xstrdup(st->valuestring);
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "checkerSource");
    if (src != NULL && !cJSON_IsNull(src)) {
        if (!cJSON_IsString(src) ||
            !problem_text_valid(src->valuestring, strlen(src->valuestring))) {
            snprintf(err, errlen, "'checkerSource' must be a string of C source");
            goto fail;
        }
        p->checker_source = xstrdup(src->valuestring);
    }
    if (problem_json_tests(root, "samples", true, p, err, errlen) < 0 ||
        problem_json_tests(root, "tests", false, p, err, errlen) < 0 ||
        problem_finish(p, err, errlen) < 0)
        goto fail;
    return 0;
fail:
    catalog_problem_dispose(p);
    return -1;
}
