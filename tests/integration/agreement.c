/* The api, the worker and the importer agree on the submission contract: one
 * table of edge cases (contract_cases.tsv, beside this file), each row run
 * through every entry point that takes its kind of value, each asserting the
 * row's verdict. The same body bytes go to the api's intake and the worker's
 * job reader, as a tutorial job would: what one accepts, the other must.
 * It joins three layers' entry points, so it is an integration test (linked
 * with the whole program), though it needs no server. */
#include "api/intake.h"
#include "cli/problem_dir.h"
#include "contract/job.h"
#include "judge/checker.h"
#include "judge/lang.h"
#include "store/catalog.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ROWS 200

struct row {
    int line;
    char kind[16];
    bool ok;
    char raw[160];     /* the value as a JSON string, as written */
    char decoded[160]; /* what a JSON reader makes of it (cut at a NUL) */
    bool has_nul;      /* raw holds an escaped NUL */
};

static struct row rows[MAX_ROWS];
static size_t nrows;
static char root[64];

/* Reads the table beside this file (__FILE__ is the absolute path CMake
 * compiles it by). */
static void rows_load(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", __FILE__);
    char *slash = strrchr(path, '/');
    cr_assert_not_null(slash, "%s", __FILE__);
    snprintf(slash + 1, sizeof(path) - (size_t)(slash + 1 - path), "contract_cases.tsv");
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[512];
    for (int n = 1; fgets(line, sizeof(line), f); n++) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        cr_assert_lt(nrows, MAX_ROWS);
        struct row *r = &rows[nrows++];
        char verdict[16];
        r->line = n;
        cr_assert_eq(sscanf(line, "%15[a-z]\t%15[a-z]\t%159[^\n]", r->kind, verdict, r->raw), 3,
                     "line %d: %s", n, line);
        cr_assert(strcmp(verdict, "ok") == 0 || strcmp(verdict, "refused") == 0, "line %d", n);
        r->ok = strcmp(verdict, "ok") == 0;
        cJSON *v = cJSON_Parse(r->raw);
        cr_assert(cJSON_IsString(v), "line %d: the value must be a JSON string", n);
        snprintf(r->decoded, sizeof(r->decoded), "%s", v->valuestring);
        cJSON_Delete(v);
        r->has_nul = strstr(r->raw, "\\u0000") != NULL;
    }
    fclose(f);
    cr_assert_gt(nrows, 50);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void setup(void)
{
    rows_load();
    snprintf(root, sizeof(root), "/tmp/verdict-agreement-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
    nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(agreement, .init = setup, .fini = teardown);

/* A body with the row's value in its field and good values in the others. */
static void body_of(const struct row *r, char *out, size_t size)
{
    const char *user = "\"alice\"", *problem = "\"a-plus-b\"", *lang = "\"c\"";
    if (strcmp(r->kind, "user") == 0)
        user = r->raw;
    else if (strcmp(r->kind, "problem") == 0)
        problem = r->raw;
    else if (strcmp(r->kind, "language") == 0)
        lang = r->raw;
    snprintf(out, size,
             "{\"userId\":%s,\"problemId\":%s,\"language\":%s,\"code\":\"int main(void){}\"}", user,
             problem, lang);
}

/* POST /api/submissions: the api's intake. */
static bool api_accepts(const char *body)
{
    struct intake in;
    char err[256];
    int status = intake_parse(body, strlen(body), true, 64 << 10, &in, err, sizeof(err));
    intake_dispose(&in);
    return status == 0;
}

/* The worker: the job reader, then what the worker asks of a job's language
 * before judging it (worker/slot.c). */
static bool worker_accepts(const char *body)
{
    struct job j;
    char reason[256];
    bool ok =
        job_parse(body, strlen(body), 4 << 20, 256 << 10, &j, reason, sizeof(reason)) == JOB_OK;
    const struct lang *l = ok ? lang_find(j.language) : NULL;
    ok = l != NULL && lang_installed(l);
    job_dispose(&j);
    return ok;
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* A complete problem in dir, its checker as written (a JSON string). */
static void problem_make(const char *dir, const char *checker)
{
    char path[4096], json[512];
    cr_assert_eq(mkdir(dir, 0700), 0, "%s", dir);
    put(dir, "statement.md", "# Echo\n\nPrint the input.\n");
    snprintf(json, sizeof(json),
             "{\"title\": \"Echo\", \"difficulty\": \"easy\", \"timeLimitMs\": 1000, "
             "\"memoryLimitMb\": 64, \"outputLimitKb\": 64, \"checker\": %s}",
             checker);
    put(dir, "problem.json", json);
    put(dir, "checker.c", "int main(void) { return 0; }\n");
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, i ? "tests" : "samples");
        cr_assert_eq(mkdir(path, 0700), 0);
        put(path, "01.in", "1\n");
        put(path, "01.out", "1\n");
    }
}

/* verdict problems import: loading the directory, whose name is the id. */
static bool importer_accepts(const char *dir, char *err, size_t errlen)
{
    struct catalog_problem p;
    int rc = problem_dir_load(dir, &p, err, errlen);
    if (rc == 0)
        catalog_problem_dispose(&p);
    return rc == 0;
}

/* Every row of kind, in the same body, through the api and the worker. */
static void bodies_agree(const char *kind)
{
    int n = 0;
    for (size_t i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        if (strcmp(r->kind, kind) != 0)
            continue;
        char body[512];
        body_of(r, body, sizeof(body));
        cr_expect_eq(api_accepts(body), r->ok, "api, line %d: %s", r->line, r->raw);
        cr_expect_eq(worker_accepts(body), r->ok, "worker, line %d: %s", r->line, r->raw);
        n++;
    }
    cr_assert_gt(n, 5, "rows of kind %s", kind);
}

Test(agreement, user_ids)
{
    bodies_agree("user");
}

Test(agreement, languages_and_aliases)
{
    bodies_agree("language");
}

Test(agreement, problem_ids)
{
    bodies_agree("problem");
    for (size_t i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        if (strcmp(r->kind, "problem") != 0)
            continue;
        /* A directory name holds no '/' and no NUL: those ids never reach
         * the importer as a name. "" and ".." do, as root/ and root/.. */
        if (strchr(r->decoded, '/') || r->has_nul)
            continue;
        char dir[4096], err[1024] = "";
        snprintf(dir, sizeof(dir), "%s/%s", root, r->decoded);
        bool real = r->decoded[0] && strcmp(r->decoded, "..") != 0;
        if (real)
            problem_make(dir, "\"tokens\"");
        bool ok = importer_accepts(dir, err, sizeof(err));
        cr_expect_eq(ok, r->ok, "importer, line %d: %s: %s", r->line, r->raw, err);
        if (!ok && r->ok == false)
            cr_expect(strstr(err, "directory name") != NULL, "line %d: %s", r->line, err);
    }
}

Test(agreement, checker_names)
{
    int n = 0;
    for (size_t i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        if (strcmp(r->kind, "checker") != 0)
            continue;
        /* The worker reads the name PostgreSQL holds, which can hold no NUL. */
        cr_assert_not(r->has_nul, "line %d", r->line);
        struct checker c;
        cr_expect_eq(checker_parse(r->decoded, &c) == 0, r->ok, "worker, line %d: %s", r->line,
                     r->raw);
        char dir[4096], err[1024] = "";
        snprintf(dir, sizeof(dir), "%s/checker-%d", root, n++);
        problem_make(dir, r->raw);
        bool ok = importer_accepts(dir, err, sizeof(err));
        cr_expect_eq(ok, r->ok, "importer, line %d: %s: %s", r->line, r->raw, err);
        if (!ok && r->ok == false)
            cr_expect(strstr(err, "'checker'") != NULL, "line %d: %s", r->line, err);
    }
}
