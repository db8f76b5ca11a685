/* The CLI's own sandboxes: a command that judges in-process takes the first
 * free of a few instances, so that several such commands run at once. */
#ifndef CLI_INSTANCE_H
#define CLI_INSTANCE_H

#include "sandbox/sandbox.h"

#include <stddef.h>
#include <sys/types.h>

/* Opens a sandbox of slots slots on the first of n instances no other
 * process holds: root /run/verdict/<name>-K, cgroup verdict-<name>-K, slot i
 * of instance K running as first_uid + K * stride + i. Returns NULL with the
 * reason in err (the last instance's, or "in use" when all were). */
struct sandbox *instance_open(uv_loop_t *loop, const char *name, unsigned slots, int n,
                              uid_t first_uid, unsigned stride, char *err, size_t errlen);

#endif
