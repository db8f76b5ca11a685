/* Tests of src/judge/cache.c: versions built aside and renamed into place. */
#include "judge/cache.h"
#include "judge/plan.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char root[64];

static void setup(void)
{
    snprintf(root, sizeof(root), "/tmp/verdict-cache-test-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char buf[256];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void teardown(void)
{
    nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(cache, .init = setup, .fini = teardown);

Test(cache, writes_then_opens_a_version)
{
    struct cache_problem p;
    cr_assert_eq(cache_open(root, "a-plus-b", 1, &p), -ENOENT);
    struct cache_writer w;
    cr_assert_eq(cache_writer_begin(&w, root, "a-plus-b", 1), 0);
    cr_assert_eq(cache_writer_add(&w, true, "1 2\n", 4, "3\n", 2), 0);
    cr_assert_eq(cache_writer_add(&w, false, "5 5\n", 4, "10\n", 3), 0);
    /* A sample after a hidden test would break "samples first". */
    cr_assert_eq(cache_writer_add(&w, true, "", 0, "", 0), -EINVAL);
    cr_assert_eq(cache_writer_commit(&w, &p), 0);
    cr_assert_eq(p.ntests, 2);
    cr_assert_eq(p.nsamples, 1);
    cr_assert_not(p.has_checker);
    char path[CACHE_PATH_MAX + 32];
    cache_test_path(&p, 1, true, path, sizeof(path));
    cr_assert_str_eq(slurp(path), "10\n");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644);
    struct cache_problem again;
    cr_assert_eq(cache_open(root, "a-plus-b", 1, &again), 0);
    cr_assert_eq(again.ntests, 2);
}

Test(cache, keeps_which_hidden_tests_are_visible)
{
    struct cache_writer w;
    cr_assert_eq(cache_writer_begin(&w, root, "vis", 1), 0);
    cr_assert_eq(cache_writer_mark_visible(&w), -EINVAL); /* no test yet */
    cr_assert_eq(cache_writer_add(&w, false, "1\n", 2, "1\n", 2), 0);
    cr_assert_eq(cache_writer_add(&w, false, "2\n", 2, "2\n", 2), 0);
    cr_assert_eq(cache_writer_mark_visible(&w), 0);
    cr_assert_eq(cache_writer_add(&w, false, "3\n", 2, "3\n", 2), 0);
    struct cache_problem p;
    cr_assert_eq(cache_writer_commit(&w, &p), 0);
    cr_expect_not(cache_test_visible(&p, 0));
    cr_expect(cache_test_visible(&p, 1));
    cr_expect_not(cache_test_visible(&p, 2));
}

Test(cache, second_writer_of_a_version_keeps_the_first)
{
    struct cache_writer a, b;
    struct cache_problem p;
    cr_assert_eq(cache_writer_begin(&a, root, "p", 3), 0);
    cr_assert_eq(cache_writer_begin(&b, root, "p", 3), 0);
    cr_assert_eq(cache_writer_add(&a, false, "a", 1, "A", 1), 0);
    cr_assert_eq(cache_writer_add(&b, false, "b", 1, "B", 1), 0);
    cr_assert_eq(cache_writer_put_checker(&b,
                                          "\x7f"
                                          "ELF",
                                          4),
                 0);
    cr_assert_eq(cache_writer_commit(&a, &p), 0);
    cr_assert_eq(cache_writer_commit(&b, &p), 0);
    char path[CACHE_PATH_MAX + 32];
    cache_test_path(&p, 0, false, path, sizeof(path));
    cr_assert_str_eq(slurp(path), "a");
    cr_assert_not(p.has_checker);
}

Test(cache, new_version_removes_all_but_the_previous)
{
    struct cache_problem p;
    for (int v = 1; v <= 3; v++) {
        struct cache_writer w;
        cr_assert_eq(cache_writer_begin(&w, root, "p", v), 0);
        cr_assert_eq(cache_writer_commit(&w, &p), 0);
    }
    cr_assert_eq(cache_open(root, "p", 1, &p), -ENOENT);
    cr_assert_eq(cache_open(root, "p", 2, &p), 0);
    cr_assert_eq(cache_open(root, "p", 3, &p), 0);
}

Test(cache, refuses_unsafe_ids)
{
    struct cache_writer w;
    struct cache_problem p;
    cr_assert_eq(cache_writer_begin(&w, root, "../etc", 1), -EINVAL);
    cr_assert_eq(cache_open(root, "a/b", 1, &p), -EINVAL);
    cr_assert_eq(cache_open(root, "", 1, &p), -EINVAL);
    cr_assert_eq(cache_open(root, "A-plus-b", 1, &p), -EINVAL);
    cr_assert_eq(cache_open(root, "-plus-b", 1, &p), -EINVAL);
    cr_assert_eq(cache_open(root, "a-plus-b", 1, &p), -ENOENT);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static const char plan_one_test[] =
    "{\"format\": 1, \"types\": [\"pass-fail\"], \"groups\": [{\"name\": \"\", \"parent\": -1,"
    " \"aggregation\": \"pass-fail\", \"onReject\": \"break\", \"acceptScore\": 1,"
    " \"rejectScore\": 0}], \"tests\": [{\"name\": \"secret/1\", \"group\": 0}]}";

/* A packaged problem's version: its plan and its built validator's files
 * (directories too), all removed with the version. */
Test(cache, keeps_a_plan_and_a_validator_directory)
{
    struct cache_writer w;
    struct cache_problem p;
    cr_assert_eq(cache_writer_begin(&w, root, "pkg", 1), 0);
    cr_assert_eq(cache_writer_add(&w, false, "1\n", 2, "1\n", 2), 0);
    cr_assert_eq(cache_writer_put_judging(&w, plan_one_test, strlen(plan_one_test)), 0);
    char dir[CACHE_PATH_MAX + 64], sub[CACHE_PATH_MAX + 128];
    cache_writer_validator_dir(&w, dir, sizeof(dir));
    cr_assert_eq(mkdir(dir, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/__pycache__", dir);
    cr_assert_eq(mkdir(sub, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/__pycache__/v.pyc", dir);
    put(sub, "x");
    cache_writer_put_validator(&w);
    cr_assert_eq(cache_writer_commit(&w, &p), 0);
    cr_assert(p.has_judging);
    cr_assert(p.has_validator);
    struct plan *plan = NULL;
    char err[256] = "";
    cr_assert_eq(cache_plan_read(&p, &plan, err, sizeof(err)), 0, "%s", err);
    cr_assert_not_null(plan);
    cr_assert_eq(plan->ntests, 1);
    plan_free(plan);
    /* Versions 2 and 3 remove version 1, directories and all. */
    for (int v = 2; v <= 3; v++) {
        cr_assert_eq(cache_writer_begin(&w, root, "pkg", v), 0);
        cr_assert_eq(cache_writer_add(&w, false, "1\n", 2, "1\n", 2), 0);
        cr_assert_eq(cache_writer_commit(&w, &p), 0);
        cr_assert_not(p.has_judging);
        cr_assert_eq(cache_plan_read(&p, &plan, err, sizeof(err)), 0);
        cr_assert_null(plan);
    }
    struct stat st;
    snprintf(dir, sizeof(dir), "%s/pkg/1", root);
    cr_assert_eq(stat(dir, &st), -1, "version 1 is still there");
}

Test(cache, refuses_a_bad_plan_and_reads_old_meta)
{
    struct cache_writer w;
    struct cache_problem p;
    cr_assert_eq(cache_writer_begin(&w, root, "bad", 1), 0);
    cr_assert_eq(cache_writer_add(&w, false, "1\n", 2, "1\n", 2), 0);
    cr_assert_eq(cache_writer_add(&w, false, "2\n", 2, "2\n", 2), 0);
    /* One test in the plan, two in the problem. */
    cr_assert_eq(cache_writer_put_judging(&w, plan_one_test, strlen(plan_one_test)), 0);
    cr_assert_eq(cache_writer_commit(&w, &p), 0);
    struct plan *plan = NULL;
    char err[256] = "";
    cr_assert_eq(cache_plan_read(&p, &plan, err, sizeof(err)), -EBADMSG);
    cr_assert_null(plan);
    cr_assert(strstr(err, "1 tests, the problem 2") != NULL, "%s", err);
    /* A version cached before packaged problems: three lines of meta. */
    char meta[CACHE_PATH_MAX + 16];
    snprintf(meta, sizeof(meta), "%s/meta", p.dir);
    put(meta, "tests 2\nsamples 0\nchecker 0\n");
    cr_assert_eq(cache_open(root, "bad", 1, &p), 0);
    cr_assert_eq(p.ntests, 2);
    cr_assert_not(p.has_judging);
    cr_assert_not(p.has_validator);
}
