/* expect: ok
 * ptrace: attach to a child and to itself via PTRACE_TRACEME. Exits 42 if
 * either works. */
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int bad = 0;
    pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0) {
        printf("PTRACE_ATTACH: WORKED\n");
        bad = 1;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) == 0) {
        printf("PTRACE_TRACEME: WORKED\n");
        bad = 1;
    }
    return bad ? 42 : 0;
}
