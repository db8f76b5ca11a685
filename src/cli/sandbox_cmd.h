/* Entry point of 'verdict sandbox'. */
#ifndef CLI_SANDBOX_CMD_H
#define CLI_SANDBOX_CMD_H

/* Runs the subcommand; argv[0] is "sandbox". Returns the process exit code. */
int sandbox_cmd_main(int argc, char **argv);

#endif
