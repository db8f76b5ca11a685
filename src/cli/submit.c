/* 'verdict submit': not built yet; a later issue fills it. */
#include "cli/submit.h"

#include <stdio.h>

int submit_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict submit: not built yet\n");
    return 2;
}
