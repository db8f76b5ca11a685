/* expect: ok
 * A setuid-root program: the test installs this one setuid root and runs it.
 * It prints its effective uid and exits 42 if it is root. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("%d\n", (int)geteuid());
    return geteuid() == 0 ? 42 : 0;
}
