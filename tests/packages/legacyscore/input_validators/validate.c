#include <stdio.h>

/* Exit 42: the input is two integers on one line. */
int main(void)
{
    long a, b;
    return scanf("%ld %ld", &a, &b) == 2 ? 42 : 43;
}
