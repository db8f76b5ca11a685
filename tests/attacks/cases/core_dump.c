/* expect: ok
 * Core dumps: with a "|helper" core_pattern the kernel pipes a crash's core to
 * a host program whatever RLIMIT_CORE says, unless the limit is exactly 1. The
 * run's limit must be 1 (soft and hard), and the program cannot raise it.
 * Exits 42 otherwise. */
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>

int main(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_CORE, &rl) < 0)
        return 43;
    if (rl.rlim_cur != 1 || rl.rlim_max != 1) {
        printf("RLIMIT_CORE %llu/%llu\n", (unsigned long long)rl.rlim_cur,
               (unsigned long long)rl.rlim_max);
        return 42;
    }
    rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
    if (setrlimit(RLIMIT_CORE, &rl) == 0) {
        printf("raised RLIMIT_CORE\n");
        return 42;
    }
    return 0;
}
