/* 'verdict gateway': not built yet; a later issue fills it. */
#include "gateway/gateway.h"

#include <stdio.h>

int gateway_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict gateway: not built yet\n");
    return 2;
}
