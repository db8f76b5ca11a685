/* Entry point of 'verdict gateway'. */
#ifndef GATEWAY_GATEWAY_H
#define GATEWAY_GATEWAY_H

/* Runs the subcommand; argv[0] is "gateway". Returns the process exit code. */
int gateway_main(int argc, char **argv);

#endif
