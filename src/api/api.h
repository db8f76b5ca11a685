/* Entry point of 'verdict api'. */
#ifndef API_API_H
#define API_API_H

/* Runs the subcommand; argv[0] is "api". Returns the process exit code. */
int api_main(int argc, char **argv);

#endif
