/* package_read() on the committed packages (tests/packages): every field the
 * later parts build on. */
#include "package/package.h"

#include "pkgfs.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static struct package *read_fixture(const char *name)
{
    char path[PATH_MAX], err[1024];
    snprintf(path, sizeof(path), "%s/%s", pkgfs_fixtures(), name);
    struct package *p;
    cr_assert_eq(package_read(path, &p, err, sizeof(err)), 0, "%s: %s", name, err);
    return p;
}

static const struct package_group *child(const struct package_group *g, const char *name)
{
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].group != NULL && strcmp(g->entries[i].group->name, name) == 0)
            return g->entries[i].group;
    cr_assert_fail("no group %s in %s", name, g->name);
    return NULL;
}

static const struct package_test *test_in(const struct package_group *g, const char *name)
{
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].test != NULL && strcmp(g->entries[i].test->name, name) == 0)
            return g->entries[i].test;
    cr_assert_fail("no test %s in %s", name, g->name);
    return NULL;
}

static const struct package_program *sub(const struct package *p, const char *path)
{
    for (size_t i = 0; i < p->n_submissions; i++)
        if (strcmp(p->submissions[i].path, path) == 0)
            return &p->submissions[i];
    cr_assert_fail("no submission %s", path);
    return NULL;
}

static bool warned(const struct package *p, const char *text)
{
    for (size_t i = 0; i < p->warnings.n; i++)
        if (strstr(p->warnings.v[i], text) != NULL)
            return true;
    return false;
}

Test(package, legacy_metadata_and_limits)
{
    struct package *p = read_fixture("legacyscore");
    cr_assert_str_eq(p->id, "legacyscore");
    cr_assert_eq(p->version, PACKAGE_LEGACY);
    cr_assert_str_eq(p->meta.name, "Legacy Sum");
    cr_assert_eq(p->meta.type, PACKAGE_SCORING);
    cr_assert(p->meta.custom_output_validation && p->meta.validator_score);
    cr_assert_eq(p->meta.authors.n, 3);
    cr_assert_str_eq(p->meta.authors.v[1], "Alan Turing");
    cr_assert_eq(p->meta.keywords.n, 2);
    cr_assert_eq(p->meta.validator_flags.n, 2);
    cr_assert_str_eq(p->meta.validator_flags.v[1], "1e-6");
    const struct package_limits *l = &p->meta.limits;
    cr_assert_float_eq(l->ac_to_time_limit, 3, 1e-12);
    cr_assert_float_eq(l->time_limit_to_tle, 2.5, 1e-12);
    cr_assert_eq(l->memory_mib, 256);
    cr_assert_eq(l->output_mib, 16);
    cr_assert_eq(l->code_kib, 128, "the default");
    cr_assert(!(l->given & PACKAGE_LIMIT_TIME));
    cr_assert(l->given & PACKAGE_LIMIT_MEMORY);
    cr_assert(warned(p, "problem.yaml: frobnicate: unknown key"));
    cr_assert_eq(p->n_statements, 2);
    cr_assert_eq(p->statements[0].kind, PACKAGE_STATEMENT_LATEX);
    cr_assert_str_eq(p->statements[1].path, "problem_statement/problem.sv.tex");
    package_free(p);
}

Test(package, legacy_groups_inherit_every_key)
{
    struct package *p = read_fixture("legacyscore");
    const struct package_group *secret = child(p->data, "secret");
    cr_assert_str_eq(p->data->entries[0].group->name, "sample", "sample first");
    cr_assert_eq(secret->n_tests, 4);
    cr_assert(secret->settings.on_reject_continue, "from data/testdata.yaml");
    const struct package_group *g1 = child(secret, "secret/g1");
    const struct package_group *g2 = child(secret, "secret/g2");
    cr_assert_eq(g1->settings.aggregation, PACKAGE_AGG_MIN);
    cr_assert_float_eq(g1->settings.accept_score, 40, 1e-12);
    cr_assert_float_eq(g1->settings.range_max, 40, 1e-12);
    cr_assert(!g2->settings.on_reject_continue);
    cr_assert_str_eq(g2->settings.output_validator_args.v[0], "strict");
    const struct package_group *nested = child(g1, "secret/g1/nested");
    cr_assert_eq(nested->settings.aggregation, PACKAGE_AGG_MIN, "inherited from g1");
    cr_assert_eq(nested->settings.n_input_validator_named, 1);
    cr_assert_str_eq(nested->settings.input_validator_named[0].validator, "validate");
    cr_assert_str_eq(nested->settings.input_validator_named[0].args.v[0], "tiny");
    /* Order: tests and groups by name: 01, 02, nested. */
    cr_assert_eq(g1->n_entries, 3);
    cr_assert_str_eq(g1->entries[0].test->name, "secret/g1/01");
    cr_assert_not_null(g1->entries[2].group);
    const struct package_test *t1 = test_in(g1, "secret/g1/01");
    cr_assert_str_eq(t1->in, "data/secret/g1/01.in");
    cr_assert_str_eq(t1->ans, "data/secret/g1/01.ans");
    cr_assert_str_eq(t1->desc, "smallest numbers\n");
    cr_assert_str_eq(t1->hint, "mind the sign\n");
    cr_assert_eq(t1->settings, &g1->settings);
    const struct package_test *t2 = test_in(g1, "secret/g1/02");
    cr_assert_not_null(t2->own);
    cr_assert_eq(t2->settings->args.n, 3);
    cr_assert_str_eq(t2->settings->args.v[2], "7");
    cr_assert(warned(p, "data/secret/README: not part of a test case"));
    package_free(p);
}

Test(package, legacy_programs_and_languages)
{
    struct package *p = read_fixture("legacyscore");
    cr_assert_eq(p->n_input_validators, 2);
    cr_assert_str_eq(p->input_validators[0].name, "format");
    cr_assert_eq(p->input_validators[0].lang, SRCLANG_UNSUPPORTED);
    cr_assert_str_eq(p->input_validators[0].lang_note, ".ctd");
    cr_assert_eq(p->input_validators[1].lang, SRCLANG_C);
    cr_assert(warned(p, "input_validators/format.ctd: input validator in an unsupported"));
    cr_assert_eq(p->n_output_validators, 1);
    cr_assert(p->output_validators[0].is_dir);
    cr_assert_eq(p->output_validators[0].lang, SRCLANG_CPP);
    cr_assert_eq(p->output_validators[0].files.n, 2);
    cr_assert_eq(p->n_includes, 2);
    cr_assert_str_eq(p->includes[0].lang_dir, "cpp");
    cr_assert_str_eq(p->includes[0].files.v[0], "driver.h");
    const struct package_program *java = sub(p, "submissions/accepted/Solver.java");
    cr_assert_eq(java->lang, SRCLANG_JAVA);
    cr_assert_str_eq(java->entry, "Solver");
    const struct package_program *multi = sub(p, "submissions/accepted/multi");
    cr_assert(multi->is_dir);
    cr_assert_eq(multi->lang, SRCLANG_CPP);
    cr_assert_eq(sub(p, "submissions/accepted/sum.kt")->lang, SRCLANG_UNSUPPORTED);
    cr_assert_eq(sub(p, "submissions/run_time_error/crash.go")->lang, SRCLANG_GO);
    cr_assert_eq(sub(p, "submissions/time_limit_exceeded/slow.js")->lang, SRCLANG_JAVASCRIPT);
    cr_assert_str_eq(sub(p, "submissions/partially_accepted/half.rs")->folder,
                     "partially_accepted");
    cr_assert_eq(p->n_submissions, 9);
    package_free(p);
}

Test(package, legacy_single_file_output_validator)
{
    struct package *p = read_fixture("legacyflags");
    cr_assert_eq(p->n_output_validators, 1);
    cr_assert(!p->output_validators[0].is_dir);
    cr_assert_str_eq(p->output_validators[0].name, "cmp");
    cr_assert_eq(p->output_validators[0].lang, SRCLANG_PYTHON);
    cr_assert_eq(p->meta.type, PACKAGE_PASS_FAIL);
    package_free(p);
}

Test(package, draft_2023_interactive)
{
    struct package *p = read_fixture("draft2023");
    cr_assert_eq(p->version, PACKAGE_2023_07_DRAFT);
    cr_assert_str_eq(p->meta.name, "Guess", "en is picked though sv comes first");
    cr_assert_eq(p->meta.type, PACKAGE_PASS_FAIL | PACKAGE_INTERACTIVE);
    cr_assert_eq(p->meta.authors.n, 2);
    cr_assert_str_eq(p->meta.authors.v[1], "Alan Turing");
    cr_assert_str_eq(p->meta.source_url, "https://example.com");
    cr_assert_float_eq(p->meta.limits.ac_to_time_limit, 3, 1e-12);
    cr_assert_eq(p->meta.limits.validation_time_s, 30);
    cr_assert_eq(p->statements[0].kind, PACKAGE_STATEMENT_MARKDOWN);
    const struct package_group *sample = child(p->data, "sample");
    const struct package_test *only = test_in(sample, "sample/1");
    cr_assert_null(only->in, "an interaction alone");
    cr_assert_str_eq(only->interaction, "data/sample/1.interaction");
    cr_assert_not_null(test_in(sample, "sample/2")->interaction);
    cr_assert(sample->settings.full_feedback);
    const struct package_group *secret = child(p->data, "secret");
    cr_assert_float_eq(secret->settings.max_score, 100, 1e-12);
    cr_assert_eq(secret->settings.output_validator_args.n, 2);
    const struct package_test *t2 = test_in(secret, "secret/02");
    cr_assert_str_eq(t2->settings->args.v[1], "edge");
    cr_assert_str_eq(t2->settings->output_validator_args.v[1], "5");
    cr_assert_str_eq(t2->hint, "the smallest number");
    cr_assert_eq(p->n_output_validators, 1);
    cr_assert_str_eq(p->output_validators[0].path, "output_validator");
    cr_assert_str_eq(sub(p, "submissions/rejected/lazy.py")->folder, "rejected");
    package_free(p);
}

Test(package, modern_2025_groups_and_tests)
{
    struct package *p = read_fixture("modern2025");
    cr_assert_eq(p->version, PACKAGE_2025_09);
    cr_assert_eq(p->meta.type, PACKAGE_SCORING);
    cr_assert_float_eq(p->meta.limits.time_limit, 1.5, 1e-12);
    cr_assert(p->meta.limits.given & PACKAGE_LIMIT_TIME);
    cr_assert_str_eq(p->meta.authors.v[0], "Grace Hopper");
    cr_assert_str_eq(p->meta.source, "Verdict Finals");
    cr_assert(p->meta.allow_file_writing);
    const struct package_group *secret = child(p->data, "secret");
    const struct package_group *a = child(secret, "secret/a_small");
    const struct package_group *b = child(secret, "secret/b_large");
    cr_assert(a->is_group && b->is_group);
    cr_assert_float_eq(a->settings.max_score, 30, 1e-12);
    cr_assert_eq(a->settings.aggregation, PACKAGE_AGG_MIN);
    cr_assert_str_eq(a->settings.output_validator_args.v[0], "float_tolerance",
                     "inherited from secret");
    cr_assert_str_eq(a->settings.input_validator_named[0].validator, "bounds");
    cr_assert_str_eq(b->settings.require_pass.v[0], "secret/a_small");
    const struct package_group *big = child(b, "secret/b_large/big");
    cr_assert(!big->is_group, "a directory inside a group");
    const struct package_test *t = test_in(a, "secret/a_small/1");
    cr_assert_str_eq(t->files_dir, "data/secret/a_small/1.files");
    cr_assert_str_eq(t->illustration, "data/secret/a_small/1.png");
    cr_assert_str_eq(t->desc, "a tiny case");
    cr_assert(t->settings->full_feedback);
    cr_assert_str_eq(t->settings->args.v[0], "--verbose");
    cr_assert_str_eq(test_in(b, "secret/b_large/2")->out, "data/secret/b_large/2.out");
    cr_assert_eq(p->n_input_validators, 2);
    cr_assert_str_eq(p->input_validators[1].path, "input_validator");
    cr_assert_eq(p->output_validators[0].lang, SRCLANG_CPP);
    cr_assert_eq(p->n_expectations, 2);
    cr_assert_str_eq(p->expectations[1].pattern, "wrong_answer/off.py");
    cr_assert(strstr(p->expectations[1].raw, "required: [WA]") != NULL, "%s",
              p->expectations[1].raw);
    cr_assert_eq(p->includes[0].lang, SRCLANG_UNSUPPORTED);
    cr_assert_str_eq(p->includes[0].lang_dir, "default");
    package_free(p);
}

static int count_test(const struct package_group *g, const struct package_test *t, void *data)
{
    (void)g;
    (void)t;
    (*(int *)data)++;
    return 0;
}

Test(package, each_test_walks_in_judging_order)
{
    struct package *p = read_fixture("modern2025");
    int n = 0;
    cr_assert_eq(package_each_test(p->data, count_test, &n), 0);
    cr_assert_eq(n, 4);
    cr_assert_eq((size_t)n, p->data->n_tests);
    package_free(p);
}

/* The problemtools examples, when someone fetched them to a path: real
 * packages must read. Skipped when absent (CI has no network). */
Test(package, problemtools_examples_when_present)
{
    const char *dir = getenv("VERDICT_PROBLEMTOOLS_EXAMPLES");
    if (dir == NULL)
        cr_skip_test("VERDICT_PROBLEMTOOLS_EXAMPLES is not set");
    const char *names[] = {"hello", "different", "guess", "oddecho"};
    for (size_t i = 0; i < 4; i++) {
        char path[PATH_MAX], err[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        struct package *p;
        cr_assert_eq(package_read(path, &p, err, sizeof(err)), 0, "%s", err);
        package_free(p);
    }
}
