/* Tests of the Redis URLs redis_new() accepts (store/redis.h): redis:// and
 * sentinel://, and the reason given for each malformed one. No server is
 * needed: a connection starts only on the next loop turn. */
#include "store/redis.h"

#include <criterion/criterion.h>
#include <string.h>
#include <uv.h>

static void accepts(const char *url)
{
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    char err[256] = "";
    struct redis *r = redis_new(&loop, url, err, sizeof(err));
    cr_assert_not_null(r, "%s refused: %s", url, err);
    redis_free(r);
    cr_assert_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
    cr_assert_eq(uv_loop_close(&loop), 0);
}

static void refuses(const char *url, const char *why)
{
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    char err[256] = "";
    cr_assert_null(redis_new(&loop, url, err, sizeof(err)), "%s accepted", url);
    cr_assert(strstr(err, why), "%s: '%s' does not say '%s'", url, err, why);
    cr_assert_eq(uv_loop_close(&loop), 0);
}

Test(redis_url, plain_forms)
{
    accepts("redis://127.0.0.1:6379");
    accepts("redis://:secret@10.0.0.1:6380/3");
    accepts("127.0.0.1:6379");
}

Test(redis_url, sentinel_forms)
{
    accepts("sentinel://h1:26379,h2:26379,h3:26379/mymaster");
    accepts("sentinel://h1,h2/mymaster"); /* port 26379 */
    accepts("sentinel://:secret@h1:1,h2:2/m");
    accepts("sentinel://one:26379/m");
}

Test(redis_url, malformed_ones_say_why)
{
    refuses("http://h:1", "scheme must be redis:// or sentinel://");
    refuses("redis://h:0", "bad port");
    refuses("redis://h:99999", "bad port");
    refuses("sentinel://h1:26379,h2:26379", "needs /<master-name>");
    refuses("sentinel://h1:26379/", "needs /<master-name>");
    refuses("sentinel://h1/m/extra", "needs /<master-name>");
    refuses("sentinel://h1:x,h2/m", "bad sentinel address");
    refuses("sentinel://h1,,h2/m", "bad sentinel address");
    refuses("sentinel://h1:26379,/m", "bad sentinel address");
    refuses("sentinel://,h1/m", "bad sentinel address");
}

/* Messages go to logs: a password in the URL is never in them. */
Test(redis_url, errors_hide_the_password)
{
    refuses("redis://:s3cret@h:0", "'redis://***@h:0'");
    refuses("sentinel://:s3cret@h1:x/m", "'sentinel://***@h1:x/m'");
    refuses("redis://user:s3cret@h/x", "'redis://***@h/x'");
}
