/* Must not compile: a number option whose field is a string.
 * tests/CMakeLists.txt expects the compiler to refuse it. */
#include "common/config.h"

struct cfg {
    const char *port;
};

const struct config_opt opts[] = {
    CONFIG_INT(struct cfg, port, "--port", NULL, "3000", 0, 65535, "port"),
};
