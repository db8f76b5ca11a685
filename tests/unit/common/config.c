#include "common/config.h"

#include <criterion/criterion.h>
#include <stdlib.h>

static struct config_opt opts[] = {
    {.flag = "--port", .env = "VERDICT_TEST_PORT", .def = "3000"},
    {.flag = "--redis",
     .env = "VERDICT_TEST_REDIS_X",
     .alt_env = "TEST_REDIS_URL_X",
     .def = "redis://127.0.0.1:6379"},
    {.flag = "--verbose", .is_switch = true},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

Test(config, flags_beat_env_beat_defaults)
{
    setenv("VERDICT_TEST_PORT", "4000", 1);
    setenv("TEST_REDIS_URL_X", "redis://alt:1", 1);
    char *argv[] = {"api", "--port=5000", "file.c", "--verbose", NULL};
    int pos[4], npos;
    char err[128];
    cr_assert_eq(config_parse(opts, NOPTS, 4, argv, 1, pos, 4, &npos, err, sizeof(err)), 0);
    cr_assert_str_eq(config_find(opts, NOPTS, "--port")->value, "5000");
    cr_assert_str_eq(config_find(opts, NOPTS, "--redis")->value, "redis://alt:1");
    cr_assert_str_eq(config_find(opts, NOPTS, "--verbose")->value, "1");
    cr_assert_eq(npos, 1);
    cr_assert_eq(pos[0], 2);
    unsetenv("VERDICT_TEST_PORT");
    char *argv2[] = {"api", NULL};
    cr_assert_eq(config_parse(opts, NOPTS, 1, argv2, 1, pos, 4, &npos, err, sizeof(err)), 0);
    cr_assert_str_eq(config_find(opts, NOPTS, "--port")->value, "3000");
}

Test(config, rejects_unknown_and_missing_values)
{
    int pos[1], npos;
    char err[128];
    char *a[] = {"api", "--nope", NULL};
    cr_assert_eq(config_parse(opts, NOPTS, 2, a, 1, pos, 1, &npos, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "unknown option '--nope'");
    char *b[] = {"api", "--port", NULL};
    cr_assert_eq(config_parse(opts, NOPTS, 2, b, 1, pos, 1, &npos, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "option '--port' needs a value");
    long v;
    cr_assert_eq(config_int("--port", "70000", 0, 65535, &v, err, sizeof(err)), -1);
    cr_assert_eq(config_int("--port", "0", 0, 65535, &v, err, sizeof(err)), 0);
    cr_assert_eq(v, 0);
}
