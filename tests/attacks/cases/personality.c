/* expect: ok
 * personality(): READ_IMPLIES_EXEC makes every readable mapping executable,
 * ADDR_NO_RANDOMIZE turns off address randomisation for what the program
 * execs, and other personas select other ABIs' behaviour. Only the query
 * (0xffffffff) and the default persona (PER_LINUX) are allowed. Exits 42 if
 * another persona is accepted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

int main(void)
{
    int bad = 0;
    if (personality(0xffffffff) < 0) {
        printf("query: %s\n", strerror(errno));
        bad = 1;
    }
    if (personality(PER_LINUX) < 0) {
        printf("PER_LINUX: %s\n", strerror(errno));
        bad = 1;
    }
    static const unsigned long personas[] = {READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE, PER_LINUX32,
                                             PER_SVR4, ADDR_COMPAT_LAYOUT, 0x100000000ul | 0x0400000};
    for (size_t i = 0; i < sizeof(personas) / sizeof(personas[0]); i++) {
        errno = 0;
        if (personality(personas[i]) != -1 || errno != EPERM) {
            printf("persona %#lx: accepted\n", personas[i]);
            bad = 1;
        }
    }
    return bad ? 42 : 0;
}
