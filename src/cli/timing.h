/* The time limit of a package that sets none, computed from its example
 * programs as the spec's "Problem timing" says, by judging them. */
#ifndef CLI_TIMING_H
#define CLI_TIMING_H

#include "store/catalog.h"

#include <stddef.h>
#include <stdint.h>

/* The multipliers and resolution of the package's limits. */
struct timing_rules {
    double ac_to_time_limit;
    double time_limit_to_tle;
    double resolution; /* seconds */
    unsigned slots;    /* programs judged at once (0: 2) */
};

/* Judges p's accepted programs (p->programs in folder accepted) with a
 * generous limit, takes the slowest test of any, and sets *out_ms to the
 * smallest multiple of the resolution at least that times ac_to_time_limit;
 * then judges the time_limit_exceeded programs at *out_ms times
 * time_limit_to_tle, each of which must still exceed it. Returns 0 with how
 * the limit came about in msg, or -1 with why no limit fits (no accepted
 * program, one not accepted or ending in an internal error the package
 * caused, a too-slow one that is fast enough, an output validator that does
 * not compile) in msg, or -EIO with why the programs could not be judged
 * (the sandbox failed under them, or before them): this host's fault, not
 * the package's. */
int timing_compute(const struct catalog_problem *p, const struct timing_rules *r, uint32_t *out_ms,
                   char *msg, size_t msglen);

/* For a package that gave no time limit (info->time_limit_provisional):
 * computes it as above with the package's rules, sets it in p (its content
 * hash again) and clears the flag; prints how it came about to out. Does
 * nothing for a package that gave one. Returns 0, or -1 (or -EIO, as
 * above) with why in err. */
struct from_package_info;
int timing_settle(struct catalog_problem *p, struct from_package_info *info, unsigned slots,
                  void *out_file, char *err, size_t errlen);

#endif
