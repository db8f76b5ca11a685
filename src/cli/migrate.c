/* 'verdict migrate': not built yet; a later issue fills it. */
#include "cli/migrate.h"

#include <stdio.h>

int migrate_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict migrate: not built yet\n");
    return 2;
}
