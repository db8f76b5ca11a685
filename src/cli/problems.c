/* 'verdict problems': not built yet; a later issue fills it. */
#include "cli/problems.h"

#include <stdio.h>

int problems_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict problems: not built yet\n");
    return 2;
}
