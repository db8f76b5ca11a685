/* expect: ok
 * kill(-1, SIGKILL): signals every process the caller may signal. In the
 * run's own PID namespace that is only the run's processes. Also tries its
 * init (PID 1) and the host's usual low PIDs. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int rc = kill(-1, SIGKILL);
    for (int pid = 1; pid < 64; pid++)
        if (pid != getpid())
            kill(pid, SIGKILL);
    printf("kill(-1) = %d\n", rc);
    return 0;
}
