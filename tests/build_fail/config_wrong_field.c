/* Must not compile: the option names a field the config struct lacks (a typo).
 * tests/CMakeLists.txt expects the compiler to refuse it. */
#include "common/config.h"

struct cfg {
    long port;
};

const struct config_opt opts[] = {
    CONFIG_INT(struct cfg, prot, "--port", NULL, "3000", 0, 65535, "port"),
};
