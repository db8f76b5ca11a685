/* expect: MLE
 * Memory bomb: touches ever more memory, in this process and in forked
 * children, until something stops it. The cgroup's OOM killer does. */
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    fork();
    fork();
    for (;;) {
        volatile char *p = malloc(1 << 20);
        if (!p)
            continue;
        for (int i = 0; i < (1 << 20); i += 4096)
            p[i] = 1;
    }
}
