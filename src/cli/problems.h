/* Entry point of 'verdict problems'. */
#ifndef CLI_PROBLEMS_H
#define CLI_PROBLEMS_H

/* Runs the subcommand; argv[0] is "problems". Returns the process exit code. */
int problems_main(int argc, char **argv);

#endif
