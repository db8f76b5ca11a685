/* expect: ok
 * A pinned run asks for every CPU with sched_setaffinity (from a thread, too,
 * it is the same call): its times would no longer be its slot's CPU's, and it
 * would load the CPUs of other slots. The call is refused and the run stays on
 * one CPU. Prints the CPUs it may use; exits 42 if it spread. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < CPU_SETSIZE; c++)
        CPU_SET(c, &all);
    int rc = sched_setaffinity(0, sizeof(all), &all);
    int err = errno;
    cpu_set_t now;
    if (sched_getaffinity(0, sizeof(now), &now) < 0)
        return 43;
    printf("%d\n", CPU_COUNT(&now));
    if (rc == 0 || err != EPERM || CPU_COUNT(&now) != 1) {
        printf("sched_setaffinity: %d (%s)\n", rc, rc ? strerror(err) : "allowed");
        return 42;
    }
    return 0;
}
