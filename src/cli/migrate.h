/* Entry point of 'verdict migrate'. */
#ifndef CLI_MIGRATE_H
#define CLI_MIGRATE_H

/* Runs the subcommand; argv[0] is "migrate". Returns the process exit code. */
int migrate_main(int argc, char **argv);

#endif
