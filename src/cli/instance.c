/* The CLI's sandbox instances (instance.h). */
#include "cli/instance.h"

#include <stdio.h>
#include <string.h>

struct sandbox *instance_open(uv_loop_t *loop, const char *name, unsigned slots, int n,
                              uid_t first_uid, unsigned stride, char *err, size_t errlen)
{
    struct sandbox_config cfg = {.slots = slots};
    char dir[96], group[96];
    for (int k = 0; k < n; k++) {
        snprintf(dir, sizeof(dir), "/run/verdict/%s-%d", name, k);
        snprintf(group, sizeof(group), "verdict-%s-%d", name, k);
        cfg.root_dir = dir;
        cfg.cgroup_parent = group;
        cfg.first_uid = first_uid + (uid_t)k * stride;
        struct sandbox *sb = sandbox_new(loop, &cfg, err, errlen);
        if (sb || !strstr(err, "in use"))
            return sb;
    }
    return NULL;
}
