/* `verdict problems verify PATH`: every program under the problem's
 * submissions/<folder>/ judged as the worker would, checked against what its
 * folder says (judge/expect.h). */
#ifndef CLI_VERIFY_H
#define CLI_VERIFY_H

/* Judges the programs of target, a problem directory, or the id of a
 * problem in the catalog of database db (its stored example programs), with
 * slots sandbox slots at once (0: 2) and prints a table to stdout. Returns the exit status:
 * 0 when every program got what its folder says, 1 otherwise or on an error
 * (said on stderr). */
int verify_main(const char *target, unsigned slots, const char *db);

#endif
