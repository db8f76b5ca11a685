/* 'verdict up': not built yet; a later issue fills it. */
#include "cli/up.h"

#include <stdio.h>

int up_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict up: not built yet\n");
    return 2;
}
