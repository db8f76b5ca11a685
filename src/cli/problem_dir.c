/* Loads a problem directory: statement.md, problem.json, samples/, tests/,
 * checker.c; checks every field so a broken problem changes nothing. */
#include "cli/problem_dir.h"

#include "common/alloc.h"
#include "common/utf8.h"
#include "contract/ids.h"
#include "judge/checker.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILE_MAX (64u << 20)
#define MAX_TESTS 1000

/* Reads a whole text file; NULL with a reason in err. */
static char *read_text(const char *path, size_t *len_out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct buf_s {
        char *p;
        size_t len, cap;
    } b = {NULL, 0, 0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (b.len + n > FILE_MAX) {
            snprintf(err, errlen, "%s: larger than %u MiB", path, FILE_MAX >> 20);
            goto fail;
        }
        if (b.len + n + 1 > b.cap) {
            b.cap = (b.len + n + 1) * 2;
            b.p = xrealloc(b.p, b.cap);
        }
        memcpy(b.p + b.len, chunk, n);
        b.len += n;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    if (b.p == NULL)
        b.p = xstrdup("");
    b.p[b.len] = '\0';
    if (memchr(b.p, '\0', b.len) || !utf8_valid(b.p, b.len)) {
        snprintf(err, errlen, "%s: not UTF-8 text", path);
        free(b.p);
        return NULL;
    }
    if (len_out)
        *len_out = b.len;
    return b.p;
fail:
    fclose(f);
    free(b.p);
    return NULL;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the NN.in/NN.out pairs of sub (sorted by name) to p->tests. A
 * missing samples/ is an error; so is an .in without its .out. */
static int load_tests(const char *dir, const char *sub, bool sample, struct catalog_problem *p,
                      char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    DIR *d = opendir(path);
    if (d == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 3 && strcmp(e->d_name + l - 3, ".in") == 0) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrndup(e->d_name, l - 3);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    int rc = 0;
    if (n == 0) {
        snprintf(err, errlen, "%s: no NN.in files", path);
        rc = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (p->ntests >= MAX_TESTS) {
            snprintf(err, errlen, "%s: more than %d tests", dir, MAX_TESTS);
            rc = -1;
            break;
        }
        char in[4200], out[4200];
        snprintf(in, sizeof(in), "%s/%s.in", path, names[i]);
        snprintf(out, sizeof(out), "%s/%s.out", path, names[i]);
        char *input = read_text(in, NULL, err, errlen);
        char *output = input ? read_text(out, NULL, err, errlen) : NULL;
        if (output == NULL) {
            free(input);
            rc = -1;
            break;
        }
        p->tests = xrealloc(p->tests, (p->ntests + 1) * sizeof(*p->tests));
        p->tests[p->ntests++] = (struct catalog_test){sample, input, output};
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int json_int(const cJSON *root, const char *name, int min, int max, int *out,
                    const char *path, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
        v->valuedouble < min || v->valuedouble > max) {
        snprintf(err, errlen, "%s: '%s' must be an integer in [%d, %d]", path, name, min, max);
        return -1;
    }
    *out = (int)v->valuedouble;
    return 0;
}

static int load_meta(const char *dir, struct catalog_problem *p, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/problem.json", dir);
    char *text = read_text(path, NULL, err, errlen);
    if (text == NULL)
        return -1;
    cJSON *root = cJSON_Parse(text);
    free(text);
    int rc = -1;
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: not a JSON object", path);
        goto out;
    }
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    const cJSON *diff = cJSON_GetObjectItemCaseSensitive(root, "difficulty");
    const cJSON *checker = cJSON_GetObjectItemCaseSensitive(root, "checker");
    if (!cJSON_IsString(title) || title->valuestring[0] == '\0' ||
        strlen(title->valuestring) > 200) {
        snprintf(err, errlen, "%s: 'title' must be a string of 1-200 bytes", path);
        goto out;
    }
    if (!cJSON_IsString(diff) ||
        (strcmp(diff->valuestring, "easy") && strcmp(diff->valuestring, "medium") &&
         strcmp(diff->valuestring, "hard"))) {
        snprintf(err, errlen, "%s: 'difficulty' must be easy, medium or hard", path);
        goto out;
    }
    struct checker kind;
    if (checker != NULL &&
        (!cJSON_IsString(checker) || checker_parse(checker->valuestring, &kind) < 0)) {
        snprintf(err, errlen,
                 "%s: 'checker' must be tokens, exact, float:EPS (0 <= EPS < 1) or custom", path);
        goto out;
    }
    if (json_int(root, "timeLimitMs", 1, 60000, &p->time_limit_ms, path, err, errlen) < 0 ||
        json_int(root, "memoryLimitMb", 1, 4096, &p->memory_limit_mb, path, err, errlen) < 0 ||
        json_int(root, "outputLimitKb", 1, 1048576, &p->output_limit_kb, path, err, errlen) < 0)
        goto out;
    p->title = xstrdup(title->valuestring);
    p->difficulty = xstrdup(diff->valuestring);
    p->checker = xstrdup(checker ? checker->valuestring : "tokens");
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

/* FNV-1a over every field: enough to tell whether an import changed anything. */
static void hash_problem(struct catalog_problem *p)
{
    uint64_t h = 1469598103934665603ull;
    const char *fields[] = {p->title, p->difficulty, p->statement, p->checker,
                            p->checker_source ? p->checker_source : ""};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        for (const char *s = fields[i];; s++) {
            h = (h ^ (unsigned char)*s) * 1099511628211ull;
            if (*s == '\0')
                break;
        }
    int nums[3] = {p->time_limit_ms, p->memory_limit_mb, p->output_limit_kb};
    for (int i = 0; i < 3; i++)
        h = (h ^ (uint64_t)nums[i]) * 1099511628211ull;
    for (size_t t = 0; t < p->ntests; t++) {
        h = (h ^ (p->tests[t].is_sample ? 1u : 2u)) * 1099511628211ull;
        const char *parts[2] = {p->tests[t].input, p->tests[t].output};
        for (int k = 0; k < 2; k++)
            for (const char *s = parts[k];; s++) {
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
                if (*s == '\0')
                    break;
            }
    }
    snprintf(p->hash, sizeof(p->hash), "%016llx", (unsigned long long)h);
}

int problem_dir_load(const char *dir, struct catalog_problem *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    const char *slash = strrchr(dir, '/');
    const char *id = slash ? slash + 1 : dir;
    if (!ids_problem_valid(id, strlen(id))) {
        snprintf(err, errlen, "%s: the directory name must be a problem id: " IDS_PROBLEM_RULE,
                 dir);
        return -1;
    }
    p->id = xstrdup(id);
    char path[4096];
    snprintf(path, sizeof(path), "%s/statement.md", dir);
    p->statement = read_text(path, NULL, err, errlen);
    if (p->statement == NULL)
        goto fail;
    if (strncmp(p->statement, "# ", 2) != 0) {
        snprintf(err, errlen, "%s: the first line must be \"# Title\"", path);
        goto fail;
    }
    if (load_meta(dir, p, err, errlen) < 0)
        goto fail;
    if (strcmp(p->checker, "custom") == 0) {
        snprintf(path, sizeof(path), "%s/checker.c", dir);
        p->checker_source = read_text(path, NULL, err, errlen);
        if (p->checker_source == NULL)
            goto fail;
    }
    if (load_tests(dir, "samples", true, p, err, errlen) < 0 ||
        load_tests(dir, "tests", false, p, err, errlen) < 0)
        goto fail;
    hash_problem(p);
    return 0;
fail:
    catalog_problem_dispose(p);
    return -1;
}
