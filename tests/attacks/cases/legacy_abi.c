/* expect: RE
 * Other system call ABIs: the deny-list is written for x86_64 numbers, so
 * ptrace through int 0x80 (i386, number 26) or with the x32 bit set would slip
 * past it. The filter kills the process instead (SIGSYS); on a kernel that
 * refuses the 32-bit ABI, int 0x80 faults first (SIGSEGV, as on the host).
 * argv[1] = "x32" picks the x32 path. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long ret;
    if (argc > 1 && strcmp(argv[1], "x32") == 0) {
        ret = syscall(0x40000000L | 521L, 0, 0, 0, 0); /* x32 ptrace */
    } else {
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(26L), "b"(0L), "c"(0L), "d"(0L) : "memory");
    }
    printf("still alive: %ld\n", ret);
    return 42;
}
