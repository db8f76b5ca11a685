/* Entry point of 'verdict worker'. */
#ifndef WORKER_WORKER_H
#define WORKER_WORKER_H

/* Runs the subcommand; argv[0] is "worker". Returns the process exit code. */
int worker_main(int argc, char **argv);

#endif
