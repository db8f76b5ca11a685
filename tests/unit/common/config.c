#include "common/config.h"

#include <criterion/criterion.h>
#include <stdlib.h>

struct cfg {
    long port;
    const char *redis;
    bool verbose;
    bool route;
    struct config_list files;
    long slots;
};

static const struct config_opt opts[] = {
    CONFIG_INT(struct cfg, port, "--port", "VERDICT_TEST_PORT", "3000", 0, 65535, "port"),
    {.flag = "--redis",
     .env = "VERDICT_TEST_REDIS_X",
     .alt_env = "TEST_REDIS_URL_X",
     .def = "redis://127.0.0.1:6379",
     .type = CONFIG_STR,
     .offset = CONFIG__AT(struct cfg, redis, const char *)},
    CONFIG_SWITCH(struct cfg, verbose, "--verbose", "VERDICT_TEST_VERBOSE", "talk"),
    CONFIG_ONOFF(struct cfg, route, "--route", NULL, "on", "route"),
    CONFIG_LIST(struct cfg, files, "--file", "a file"),
    CONFIG_INT(struct cfg, slots, "--slots", NULL, NULL, 1, 256, "slots (default: cores)"),
};
#define NOPTS CONFIG_COUNT(opts)

static int parse(struct cfg *c, int argc, char **argv, struct config_args *pos, char *err)
{
    return config_parse(opts, NOPTS, c, argc, argv, 1, pos, err, 256);
}

Test(config, flags_beat_env_beat_defaults)
{
    setenv("VERDICT_TEST_PORT", "4000", 1);
    setenv("TEST_REDIS_URL_X", "redis://alt:1", 1);
    char *argv[] = {"api", "--port=5000", "file.c", "--verbose", NULL};
    struct config_args pos = {.max = 4};
    char err[256];
    struct cfg c = {0};
    cr_assert_eq(parse(&c, 4, argv, &pos, err), 0);
    cr_assert_eq(c.port, 5000);
    cr_assert_str_eq(c.redis, "redis://alt:1");
    cr_assert(c.verbose);
    cr_assert(c.route);
    cr_assert_eq(pos.n, 1);
    cr_assert_str_eq(pos.arg[0], "file.c");
    unsetenv("TEST_REDIS_URL_X");
    char *argv2[] = {"api", NULL};
    struct cfg d = {0};
    cr_assert_eq(parse(&d, 1, argv2, &pos, err), 0);
    cr_assert_eq(d.port, 4000);
    cr_assert_str_eq(d.redis, "redis://127.0.0.1:6379");
    unsetenv("VERDICT_TEST_PORT");
    struct cfg e = {0};
    cr_assert_eq(parse(&e, 1, argv2, &pos, err), 0);
    cr_assert_eq(e.port, 3000);
    cr_assert_not(e.verbose);
}

Test(config, a_field_without_default_keeps_the_callers_value)
{
    char *argv[] = {"worker", NULL};
    char err[256];
    struct cfg c = {.slots = 7};
    cr_assert_eq(parse(&c, 1, argv, NULL, err), 0);
    cr_assert_eq(c.slots, 7);
    char *argv2[] = {"worker", "--slots", "3", NULL};
    cr_assert_eq(parse(&c, 3, argv2, NULL, err), 0);
    cr_assert_eq(c.slots, 3);
}

Test(config, rejects_unknown_missing_and_out_of_bounds)
{
    char err[256];
    struct cfg c = {0};
    char *a[] = {"api", "--nope", NULL};
    cr_assert_eq(parse(&c, 2, a, NULL, err), -1);
    cr_assert_str_eq(err, "unknown option '--nope'");
    char *b[] = {"api", "--port", NULL};
    cr_assert_eq(parse(&c, 2, b, NULL, err), -1);
    cr_assert_str_eq(err, "option '--port' needs a value");
    char *d[] = {"api", "--port", "70000", NULL};
    cr_assert_eq(parse(&c, 3, d, NULL, err), -1);
    cr_assert_str_eq(err, "--port: '70000' is not a number in [0, 65535]");
    char *e[] = {"api", "--verbose=1", NULL};
    cr_assert_eq(parse(&c, 2, e, NULL, err), -1);
    cr_assert_str_eq(err, "option '--verbose' takes no value");
    char *f[] = {"api", "--route", "maybe", NULL};
    cr_assert_eq(parse(&c, 3, f, NULL, err), -1);
    cr_assert_str_eq(err, "--route must be on or off, not 'maybe'");
    char *g[] = {"api", "stray", NULL};
    cr_assert_eq(parse(&c, 2, g, NULL, err), -1);
    cr_assert_str_eq(err, "unexpected argument 'stray'");
}

Test(config, a_bad_environment_value_names_its_variable)
{
    char err[256];
    struct cfg c = {0};
    char *a[] = {"api", NULL};
    setenv("VERDICT_TEST_PORT", "eighty", 1);
    cr_assert_eq(parse(&c, 1, a, NULL, err), -1);
    cr_assert_str_eq(err,
                     "--port: 'eighty' is not a number in [0, 65535] (from $VERDICT_TEST_PORT)");
    unsetenv("VERDICT_TEST_PORT");
    setenv("VERDICT_TEST_VERBOSE", "yes", 1);
    cr_assert_eq(parse(&c, 1, a, NULL, err), 0);
    cr_assert(c.verbose);
    setenv("VERDICT_TEST_VERBOSE", "off", 1);
    cr_assert_eq(parse(&c, 1, a, NULL, err), 0);
    cr_assert_not(c.verbose);
    unsetenv("VERDICT_TEST_VERBOSE");
}

Test(config, repeatable_flags_collect_in_order)
{
    char err[256];
    struct cfg c = {0};
    struct config_args pos = {.max = 8};
    char *a[] = {"run", "--file", "a", "--file=b", "--", "prog", "--file", "c", NULL};
    cr_assert_eq(parse(&c, 8, a, &pos, err), 0);
    cr_assert_eq(c.files.n, 2);
    cr_assert_str_eq(c.files.items[0], "a");
    cr_assert_str_eq(c.files.items[1], "b");
    cr_assert_eq(pos.n, 3);
    cr_assert_str_eq(pos.arg[0], "prog");
    cr_assert_str_eq(pos.arg[1], "--file");
}

Test(config, help_is_asked_before_anything_is_checked)
{
    char err[256];
    struct cfg c = {0};
    char *a[] = {"api", "--nope", "--help", NULL};
    cr_assert_eq(parse(&c, 3, a, NULL, err), 1);
    char *b[] = {"run", "--", "prog", "--help", NULL};
    struct config_args pos = {.max = 4};
    cr_assert_eq(parse(&c, 4, b, &pos, err), 0);
}

Test(config, int_bounds)
{
    char err[128];
    long v;
    cr_assert_eq(config_int("--port", "70000", 0, 65535, &v, err, sizeof(err)), -1);
    cr_assert_eq(config_int("--port", "0", 0, 65535, &v, err, sizeof(err)), 0);
    cr_assert_eq(v, 0);
    cr_assert_eq(config_int("--port", "12x", 0, 65535, &v, err, sizeof(err)), -1);
    cr_assert_eq(config_int("--port", "", 0, 65535, &v, err, sizeof(err)), -1);
}
