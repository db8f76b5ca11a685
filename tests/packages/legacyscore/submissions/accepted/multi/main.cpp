#include "util.h"

#include <cstdio>

int main()
{
    long a, b;
    if (scanf("%ld %ld", &a, &b) != 2)
        return 1;
    printf("%ld\n", add(a, b));
}
