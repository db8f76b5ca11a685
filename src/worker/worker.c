/* 'verdict worker': not built yet; a later issue fills it. */
#include "worker/worker.h"

#include <stdio.h>

int worker_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "verdict worker: not built yet\n");
    return 2;
}
