/* expect: TLE
 * Fork bomb: every process forks forever. The pids cgroup stops it at the
 * limit, the CPU limit ends it, and the host keeps forking. */
#include <unistd.h>

int main(void)
{
    for (;;)
        fork();
}
