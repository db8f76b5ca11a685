/* 'verdict sandbox': not built yet; a later issue fills it. */
#include "cli/sandbox_cmd.h"

#include <stdio.h>

int sandbox_cmd_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict sandbox: not built yet\n");
    return 2;
}
