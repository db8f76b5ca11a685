/* Tests of sandbox_core_pattern_check(): the start-up warning for a host that
 * pipes core dumps to a helper (issue 10). */
#include "sandbox/sandbox.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *write_pattern(const char *text)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/verdict-core-pattern-%d", (int)getpid());
    FILE *f = fopen(path, "we");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

Test(core_pattern, warns_when_cores_go_to_a_pipe)
{
    const char *path = write_pattern("|/usr/lib/systemd/systemd-coredump %P %u %g\n");
    char msg[512] = "";
    cr_assert_eq(sandbox_core_pattern_check(path, msg, sizeof(msg)), 1);
    cr_assert(strstr(msg, "systemd-coredump"), "%s", msg);
    cr_assert(strstr(msg, "RLIMIT_CORE 1"), "%s", msg);
    unlink(path);
}

Test(core_pattern, quiet_when_cores_go_to_files)
{
    const char *path = write_pattern("core\n");
    char msg[512] = "";
    cr_assert_eq(sandbox_core_pattern_check(path, msg, sizeof(msg)), 0);
    unlink(path);
}

Test(core_pattern, says_why_it_cannot_read)
{
    char msg[512] = "";
    cr_assert_eq(sandbox_core_pattern_check("/nonexistent/core_pattern", msg, sizeof(msg)),
                 -ENOENT);
    cr_assert(strstr(msg, "/nonexistent/core_pattern"), "%s", msg);
}
