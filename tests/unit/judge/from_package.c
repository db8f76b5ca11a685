/* Tests of src/judge/from_package.c: each committed package (tests/packages)
 * into the catalog problem and the plan, the plan read back by a strict
 * reader of judge/plan.h's document (every member known and typed, every
 * index in range), and the refusals naming file and rule. */
#include "judge/from_package.h"

#include "judge/images.h"
#include "judge/plan.h"
#include "judge/problem.h"
#include "judge/score.h"
#include "judge/statement.h"
#include "tests/unit/package/pkgfs.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*** A strict reader of the plan document (judge/plan.h) ***/

static bool only_keys(const cJSON *o, const char *const *keys)
{
    for (const cJSON *m = o->child; m; m = m->next) {
        bool known = false;
        for (const char *const *k = keys; *k; k++)
            known = known || strcmp(m->string, *k) == 0;
        cr_expect(known, "unknown member '%s'", m->string);
        if (!known)
            return false;
    }
    return true;
}

static bool strings(const cJSON *a)
{
    if (!cJSON_IsArray(a))
        return false;
    for (const cJSON *e = a->child; e; e = e->next)
        if (!cJSON_IsString(e))
            return false;
    return true;
}

static bool nullable_string(const cJSON *v)
{
    return cJSON_IsNull(v) || cJSON_IsString(v);
}

static void check_files(const cJSON *o)
{
    static const char *const keys[] = {"language", "files", NULL};
    static const char *const langs[] = {"c", "cpp", "python", "java", "javascript", "go", "rust"};
    cr_assert(cJSON_IsObject(o) && only_keys(o, keys));
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(o, "language");
    cr_assert(cJSON_IsString(lang));
    bool ok = false;
    for (size_t i = 0; i < 7; i++)
        ok = ok || strcmp(lang->valuestring, langs[i]) == 0;
    cr_assert(ok, "language %s", lang->valuestring);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files");
    cr_assert(cJSON_IsArray(files) && cJSON_GetArraySize(files) > 0);
    for (const cJSON *f = files->child; f; f = f->next) {
        static const char *const fkeys[] = {"name", "text", NULL};
        cr_assert(only_keys(f, fkeys));
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        cr_assert(cJSON_IsString(name) && name->valuestring[0] != '/' &&
                  strstr(name->valuestring, "..") == NULL);
        cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(f, "text")));
    }
}

static void check_group(const cJSON *g, int index)
{
    static const char *const keys[] = {"name",        "parent",      "aggregation", "onReject",
                                       "acceptScore", "rejectScore", "range",       "maxScore",
                                       "graderFlags", "requirePass", NULL};
    static const char *const aggs[] = {"pass-fail", "sum", "min", "max", "avg"};
    static const char *const flags[] = {"ignore_sample", "first_error", "accept_if_any_accepted",
                                        "always_accept"};
    cr_assert(cJSON_IsObject(g) && only_keys(g, keys));
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g, "name")));
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(g, "parent");
    cr_assert(cJSON_IsNumber(parent) && parent->valueint < index &&
              (index == 0) == (parent->valueint == -1));
    const cJSON *agg = cJSON_GetObjectItemCaseSensitive(g, "aggregation");
    bool ok = false;
    for (size_t i = 0; cJSON_IsString(agg) && i < 5; i++)
        ok = ok || strcmp(agg->valuestring, aggs[i]) == 0;
    cr_assert(ok);
    const cJSON *rej = cJSON_GetObjectItemCaseSensitive(g, "onReject");
    cr_assert(cJSON_IsString(rej) && (strcmp(rej->valuestring, "break") == 0 ||
                                      strcmp(rej->valuestring, "continue") == 0));
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(g, "acceptScore")));
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(g, "rejectScore")));
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(g, "range");
    cr_assert(cJSON_IsNull(range) || (cJSON_IsArray(range) && cJSON_GetArraySize(range) == 2));
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(g, "maxScore");
    cr_assert(cJSON_IsNull(max) || cJSON_IsNumber(max));
    const cJSON *gf = cJSON_GetObjectItemCaseSensitive(g, "graderFlags");
    cr_assert(strings(gf));
    for (const cJSON *e = gf->child; e; e = e->next) {
        ok = false;
        for (size_t i = 0; i < 4; i++)
            ok = ok || strcmp(e->valuestring, flags[i]) == 0;
        cr_assert(ok, "grader flag %s", e->valuestring);
    }
    cr_assert(strings(cJSON_GetObjectItemCaseSensitive(g, "requirePass")));
}

static void check_test(const cJSON *t, int ngroups)
{
    static const char *const keys[] = {"name",          "group",        "args",
                                       "validatorArgs", "fullFeedback", "inputArgs",
                                       "desc",          "hint",         NULL};
    cr_assert(cJSON_IsObject(t) && only_keys(t, keys));
    const cJSON *ia = cJSON_GetObjectItemCaseSensitive(t, "inputArgs");
    cr_assert(ia == NULL || (cJSON_IsNumber(ia) && ia->valueint > 0));
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "name")));
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(t, "group");
    cr_assert(cJSON_IsNumber(g) && g->valueint >= 0 && g->valueint < ngroups);
    cr_assert(strings(cJSON_GetObjectItemCaseSensitive(t, "args")));
    cr_assert(strings(cJSON_GetObjectItemCaseSensitive(t, "validatorArgs")));
    cr_assert(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(t, "fullFeedback")));
    cr_assert(nullable_string(cJSON_GetObjectItemCaseSensitive(t, "desc")));
    cr_assert(nullable_string(cJSON_GetObjectItemCaseSensitive(t, "hint")));
}

/* An input validator: its program's members as check_files() wants them,
 * and its own. */
static void check_input_validator(const cJSON *o)
{
    static const char *const keys[] = {"path",    "dir",   "language", "files", "args",
                                       "argSets", "cpuMs", "memoryMb", NULL};
    cr_assert(cJSON_IsObject(o) && only_keys(o, keys));
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "path")));
    cr_assert(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "dir")));
    cr_assert(strings(cJSON_GetObjectItemCaseSensitive(o, "args")));
    /* One set is "args" alone, as plans before argSets had it (a worker
     * built before them refuses the key). */
    const cJSON *sets = cJSON_GetObjectItemCaseSensitive(o, "argSets");
    cr_assert(sets == NULL || (cJSON_IsArray(sets) && cJSON_GetArraySize(sets) >= 2 &&
                               cJSON_GetArraySize(sets) <= PLAN_INPUT_ARG_SETS_MAX));
    for (const cJSON *e = sets ? sets->child : NULL; e; e = e->next)
        cr_assert(strings(e));
    cr_assert(sets == NULL ||
              cJSON_Compare(sets->child, cJSON_GetObjectItemCaseSensitive(o, "args"), true));
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "cpuMs")));
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "memoryMb")));
    cJSON *prog = cJSON_Duplicate(o, true);
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(keys[i], "language") != 0 && strcmp(keys[i], "files") != 0)
            cJSON_DeleteItemFromObjectCaseSensitive(prog, keys[i]);
    check_files(prog);
    cJSON_Delete(prog);
}

/* Parses and checks the whole document; the caller frees it. */
static cJSON *plan_read(const char *doc, size_t ntests)
{
    static const char *const keys[] = {"format",          "types",  "validator", "include",
                                       "inputValidators", "groups", "tests",     NULL};
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(doc, &end, true);
    cr_assert(cJSON_IsObject(root), "not a JSON object: %s", doc);
    cr_assert(only_keys(root, keys));
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    cr_assert(cJSON_IsNumber(format) && format->valueint == PLAN_FORMAT);
    cr_assert(strings(cJSON_GetObjectItemCaseSensitive(root, "types")));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "validator");
    if (v != NULL)
        check_files(v);
    const cJSON *inc = cJSON_GetObjectItemCaseSensitive(root, "include");
    cr_assert(inc == NULL || cJSON_IsArray(inc));
    for (const cJSON *e = inc ? inc->child : NULL; e; e = e->next)
        check_files(e);
    const cJSON *ivs = cJSON_GetObjectItemCaseSensitive(root, "inputValidators");
    cr_assert(ivs == NULL || (cJSON_IsArray(ivs) && cJSON_GetArraySize(ivs) > 0));
    for (const cJSON *e = ivs ? ivs->child : NULL; e; e = e->next)
        check_input_validator(e);
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    cr_assert(cJSON_IsArray(groups) && cJSON_GetArraySize(groups) > 0);
    int i = 0;
    for (const cJSON *g = groups->child; g; g = g->next)
        check_group(g, i++);
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
    cr_assert(cJSON_IsArray(tests) && (size_t)cJSON_GetArraySize(tests) == ntests);
    for (const cJSON *t = tests->child; t; t = t->next)
        check_test(t, i);
    return root;
}

/*** The committed packages ***/

struct imported {
    struct package *pkg;
    struct catalog_problem p;
    struct from_package_info info;
    cJSON *plan, *shown;
};

static void import_fixture(const char *name, struct imported *out)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/%s", pkgfs_fixtures(), name);
    memset(out, 0, sizeof(*out));
    cr_assert_eq(package_read(dir, &out->pkg, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(from_package(out->pkg, NULL, &out->p, &out->info, err, sizeof(err)), 0, "%s", err);
    out->plan = plan_read(out->p.judging, out->p.ntests);
    out->shown = cJSON_Parse(out->p.shown);
    cr_assert(cJSON_IsObject(out->shown));
    cr_assert(problem_statement_valid(out->p.statement, strlen(out->p.statement)));
}

static void imported_free(struct imported *im)
{
    cJSON_Delete(im->plan);
    cJSON_Delete(im->shown);
    catalog_problem_dispose(&im->p);
    from_package_info_dispose(&im->info);
    package_free(im->pkg);
}

static const cJSON *at(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    char *save = NULL;
    for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
        o = (*k >= '0' && *k <= '9') ? cJSON_GetArrayItem(o, (int)strtol(k, NULL, 10))
                                     : cJSON_GetObjectItemCaseSensitive(o, k);
    cr_assert_not_null(o, "no %s", path);
    return o;
}

static const char *str_at(const cJSON *o, const char *path)
{
    const cJSON *v = at(o, path);
    cr_assert(cJSON_IsString(v), "%s is not a string", path);
    return v->valuestring;
}

static double num_at(const cJSON *o, const char *path)
{
    const cJSON *v = at(o, path);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", path);
    return v->valuedouble;
}

static char *joined(const cJSON *arr)
{
    static char buf[512];
    buf[0] = '\0';
    for (const cJSON *e = arr->child; e; e = e->next)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", e == arr->child ? "" : " ",
                 e->valuestring);
    return buf;
}

static bool warned(const struct from_package_info *info, const char *what)
{
    for (size_t i = 0; i < info->nwarnings; i++)
        if (strstr(info->warnings[i], what))
            return true;
    return false;
}

Test(from_package, legacy_scoring_with_groups_include_and_a_validator_directory)
{
    struct imported im;
    import_fixture("legacyscore", &im);
    struct catalog_problem *p = &im.p;
    cr_expect_str_eq(p->id, "legacyscore");
    cr_expect_str_eq(p->title, "Legacy Sum");
    cr_expect_str_eq(p->difficulty, "easy"); /* keywords: arithmetic easy */
    cr_expect_eq(p->time_limit_ms, FROM_PACKAGE_PROVISIONAL_TL_MS);
    cr_expect(im.info.time_limit_provisional);
    cr_expect_eq(p->memory_limit_mb, 256);
    cr_expect_eq(p->output_limit_kb, 16 * 1024);
    cr_expect_str_eq(p->checker, "validator");
    cr_expect_null(p->checker_source);
    cr_expect_str_eq(im.info.type, "scoring");
    /* LaTeX through pandoc: the title line, then the text. */
    cr_expect(strncmp(p->statement, "# Legacy Sum\n", 13) == 0, "%s", p->statement);
    cr_expect(strstr(p->statement, "Add two numbers.") != NULL, "%s", p->statement);
    cr_expect(strstr(p->statement, "problemname") == NULL, "%s", p->statement);
    /* sample/1, then secret/g1/01 02, g1/nested/01, g2/01 */
    cr_assert_eq(p->ntests, 5);
    cr_expect(p->tests[0].is_sample && !p->tests[1].is_sample);
    cr_expect_str_eq(p->tests[0].input, "1 2\n");
    const cJSON *plan = im.plan;
    cr_expect_str_eq(joined(at(plan, "types")), "scoring");
    cr_expect_str_eq(str_at(plan, "validator.language"), "cpp");
    cr_expect_eq(cJSON_GetArraySize(at(plan, "validator.files")), 2);
    cr_expect_str_eq(str_at(plan, "validator.files.0.name"), "check.cpp");
    cr_expect_str_eq(str_at(plan, "validator.files.1.name"), "check.h");
    /* include/cpp and include/python3 (the spec's name for python). */
    cr_expect_eq(cJSON_GetArraySize(at(plan, "include")), 2);
    cr_expect_str_eq(str_at(plan, "include.0.language"), "cpp");
    cr_expect_str_eq(str_at(plan, "include.0.files.0.name"), "driver.h");
    cr_expect_str_eq(str_at(plan, "include.1.language"), "python");
    const char *names[] = {"", "sample", "secret", "secret/g1", "secret/g1/nested", "secret/g2"};
    const int parents[] = {-1, 0, 0, 2, 3, 2};
    cr_assert_eq(cJSON_GetArraySize(at(plan, "groups")), 6);
    for (int i = 0; i < 6; i++) {
        char path[64];
        snprintf(path, sizeof(path), "groups.%d.name", i);
        cr_expect_str_eq(str_at(plan, path), names[i]);
        snprintf(path, sizeof(path), "groups.%d.parent", i);
        cr_expect_eq(num_at(plan, path), parents[i]);
    }
    cr_expect_str_eq(str_at(plan, "groups.0.onReject"), "continue");
    cr_expect_str_eq(joined(at(plan, "groups.0.graderFlags")), "ignore_sample");
    cr_expect_eq(num_at(plan, "groups.0.range.1"), 100);
    cr_expect_str_eq(str_at(plan, "groups.3.aggregation"), "min");
    cr_expect_eq(num_at(plan, "groups.3.acceptScore"), 40);
    cr_expect_str_eq(str_at(plan, "groups.5.onReject"), "break");
    cr_expect_str_eq(str_at(plan, "tests.1.name"), "secret/g1/01");
    cr_expect_eq(num_at(plan, "tests.1.group"), 3);
    cr_expect_str_eq(str_at(plan, "tests.1.desc"), "smallest numbers\n");
    cr_expect_str_eq(str_at(plan, "tests.1.hint"), "mind the sign\n");
    cr_expect_str_eq(joined(at(plan, "tests.2.args")), "--fast --seed 7");
    cr_expect_eq(num_at(plan, "tests.3.group"), 4);
    /* legacy validator_flags go to the validator, then the group's flags */
    cr_expect_str_eq(joined(at(plan, "tests.1.validatorArgs")), "float_tolerance 1e-6");
    cr_expect_str_eq(joined(at(plan, "tests.4.validatorArgs")), "float_tolerance 1e-6 strict");
    cr_expect(cJSON_IsTrue(at(plan, "tests.0.fullFeedback")));
    cr_expect(cJSON_IsFalse(at(plan, "tests.1.fullFeedback")));
    /* the page: types, the sample, the maximum score */
    cr_expect_str_eq(joined(at(im.shown, "type")), "scoring");
    cr_expect_str_eq(str_at(im.shown, "samples.0.input"), "1 2\n");
    cr_expect_eq(num_at(im.shown, "scoring.maxScore"), 100);
    imported_free(&im);
}

Test(from_package, legacy_custom_validation_single_file)
{
    struct imported im;
    import_fixture("legacyflags", &im);
    cr_expect_str_eq(im.p.title, "Flags");
    cr_expect_str_eq(im.p.difficulty, FROM_PACKAGE_DEFAULT_DIFFICULTY);
    cr_expect_eq(im.p.memory_limit_mb, 128);
    cr_expect_str_eq(im.p.checker, "validator");
    cr_expect_str_eq(str_at(im.plan, "validator.language"), "python");
    cr_expect_str_eq(str_at(im.plan, "validator.files.0.name"), "cmp.py");
    cr_expect_str_eq(joined(at(im.plan, "types")), "pass-fail");
    cr_expect_eq(cJSON_GetArraySize(at(im.shown, "samples")), 0);
    cr_expect_null(cJSON_GetObjectItem(im.shown, "scoring"));
    imported_free(&im);
}

Test(from_package, draft_interactive_samples_show_their_transcripts)
{
    struct imported im;
    import_fixture("draft2023", &im);
    cr_expect_str_eq(im.p.title, "Guess"); /* the "en" name */
    cr_expect_str_eq(im.p.statement, "# Guess\n\nGuess the number.\n");
    cr_expect_str_eq(im.info.type, "pass-fail interactive");
    cr_expect_str_eq(joined(at(im.plan, "types")), "pass-fail interactive");
    cr_expect_str_eq(im.p.checker, "validator");
    cr_expect_str_eq(str_at(im.plan, "validator.files.0.name"), "interact.cpp");
    /* 1.interaction has no .in: shown, not judged. sample/2, secret/01, 02 */
    cr_assert_eq(im.p.ntests, 3);
    cr_expect_str_eq(str_at(im.plan, "tests.0.name"), "sample/2");
    cr_expect_str_eq(joined(at(im.plan, "tests.2.args")), "--mode edge");
    cr_expect_str_eq(joined(at(im.plan, "tests.2.validatorArgs")), "--max-queries 5");
    cr_expect_str_eq(joined(at(im.plan, "tests.1.validatorArgs")), "--max-queries 30");
    cr_expect_str_eq(str_at(im.plan, "tests.2.hint"), "the smallest number");
    cr_expect(cJSON_IsNull(at(im.plan, "tests.1.hint")));
    cr_assert_eq(cJSON_GetArraySize(at(im.shown, "samples")), 2);
    cr_expect_str_eq(str_at(im.shown, "samples.0.interaction"), "<100\n>50\n<lower\n");
    cr_expect_null(cJSON_GetObjectItem(at(im.shown, "samples.1"), "input"));
    cr_expect_not_null(cJSON_GetObjectItem(at(im.shown, "samples.1"), "interaction"));
    imported_free(&im);
}

Test(from_package, modern_groups_scores_and_include_default)
{
    struct imported im;
    import_fixture("modern2025", &im);
    cr_expect_eq(im.p.time_limit_ms, 1500);
    cr_expect_not(im.info.time_limit_provisional);
    cr_expect_eq(im.p.memory_limit_mb, 1024);
    cr_expect_str_eq(im.p.checker, "validator");
    cr_expect_str_eq(str_at(im.plan, "validator.language"), "cpp");
    /* include/default/ spelled out for all seven languages */
    cr_expect_eq(cJSON_GetArraySize(at(im.plan, "include")), 7);
    cr_expect_str_eq(str_at(im.plan, "include.0.files.0.name"), "readme.txt");
    cr_expect_str_eq(str_at(im.plan, "groups.3.name"), "secret/a_small");
    cr_expect_str_eq(str_at(im.plan, "groups.3.aggregation"), "min");
    cr_expect_eq(num_at(im.plan, "groups.3.maxScore"), 30);
    cr_expect_str_eq(str_at(im.plan, "groups.4.name"), "secret/b_large");
    cr_expect_str_eq(joined(at(im.plan, "groups.4.requirePass")), "secret/a_small");
    cr_expect_eq(cJSON_GetArraySize(at(im.plan, "groups")), 5); /* b_large/big is no group */
    cr_expect_str_eq(str_at(im.plan, "tests.1.name"), "secret/a_small/1");
    cr_expect_str_eq(joined(at(im.plan, "tests.1.args")), "--verbose");
    cr_expect_str_eq(str_at(im.plan, "tests.1.desc"), "a tiny case");
    cr_expect(cJSON_IsTrue(at(im.plan, "tests.1.fullFeedback")));
    cr_expect_str_eq(joined(at(im.plan, "tests.1.validatorArgs")), "float_tolerance 1e-6");
    cr_expect_eq(num_at(im.plan, "tests.3.group"), 4); /* b_large/big/1: its group */
    cr_expect_eq(num_at(im.shown, "scoring.maxScore"), 100);
    imported_free(&im);
}

Test(from_package, modern_default_validator_flags_per_group_and_latex)
{
    struct imported im;
    import_fixture("flags2025", &im);
    cr_expect_str_eq(im.p.difficulty, "hard");
    cr_expect_eq(im.p.time_limit_ms, 2000);
    cr_expect_eq(im.p.output_limit_kb, 4096);
    cr_expect_str_eq(im.p.checker, "kattis");
    cr_expect_null(cJSON_GetObjectItem(im.plan, "validator"));
    cr_expect_str_eq(joined(at(im.plan, "tests.0.validatorArgs")), "float_tolerance 1e-6");
    cr_expect_str_eq(str_at(im.plan, "tests.1.name"), "secret/float/1");
    cr_expect_str_eq(joined(at(im.plan, "tests.1.validatorArgs")), "float_tolerance 1e-6");
    cr_expect_str_eq(str_at(im.plan, "tests.3.name"), "secret/words/1");
    cr_expect_str_eq(joined(at(im.plan, "tests.3.validatorArgs")), "case_sensitive");
    cr_expect(cJSON_IsTrue(at(im.plan, "tests.3.fullFeedback")));
    /* pandoc: problemtools macros defined, math kept for KaTeX, sections below the title */
    const char *st = im.p.statement;
    cr_expect(strncmp(st, "# Float Flags\n\n", 15) == 0, "%s", st);
    cr_expect(strstr(st, "$\\pi r^2$") != NULL, "%s", st);
    cr_expect(strstr(st, "## Input") != NULL, "%s", st);
    cr_expect(strstr(st, "A circle of radius") != NULL, "%s", st);
    /* the illustration's image is kept and the statement points at its URL */
    cr_expect(strstr(st, "](/api/problems/flags2025/files/circle.png)") != NULL, "%s", st);
    cr_assert_eq(im.p.nfiles, 1);
    cr_expect_str_eq(im.p.files[0].name, "circle.png");
    cr_expect(im.p.files[0].len > 8 && memcmp(im.p.files[0].data, "\x89PNG", 4) == 0);
    cr_expect(strstr(st, "sampleheader") == NULL && strstr(st, "illustration") == NULL, "%s", st);
    cr_expect_str_eq(str_at(im.shown, "samples.0.output"), "3.14159265\n");
    imported_free(&im);
}

/* The id and the time limit a caller gives. */
Test(from_package, options_name_the_id_and_the_computed_time_limit)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/legacyscore", pkgfs_fixtures());
    struct package *pkg;
    cr_assert_eq(package_read(dir, &pkg, err, sizeof(err)), 0, "%s", err);
    struct from_package_options o = {.id = "renamed", .time_limit_ms = 1234};
    struct catalog_problem p;
    struct from_package_info info;
    cr_assert_eq(from_package(pkg, &o, &p, &info, err, sizeof(err)), 0, "%s", err);
    cr_expect_str_eq(p.id, "renamed");
    cr_expect_eq(p.time_limit_ms, 1234);
    cr_expect_not(info.time_limit_provisional);
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    package_free(pkg);
}

static void expect_refused(const char *name, const char *message)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/refused/%s", pkgfs_fixtures(), name);
    struct package *pkg;
    cr_assert_eq(package_read(dir, &pkg, err, sizeof(err)), 0, "%s", err);
    struct catalog_problem p;
    struct from_package_info info;
    cr_expect_eq(from_package(pkg, NULL, &p, &info, err, sizeof(err)), -1, "%s", name);
    cr_expect(strstr(err, message) != NULL, "%s: %s", name, err);
    cr_expect_null(p.id);
    cr_expect_null(p.judging);
    cr_expect_eq(info.nwarnings, 0);
    package_free(pkg);
}

Test(from_package, refuses_what_it_cannot_judge_naming_file_and_rule)
{
    expect_refused("multipass", "problem.yaml: type: multi-pass problems are not supported");
    expect_refused("badflags", "data/secret/test_group.yaml: output validator arguments "
                               "'float_tolerance' are not flags of the default output validator");
    expect_refused("binary", "data/secret/2.in: not UTF-8 text");
}

/* pandoc runs with --sandbox: a statement cannot read the host's files. */
Test(statement, latex_reads_no_file_of_the_host)
{
    FILE *f = fopen("/tmp/verdict-statement-secret.tex", "w");
    cr_assert_not_null(f);
    fputs("HOSTSECRET\n", f);
    fclose(f);
    const char tex[] = "Before.\n\\input{/tmp/verdict-statement-secret}\nAfter.\n";
    char *md = NULL, err[256];
    int rc = statement_from_latex(tex, strlen(tex), "T", &md, err, sizeof(err));
    remove("/tmp/verdict-statement-secret.tex");
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect(strstr(md, "Before.") != NULL && strstr(md, "HOSTSECRET") == NULL, "%s", md);
    free(md);
}

/* A throw-away package built with pkgfs, converted; the caller disposes. */
static void import_built(const char *root, struct catalog_problem *p,
                         struct from_package_info *info)
{
    char err[1024];
    struct package *pkg;
    cr_assert_eq(package_read(root, &pkg, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(from_package(pkg, NULL, p, info, err, sizeof(err)), 0, "%s", err);
    package_free(pkg);
}

/* Legacy default validation: validator_flags are the checker's flags and
 * every test's (they replace the checker field's, judge/plan.h). */
Test(from_package, legacy_validator_flags_are_the_default_validators)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml",
                "name: Mini\nvalidator_flags: case_sensitive float_tolerance 1e-6\n");
    pkgfs_write("data/secret/g/testdata.yaml", "output_validator_flags: space_change_sensitive\n");
    pkgfs_write("data/secret/g/2.in", "2\n");
    pkgfs_write("data/secret/g/2.ans", "2\n");
    struct catalog_problem p;
    struct from_package_info info;
    import_built(root, &p, &info);
    cr_expect_str_eq(p.checker, "kattis:case_sensitive float_tolerance 1e-6");
    cJSON *plan = plan_read(p.judging, p.ntests);
    cr_expect_str_eq(joined(at(plan, "tests.0.validatorArgs")),
                     "case_sensitive float_tolerance 1e-6");
    cr_expect_str_eq(joined(at(plan, "tests.1.validatorArgs")),
                     "case_sensitive float_tolerance 1e-6 space_change_sensitive");
    cJSON_Delete(plan);
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_cleanup();
}

/* pandoc absent or failing: the LaTeX source is shown as it is, with a
 * warning (the statement is never lost). */
Test(from_package, latex_without_pandoc_is_shown_as_source)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem_statement/problem.en.tex", "\\problemname{Mini}\nAdd $a+b$.\n");
    setenv("PATH", "/nonexistent", 1); /* this test's own process */
    struct catalog_problem p;
    struct from_package_info info;
    import_built(root, &p, &info);
    cr_expect_str_eq(p.statement, "# Mini\n\n```latex\n\\problemname{Mini}\nAdd $a+b$.\n\n```\n");
    cr_expect(warned(&info, "problem_statement/problem.en.tex: not converted (pandoc cannot be "
                            "started"));
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_cleanup();
}

/* A statement's images: kept with a reference rewritten, a bad name or an
 * oversized file (or a name over 100 bytes) left out with a warning, other files silently; an image
 * changes the content hash. */
Test(from_package, statement_images_kept_within_bounds)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("statement/problem.en.md", "See ![fig](fig.svg) and ![big](big.png).\n");
    pkgfs_write("statement/fig.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    char longname[160] = "statement/"; /* the package's own rule drops "bad name.png" */
    memset(longname + 10, 'a', 110);
    memcpy(longname + 120, ".png", 5);
    pkgfs_write(longname, "x");
    pkgfs_write("statement/notes.sty", "x");
    char *big = malloc(IMAGES_FILE_MAX + 2);
    memset(big, 'x', IMAGES_FILE_MAX + 1);
    big[IMAGES_FILE_MAX + 1] = '\0';
    pkgfs_write("statement/big.png", big);
    free(big);
    struct catalog_problem p;
    struct from_package_info info;
    import_built(root, &p, &info);
    cr_assert_eq(p.nfiles, 1);
    cr_expect_str_eq(p.files[0].name, "fig.svg");
    cr_expect(strstr(p.statement, "![fig](/api/problems/") != NULL, "%s", p.statement);
    cr_expect(strstr(p.statement, "![big](big.png)") != NULL, "%s", p.statement);
    cr_expect(warned(&info, "statement/big.png: larger than 4 MiB"));
    cr_expect(warned(&info, "png: not kept: an image's name is"));
    cr_expect_not(warned(&info, "notes.sty"));
    char hash[65];
    memcpy(hash, p.hash, sizeof(hash));
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_write("statement/fig.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>");
    import_built(root, &p, &info);
    cr_expect_str_neq(p.hash, hash);
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_cleanup();
}

/* Images in subdirectories of the statement directory are kept under flat
 * names (a clash with another image's gets "-2"), the statement's
 * references to their paths point at those names, and a directory too
 * deep or a dangling link there is not read, with a warning. */
Test(from_package, statement_images_in_subdirectories)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("statement/problem.en.md",
                "![a](img/fig1.png) ![b](./img/sub/b.svg) <img src=\"img-fig1.png\">\n");
    pkgfs_write("statement/img/fig1.png", "sub");
    pkgfs_write("statement/img-fig1.png", "top");
    pkgfs_write("statement/img/sub/b.svg", "<svg/>");
    pkgfs_write("statement/img/notes.txt", "x");
    pkgfs_write("statement/a/b/c/d/e/deep.png", "x");
    pkgfs_link("/nonexistent", "statement/tikz/shared.tex");
    struct catalog_problem p;
    struct from_package_info info;
    import_built(root, &p, &info);
    cr_assert_eq(p.nfiles, 3);
    cr_expect_str_eq(p.files[0].name, "img-fig1-2.png");
    cr_expect_str_eq(p.files[0].data, "sub");
    cr_expect_str_eq(p.files[1].name, "img-fig1.png");
    cr_expect_str_eq(p.files[1].data, "top");
    cr_expect_str_eq(p.files[2].name, "img-sub-b.svg");
    char want[512];
    snprintf(want, sizeof(want),
             "![a](/api/problems/%s/files/img-fig1-2.png) "
             "![b](/api/problems/%s/files/img-sub-b.svg) "
             "<img src=\"/api/problems/%s/files/img-fig1.png\">\n",
             p.id, p.id, p.id);
    cr_expect(strstr(p.statement, want) != NULL, "%s", p.statement);
    cr_expect(warned(&info, "statement/a/b/c/d/e/: more than 4 directories deep"));
    cr_expect(warned(&info, "statement/tikz/shared.tex: dangling symbolic link (skipped)"));
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_cleanup();
}

/*** The imported plans scored by judge/score.c ***/

static unsigned flag_bits(const cJSON *flags)
{
    static const char *const names[] = {"ignore_sample", "first_error", "accept_if_any_accepted",
                                        "always_accept"};
    unsigned bits = 0;
    for (const cJSON *e = flags->child; e; e = e->next)
        for (unsigned k = 0; k < 4; k++)
            if (strcmp(e->valuestring, names[k]) == 0)
                bits |= 1u << k;
    return bits;
}

/* The plan document as struct plan, its groups and tests only (what the
 * scoring reads), the strings borrowed from doc. */
static struct plan *plan_of(const cJSON *doc)
{
    static const char *const aggs[] = {"pass-fail", "sum", "min", "max", "avg"};
    struct plan *p = calloc(1, sizeof(*p));
    const cJSON *types = at(doc, "types");
    p->scoring = strcmp(cJSON_GetArrayItem(types, 0)->valuestring, "scoring") == 0;
    const cJSON *groups = at(doc, "groups"), *tests = at(doc, "tests");
    p->ngroups = (size_t)cJSON_GetArraySize(groups);
    p->groups = calloc(p->ngroups, sizeof(*p->groups));
    for (size_t i = 0; i < p->ngroups; i++) {
        const cJSON *g = cJSON_GetArrayItem(groups, (int)i);
        struct plan_group *pg = &p->groups[i];
        pg->name = (char *)str_at(g, "name");
        pg->parent = (int)num_at(g, "parent");
        for (int k = 0; k < 5; k++)
            if (strcmp(str_at(g, "aggregation"), aggs[k]) == 0)
                pg->aggregation = (enum plan_aggregation)k;
        pg->on_reject_continue = strcmp(str_at(g, "onReject"), "continue") == 0;
        pg->accept_score = num_at(g, "acceptScore");
        pg->reject_score = num_at(g, "rejectScore");
        const cJSON *range = at(g, "range");
        pg->range_min =
            cJSON_IsArray(range) ? cJSON_GetArrayItem(range, 0)->valuedouble : -INFINITY;
        pg->range_max = cJSON_IsArray(range) ? cJSON_GetArrayItem(range, 1)->valuedouble : INFINITY;
        const cJSON *max = at(g, "maxScore");
        pg->max_score = cJSON_IsNumber(max) ? max->valuedouble : -1;
        pg->grader_flags = flag_bits(at(g, "graderFlags"));
        const cJSON *req = at(g, "requirePass");
        pg->n_require_pass = (size_t)cJSON_GetArraySize(req);
        pg->require_pass = calloc(pg->n_require_pass + 1, sizeof(char *));
        for (size_t k = 0; k < pg->n_require_pass; k++)
            pg->require_pass[k] = cJSON_GetArrayItem(req, (int)k)->valuestring;
    }
    p->ntests = (size_t)cJSON_GetArraySize(tests);
    p->tests = calloc(p->ntests, sizeof(*p->tests));
    for (size_t i = 0; i < p->ntests; i++)
        p->tests[i].group = (unsigned)num_at(cJSON_GetArrayItem(tests, (int)i), "group");
    return p;
}

static void plan_of_free(struct plan *p)
{
    for (size_t i = 0; i < p->ngroups; i++)
        free(p->groups[i].require_pass);
    free(p->groups);
    free(p->tests);
    free(p);
}

/* Judges p with test i rejected when rejected[i] ('x'), else accepted. */
static struct score_result scored(const struct plan *p, const char *rejected)
{
    struct score *s = score_new(p);
    for (int i; (i = score_next(s)) >= 0;)
        score_record(s, (unsigned)i, rejected[i] == 'x' ? VERDICT_WA : VERDICT_AC, NAN);
    struct score_result r;
    score_result(s, &r);
    score_free(s);
    return r;
}

/* A legacy package: the default grader sums, and no group has a max_score
 * (secret's 100 is 2025-09's default). legacyscore: sample; secret/g1 (min,
 * accept 40: 01, 02, nested/01), secret/g2 (accept 60: 01); data/ 0..100. */
Test(from_package, legacy_plans_score_as_the_default_grader)
{
    struct imported im;
    import_fixture("legacyscore", &im);
    for (int i = 0; i < cJSON_GetArraySize(at(im.plan, "groups")); i++) {
        char path[64];
        snprintf(path, sizeof(path), "groups.%d.maxScore", i);
        cr_expect(cJSON_IsNull(at(im.plan, path)), "%s", path);
    }
    cr_expect_str_eq(str_at(im.plan, "groups.5.aggregation"), "sum");
    struct plan *p = plan_of(im.plan);
    struct score_result r = scored(p, ".....");
    cr_expect_eq(r.verdict, VERDICT_AC);
    cr_expect_eq(r.score, 100);
    cr_expect_eq(r.max_score, 100);
    r = scored(p, "x..x."); /* the sample (ignored) and g1 */
    cr_expect_eq(r.verdict, VERDICT_WA);
    cr_expect_eq(r.score, 60);
    plan_of_free(p);
    imported_free(&im);
}

/* A 2025-09 package: the submission's score is secret's (data/ sums, the
 * sample left out and never stopping the rest), secret and its sum groups
 * judge every test. modern2025: sample; secret/a_small (min, 30: 1),
 * secret/b_large (sum, 70, requires a_small: 2, big/1). */
Test(from_package, modern_plans_score_as_2025_09_says)
{
    struct imported im;
    import_fixture("modern2025", &im);
    cr_expect_str_eq(str_at(im.plan, "groups.0.aggregation"), "sum");
    cr_expect_str_eq(joined(at(im.plan, "groups.0.graderFlags")), "ignore_sample");
    struct plan *p = plan_of(im.plan);
    struct score_result r = scored(p, "....");
    cr_expect_eq(r.verdict, VERDICT_AC);
    cr_expect_eq(r.score, 100);
    cr_expect_eq(r.max_score, 100);
    r = scored(p, "x.x."); /* the sample, and half of b_large */
    cr_expect_eq(r.score, 65);
    cr_expect_eq(r.verdict, VERDICT_WA);
    r = scored(p, ".x.."); /* a_small: b_large is not judged */
    cr_expect_eq(r.score, 0);
    plan_of_free(p);
    imported_free(&im);
}

/* Input validators verdict can run are kept in the plan with the arguments
 * data/secret gives them; checktestdata is left out. */
Test(from_package, input_validators_are_kept_with_their_arguments)
{
    struct imported im;
    import_fixture("validated", &im);
    cr_expect_str_eq(str_at(im.plan, "inputValidators.0.path"), "input_validators/oneline.py");
    cr_expect_str_eq(str_at(im.plan, "inputValidators.0.language"), "python");
    cr_expect_eq(cJSON_GetArraySize(at(im.plan, "inputValidators.0.args")), 0);
    cr_expect_str_eq(str_at(im.plan, "inputValidators.1.path"), "input_validators/range.c");
    cr_expect(cJSON_IsFalse(at(im.plan, "inputValidators.1.dir")));
    cr_expect_str_eq(str_at(im.plan, "inputValidators.1.args.0"), "--max");
    cr_expect_str_eq(str_at(im.plan, "inputValidators.1.args.1"), "100");
    cr_expect_str_eq(str_at(im.plan, "inputValidators.1.files.0.name"), "range.c");
    cr_expect_eq(at(im.plan, "inputValidators.1.cpuMs")->valuedouble, 60000);
    char err[256];
    struct plan *plan =
        plan_parse(im.p.judging, strlen(im.p.judging), im.p.ntests, err, sizeof(err));
    cr_assert_not_null(plan, "%s", err);
    cr_expect_eq(plan->ninput_validators, 2);
    cr_expect_str_eq(plan->input_validators[1].args[1], "100");
    cr_expect_null(plan->input_validators[1].args[2]);
    cr_expect_eq(plan->input_validators[1].memory_mb, 2048);
    plan_free(plan);
    imported_free(&im);
    import_fixture("legacyscore", &im);
    cr_expect_str_eq(str_at(im.plan, "inputValidators.0.path"), "input_validators/validate.c");
    cr_expect_eq(cJSON_GetArraySize(at(im.plan, "inputValidators")), 1);
    imported_free(&im);
}

/* A package whose tests share one set of input validator arguments gets a
 * plan without "argSets" and "inputArgs", which a worker built before them
 * reads (plan_parse() refuses keys it does not know; README "Kattis problem
 * packages" on upgrading workers first). */
Test(from_package, one_input_argument_set_writes_the_plan_as_before)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("data/secret/testdata.yaml", "input_validator_flags: --max 100\n");
    pkgfs_write("data/secret/2.in", "2\n");
    pkgfs_write("data/secret/2.ans", "2\n");
    struct catalog_problem p;
    struct from_package_info info;
    import_built(root, &p, &info);
    cJSON *plan = plan_read(p.judging, p.ntests);
    cr_expect_str_eq(joined(at(plan, "inputValidators.0.args")), "--max 100");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(at(plan, "inputValidators.0"), "argSets"));
    cr_expect_null(strstr(p.judging, "inputArgs"));
    char err[256];
    struct plan *parsed = plan_parse(p.judging, strlen(p.judging), p.ntests, err, sizeof(err));
    cr_assert_not_null(parsed, "%s", err);
    cr_expect_eq(parsed->ninput_arg_sets, 1);
    cr_expect_str_eq(parsed->input_validators[0].arg_sets[0].v[1], "100");
    plan_free(parsed);
    cJSON_Delete(plan);
    catalog_problem_dispose(&p);
    from_package_info_dispose(&info);
    pkgfs_cleanup();
}

/* Per-group input validator arguments (tests/packages/groupflags: data/
 * says --max 10, secret/large --min 100 --max 1000 for "bounds"): the plan
 * keeps both sets, secret's tests' first, and each test names its own. */
Test(from_package, input_validator_argument_sets_per_group)
{
    struct imported im;
    import_fixture("groupflags", &im);
    const cJSON *sets = at(im.plan, "inputValidators.0.argSets");
    cr_assert_eq(cJSON_GetArraySize(sets), 2);
    char *text = cJSON_PrintUnformatted(sets);
    cr_expect_str_eq(text, "[[\"--min\",\"100\",\"--max\",\"1000\"],[\"--max\",\"10\"]]");
    free(text);
    cr_expect_str_eq(str_at(im.plan, "tests.1.name"), "secret/large/1");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(at(im.plan, "tests.1"), "inputArgs"));
    cr_expect_eq(at(im.plan, "tests.0.inputArgs")->valueint, 1);
    cr_expect_eq(at(im.plan, "tests.2.inputArgs")->valueint, 1);
    char err[256];
    struct plan *plan =
        plan_parse(im.p.judging, strlen(im.p.judging), im.p.ntests, err, sizeof(err));
    cr_assert_not_null(plan, "%s", err);
    cr_expect_eq(plan->ninput_arg_sets, 2);
    cr_expect_eq(plan->tests[3].input_args, 1);
    cr_expect_eq(plan->input_run_sets, 3u);
    plan_free(plan);
    imported_free(&im);
    /* validated's samples have no arguments (only secret says --max 100):
     * their set is kept, but a run's input is not checked with it. */
    import_fixture("validated", &im);
    plan = plan_parse(im.p.judging, strlen(im.p.judging), im.p.ntests, err, sizeof(err));
    cr_assert_not_null(plan, "%s", err);
    cr_expect_eq(plan->ninput_arg_sets, 2);
    cr_expect_eq(plan->input_run_sets, 1u);
    cr_expect_eq(plan->input_validators[1].arg_sets[1].n, 0);
    plan_free(plan);
    imported_free(&im);
}

/* A package's validation limits past what a plan holds (the spec bounds
 * neither) are capped, so that the problem stays judgeable: a plan that
 * plan_parse() refuses made every submission IE. */
Test(from_package, input_validator_limits_capped_to_what_a_plan_holds)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/validated", pkgfs_fixtures());
    struct package *pkg;
    cr_assert_eq(package_read(dir, &pkg, err, sizeof(err)), 0, "%s", err);
    pkg->meta.limits.validation_time_s = 7200;
    pkg->meta.limits.validation_memory_mib = 1L << 30;
    struct catalog_problem p;
    struct from_package_info info;
    memset(&p, 0, sizeof(p));
    memset(&info, 0, sizeof(info));
    cr_assert_eq(from_package(pkg, NULL, &p, &info, err, sizeof(err)), 0, "%s", err);
    struct plan *plan = plan_parse(p.judging, strlen(p.judging), p.ntests, err, sizeof(err));
    cr_assert_not_null(plan, "%s", err);
    cr_expect_eq(plan->input_validators[0].cpu_ms, PLAN_VALIDATOR_CPU_MS_MAX);
    cr_expect_eq(plan->input_validators[0].memory_mb, PLAN_VALIDATOR_MEMORY_MB_MAX);
    plan_free(plan);
    struct imported im = {.pkg = pkg, .p = p, .info = info};
    imported_free(&im);
}
