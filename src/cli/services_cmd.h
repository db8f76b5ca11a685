/* Entry point of 'verdict services'. */
#ifndef CLI_SERVICES_CMD_H
#define CLI_SERVICES_CMD_H

/* Entry point of 'verdict services start DIR [--redis-port N] [--db-port N]'
 * and 'verdict services stop DIR'; argv[0] is "services". start prints the
 * VERDICT_TEST_REDIS= and VERDICT_TEST_DB= lines the tests read. Returns the
 * exit code. */
int services_main(int argc, char **argv);

#endif
