/* `verdict problems settle ZIP`: what the api's PUT of a package zip needs a
 * sandbox for (README "Kattis problem packages"), run by a worker as a child
 * process: the input validators on every test input and the time limit
 * computed from the accepted programs when the package gives none, exactly
 * as `verdict problems import` does. Nothing is written. */
#ifndef CLI_SETTLE_H
#define CLI_SETTLE_H

/* Settles the package zip at path and prints one JSON line to stdout:
 * {"timeLimitMs": N (null when the package gave one), "timeLimitNote":
 * "how it came about" | null, "warnings": [...]}, or {"error": "why"} (the
 * package's fault: the file and rule, as the import says it), or
 * {"internal": "why"} (this host's fault: the sandbox or the disk failed,
 * nothing is known of the package). Returns the exit status: 0 settled,
 * 1 refused, 2 not settled (internal, or the line could not be written). */
int settle_main(const char *path);

#endif
