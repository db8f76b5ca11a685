/* Broken packages, one rule each: package_read() fails with "path: rule"
 * and leaves nothing allocated (the sanitized build checks for leaks). */
#include "package/package.h"

#include "pkgfs.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void teardown(void)
{
    pkgfs_cleanup();
}

TestSuite(broken, .fini = teardown);

/* Reads root and asserts the failure's text starts with want. */
static void expect(const char *root, const char *want)
{
    struct package *p = (struct package *)1;
    char err[1024] = "";
    int rc = package_read(root, &p, err, sizeof(err));
    cr_assert_eq(rc, -1, "read %s, expected: %s", root, want);
    cr_assert_null(p);
    cr_assert(strncmp(err, want, strlen(want)) == 0, "got '%s', expected '%s'", err, want);
}

static struct package *expect_ok(const char *root)
{
    struct package *p;
    char err[1024];
    cr_assert_eq(package_read(root, &p, err, sizeof(err)), 0, "%s", err);
    return p;
}

Test(broken, the_minimal_packages_read)
{
    const char *versions[] = {"legacy", "2023-07-draft", "2025-09"};
    for (size_t i = 0; i < 3; i++) {
        package_free(expect_ok(pkgfs_minimal(versions[i])));
        pkgfs_cleanup();
    }
}

Test(broken, not_a_package_without_problem_yaml)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_remove("problem.yaml");
    expect(root, "problem.yaml: missing");
}

Test(broken, unknown_format_version_is_named)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "problem_format_version: 2024-01\nname: X\n");
    expect(root, "problem.yaml: problem_format_version '2024-01': not supported");
}

Test(broken, memory_limit_must_be_a_positive_integer)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "name: X\nlimits:\n  memory: 0\n");
    expect(root, "problem.yaml: limits.memory: not a positive integer");
    pkgfs_write("problem.yaml", "name: X\nlimits:\n  memory: 1.5\n");
    expect(root, "problem.yaml: limits.memory: not a positive integer");
}

Test(broken, yaml_errors_name_the_line)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "name: X\nname: Y\n");
    expect(root, "problem.yaml: line 2: duplicate key 'name'");
    pkgfs_write("problem.yaml", "name: [X\n");
    expect(root, "problem.yaml: line ");
    pkgfs_write("problem.yaml", "- a\n- b\n");
    expect(root, "problem.yaml: not a map of keys");
}

Test(broken, an_in_needs_its_ans_and_an_ans_its_in)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("data/secret/03.in", "1\n");
    expect(root, "data/secret/03.in: no matching .ans");
    pkgfs_remove("data/secret/03.in");
    pkgfs_write("data/secret/04.ans", "1\n");
    expect(root, "data/secret/04.ans: no matching .in");
    pkgfs_remove("data/secret/04.ans");
    pkgfs_write("data/secret/05.desc", "why\n");
    expect(root, "data/secret/05.desc: no matching .in");
}

Test(broken, a_lone_interaction_only_in_sample)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("data/sample/1.interaction", "<1\n>1\n");
    package_free(expect_ok(root));
    pkgfs_write("data/secret/9.interaction", "<1\n");
    expect(root, "data/secret/9.interaction: no matching .in");
}

Test(broken, secret_data_is_required)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_remove("data/secret/1.in");
    pkgfs_remove("data/secret/1.ans");
    expect(root, "data/secret: no test cases");
}

Test(broken, data_secret_missing)
{
    const char *root = pkgfs_new("nodata");
    pkgfs_write("problem.yaml", "name: X\n");
    pkgfs_write("problem_statement/problem.en.tex", "x\n");
    expect(root, "data/secret: missing");
}

Test(broken, a_statement_is_required)
{
    const char *root = pkgfs_new("nostatement");
    pkgfs_write("problem.yaml", "name: X\n");
    expect(root, "problem_statement/: missing");
    pkgfs_write("problem_statement/notes.txt", "x\n");
    expect(root, "problem_statement/: no problem.<language>.md, .tex or .pdf");
}

Test(broken, problem_types)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "name: X\ntype: interactive\n");
    expect(root, "problem.yaml: type: must be pass-fail or scoring");
    pkgfs_write("problem.yaml", "name: X\nvalidation: custom score\n");
    expect(root, "problem.yaml: validation: score is only for type scoring");
    pkgfs_write("problem.yaml", "name: X\nvalidation: fancy\n");
    expect(root, "problem.yaml: validation: must begin with default or custom");
    pkgfs_cleanup();
    root = pkgfs_minimal("2025-09");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\nuuid: u\n"
                                "type: [pass-fail, scoring]\n");
    expect(root, "problem.yaml: type: pass-fail and scoring exclude each other");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\nuuid: u\n"
                                "type: [interactive, submit-answer]\n");
    expect(root, "problem.yaml: type: submit-answer excludes");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\nuuid: u\n"
                                "type: [scoring, scoring]\n");
    expect(root, "problem.yaml: type: 'scoring' given twice");
}

Test(broken, required_keys_of_later_versions)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\n");
    expect(root, "problem.yaml: uuid: missing");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nuuid: u\n");
    expect(root, "problem.yaml: name: missing");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nuuid: u\nname: X\n"
                                "license: gpl\n");
    expect(root, "problem.yaml: license: 'gpl' is not one of the spec's");
}

Test(broken, time_limits_of_2025)
{
    const char *root = pkgfs_minimal("2025-09");
    const char *head = "problem_format_version: 2025-09\nname: X\nuuid: u\nlimits:\n";
    char yaml[512];
    snprintf(yaml, sizeof(yaml), "%s  time_limit: 1.3\n  time_resolution: 0.5\n", head);
    pkgfs_write("problem.yaml", yaml);
    expect(root, "problem.yaml: limits.time_limit: 1.3 is not a multiple of time_resolution 0.5");
    snprintf(yaml, sizeof(yaml), "%s  time_multipliers:\n    ac_to_time_limit: 0.5\n", head);
    pkgfs_write("problem.yaml", yaml);
    expect(root, "problem.yaml: limits.time_multipliers.ac_to_time_limit: not a number >= 1");
    snprintf(yaml, sizeof(yaml), "%s  validation_passes: 3\n", head);
    pkgfs_write("problem.yaml", yaml);
    expect(root, "problem.yaml: limits.validation_passes: only for multi-pass problems");
}

Test(broken, custom_validation_needs_a_validator)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "name: X\nvalidation: custom interactive\n");
    expect(root, "output_validators/: missing (validation: custom needs");
    pkgfs_cleanup();
    root = pkgfs_minimal("2025-09");
    pkgfs_write("problem.yaml",
                "problem_format_version: 2025-09\nname: X\nuuid: u\ntype: interactive\n");
    expect(root, "output_validator/: missing (type interactive needs");
    pkgfs_write("output_validator/check.kt", "x\n");
    expect(root, "output_validator: output validator in an unsupported language (.kt)");
}

Test(broken, symlinks_stay_inside_the_package)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_link("1.in", "data/secret/2.in");
    pkgfs_link("../secret/1.ans", "data/secret/2.ans");
    struct package *p = expect_ok(root);
    cr_assert_eq(p->data->n_tests, 2);
    package_free(p);
    pkgfs_link("/etc/passwd", "data/secret/3.in");
    pkgfs_write("data/secret/3.ans", "x\n");
    expect(root, "data/secret/3.in: symbolic link leads outside the package");
    pkgfs_remove("data/secret/3.in");
    pkgfs_link("nowhere.in", "data/secret/3.in");
    expect(root, "data/secret/3.in: dangling symbolic link");
}

Test(broken, testdata_yaml_values)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("data/secret/testdata.yaml", "on_reject: stop\n");
    expect(root, "data/secret/testdata.yaml: on_reject: must be break or continue");
    pkgfs_write("data/secret/testdata.yaml", "accept_score: 5\n");
    expect(root, "data/secret/testdata.yaml: accept_score: only for scoring problems");
    pkgfs_write("problem.yaml", "name: X\ntype: scoring\n");
    pkgfs_write("data/secret/testdata.yaml", "range: 10 1\n");
    expect(root, "data/secret/testdata.yaml: range: must be two numbers, the lower first");
}

Test(broken, groups_of_2025)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\nuuid: u\n"
                                "type: scoring\n");
    pkgfs_write("data/sample/test_group.yaml", "max_score: 5\n");
    expect(root, "data/sample/test_group.yaml: max_score: not permitted in sample");
    pkgfs_remove("data/sample/test_group.yaml");
    pkgfs_write("data/secret/g1/test_group.yaml", "max_score: 50\n");
    pkgfs_write("data/secret/g1/1.in", "1\n");
    pkgfs_write("data/secret/g1/1.ans", "1\n");
    expect(root, "data/secret: test cases beside test data groups");
    pkgfs_remove("data/secret/1.in");
    pkgfs_remove("data/secret/1.ans");
    pkgfs_write("data/secret/g2/1.in", "1\n");
    pkgfs_write("data/secret/g2/1.ans", "1\n");
    expect(root, "data/secret/g2: every directory of a secret with groups must be a group");
    pkgfs_write("data/secret/g2/test_group.yaml", "max_score: 50\n");
    package_free(expect_ok(root));
    pkgfs_write("data/secret/g2/deep/test_group.yaml", "max_score: 1\n");
    pkgfs_write("data/secret/g2/deep/1.in", "1\n");
    pkgfs_write("data/secret/g2/deep/1.ans", "1\n");
    expect(root, "data/secret/g2/deep/test_group.yaml: test data groups must not contain groups");
}

Test(broken, an_empty_group_of_2025)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_remove("data/secret/1.in");
    pkgfs_remove("data/secret/1.ans");
    pkgfs_write("data/secret/g1/test_group.yaml", "{}\n");
    pkgfs_write("data/secret/g1/1.in", "1\n");
    pkgfs_write("data/secret/g1/1.ans", "1\n");
    pkgfs_write("data/secret/g2/test_group.yaml", "{}\n");
    expect(root, "data/secret/g2: a test data group without test cases");
}

Test(broken, scoring_keys_in_a_pass_fail_2025_problem)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("data/secret/test_group.yaml", "score_aggregation: min\n");
    expect(root, "data/secret/test_group.yaml: score_aggregation: only for scoring problems");
}

Test(broken, a_test_named_test_group_in_2025)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("data/secret/test_group.in", "1\n");
    pkgfs_write("data/secret/test_group.ans", "1\n");
    expect(root, "data/secret/test_group.in: a test must not be named test_group");
}

Test(broken, both_settings_files_in_2023)
{
    const char *root = pkgfs_minimal("2023-07-draft");
    pkgfs_write("data/secret/testdata.yaml", "{}\n");
    pkgfs_write("data/secret/test_group.yaml", "{}\n");
    expect(root, "data/secret: both testdata.yaml and test_group.yaml");
}

Test(broken, a_directory_named_like_a_test)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("data/secret/1/2.in", "1\n");
    pkgfs_write("data/secret/1/2.ans", "1\n");
    expect(root, "data/secret/1: a directory with the name of a test case");
}

Test(broken, no_accepted_submission_and_no_time_limit)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_remove("submissions/accepted/a.py");
    expect(root, "submissions/accepted: none");
    pkgfs_cleanup();
    root = pkgfs_minimal("2025-09");
    pkgfs_remove("submissions/accepted/a.py");
    pkgfs_write("problem.yaml", "problem_format_version: 2025-09\nname: X\nuuid: u\n"
                                "limits:\n  time_limit: 2\n");
    package_free(expect_ok(root));
}

Test(broken, the_package_name_must_be_a_problem_id)
{
    const char *root = pkgfs_new("Bad_Name");
    pkgfs_write("problem.yaml", "name: X\n");
    char want[512];
    snprintf(want, sizeof(want), "%s: the package name 'bad_name' is not a problem id", root);
    expect(root, want);
}

Test(broken, depth_is_capped)
{
    const char *root = pkgfs_minimal("legacy");
    char rel[512] = "data/secret";
    for (int i = 0; i < PACKAGE_MAX_DEPTH + 1; i++)
        strncat(rel, "/d", sizeof(rel) - strlen(rel) - 1);
    strncat(rel, "/1.in", sizeof(rel) - strlen(rel) - 1);
    pkgfs_write(rel, "1\n");
    expect(root, "data/secret/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d: nested deeper than 16");
}

Test(broken, text_files_are_capped_and_utf8)
{
    const char *root = pkgfs_minimal("legacy");
    static char big[PACKAGE_MAX_TEXT + 2];
    memset(big, 'a', sizeof(big) - 1);
    pkgfs_write("data/secret/1.desc", big);
    expect(root, "data/secret/1.desc: larger than 65536 bytes");
    pkgfs_write("data/secret/1.desc", "caf\xe9\n");
    expect(root, "data/secret/1.desc: not UTF-8 text");
}

Test(broken, warnings_do_not_stop_the_read)
{
    const char *root = pkgfs_minimal("legacy");
    pkgfs_write("problem.yaml", "name: X\nshiny: true\nlimits:\n  sparkle: 1\n");
    pkgfs_write("data/secret/testdata.yaml", "glitter: 1\n");
    pkgfs_write("submissions/accepted/x.kt", "x\n");
    struct package *p = expect_ok(root);
    cr_assert_eq(p->warnings.n, 4);
    cr_assert_str_eq(p->warnings.v[0], "problem.yaml: shiny: unknown key (ignored)");
    cr_assert_str_eq(p->warnings.v[1], "problem.yaml: limits.sparkle: unknown key (ignored)");
    cr_assert_str_eq(p->warnings.v[2], "data/secret/testdata.yaml: glitter: unknown key (ignored)");
    package_free(p);
}

/* Nothing in the statement's subdirectories fails the read (verdict only
 * looks there for images): a dangling link, one leaving the package, a FIFO
 * and a directory past the entries verdict reads there are skipped with a
 * warning, and only what stays inside is kept. At the statement directory's
 * own level the rules of the rest of the package hold. */
Test(broken, junk_in_statement_subdirectories_is_skipped)
{
    const char *root = pkgfs_minimal("2025-09");
    pkgfs_write("statement/img/a.png", "png\n");
    pkgfs_link("/nonexistent", "statement/tikz/shared.tex");
    pkgfs_link("/etc/passwd", "statement/img/out.png");
    pkgfs_link("a.png", "statement/img/in.png");
    char fifo[4096];
    snprintf(fifo, sizeof(fifo), "%s/statement/img/pipe.png", root);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    /* zmany/ is read after img/ and tikz/: their 5 entries took their share. */
    for (int i = 0; i < PACKAGE_STATEMENT_SUB_ENTRIES_MAX; i++) {
        char rel[64];
        snprintf(rel, sizeof(rel), "statement/zmany/%04d.txt", i);
        pkgfs_write(rel, "");
    }
    pkgfs_write("statement/zmore/a.png", "png\n"); /* past the bound too: no second warning */
    struct package *p = expect_ok(root);
    cr_assert_eq(p->statement_files.n, 2 + PACKAGE_STATEMENT_SUB_ENTRIES_MAX - 5);
    cr_expect_str_eq(p->statement_files.v[0], "statement/img/a.png");
    cr_expect_str_eq(p->statement_files.v[1], "statement/img/in.png");
    static const char *const want[] = {
        "statement/img/out.png: symbolic link leads outside the package (skipped)",
        "statement/img/pipe.png: not a regular file or directory (skipped)",
        "statement/tikz/shared.tex: dangling symbolic link (skipped)",
        "statement/zmany: more than 1000 files below the statement directory: the rest not read"};
    cr_assert_eq(p->warnings.n, 4);
    for (size_t k = 0; k < 4; k++) {
        bool found = false;
        for (size_t i = 0; i < p->warnings.n; i++)
            found = found || strcmp(p->warnings.v[i], want[k]) == 0;
        cr_expect(found, "no warning '%s'", want[k]);
    }
    package_free(p);
    pkgfs_link("/nonexistent", "statement/shared.tex");
    expect(root, "statement/shared.tex: dangling symbolic link");
}
