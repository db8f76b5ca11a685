/* Entry point of 'verdict submit'. */
#ifndef CLI_SUBMIT_H
#define CLI_SUBMIT_H

/* Runs the subcommand; argv[0] is "submit". Returns the process exit code. */
int submit_main(int argc, char **argv);

#endif
