/* Two integers a b on one line, each in [0, max]; max from "--max N"
 * (data/secret/test_group.yaml), else 1000000. Exit 42 when valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    long max = 1000000, a, b;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--max") == 0)
            max = strtol(argv[i + 1], NULL, 10);
    if (scanf("%ld %ld", &a, &b) != 2) {
        fprintf(stderr, "expected two integers\n");
        return 43;
    }
    if (a < 0 || a > max || b < 0 || b > max) {
        fprintf(stderr, "a number out of range [0, %ld]\n", max);
        return 43;
    }
    return 42;
}
