/* Two integers a b on one line, each in [min, max]: "--min N" and "--max N"
 * from the test group's testdata.yaml (data/ says --max 10, secret/large
 * --min 100 --max 1000). Exit 42 when valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    long min = 0, max = 1000000, a, b;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--min") == 0)
            min = strtol(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--max") == 0)
            max = strtol(argv[i + 1], NULL, 10);
    }
    if (scanf("%ld %ld", &a, &b) != 2) {
        fprintf(stderr, "expected two integers\n");
        return 43;
    }
    if (a < min || a > max || b < min || b > max) {
        fprintf(stderr, "a number out of range [%ld, %ld]\n", min, max);
        return 43;
    }
    return 42;
}
