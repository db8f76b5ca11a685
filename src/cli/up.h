/* Entry point of 'verdict up'. */
#ifndef CLI_UP_H
#define CLI_UP_H

/* Runs the subcommand; argv[0] is "up". Returns the process exit code. */
int up_main(int argc, char **argv);

#endif
