/* expect: ok
 * unshare: a user namespace would make us root inside it, with the
 * capabilities to mount and more. Tries unshare, clone with namespace flags,
 * and setns. Exits 42 if any works. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int bad = 0;
    static const int flags[] = {CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID};
    for (int i = 0; i < 4; i++) {
        if (unshare(flags[i]) == 0) {
            printf("unshare(%#x): WORKED\n", flags[i]);
            bad = 1;
        }
        long pid = syscall(SYS_clone, (long)flags[i] | SIGCHLD, 0, 0, 0, 0);
        if (pid == 0)
            _exit(0);
        if (pid > 0) {
            printf("clone(%#x): WORKED\n", flags[i]);
            waitpid((pid_t)pid, NULL, 0);
            bad = 1;
        }
    }
    int fd = open("/proc/self/ns/user", O_RDONLY);
    if (fd >= 0 && setns(fd, 0) == 0) {
        printf("setns: WORKED\n");
        bad = 1;
    }
    return bad ? 42 : 0;
}
