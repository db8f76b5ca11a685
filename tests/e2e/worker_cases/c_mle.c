// expect: MLE
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    (void)argv;
    size_t n = 1u << 30;
    char *p = malloc(n);
    for (size_t i = 0; p && i < n; i += 4096)
        p[i] = (char)i;
    printf("%d\n", p ? p[(size_t)argc * 4096] : -1);
    return 0;
}
