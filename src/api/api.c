/* 'verdict api': not built yet; a later issue fills it. */
#include "api/api.h"

#include <stdio.h>

int api_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict api: not built yet\n");
    return 2;
}
