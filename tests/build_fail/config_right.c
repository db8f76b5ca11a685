/* Must compile: the control case of config_wrong_field.c and config_wrong_type.c,
 * so that their failure is the mistake's and not the harness's. */
#include "common/config.h"

struct cfg {
    long port;
    const char *host;
};

const struct config_opt opts[] = {
    CONFIG_INT(struct cfg, port, "--port", NULL, "3000", 0, 65535, "port"),
    CONFIG_STR(struct cfg, host, "--host", NULL, "0.0.0.0", "address"),
};
