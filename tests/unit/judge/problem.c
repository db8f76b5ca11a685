/* Tests of src/judge/problem.c: the rules every problem write goes through
 * (import, PUT, PATCH, zip), through a problem_source in memory. */
#include "judge/problem.h"

#include "common/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A directory in memory: name/content pairs, NULL-terminated. */
struct memdir {
    const char *const *files;
};

static char *mem_read(void *ctx, const char *name, size_t *len, char *err, size_t errlen)
{
    const struct memdir *d = ctx;
    for (const char *const *f = d->files; *f; f += 2)
        if (strcmp(f[0], name) == 0) {
            *len = strlen(f[1]);
            return xstrdup(f[1]);
        }
    snprintf(err, errlen, "mem/%s: missing", name);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int mem_list(void *ctx, const char *sub, char ***names, size_t *n, char *err, size_t errlen)
{
    const struct memdir *d = ctx;
    size_t sl = strlen(sub);
    *names = NULL;
    *n = 0;
    bool any = false;
    for (const char *const *f = d->files; *f; f += 2) {
        size_t l = strlen(f[0]);
        if (strncmp(f[0], sub, sl) != 0 || f[0][sl] != '/')
            continue;
        any = true;
        if (l > sl + 4 && strcmp(f[0] + l - 3, ".in") == 0) {
            *names = xrealloc(*names, (*n + 1) * sizeof(**names));
            (*names)[(*n)++] = xstrndup(f[0] + sl + 1, l - sl - 4);
        }
    }
    if (!any) {
        snprintf(err, errlen, "mem/%s: missing", sub);
        return -1;
    }
    qsort(*names, *n, sizeof(**names), cmp);
    return 0;
}

#define META                                                                                       \
    "{\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":1000,\"memoryLimitMb\":64,"          \
    "\"outputLimitKb\":64"

static int load(const char *const *files, struct catalog_problem *p, char *err)
{
    struct memdir d = {files};
    struct problem_source src = {"mem", mem_read, mem_list, &d};
    return problem_load(&src, "echo", p, err, 256);
}

Test(problem, loads_a_directory_in_order)
{
    const char *files[] = {"statement.md",
                           "# T\n",
                           "problem.json",
                           META "}",
                           "samples/01.in",
                           "1",
                           "samples/01.out",
                           "1",
                           "tests/02.in",
                           "b",
                           "tests/02.out",
                           "B",
                           "tests/01.in",
                           "a",
                           "tests/01.out",
                           "A",
                           NULL};
    struct catalog_problem p;
    char err[256];
    cr_assert_eq(load(files, &p, err), 0, "%s", err);
    cr_assert_eq(p.ntests, 3);
    cr_assert(p.tests[0].is_sample);
    cr_assert_str_eq(p.tests[1].input, "a");
    cr_assert_str_eq(p.tests[2].output, "B");
    cr_assert_str_eq(p.checker, "tokens");
    cr_assert_eq(strlen(p.hash), 16);
    catalog_problem_dispose(&p);
}

Test(problem, names_the_file_that_breaks_a_rule)
{
    const char *no_out[] = {"statement.md",
                            "# T\n",
                            "problem.json",
                            META "}",
                            "samples/01.in",
                            "1",
                            "tests/01.in",
                            "a",
                            NULL};
    const char *custom[] = {"statement.md", "# T\n", "problem.json",
                            META ",\"checker\":\"custom\"}", NULL};
    const char *bad_tl[] = {"statement.md", "# T\n", "problem.json",
                            "{\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":0}", NULL};
    const char *heading[] = {"statement.md", "T\n", NULL};
    const char *utf8[] = {"statement.md", "# T\n\xff", NULL};
    struct {
        const char *const *files;
        const char *word;
    } cases[] = {{no_out, "mem/samples/01.out"},
                 {custom, "mem/checker.c"},
                 {bad_tl, "timeLimitMs"},
                 {heading, "# Title"},
                 {utf8, "UTF-8"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct catalog_problem p;
        char err[256] = "";
        cr_assert_eq(load(cases[i].files, &p, err), -1, "case %zu", i);
        cr_assert(strstr(err, cases[i].word), "case %zu: %s", i, err);
        cr_assert_null(p.id);
    }
}

Test(problem, partial_meta_reads_only_what_is_there)
{
    cJSON *doc = cJSON_Parse("{\"timeLimitMs\": 2500}");
    struct catalog_problem p = {0};
    char err[256];
    cr_assert_eq(problem_meta(doc, true, &p, "body", err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(p.time_limit_ms, 2500);
    cr_assert_null(p.title);
    cr_assert_null(p.checker);
    cr_assert_eq(p.memory_limit_mb, 0);
    cJSON_Delete(doc);
    doc = cJSON_Parse("{\"checker\": \"float:1\"}");
    cr_assert_eq(problem_meta(doc, true, &p, "body", err, sizeof(err)), -1);
    cr_assert(strstr(err, "checker"), "%s", err);
    cJSON_Delete(doc);
    /* Only a package's plan brings an output validator. */
    doc = cJSON_Parse("{\"checker\": \"validator\"}");
    cr_assert_eq(problem_meta(doc, true, &p, "body", err, sizeof(err)), -1);
    cr_assert(strstr(err, "checker"), "%s", err);
    cJSON_Delete(doc);
    catalog_problem_dispose(&p);
}

Test(problem, json_form_needs_a_hidden_test_and_a_checker_source)
{
    const char *bodies[] = {
        "{"
        "\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":1,\"memoryLimitMb\":1,"
        "\"outputLimitKb\":1,\"statement\":\"# T\",\"tests\":[]}",
        "{"
        "\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":1,\"memoryLimitMb\":1,"
        "\"outputLimitKb\":1,\"statement\":\"# T\",\"checker\":\"custom\","
        "\"tests\":[{\"input\":\"1\",\"output\":\"1\"}]}",
        "{"
        "\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":1,\"memoryLimitMb\":1,"
        "\"outputLimitKb\":1,\"statement\":\"# T\",\"tests\":[{\"input\":1}]}",
    };
    const char *words[] = {"'tests'", "checker", "tests[0]"};
    for (size_t i = 0; i < 3; i++) {
        cJSON *doc = cJSON_Parse(bodies[i]);
        struct catalog_problem p;
        char err[256] = "";
        cr_assert_eq(problem_from_json(doc, "x", &p, err, sizeof(err)), -1, "case %zu", i);
        cr_assert(strstr(err, words[i]), "case %zu: %s", i, err);
        cJSON_Delete(doc);
    }
    cJSON *doc = cJSON_Parse("{"
                             "\"title\":\"T\",\"difficulty\":\"hard\",\"timeLimitMs\":1,"
                             "\"memoryLimitMb\":1,\"outputLimitKb\":1,\"statement\":\"# T\","
                             "\"tests\":[{\"input\":\"1\",\"output\":\"2\"}]}");
    struct catalog_problem p;
    char err[256] = "";
    cr_assert_eq(problem_from_json(doc, "x", &p, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(p.ntests, 1);
    cr_assert_not(p.tests[0].is_sample);
    catalog_problem_dispose(&p);
    cJSON_Delete(doc);
}

/* Function problems (issue 13): problem.json's "function", each test checked
 * against it with the file and the line named, the checkers it may have. */
#define FUNC                                                                                       \
    ",\"function\":{\"name\":\"twoSum\",\"params\":[{\"name\":\"nums\",\"type\":\"int[]\"},"       \
    "{\"name\":\"target\",\"type\":\"int\"}],\"returns\":\"int[]\"}"

Test(problem, a_function_problem_loads_with_its_signature_and_templates)
{
    const char *files[] = {"statement.md",
                           "# T\n",
                           "problem.json",
                           META FUNC "}",
                           "samples/01.in",
                           "[2,7,11,15]\n9\n",
                           "samples/01.out",
                           "[0,1]\n",
                           "tests/01.in",
                           "[]\n-5\n",
                           "tests/01.out",
                           "[]",
                           NULL};
    struct catalog_problem p;
    char err[256] = "";
    cr_assert_eq(load(files, &p, err), 0, "%s", err);
    cr_assert_str_eq(p.checker, "json", "a function problem compares JSON by default");
    cr_assert_not_null(p.function);
    cr_assert(strstr(p.function, "\"twoSum\""), "%s", p.function);
    cr_assert_not_null(p.templates);
    cJSON *t = cJSON_Parse(p.templates);
    const char *langs[] = {"c", "cpp", "python", "java", "javascript", "go", "rust"};
    for (size_t i = 0; i < 7; i++)
        cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, langs[i])), "%s", langs[i]);
    cr_assert(strstr(cJSON_GetObjectItemCaseSensitive(t, "rust")->valuestring, "two_sum"));
    cJSON_Delete(t);
    char hash[65];
    memcpy(hash, p.hash, sizeof(hash));
    catalog_problem_dispose(&p);
    /* The signature is part of the content: another one is another hash. */
    const char *other[] = {"statement.md",
                           "# T\n",
                           "problem.json",
                           META ",\"function\":{\"name\":\"twoSum\",\"params\":[{\"name\":"
                                "\"nums\",\"type\":\"int[]\"},{\"name\":\"target\",\"type\":"
                                "\"long\"}],\"returns\":\"int[]\"}}",
                           "samples/01.in",
                           "[2,7,11,15]\n9\n",
                           "samples/01.out",
                           "[0,1]\n",
                           "tests/01.in",
                           "[]\n-5\n",
                           "tests/01.out",
                           "[]",
                           NULL};
    cr_assert_eq(load(other, &p, err), 0, "%s", err);
    cr_assert_str_neq(p.hash, hash);
    catalog_problem_dispose(&p);
}

Test(problem, a_function_problem_test_that_does_not_fit_names_its_file_and_line)
{
    struct {
        const char *in, *out, *words[2];
    } cases[] = {
        {"[1,2]\n\"9\"\n", "[0,1]", {"mem/tests/01.in", "line 2 (target)"}},
        {"[1,2]\n", "[0,1]", {"mem/tests/01.in", "target"}},
        {"[1,2]\n3000000000\n", "[0,1]", {"mem/tests/01.in", "line 2"}},
        {"[1,2]\n3\n", "[0,\"x\"]", {"mem/tests/01.out", ""}},
        {"[1,2]\n3\n", "3", {"mem/tests/01.out", ""}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *files[] = {"statement.md",
                               "# T\n",
                               "problem.json",
                               META FUNC "}",
                               "samples/01.in",
                               "[1]\n1\n",
                               "samples/01.out",
                               "[]",
                               "tests/01.in",
                               cases[i].in,
                               "tests/01.out",
                               cases[i].out,
                               NULL};
        struct catalog_problem p;
        char err[256] = "";
        cr_assert_eq(load(files, &p, err), -1, "case %zu", i);
        for (int w = 0; w < 2; w++)
            cr_assert(strstr(err, cases[i].words[w]), "case %zu: %s", i, err);
        cr_assert_null(p.function, "p is left empty");
    }
}

Test(problem, function_rules_for_the_checker_and_the_signature)
{
    struct {
        const char *json, *word; /* word: in the error, or NULL: loads */
    } cases[] = {
        {META FUNC ",\"checker\":\"unordered\"}", NULL},
        {META FUNC ",\"checker\":\"float:1e-6\"}", NULL},
        {META FUNC ",\"checker\":\"tokens\"}", "function problem's 'checker'"},
        {META FUNC ",\"checker\":\"exact\"}", "function problem's 'checker'"},
        {META ",\"checker\":\"json\"}", "needs a function problem"},
        {META ",\"checker\":\"unordered\"}", "needs a function problem"},
        {META ",\"function\":{\"name\":\"f\",\"params\":[],\"returns\":\"int[][][]\"}}",
         "function.returns"},
        {META ",\"function\":\"twoSum\"}", "function"},
        {META ",\"function\":null}", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bool func = strstr(cases[i].json, "twoSum") && !strstr(cases[i].json, "\"twoSum\"}");
        const char *in = func ? "[1]\n1\n" : "1\n";
        const char *out = func ? "[]" : "1\n";
        const char *files[] = {"statement.md",
                               "# T\n",
                               "problem.json",
                               cases[i].json,
                               "samples/01.in",
                               in,
                               "samples/01.out",
                               out,
                               "tests/01.in",
                               in,
                               "tests/01.out",
                               out,
                               NULL};
        struct catalog_problem p;
        char err[256] = "";
        int rc = load(files, &p, err);
        if (cases[i].word == NULL) {
            cr_assert_eq(rc, 0, "case %zu: %s", i, err);
            catalog_problem_dispose(&p);
        } else {
            cr_assert_eq(rc, -1, "case %zu", i);
            cr_assert(strstr(err, cases[i].word), "case %zu: %s", i, err);
        }
    }
    /* PATCH cannot change the signature: the tests must fit it. */
    cJSON *doc = cJSON_Parse("{\"function\": {\"name\": \"f\", \"params\": [], \"returns\": "
                             "\"int\"}}");
    struct catalog_problem p = {0};
    char err[256];
    cr_assert_eq(problem_meta(doc, true, &p, "body", err, sizeof(err)), -1);
    cr_assert(strstr(err, "PUT the whole problem"), "%s", err);
    cJSON_Delete(doc);
    catalog_problem_dispose(&p);
}

Test(problem, the_json_form_checks_a_function_problem_tests_by_index)
{
    cJSON *doc = cJSON_Parse("{\"title\":\"T\",\"difficulty\":\"easy\",\"timeLimitMs\":1,"
                             "\"memoryLimitMb\":1,\"outputLimitKb\":1,\"statement\":\"# T\"" FUNC
                             ",\"samples\":[{\"input\":\"[1]\\n2\\n\",\"output\":\"[]\"}],"
                             "\"tests\":[{\"input\":\"[1]\\n2\\n\",\"output\":\"[]\"},"
                             "{\"input\":\"[1]\\n\",\"output\":\"[]\"}]}");
    struct catalog_problem p;
    char err[256] = "";
    cr_assert_eq(problem_from_json(doc, "x", &p, err, sizeof(err)), -1);
    cr_assert(strstr(err, "tests[1].input"), "%s", err);
    cJSON_Delete(doc);
}

/* "visibleTests": hidden test numbers (1-based), sorted and unique, set the
 * tests' visible flags; a number past the hidden tests or anything but
 * such numbers is refused; the flags are part of the content (the hash). */
Test(problem, visible_tests_mark_hidden_tests_by_number)
{
    const char *files[] = {"statement.md",
                           "# T\n",
                           "problem.json",
                           META ",\"visibleTests\":[2,1,2]}",
                           "samples/01.in",
                           "1",
                           "samples/01.out",
                           "1",
                           "tests/01.in",
                           "a",
                           "tests/01.out",
                           "A",
                           "tests/02.in",
                           "b",
                           "tests/02.out",
                           "B",
                           "tests/03.in",
                           "c",
                           "tests/03.out",
                           "C",
                           NULL};
    struct catalog_problem p;
    char err[256];
    cr_assert_eq(load(files, &p, err), 0, "%s", err);
    cr_expect_str_eq(p.visible_tests, "[1,2]");
    cr_expect(!p.tests[0].visible && p.tests[1].visible && p.tests[2].visible &&
              !p.tests[3].visible);
    char hash[65];
    memcpy(hash, p.hash, sizeof(hash));
    catalog_problem_dispose(&p);
    files[3] = META ",\"visibleTests\":[1]}";
    cr_assert_eq(load(files, &p, err), 0, "%s", err);
    cr_expect_str_neq(p.hash, hash);
    catalog_problem_dispose(&p);
    files[3] = META ",\"visibleTests\":[4]}";
    cr_expect_eq(load(files, &p, err), -1);
    cr_expect(strstr(err, "'visibleTests': no hidden test 4 (there are 3)") != NULL, "%s", err);
    const char *bad[] = {"[0]", "[1.5]", "[\"1\"]", "3", "[1001]"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        char meta[256];
        snprintf(meta, sizeof(meta), META ",\"visibleTests\":%s}", bad[i]);
        files[3] = meta;
        cr_expect_eq(load(files, &p, err), -1, "%s", bad[i]);
        cr_expect(strstr(err, "mem/problem.json: 'visibleTests' must be an array of hidden test "
                              "numbers") != NULL,
                  "%s", err);
    }
}

/* The JSON form (PUT) counts "visibleTests" in its "tests" array; PATCH's
 * partial form keeps it as given for sql/014 to check. */
Test(problem, visible_tests_in_the_json_and_partial_forms)
{
    cJSON *doc = cJSON_Parse(META ",\"checker\":\"tokens\",\"statement\":\"# T\\n\","
                                  "\"samples\":[{\"input\":\"s\",\"output\":\"s\"}],"
                                  "\"tests\":[{\"input\":\"a\",\"output\":\"a\"},"
                                  "{\"input\":\"b\",\"output\":\"b\"}],\"visibleTests\":[2]}");
    struct catalog_problem p;
    char err[256];
    cr_assert_eq(problem_from_json(doc, "x", &p, err, sizeof(err)), 0, "%s", err);
    cr_expect(!p.tests[1].visible && p.tests[2].visible);
    catalog_problem_dispose(&p);
    cJSON_Delete(doc);
    doc = cJSON_Parse("{\"visibleTests\":[9,3]}");
    struct catalog_problem q = {0};
    cr_assert_eq(problem_meta(doc, true, &q, "body", err, sizeof(err)), 0, "%s", err);
    cr_expect_str_eq(q.visible_tests, "[3,9]");
    catalog_problem_dispose(&q);
    cJSON_Delete(doc);
}
